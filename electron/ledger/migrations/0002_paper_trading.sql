-- Paper trading: accounts, orders, fills, positions and the double-entry ledger.
-- Every amount, price and quantity is an INTEGER count of atoms (1 atom = 1e-8), so sums
-- in SQL are exact. Ids are integers assigned in commit order, so the same inputs give
-- the same ledger.

CREATE TABLE accounts (
  id                 INTEGER PRIMARY KEY,
  name               TEXT    NOT NULL,
  quote              TEXT    NOT NULL,
  starting_balance   INTEGER NOT NULL CHECK (starting_balance > 0),
  max_leverage       INTEGER NOT NULL CHECK (max_leverage BETWEEN 1 AND 125),
  max_open_positions INTEGER NOT NULL CHECK (max_open_positions >= 1),
  -- How trade intents are sized: a fraction of equity, confidence x a fraction of equity,
  -- or a fixed notional in the quote currency (sizing_value holds the fraction or amount).
  sizing_method      TEXT    NOT NULL CHECK (sizing_method IN ('ACCOUNT_PERCENTAGE', 'CONFIDENCE_BASED', 'FIXED_USD')),
  sizing_value       INTEGER NOT NULL CHECK (sizing_value > 0),
  -- Stop-loss and take-profit distances (fractions of the entry price) for intents without them.
  default_stop_loss   INTEGER CHECK (default_stop_loss > 0),
  default_take_profit INTEGER CHECK (default_take_profit > 0),
  -- The account's own fee rates (its tier at the exchange); NULL = the market's. A negative
  -- maker rate is a rebate.
  maker_fee INTEGER CHECK (maker_fee BETWEEN -100000 AND 1000000),
  taker_fee INTEGER CHECK (taker_fee BETWEEN 0 AND 1000000),
  -- Risk limits (NULL = none) and what the circuit breaker does when it trips.
  max_position_notional  INTEGER CHECK (max_position_notional > 0),
  daily_loss_limit       INTEGER CHECK (daily_loss_limit > 0),
  max_consecutive_losses INTEGER CHECK (max_consecutive_losses > 0),
  breaker_mode           TEXT    NOT NULL DEFAULT 'block_entries' CHECK (breaker_mode IN ('block_entries', 'reduce_only', 'flatten')),
  -- Set while trading is halted by the circuit breaker or the kill switch, until resumed.
  halted_by   TEXT CHECK (halted_by IN ('circuit_breaker', 'kill_switch')),
  halt_reason TEXT,
  halted_at   INTEGER,
  status             TEXT    NOT NULL CHECK (status IN ('active', 'archived')),
  created_at         INTEGER NOT NULL,
  updated_at         INTEGER NOT NULL
);
CREATE UNIQUE INDEX accounts_active_name ON accounts (name) WHERE status = 'active';

CREATE TABLE orders (
  id              INTEGER PRIMARY KEY,
  account_id      INTEGER NOT NULL REFERENCES accounts (id),
  client_order_id TEXT    NOT NULL,
  symbol          TEXT    NOT NULL,
  side            TEXT    NOT NULL CHECK (side IN ('buy', 'sell')),
  type            TEXT    NOT NULL,
  time_in_force   TEXT    NOT NULL,
  price           INTEGER,
  trigger_price   INTEGER,
  -- Which price triggers a stop: the last trade or the mark price.
  trigger_by      TEXT    NOT NULL DEFAULT 'last' CHECK (trigger_by IN ('last', 'mark')),
  -- Trailing stops: a fixed price distance or a fraction, from the best price seen (anchor).
  trailing_distance INTEGER,
  trailing_percent  INTEGER,
  trailing_anchor   INTEGER,
  -- When a stop-limit or take-profit-limit triggered and became a resting limit.
  triggered_at    INTEGER,
  amount          INTEGER NOT NULL CHECK (amount > 0),
  filled          INTEGER NOT NULL DEFAULT 0 CHECK (filled >= 0 AND filled <= amount),
  -- Sum of price x amount over the order's fills; average price = filled_notional / filled.
  filled_notional INTEGER NOT NULL DEFAULT 0,
  leverage        INTEGER NOT NULL,
  reduce_only     INTEGER NOT NULL CHECK (reduce_only IN (0, 1)),
  status          TEXT    NOT NULL,
  reason          TEXT,
  -- A bracket: the entry carries its stop-loss and take-profit triggers; once it fills,
  -- they become reduce-only children (parent_order_id) that cancel each other.
  stop_loss       INTEGER,
  take_profit     INTEGER,
  parent_order_id INTEGER REFERENCES orders (id),
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  UNIQUE (account_id, client_order_id)
);
CREATE INDEX orders_parent ON orders (parent_order_id) WHERE parent_order_id IS NOT NULL;
CREATE INDEX orders_open ON orders (account_id) WHERE status IN ('open', 'partially_filled');

-- Each status change of an order, in order.
CREATE TABLE order_events (
  id       INTEGER PRIMARY KEY,
  order_id INTEGER NOT NULL REFERENCES orders (id),
  status   TEXT    NOT NULL,
  reason   TEXT,
  ts       INTEGER NOT NULL
);
CREATE INDEX order_events_order ON order_events (order_id);

CREATE TABLE fills (
  id           INTEGER PRIMARY KEY,
  account_id   INTEGER NOT NULL REFERENCES accounts (id),
  order_id     INTEGER NOT NULL REFERENCES orders (id),
  trade_id     TEXT    NOT NULL,
  symbol       TEXT    NOT NULL,
  side         TEXT    NOT NULL CHECK (side IN ('buy', 'sell')),
  price        INTEGER NOT NULL CHECK (price > 0),
  amount       INTEGER NOT NULL CHECK (amount > 0),
  fee          INTEGER NOT NULL, -- negative: a maker rebate
  fee_asset    TEXT    NOT NULL,
  liquidity    TEXT    NOT NULL CHECK (liquidity IN ('maker', 'taker')),
  realized_pnl INTEGER NOT NULL,
  ts           INTEGER NOT NULL,
  -- A venue's trade id is booked once per account (live fills are de-duplicated by it).
  UNIQUE (account_id, trade_id)
);
CREATE INDEX fills_account_ts ON fills (account_id, ts);

-- Open positions (net mode: one per account and symbol), isolated margin.
CREATE TABLE positions (
  account_id  INTEGER NOT NULL REFERENCES accounts (id),
  symbol      TEXT    NOT NULL,
  side        TEXT    NOT NULL CHECK (side IN ('long', 'short')),
  amount      INTEGER NOT NULL CHECK (amount > 0),
  entry_price INTEGER NOT NULL CHECK (entry_price > 0),
  leverage    INTEGER NOT NULL CHECK (leverage >= 1),
  margin      INTEGER NOT NULL CHECK (margin >= 0),
  fees        INTEGER NOT NULL, -- negative when maker rebates exceed fees
  opened_at   INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  PRIMARY KEY (account_id, symbol)
) WITHOUT ROWID;

-- Positions once closed (by trade, flip or liquidation).
CREATE TABLE position_history (
  id           INTEGER PRIMARY KEY,
  account_id   INTEGER NOT NULL REFERENCES accounts (id),
  symbol       TEXT    NOT NULL,
  side         TEXT    NOT NULL,
  entry_price  INTEGER NOT NULL,
  exit_price   INTEGER NOT NULL,
  amount       INTEGER NOT NULL,
  realized_pnl INTEGER NOT NULL,
  fees         INTEGER NOT NULL,
  close_reason TEXT    NOT NULL,
  opened_at    INTEGER NOT NULL,
  closed_at    INTEGER NOT NULL
);

CREATE INDEX position_history_account ON position_history (account_id, closed_at);

-- The double-entry ledger. A transaction's entries sum to zero per asset. Books:
-- 'wallet', 'margin:<symbol>' (the account's own) and 'external:<counterparty>'
-- ('capital', 'fees', 'market', 'insurance') that mirror each movement.
CREATE TABLE ledger_transactions (
  id          INTEGER PRIMARY KEY,
  account_id  INTEGER NOT NULL REFERENCES accounts (id),
  kind        TEXT    NOT NULL,
  description TEXT    NOT NULL,
  order_id    INTEGER REFERENCES orders (id),
  fill_id     INTEGER REFERENCES fills (id),
  ts          INTEGER NOT NULL
);
CREATE INDEX ledger_transactions_account ON ledger_transactions (account_id, ts);

CREATE TABLE ledger_entries (
  id         INTEGER PRIMARY KEY,
  tx_id      INTEGER NOT NULL REFERENCES ledger_transactions (id),
  account_id INTEGER NOT NULL REFERENCES accounts (id),
  book       TEXT    NOT NULL,
  asset      TEXT    NOT NULL,
  amount     INTEGER NOT NULL CHECK (amount <> 0)
);
CREATE INDEX ledger_entries_book ON ledger_entries (account_id, book, asset);
CREATE INDEX ledger_entries_tx ON ledger_entries (tx_id);

-- Running balance of each book, updated in the same transaction as its entries.
-- Invariant (tested): amount = SUM(ledger_entries.amount) for the same key.
CREATE TABLE balances (
  account_id INTEGER NOT NULL REFERENCES accounts (id),
  book       TEXT    NOT NULL,
  asset      TEXT    NOT NULL,
  amount     INTEGER NOT NULL,
  PRIMARY KEY (account_id, book, asset)
) WITHOUT ROWID;

-- Each account's money once an hour (engine time), for equity curves.
CREATE TABLE balance_snapshots (
  account_id INTEGER NOT NULL REFERENCES accounts (id),
  ts         INTEGER NOT NULL,
  wallet     INTEGER NOT NULL,
  margin     INTEGER NOT NULL,
  unrealized INTEGER NOT NULL,
  holdings   INTEGER NOT NULL,
  equity     INTEGER NOT NULL,
  PRIMARY KEY (account_id, ts)
) WITHOUT ROWID;

-- Perpetual funding settlements applied, once per symbol and funding time (rate in atoms).
CREATE TABLE funding_events (
  symbol       TEXT    NOT NULL,
  funding_time INTEGER NOT NULL,
  rate         INTEGER NOT NULL,
  PRIMARY KEY (symbol, funding_time)
) WITHOUT ROWID;

-- Every change of an account's risk state, with its reason.
CREATE TABLE risk_events (
  id         INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts (id),
  kind       TEXT    NOT NULL CHECK (kind IN ('circuit_breaker', 'kill_switch', 'resumed', 'limits_changed')),
  reason     TEXT    NOT NULL,
  ts         INTEGER NOT NULL
);
CREATE INDEX risk_events_account ON risk_events (account_id, ts);

-- Every trade intent received, accepted or refused, with the decision module's reasoning.
CREATE TABLE intents (
  id         INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts (id),
  symbol     TEXT    NOT NULL,
  action     TEXT    NOT NULL CHECK (action IN ('long', 'short', 'close')),
  confidence INTEGER NOT NULL CHECK (confidence BETWEEN 0 AND 100000000),
  request    TEXT    NOT NULL,
  reasoning  TEXT,
  status     TEXT    NOT NULL CHECK (status IN ('accepted', 'refused')),
  reason     TEXT,
  order_id   INTEGER REFERENCES orders (id),
  ts         INTEGER NOT NULL
);
CREATE INDEX intents_account ON intents (account_id, ts);

-- Append-only journal of engine events (what happened, as published).
CREATE TABLE journal (
  id         INTEGER PRIMARY KEY,
  account_id INTEGER,
  type       TEXT    NOT NULL,
  payload    TEXT    NOT NULL,
  ts         INTEGER NOT NULL
);
