-- What a bot's AI models answered, decision by decision: each model's vote with its tokens
-- and cost, and the trade intent the decision became. Endpoints (and their keys, in the
-- OS keychain) are settings, not ledger rows.
CREATE TABLE ai_decisions (
  id                INTEGER PRIMARY KEY,
  bot_id            INTEGER NOT NULL REFERENCES bots (id),
  at                INTEGER NOT NULL,
  symbol            TEXT    NOT NULL,
  input_hash        TEXT    NOT NULL,
  action            TEXT    NOT NULL CHECK (action IN ('long', 'short', 'close', 'hold')),
  confidence        REAL    NOT NULL,
  reasoning         TEXT    NOT NULL,
  cached            INTEGER NOT NULL CHECK (cached IN (0, 1)),
  votes             TEXT    NOT NULL, -- JSON
  prompt_tokens     INTEGER NOT NULL,
  completion_tokens INTEGER NOT NULL,
  cost_usd          REAL    NOT NULL, -- an estimate from the trader's prices, not booked money
  intent_id         INTEGER REFERENCES intents (id)
);
CREATE INDEX ai_decisions_bot ON ai_decisions (bot_id, id);
