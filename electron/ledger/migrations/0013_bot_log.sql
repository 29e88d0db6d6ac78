-- A bot's log: what happened to it and when (created, started, paused, stopped and why),
-- beside its decisions (intents) and, for AI bots, its models' answers.
CREATE TABLE bot_log (
  id      INTEGER PRIMARY KEY,
  bot_id  INTEGER NOT NULL REFERENCES bots (id),
  at      INTEGER NOT NULL,
  message TEXT    NOT NULL
);
CREATE INDEX bot_log_bot ON bot_log (bot_id, id);
