-- A deleted bot stays as a row, so the decisions it recorded (intents.bot_id) keep their author;
-- the app lists only bots without deleted_at.
ALTER TABLE bots ADD COLUMN deleted_at INTEGER;
