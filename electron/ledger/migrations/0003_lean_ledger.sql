-- A fill books as ONE ledger transaction (its description says what traded); each entry
-- says which part of it it is: 'margin_reserve', 'margin_release', 'realized_pnl', 'fee',
-- 'trade'... Entries written before this migration have none: their transaction's kind holds.
ALTER TABLE ledger_entries ADD COLUMN kind TEXT;

-- The journal writes one row per committed ledger transaction (type 'commit'): its payload
-- lists the events that commit published, as [event, account id or null, payload].
-- Rows written before this migration hold one event each.
