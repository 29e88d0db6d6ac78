-- Backtest runs. Each run's trades are booked in a ledger file of its own
-- (backtests/run-<id>.sqlite, the same schema), which the history reads unchanged; this
-- index says what was tested on what, how it ended, and its headline figures.
CREATE TABLE backtest_runs (
  id               INTEGER PRIMARY KEY,
  name             TEXT    NOT NULL,
  strategy         TEXT    NOT NULL,
  params           TEXT    NOT NULL, -- JSON, as validated
  symbol           TEXT    NOT NULL,
  timeframe        TEXT    NOT NULL,
  data             TEXT    NOT NULL, -- what the data was, in words
  starting_balance TEXT    NOT NULL, -- decimal string
  position_size    TEXT    NOT NULL, -- fraction of equity per entry, decimal string
  status           TEXT    NOT NULL CHECK (status IN ('running', 'done', 'failed', 'canceled')),
  error            TEXT,
  created_at       INTEGER NOT NULL,
  finished_at      INTEGER,
  data_from        INTEGER,
  data_to          INTEGER,
  summary          TEXT              -- JSON headline figures, once done
);
