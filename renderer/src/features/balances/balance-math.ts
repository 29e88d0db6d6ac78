import type { AccountBalance, BalanceSnapshot, LedgerEntry, Position } from '../../../../shared/domain/trading'
import { liveMark as markOf } from '../../../../shared/trading/mark'
import { notional, unrealizedPnl } from '../../../../shared/trading/margin'
import { atoms, type Atoms } from '../../../../shared/trading/money'

/** What the renderer knows of a market's price (a market-watch summary is one). */
export interface PriceQuote {
  last: number
  bid: number
  ask: number
}

export const DAY_MS = 86_400_000

/** The engine's mark for a live quote (shared with the tables and the engine). */
export { markOf }

export interface LiveTotals {
  wallet: Atoms
  marginUsed: Atoms
  /** Open positions marked at the live mid. */
  unrealized: Atoms
  /** Spot holdings valued at the live mid, in total and one by one (in the balance's order). */
  holdingsValue: Atoms
  holdingValues: Atoms[]
  /** wallet + margin + unrealized + holdings, as the engine sums it. */
  equity: Atoms
}

/** A position's decimals as atoms, parsed once per position object (this runs every frame). */
const parsed = new WeakMap<Position, { amount: Atoms; entry: Atoms; eventPnl: Atoms }>()
function positionAtoms(p: Position): { amount: Atoms; entry: Atoms; eventPnl: Atoms } {
  let value = parsed.get(p)
  if (value === undefined) {
    value = { amount: atoms(p.amount), entry: atoms(p.entryPrice), eventPnl: atoms(p.unrealizedPnl) }
    parsed.set(p, value)
  }
  return value
}

/**
 * The account's money between balance events: the engine's wallet and margin, with every
 * open position re-marked and every holding re-valued at the live mid, by the same shared
 * functions the engine uses (unrealizedPnl rounds down, notional half-up). A market with no
 * price yet keeps the figure of the last event.
 */
export function liveTotals(balance: AccountBalance, positions: Iterable<Position>, quoteOf: (symbol: string) => PriceQuote | undefined): LiveTotals {
  const wallet = atoms(balance.wallet)
  const marginUsed = atoms(balance.marginUsed)
  let unrealized = 0n
  for (const p of positions) {
    const mark = markOf(quoteOf(p.symbol))
    const { amount, entry, eventPnl } = positionAtoms(p)
    unrealized += mark === undefined || amount <= 0n ? eventPnl : unrealizedPnl(p.side, entry, mark, amount)
  }
  const holdingValues = balance.holdings.map((h) => {
    const mark = markOf(quoteOf(`${h.asset}/${balance.asset}`))
    const amount = atoms(h.amount)
    return mark === undefined || amount <= 0n ? atoms(h.value) : notional(mark, amount)
  })
  const holdingsValue = holdingValues.reduce((sum, v) => sum + v, 0n)
  return { wallet, marginUsed, unrealized, holdingsValue, holdingValues, equity: wallet + marginUsed + unrealized + holdingsValue }
}

/** Midnight UTC of the day holding `ts`. */
export function utcDayStart(ts: number): number {
  return ts - (((ts % DAY_MS) + DAY_MS) % DAY_MS)
}

export interface DayFigures {
  /** P&L booked by closing positions (ledger kind realized_pnl). */
  realized: Atoms
  /** Trading fees paid, as a positive amount (a maker rebate lowers it). */
  fees: Atoms
  /** Funding received (+) or paid (-). */
  funding: Atoms
  /** Liquidation clearance fees, as a positive amount. */
  clearance: Atoms
  /** realized - fees + funding - clearance: what the circuit breaker's daily loss counts. */
  net: Atoms
  /** False when the entries given may not reach back to the day's start. */
  complete: boolean
}

/**
 * Today's result from the account's own ledger entries (newest first, as `ledger.entries`
 * returns them): the book of record, which also holds funding and liquidation clearance
 * that fills do not. Entries in another asset (spot coins) are not money of the account's
 * quote and are left out. `limit` is how many entries were asked for: a full page whose
 * oldest entry is still inside the day may have missed some.
 */
export function dayFigures(entries: readonly LedgerEntry[], dayStart: number, asset: string, limit?: number): DayFigures {
  let realized = 0n
  let fees = 0n
  let funding = 0n
  let clearance = 0n
  for (const e of entries) {
    if (e.ts < dayStart || e.asset !== asset) continue
    const amount = atoms(e.amount)
    if (e.kind === 'realized_pnl') realized += amount
    else if (e.kind === 'fee') fees -= amount
    else if (e.kind === 'funding') funding += amount
    else if (e.kind === 'liquidation_clearance') clearance -= amount
  }
  const oldest = entries.at(-1)
  const complete = limit === undefined || entries.length < limit || oldest === undefined || oldest.ts < dayStart
  return { realized, fees, funding, clearance, net: realized - fees + funding - clearance, complete }
}

export interface EquityPoint {
  /** Seconds (lightweight-charts' UTCTimestamp). */
  time: number
  equity: Atoms
}

/**
 * The equity curve: the account's start, its hourly snapshots, then the live figure, in
 * strictly increasing whole seconds (a point no later than the one before is dropped).
 */
export function equityPoints(
  snapshots: readonly BalanceSnapshot[],
  start: { ts: number; equity: Atoms } | undefined,
  live: { ts: number; equity: Atoms } | undefined,
): EquityPoint[] {
  const points: EquityPoint[] = []
  const push = (ts: number, equity: Atoms): void => {
    const time = Math.floor(ts / 1000)
    const last = points.at(-1)
    if (last !== undefined && time <= last.time) return
    points.push({ time, equity })
  }
  if (start !== undefined && (snapshots[0] === undefined || snapshots[0].ts > start.ts)) push(start.ts, start.equity)
  for (const s of snapshots) push(s.ts, atoms(s.equity))
  if (live !== undefined) push(live.ts, live.equity)
  return points
}
