-- Bots: a strategy with its parameters trading one market and timeframe on an account.
-- What a bot decided is in `intents` (bot_id says which bot sent it).
CREATE TABLE bots (
  id         INTEGER PRIMARY KEY,
  name       TEXT    NOT NULL,
  strategy   TEXT    NOT NULL,
  params     TEXT    NOT NULL, -- JSON, as validated
  symbol     TEXT    NOT NULL,
  timeframe  TEXT    NOT NULL,
  account_id INTEGER NOT NULL REFERENCES accounts (id),
  status     TEXT    NOT NULL CHECK (status IN ('running', 'paused', 'stopped', 'faulted')),
  reason     TEXT,             -- why it last stopped or faulted, in a trader's words
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX bots_account ON bots (account_id);

ALTER TABLE intents ADD COLUMN bot_id INTEGER REFERENCES bots (id);
CREATE INDEX intents_bot ON intents (bot_id, id) WHERE bot_id IS NOT NULL;
