-- Live trading: accounts whose orders an exchange executes (accounts.source = 'live',
-- accounts.venue the exchange). Their fills, positions and money are booked in the same
-- tables as paper accounts'; what is theirs alone is here.
CREATE TABLE live_accounts (
  account_id         INTEGER PRIMARY KEY REFERENCES accounts (id),
  -- The exchange key (kept in the OS keychain under this label) that signs its requests.
  key_label          TEXT    NOT NULL,
  -- Set while the trader has armed it: only an armed account sends orders.
  armed_at           INTEGER,
  -- Safety limits in the quote currency: no single order above the first; no new order once
  -- the UTC day's loss (equity against the day's first snapshot) reaches the second.
  max_order_notional INTEGER NOT NULL CHECK (max_order_notional > 0),
  max_daily_loss     INTEGER NOT NULL CHECK (max_daily_loss > 0),
  -- How often the exchange's balances are read (they are also read after every fill).
  balance_every_ms   INTEGER NOT NULL DEFAULT 300000 CHECK (balance_every_ms >= 10000),
  -- Dry run: while set, its orders go to this paper account on the same live prices.
  dry_run_account_id INTEGER REFERENCES accounts (id),
  dry_run            INTEGER NOT NULL DEFAULT 0 CHECK (dry_run IN (0, 1)),
  created_at         INTEGER NOT NULL
);

-- An order sent to an exchange: the exchange's own id once known, and when it was sent. Its
-- status is 'pending' from being stored until the exchange answers, 'unknown' when the answer
-- was lost (settled by looking it up by its client order id, never by sending it again).
ALTER TABLE orders ADD COLUMN venue_order_id TEXT;
ALTER TABLE orders ADD COLUMN sent_at INTEGER;
CREATE INDEX orders_in_flight ON orders (account_id) WHERE status IN ('pending', 'unknown');

-- What the exchange said the account holds, per asset: the latest reading of each hour is
-- kept (the hourly history), the newest hour's is the current one.
CREATE TABLE venue_balances (
  account_id INTEGER NOT NULL REFERENCES accounts (id),
  hour       INTEGER NOT NULL,
  asset      TEXT    NOT NULL,
  free       INTEGER NOT NULL,
  used       INTEGER NOT NULL,
  total      INTEGER NOT NULL,
  ts         INTEGER NOT NULL,
  PRIMARY KEY (account_id, hour, asset)
) WITHOUT ROWID;
