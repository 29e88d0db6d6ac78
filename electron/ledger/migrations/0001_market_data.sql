-- Key/value settings the core needs across restarts (e.g. the simulator's seed).
CREATE TABLE app_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

-- Candle cache: closed candles per data source, symbol and timeframe, for charts and
-- offline review. Market data, not booked money: prices are stored as REAL.
CREATE TABLE candles (
  source    TEXT    NOT NULL,
  symbol    TEXT    NOT NULL,
  timeframe TEXT    NOT NULL,
  open_time INTEGER NOT NULL,
  open      REAL    NOT NULL,
  high      REAL    NOT NULL,
  low       REAL    NOT NULL,
  close     REAL    NOT NULL,
  volume    REAL    NOT NULL,
  PRIMARY KEY (source, symbol, timeframe, open_time)
) WITHOUT ROWID;
