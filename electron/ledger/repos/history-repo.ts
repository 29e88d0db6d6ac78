import type { FillSource, HistoryFill, HistoryFilter, HistoryOrder, RoundTrip } from '../../../shared/domain/history'
import type { LedgerEntry } from '../../../shared/domain/trading'
import type { ClosedTradeOutcome, HourlyFlow } from '../../../shared/trading/analytics'
import { divRound, formatAtoms, type Atoms } from '../../../shared/trading/money'
import type { Db } from '../db'
import { toLedgerEntry, type RawLedgerEntry } from './book-repo'

export type TradeSort = 'time' | 'netPnl' | 'symbol' | 'fees'

type Params = Array<string | number>
interface Where {
  sql: string
  params: Params
}

const SORT_COLUMNS: Record<TradeSort, string> = { time: 'r.sort_ts', netPnl: 'r.net_pnl', symbol: 'r.symbol', fees: 'r.fees' }
const HOUR_MS = 3_600_000

const placeholders = (values: readonly unknown[]): string => values.map(() => '?').join(', ')
const likeText = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

/** Conditions every history view shares: on the account (alias a) and an instrument column. */
function accountWhere(filter: HistoryFilter, symbolColumn: string | undefined, conditions: string[], params: Params): void {
  if (filter.accountIds !== undefined) {
    conditions.push(`a.id IN (${placeholders(filter.accountIds)})`)
    params.push(...filter.accountIds)
  }
  if (filter.venues !== undefined) {
    conditions.push(`a.venue IN (${placeholders(filter.venues)})`)
    params.push(...filter.venues)
  }
  if (filter.sources !== undefined) {
    conditions.push(`a.source IN (${placeholders(filter.sources)})`)
    params.push(...filter.sources)
  }
  if (filter.symbols !== undefined && symbolColumn !== undefined) {
    conditions.push(`${symbolColumn} IN (${placeholders(filter.symbols)})`)
    params.push(...filter.symbols)
  }
}

/** The filter's date range on whichever column a view keeps its time in. */
function inRange(filter: HistoryFilter, column: string, conditions: string[], params: Params): void {
  if (filter.from !== undefined) {
    conditions.push(`${column} >= ?`)
    params.push(filter.from)
  }
  if (filter.to !== undefined) {
    conditions.push(`${column} < ?`)
    params.push(filter.to)
  }
}

/** The filter's side: trips are long or short; fills and orders the buy or sell that opens that side. */
function sideIs(filter: HistoryFilter, column: string, asOrderSide: boolean, conditions: string[], params: Params): void {
  if (filter.side === undefined) return
  conditions.push(`${column} = ?`)
  params.push(asOrderSide ? orderSide(filter.side) : filter.side)
}

/** The filter without its date range (cash flows are dated on their own). */
export function withoutDates(filter: HistoryFilter): HistoryFilter {
  const { from: _from, to: _to, ...rest } = filter
  return rest
}

const orderSide = (side: 'long' | 'short'): string => (side === 'long' ? 'buy' : 'sell')
const whereOf = (conditions: string[], params: Params): Where => ({ sql: conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`, params })

/** The filter as SQL over round_trips r joined to accounts a. */
function tripWhere(filter: HistoryFilter): Where {
  const conditions: string[] = []
  const params: Params = []
  accountWhere(filter, 'r.symbol', conditions, params)
  sideIs(filter, 'r.side', false, conditions, params)
  inRange(filter, 'r.sort_ts', conditions, params)
  if (filter.outcome === 'open') conditions.push('r.closed_at IS NULL')
  if (filter.outcome === 'win') conditions.push('r.closed_at IS NOT NULL AND r.net_pnl > 0')
  if (filter.outcome === 'loss') conditions.push('r.closed_at IS NOT NULL AND r.net_pnl < 0')
  if (filter.tag !== undefined) {
    conditions.push('EXISTS (SELECT 1 FROM trade_tags g WHERE g.round_trip_id = r.id AND g.tag = ?)')
    params.push(filter.tag)
  }
  const search = filter.search?.trim()
  if (search !== undefined && search.length > 0) {
    conditions.push(
      `(r.symbol LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM trade_notes n WHERE n.round_trip_id = r.id AND n.note LIKE ? ESCAPE '\\')
        OR EXISTS (SELECT 1 FROM trade_tags g WHERE g.round_trip_id = r.id AND g.tag LIKE ? ESCAPE '\\'))`,
    )
    params.push(likeText(search), likeText(search), likeText(search))
  }
  return whereOf(conditions, params)
}

/** Only trips' own conditions narrow fills and orders when the filter has trip-level parts (outcome, tag, search). */
function hasTripConditions(filter: HistoryFilter): boolean {
  return filter.outcome !== undefined || filter.tag !== undefined || (filter.search?.trim().length ?? 0) > 0
}

/** The filter over fills f joined to accounts a (trip-level parts through the fills' trips). */
function fillWhere(filter: HistoryFilter): Where {
  const conditions: string[] = []
  const params: Params = []
  accountWhere(filter, 'f.symbol', conditions, params)
  sideIs(filter, 'f.side', true, conditions, params)
  inRange(filter, 'f.ts', conditions, params)
  if (hasTripConditions(filter)) {
    const trips = tripWhere({ ...(filter.outcome === undefined ? {} : { outcome: filter.outcome }), ...(filter.tag === undefined ? {} : { tag: filter.tag }), ...(filter.search === undefined ? {} : { search: filter.search }) })
    conditions.push(`EXISTS (SELECT 1 FROM round_trip_flows fl JOIN round_trips r ON r.id = fl.round_trip_id ${trips.sql} ${trips.sql === '' ? 'WHERE' : 'AND'} fl.fill_id = f.id)`)
    params.push(...trips.params)
  }
  return whereOf(conditions, params)
}

/** The filter over orders o joined to accounts a (orders have no outcome or tags; search matches the symbol). */
function orderWhere(filter: HistoryFilter): Where {
  const conditions: string[] = []
  const params: Params = []
  accountWhere(filter, 'o.symbol', conditions, params)
  sideIs(filter, 'o.side', true, conditions, params)
  inRange(filter, 'o.created_at', conditions, params)
  const search = filter.search?.trim()
  if (search !== undefined && search.length > 0) {
    conditions.push("o.symbol LIKE ? ESCAPE '\\'")
    params.push(likeText(search))
  }
  return whereOf(conditions, params)
}

type RawTrip = {
  id: bigint
  account_id: bigint
  account_name: string
  source: FillSource
  venue: string
  symbol: string
  side: 'long' | 'short'
  opened_at: bigint
  closed_at: bigint | null
  max_amount: bigint
  entry_price: bigint
  exit_amount: bigint
  exit_notional: bigint
  gross_pnl: bigint
  fees: bigint
  funding: bigint
  net_pnl: bigint
  initial_stop: bigint | null
  fill_count: bigint
  note: string | null
  tags: string | null
}

const TRIP_COLUMNS = `r.id, r.account_id, a.name AS account_name, a.source, a.venue, r.symbol, r.side, r.opened_at, r.closed_at,
  r.max_amount, r.entry_price, r.exit_amount, r.exit_notional, r.gross_pnl, r.fees, r.funding, r.net_pnl, r.initial_stop, r.fill_count,
  (SELECT n.note FROM trade_notes n WHERE n.round_trip_id = r.id) AS note,
  (SELECT group_concat(g.tag, char(31)) FROM trade_tags g WHERE g.round_trip_id = r.id) AS tags`

function toTrip(r: RawTrip): RoundTrip {
  const closed = r.closed_at !== null
  return {
    id: Number(r.id),
    accountId: Number(r.account_id),
    accountName: r.account_name,
    source: r.source,
    venue: r.venue,
    symbol: r.symbol,
    side: r.side,
    openedAt: Number(r.opened_at),
    ...(closed ? { closedAt: Number(r.closed_at) } : {}),
    maxAmount: formatAtoms(r.max_amount),
    entryPrice: formatAtoms(r.entry_price),
    ...(r.exit_amount > 0n ? { exitPrice: formatAtoms(divRound(r.exit_notional * 10n ** 8n, r.exit_amount, 'half-up')) } : {}),
    grossPnl: formatAtoms(r.gross_pnl),
    fees: formatAtoms(r.fees),
    funding: formatAtoms(r.funding),
    netPnl: formatAtoms(r.net_pnl),
    ...(r.initial_stop === null ? {} : { initialStop: formatAtoms(r.initial_stop) }),
    fillCount: Number(r.fill_count),
    outcome: !closed ? 'open' : r.net_pnl > 0n ? 'win' : r.net_pnl < 0n ? 'loss' : 'breakeven',
    tags: r.tags === null ? [] : r.tags.split('\u001f').sort(),
    ...(r.note === null ? {} : { note: r.note }),
  }
}

type RawFill = {
  id: bigint
  account_id: bigint
  account_name: string
  source: FillSource
  order_id: bigint
  trade_id: string
  symbol: string
  side: 'buy' | 'sell'
  price: bigint
  amount: bigint
  fee: bigint
  fee_asset: string
  liquidity: 'maker' | 'taker'
  realized_pnl: bigint
  ts: bigint
  trips: string | null
}

// Realized P&L as the trips work it out (the same as the engine's for paper fills; imported fills book none).
const FILL_COLUMNS = `f.id, f.account_id, a.name AS account_name, a.source, f.order_id, f.trade_id, f.symbol, f.side, f.price, f.amount,
  f.fee, f.fee_asset, f.liquidity, COALESCE((SELECT SUM(fl.realized) FROM round_trip_flows fl WHERE fl.fill_id = f.id), f.realized_pnl) AS realized_pnl, f.ts,
  (SELECT group_concat(fl.round_trip_id) FROM round_trip_flows fl WHERE fl.fill_id = f.id) AS trips`

const toFill = (r: RawFill): HistoryFill => ({
  id: Number(r.id),
  accountId: Number(r.account_id),
  accountName: r.account_name,
  source: r.source,
  orderId: Number(r.order_id),
  tradeId: r.trade_id,
  symbol: r.symbol,
  side: r.side,
  price: formatAtoms(r.price),
  amount: formatAtoms(r.amount),
  fee: formatAtoms(r.fee),
  feeAsset: r.fee_asset,
  liquidity: r.liquidity,
  realizedPnl: formatAtoms(r.realized_pnl),
  ts: Number(r.ts),
  roundTripIds: r.trips === null ? [] : r.trips.split(',').map(Number),
})

type RawOrder = {
  id: bigint
  account_id: bigint
  account_name: string
  client_order_id: string
  symbol: string
  side: 'buy' | 'sell'
  type: string
  status: string
  price: bigint | null
  trigger_price: bigint | null
  amount: bigint
  filled: bigint
  filled_notional: bigint
  reason: string | null
  created_at: bigint
  updated_at: bigint
}

const toOrder = (r: RawOrder): HistoryOrder => ({
  id: Number(r.id),
  accountId: Number(r.account_id),
  accountName: r.account_name,
  clientOrderId: r.client_order_id,
  symbol: r.symbol,
  side: r.side,
  type: r.type,
  status: r.status,
  ...(r.price === null ? {} : { price: formatAtoms(r.price) }),
  ...(r.trigger_price === null ? {} : { triggerPrice: formatAtoms(r.trigger_price) }),
  amount: formatAtoms(r.amount),
  filled: formatAtoms(r.filled),
  ...(r.filled > 0n ? { averagePrice: formatAtoms(divRound(r.filled_notional * 10n ** 8n, r.filled, 'half-up')) } : {}),
  ...(r.reason === null ? {} : { reason: r.reason }),
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
})

/** Read-side queries of the trade history (trips, fills, orders, journal, analytics inputs). */
export class HistoryRepo {
  constructor(private readonly db: Db) {}

  trades(filter: HistoryFilter, sort: TradeSort, descending: boolean, offset: number, limit: number): RoundTrip[] {
    const where = tripWhere(filter)
    const direction = descending ? 'DESC' : 'ASC'
    const rows = this.db
      .prepare(
        `SELECT ${TRIP_COLUMNS} FROM round_trips r JOIN accounts a ON a.id = r.account_id ${where.sql}
         ORDER BY ${SORT_COLUMNS[sort]} ${direction}, r.id ${direction} LIMIT ? OFFSET ?`,
      )
      .safeIntegers(true)
      .all(...where.params, limit, offset) as RawTrip[]
    return rows.map(toTrip)
  }

  countTrades(filter: HistoryFilter): number {
    const where = tripWhere(filter)
    return this.count(`SELECT COUNT(*) FROM round_trips r JOIN accounts a ON a.id = r.account_id ${where.sql}`, where.params)
  }

  trade(id: number): RoundTrip | undefined {
    const raw = this.db
      .prepare(`SELECT ${TRIP_COLUMNS} FROM round_trips r JOIN accounts a ON a.id = r.account_id WHERE r.id = ?`)
      .safeIntegers(true)
      .get(id) as RawTrip | undefined
    return raw === undefined ? undefined : toTrip(raw)
  }

  fills(filter: HistoryFilter, offset: number, limit: number): HistoryFill[] {
    const where = fillWhere(filter)
    const rows = this.db
      .prepare(`SELECT ${FILL_COLUMNS} FROM fills f JOIN accounts a ON a.id = f.account_id ${where.sql} ORDER BY f.id DESC LIMIT ? OFFSET ?`)
      .safeIntegers(true)
      .all(...where.params, limit, offset) as RawFill[]
    return rows.map(toFill)
  }

  countFills(filter: HistoryFilter): number {
    const where = fillWhere(filter)
    return this.count(`SELECT COUNT(*) FROM fills f JOIN accounts a ON a.id = f.account_id ${where.sql}`, where.params)
  }

  /** Every fill a filter selects, oldest first, for an export. */
  *iterateFills(filter: HistoryFilter): Generator<HistoryFill> {
    const where = fillWhere(filter)
    const stmt = this.db.prepare(`SELECT ${FILL_COLUMNS} FROM fills f JOIN accounts a ON a.id = f.account_id ${where.sql} ORDER BY f.id`)
    for (const raw of stmt.safeIntegers(true).iterate(...where.params)) yield toFill(raw as RawFill)
  }

  /** Every trade a filter selects, oldest first, for an export. */
  *iterateTrades(filter: HistoryFilter): Generator<RoundTrip> {
    const where = tripWhere(filter)
    const stmt = this.db.prepare(`SELECT ${TRIP_COLUMNS} FROM round_trips r JOIN accounts a ON a.id = r.account_id ${where.sql} ORDER BY r.sort_ts, r.id`)
    for (const raw of stmt.safeIntegers(true).iterate(...where.params)) yield toTrip(raw as RawTrip)
  }

  /** Funding charged to the trips a filter selects, as the wallet saw it (negative: paid), oldest first. */
  *iterateFunding(filter: HistoryFilter): Generator<{ ts: number; amount: string; asset: string; symbol: string; accountId: number }> {
    const where = tripWhere(filter)
    const stmt = this.db.prepare(
      `SELECT fl.ts, -fl.funding AS amount, a.quote, r.symbol, r.account_id FROM round_trip_flows fl JOIN round_trips r ON r.id = fl.round_trip_id
       JOIN accounts a ON a.id = r.account_id ${where.sql} ${where.sql === '' ? 'WHERE' : 'AND'} fl.funding <> 0 ORDER BY fl.ts`,
    )
    for (const raw of stmt.safeIntegers(true).iterate(...where.params)) {
      const r = raw as { ts: bigint; amount: bigint; quote: string; symbol: string; account_id: bigint }
      yield { ts: Number(r.ts), amount: formatAtoms(r.amount), asset: r.quote, symbol: r.symbol, accountId: Number(r.account_id) }
    }
  }

  /**
   * The account-side ledger entries of the accounts a filter selects (by account, venue,
   * source and date; symbol where the transaction names one), oldest first.
   */
  *iterateEntries(filter: HistoryFilter): Generator<LedgerEntry & { accountName: string }> {
    const conditions = ["e.book NOT LIKE 'external:%'"]
    const params: Params = []
    accountWhere(filter, 't.symbol', conditions, params)
    inRange(filter, 't.ts', conditions, params)
    const stmt = this.db.prepare(
      `SELECT e.id, e.tx_id, COALESCE(e.kind, t.kind) AS kind, t.description, e.book, e.asset, e.amount, t.ts, a.name AS account_name
       FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.tx_id JOIN accounts a ON a.id = e.account_id
       WHERE ${conditions.join(' AND ')} ORDER BY e.id`,
    )
    for (const raw of stmt.safeIntegers(true).iterate(...params)) {
      const r = raw as RawLedgerEntry & { account_name: string }
      yield { ...toLedgerEntry(r), accountName: r.account_name }
    }
  }

  orders(filter: HistoryFilter, offset: number, limit: number): HistoryOrder[] {
    const where = orderWhere(filter)
    const rows = this.db
      .prepare(
        `SELECT o.*, a.name AS account_name FROM orders o JOIN accounts a ON a.id = o.account_id ${where.sql} ORDER BY o.id DESC LIMIT ? OFFSET ?`,
      )
      .safeIntegers(true)
      .all(...where.params, limit, offset) as RawOrder[]
    return rows.map(toOrder)
  }

  countOrders(filter: HistoryFilter): number {
    const where = orderWhere(filter)
    return this.count(`SELECT COUNT(*) FROM orders o JOIN accounts a ON a.id = o.account_id ${where.sql}`, where.params)
  }

  /** A trip's fills, oldest first. */
  tradeFills(id: number): HistoryFill[] {
    const rows = this.db
      .prepare(
        `SELECT ${FILL_COLUMNS} FROM fills f JOIN accounts a ON a.id = f.account_id
         WHERE f.id IN (SELECT fill_id FROM round_trip_flows WHERE round_trip_id = ? AND fill_id IS NOT NULL) ORDER BY f.id`,
      )
      .safeIntegers(true)
      .all(id) as RawFill[]
    return rows.map(toFill)
  }

  /** The account-side ledger entries of a trip's fills and of the funding charged to it. */
  tradeEntries(id: number): LedgerEntry[] {
    const rows = this.db
      .prepare(
        `SELECT e.id, e.tx_id, COALESCE(e.kind, t.kind) AS kind, t.description, e.book, e.asset, e.amount, t.ts
         FROM ledger_transactions t JOIN ledger_entries e ON e.tx_id = t.id
         WHERE e.book NOT LIKE 'external:%' AND (
           t.fill_id IN (SELECT fill_id FROM round_trip_flows WHERE round_trip_id = ? AND fill_id IS NOT NULL)
           OR t.id IN (SELECT tx_id FROM round_trip_flows WHERE round_trip_id = ? AND tx_id IS NOT NULL))
         ORDER BY e.id`,
      )
      .safeIntegers(true)
      .all(id, id) as RawLedgerEntry[]
    return rows.map(toLedgerEntry)
  }

  /** The stop-loss and take-profit that guarded a trip: its orders' brackets, or stop orders placed while it was open. */
  protection(trip: RoundTrip): { stopLoss?: string; takeProfit?: string } {
    const row = this.db
      .prepare(
        `SELECT
           (SELECT COALESCE(o.stop_loss, (SELECT c.trigger_price FROM orders c WHERE c.account_id = o.account_id AND c.symbol = o.symbol
              AND c.type IN ('stop_market', 'stop_limit', 'trailing_stop_market') AND c.reduce_only = 1
              AND c.created_at BETWEEN @openedAt AND @closedAt ORDER BY c.id DESC LIMIT 1))) AS sl,
           (SELECT COALESCE(o.take_profit, (SELECT c.trigger_price FROM orders c WHERE c.account_id = o.account_id AND c.symbol = o.symbol
              AND c.type IN ('take_profit_market', 'take_profit_limit') AND c.reduce_only = 1
              AND c.created_at BETWEEN @openedAt AND @closedAt ORDER BY c.id DESC LIMIT 1))) AS tp
         FROM fills f JOIN orders o ON o.id = f.order_id WHERE f.id = @id`,
      )
      .safeIntegers(true)
      .get({ id: trip.id, openedAt: trip.openedAt, closedAt: trip.closedAt ?? Number.MAX_SAFE_INTEGER }) as { sl: bigint | null; tp: bigint | null } | undefined
    return {
      ...(row?.sl === undefined || row.sl === null ? {} : { stopLoss: formatAtoms(row.sl) }),
      ...(row?.tp === undefined || row.tp === null ? {} : { takeProfit: formatAtoms(row.tp) }),
    }
  }

  /** Closed trips a filter selects, by close time, as the analytics need them. */
  closedOutcomes(filter: HistoryFilter): ClosedTradeOutcome[] {
    const where = tripWhere(filter)
    const rows = this.db
      .prepare(
        `SELECT r.symbol, r.opened_at, r.closed_at, r.net_pnl, r.risk FROM round_trips r JOIN accounts a ON a.id = r.account_id
         ${where.sql} ${where.sql === '' ? 'WHERE' : 'AND'} r.closed_at IS NOT NULL ORDER BY r.closed_at, r.id`,
      )
      .raw(true)
      .safeIntegers(true)
      .all(...where.params) as Array<[string, bigint, bigint, bigint, bigint | null]>
    return rows.map(([symbol, openedAt, closedAt, netPnl, risk]) =>
      risk === null
        ? { symbol, openedAt: Number(openedAt), closedAt: Number(closedAt), netPnl }
        : { symbol, openedAt: Number(openedAt), closedAt: Number(closedAt), netPnl, risk },
    )
  }

  /** When each selected trip held a position (open ones until `now`), and how many are open. */
  exposures(filter: HistoryFilter, now: number): { intervals: Array<{ from: number; to: number }>; open: number } {
    const where = tripWhere(filter)
    const rows = this.db
      .prepare(`SELECT r.opened_at, COALESCE(r.closed_at, -1) FROM round_trips r JOIN accounts a ON a.id = r.account_id ${where.sql}`)
      .raw(true)
      .all(...where.params) as Array<[number, number]>
    let open = 0
    const intervals = rows.map(([from, to]) => {
      if (to < 0) open += 1
      return { from, to: to < 0 ? Math.max(now, from) : to }
    })
    return { intervals, open }
  }

  /** The cash flows booked within the filter's dates for the trips it selects otherwise, summed per UTC hour (exact in SQLite). */
  hourlyFlows(filter: HistoryFilter): HourlyFlow[] {
    const where = tripWhere(withoutDates(filter))
    const conditions = [...(filter.from === undefined ? [] : ['fl.ts >= ?']), ...(filter.to === undefined ? [] : ['fl.ts < ?'])]
    const dated = conditions.length === 0 ? '' : `${where.sql === '' ? 'WHERE' : 'AND'} ${conditions.join(' AND ')}`
    const rows = this.db
      .prepare(
        `SELECT (fl.ts / ${HOUR_MS}) * ${HOUR_MS} AS hour, SUM(fl.realized), SUM(fl.fee), SUM(fl.funding)
         FROM round_trip_flows fl JOIN round_trips r ON r.id = fl.round_trip_id JOIN accounts a ON a.id = r.account_id
         ${where.sql} ${dated} GROUP BY hour ORDER BY hour`,
      )
      .raw(true)
      .safeIntegers(true)
      .all(...where.params, ...(filter.from === undefined ? [] : [filter.from]), ...(filter.to === undefined ? [] : [filter.to])) as Array<[bigint, bigint, bigint, bigint]>
    return rows.map(([hour, realized, fees, funding]) => ({ hour: Number(hour), realized, fees, funding }))
  }

  /** The capital the selected accounts started with: what equity curves start from. */
  startingEquity(filter: HistoryFilter): Atoms {
    const conditions: string[] = []
    const params: Params = []
    accountWhere(filter, undefined, conditions, params)
    const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`
    const row = this.db
      .prepare(`SELECT COALESCE(SUM(a.starting_balance), 0) AS v FROM accounts a ${where} ${where === '' ? 'WHERE' : 'AND'} EXISTS (SELECT 1 FROM round_trips r WHERE r.account_id = a.id)`)
      .safeIntegers(true)
      .get(...params) as { v: bigint }
    return row.v
  }

  facets(): { accounts: Array<{ id: number; name: string; source: string; venue: string }>; venues: string[]; symbols: string[]; tags: string[] } {
    const accounts = this.db.prepare('SELECT id, name, source, venue FROM accounts ORDER BY id').all() as Array<{ id: number; name: string; source: string; venue: string }>
    const column = (sql: string): string[] => (this.db.prepare(sql).raw(true).all() as Array<[string]>).map(([v]) => v)
    return {
      accounts,
      venues: column('SELECT DISTINCT venue FROM accounts ORDER BY venue'),
      symbols: column('SELECT DISTINCT symbol FROM round_trips ORDER BY symbol'),
      tags: column('SELECT DISTINCT tag FROM trade_tags ORDER BY tag'),
    }
  }

  accountFacts(): Array<{ id: number; source: string; venue: string }> {
    return this.db.prepare('SELECT id, source, venue FROM accounts').all() as Array<{ id: number; source: string; venue: string }>
  }

  taggedTrips(tag: string): Set<number> {
    return new Set((this.db.prepare('SELECT round_trip_id FROM trade_tags WHERE tag = ?').raw(true).all(tag) as Array<[number]>).map(([id]) => id))
  }

  /** Trips whose note or tags contain `text` (case-insensitive). */
  journalMatches(text: string): Set<number> {
    const like = likeText(text)
    const rows = this.db
      .prepare(
        `SELECT round_trip_id FROM trade_notes WHERE note LIKE ? ESCAPE '\\'
         UNION SELECT round_trip_id FROM trade_tags WHERE tag LIKE ? ESCAPE '\\'`,
      )
      .raw(true)
      .all(like, like) as Array<[number]>
    return new Set(rows.map(([id]) => id))
  }

  setNote(id: number, note: string, now: number): void {
    if (note.trim().length === 0) this.db.prepare('DELETE FROM trade_notes WHERE round_trip_id = ?').run(id)
    else this.db.prepare('INSERT OR REPLACE INTO trade_notes (round_trip_id, note, updated_at) VALUES (?, ?, ?)').run(id, note, now)
  }

  setTags(id: number, tags: readonly string[]): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM trade_tags WHERE round_trip_id = ?').run(id)
      const insert = this.db.prepare('INSERT OR IGNORE INTO trade_tags (round_trip_id, tag) VALUES (?, ?)')
      for (const tag of tags) insert.run(id, tag)
    })()
  }

  private count(sql: string, params: Params): number {
    return Number((this.db.prepare(sql).raw(true).get(...params) as [number])[0])
  }
}
