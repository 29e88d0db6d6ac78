-- Offline trade history. Accounts say where their fills come from; imported accounts hold
-- an exchange's history for review and are never traded by the engine.
ALTER TABLE accounts ADD COLUMN source TEXT NOT NULL DEFAULT 'paper' CHECK (source IN ('paper', 'live', 'imported'));
ALTER TABLE accounts ADD COLUMN venue TEXT NOT NULL DEFAULT 'paper';

-- The instrument a transaction concerns (fills and funding), so history can attribute it.
ALTER TABLE ledger_transactions ADD COLUMN symbol TEXT;
UPDATE ledger_transactions SET symbol = (SELECT symbol FROM fills WHERE fills.id = ledger_transactions.fill_id)
  WHERE fill_id IS NOT NULL;
-- Funding written before this migration names its symbol in the description: "Funding BTC/USDT:USDT long ...".
UPDATE ledger_transactions SET symbol = substr(description, 9, instr(substr(description, 9), ' ') - 1)
  WHERE kind = 'funding' AND description LIKE 'Funding % %';

-- Round-trip trades, derived from fills and funding by the history indexer (rebuildable,
-- never the book of record). The id is the opening fill's id, so it is stable.
-- Amounts and money are atoms (1e-8), like the rest of the ledger.
CREATE TABLE round_trips (
  id             INTEGER PRIMARY KEY,
  account_id     INTEGER NOT NULL REFERENCES accounts (id),
  symbol         TEXT    NOT NULL,
  side           TEXT    NOT NULL CHECK (side IN ('long', 'short')),
  opened_at      INTEGER NOT NULL,
  closed_at      INTEGER,
  -- Close time once closed, open time before: what date filters and the default sort use.
  sort_ts        INTEGER NOT NULL,
  amount         INTEGER NOT NULL, -- still open (0 once closed)
  max_amount     INTEGER NOT NULL,
  entry_price    INTEGER NOT NULL, -- average, as the engine averages it
  entry_amount   INTEGER NOT NULL,
  exit_amount    INTEGER NOT NULL,
  exit_notional  INTEGER NOT NULL, -- sum of price x amount of the reducing fills
  gross_pnl      INTEGER NOT NULL,
  fees           INTEGER NOT NULL, -- trading fees and any liquidation clearance
  funding        INTEGER NOT NULL, -- paid (negative: received)
  net_pnl        INTEGER NOT NULL,
  initial_stop   INTEGER,
  risk           INTEGER,
  fill_count     INTEGER NOT NULL
);
CREATE INDEX round_trips_sort ON round_trips (sort_ts, id);
CREATE INDEX round_trips_account ON round_trips (account_id, sort_ts);
CREATE INDEX round_trips_symbol ON round_trips (symbol, sort_ts);
CREATE INDEX round_trips_net ON round_trips (net_pnl);
CREATE INDEX round_trips_open ON round_trips (account_id, symbol) WHERE closed_at IS NULL;

-- Each cash flow of a round trip: a fill's part (realized P&L and fee) or a funding payment.
CREATE TABLE round_trip_flows (
  round_trip_id INTEGER NOT NULL,
  ts            INTEGER NOT NULL,
  fill_id       INTEGER, -- NULL for funding and clearance
  tx_id         INTEGER, -- the ledger transaction of a funding payment or clearance
  amount        INTEGER NOT NULL, -- the part of the fill's amount that belongs to this trip
  realized      INTEGER NOT NULL,
  fee           INTEGER NOT NULL,
  funding       INTEGER NOT NULL
);
CREATE INDEX round_trip_flows_trip ON round_trip_flows (round_trip_id);
CREATE INDEX round_trip_flows_fill ON round_trip_flows (fill_id) WHERE fill_id IS NOT NULL;
CREATE INDEX round_trip_flows_tx ON round_trip_flows (tx_id) WHERE tx_id IS NOT NULL;
CREATE INDEX round_trip_flows_ts ON round_trip_flows (ts);

-- The trader's journal: tags and a note per round trip (kept when history is re-indexed).
CREATE TABLE trade_notes (
  round_trip_id INTEGER PRIMARY KEY,
  note          TEXT    NOT NULL,
  updated_at    INTEGER NOT NULL
);
CREATE TABLE trade_tags (
  round_trip_id INTEGER NOT NULL,
  tag           TEXT    NOT NULL,
  PRIMARY KEY (round_trip_id, tag)
) WITHOUT ROWID;
CREATE INDEX trade_tags_tag ON trade_tags (tag, round_trip_id);
