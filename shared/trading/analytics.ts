/**
 * Trading performance statistics over a selection of trades and the cash flows they caused.
 * Pure and deterministic: money stays in exact atoms until it is formatted, ratios are
 * numbers. Built for hundreds of thousands of trades: every input is walked once, in order.
 */

import type { DailyPnl, EquityPoint, PnlGroup, TradeAnalytics } from '../domain/history'
import { divRound, formatAtoms, type Atoms } from './money'

export interface ClosedTradeOutcome {
  symbol: string
  /** Epoch ms. */
  openedAt: number
  /** Epoch ms. */
  closedAt: number
  /** Gross - fees - funding of this round-trip trade. */
  netPnl: Atoms
  /** Positive: |entry - initial stop| x amount, when the trade had a stop. */
  risk?: Atoms
}

export interface HourlyFlow {
  /** Epoch ms of the start of a UTC hour; sorted ascending, unique. */
  hour: number
  /** Realized P&L booked in that hour (before fees). */
  realized: Atoms
  /** Trading fees booked in that hour (negative = rebate). */
  fees: Atoms
  /** Funding paid in that hour (negative = received). */
  funding: Atoms
}

export interface AnalyticsInput {
  /** Closed trades, sorted by closedAt ascending (ties keep input order). */
  trades: ClosedTradeOutcome[]
  /** How many matching trades are still open (reported, not in trade stats). */
  openTrades: number
  /** The cash flows of the same selection, open trades' fees and funding included. */
  flows: HourlyFlow[]
  /** When each matching trade held a position (open ones up to now); may overlap. */
  exposures: Array<{ from: number; to: number }>
  /** Capital the equity curve starts from; at or below 0 the percentages and ratios are null. */
  startingEquity: Atoms
}

const HOUR = 3_600_000
const DAY = 86_400_000
const DAYS_PER_YEAR = 365
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']
/** 1970-01-01, day 0 of the epoch, was a Thursday: index 3 when Monday is 0. */
const EPOCH_WEEKDAY = 3
/** A standard deviation this small next to the mean is float noise of equal returns, not risk. */
const NOISE = 1e-12

export const ANALYTICS_METHOD = [
  'Trade figures cover closed trades only, by net P&L: a win > 0, a loss < 0, breakeven = 0.',
  'Profit factor = sum of wins / |sum of losses|; expectancy and averages are means, rounded half-up to 1e-8; payoff = average win / |average loss|;',
  'R = net P&L / initial stop risk, averaged over the trades with a stop. Streaks run in close order; a breakeven trade ends both.',
  'Net P&L, fees and funding are the booked cash flows, open trades included.',
  'Equity = starting equity + cumulative net flows, hour by hour; drawdown = equity - running peak, the peak starting at the starting equity;',
  'max drawdown % = largest (peak - equity) / peak.',
  "Daily return = a UTC day's net / equity at the start of that day, over every calendar day of the period (quiet days count as 0).",
  'Sharpe = mean / sample standard deviation × √365; Sortino = mean / √(mean of min(r, 0)²) × √365;',
  'Calmar = ((final / starting equity)^(365 / days) - 1) / max drawdown %. Exposure = time with a position open / period.',
].join(' ')

export function computeAnalytics(input: AnalyticsInput): TradeAnalytics {
  const { startingEquity } = input
  const trades = tradeStats(input.trades)
  const curve = equityCurve(input.flows, startingEquity)
  const period = activePeriod(curve.dayNets, trades.closeDays)
  const returns = period === null ? null : dailyReturns(period, curve.dayNets, startingEquity)
  const net = curve.gross - curve.fees - curve.funding
  const count = input.trades.length
  const { wins, losses } = trades
  const averageWin = wins > 0 ? divRound(trades.sumWins, BigInt(wins), 'half-up') : null
  const averageLoss = losses > 0 ? divRound(trades.sumLosses, BigInt(losses), 'half-up') : null
  return {
    period,
    startingEquity: formatAtoms(startingEquity),
    trades: count,
    openTrades: input.openTrades,
    wins,
    losses,
    breakeven: count - wins - losses,
    netPnl: formatAtoms(net),
    grossPnl: formatAtoms(curve.gross),
    fees: formatAtoms(curve.fees),
    funding: formatAtoms(curve.funding),
    winRate: count > 0 ? wins / count : null,
    profitFactor: losses > 0 ? Number(trades.sumWins) / -Number(trades.sumLosses) : null,
    expectancy: count > 0 ? formatAtoms(divRound(trades.sumWins + trades.sumLosses, BigInt(count), 'half-up')) : null,
    averageWin: averageWin === null ? null : formatAtoms(averageWin),
    averageLoss: averageLoss === null ? null : formatAtoms(averageLoss),
    // From the exact sums, so the ratio carries no rounding of the two averages.
    payoffRatio: wins > 0 && losses > 0 ? (Number(trades.sumWins) * losses) / (-Number(trades.sumLosses) * wins) : null,
    averageR: trades.rTrades > 0 ? trades.sumR / trades.rTrades : null,
    rTrades: trades.rTrades,
    largestWin: trades.largestWin === null ? null : formatAtoms(trades.largestWin),
    largestLoss: trades.largestLoss === null ? null : formatAtoms(trades.largestLoss),
    longestWinStreak: trades.longestWinStreak,
    longestLossStreak: trades.longestLossStreak,
    maxDrawdown: formatAtoms(curve.maxDrawdown),
    maxDrawdownPercent: startingEquity > 0n ? curve.maxDrawdownPercent : null,
    sharpe: returns === null ? null : sharpe(returns),
    sortino: returns === null ? null : sortino(returns),
    calmar: period === null ? null : calmar(startingEquity, startingEquity + net, period, curve.maxDrawdownPercent),
    exposure: period === null ? null : exposure(input.exposures, period),
    method: ANALYTICS_METHOD,
    bySymbol: symbolGroups(trades.symbols),
    byWeekday: weekdayGroups(trades.slots),
    byHour: hourGroups(trades.slots),
    equity: curve.points,
    daily: dailyPnl(curve.dayNets, trades.closeDays),
  }
}

/** Values per UTC day (epoch day number), in ascending day order. */
interface DayRuns<T> {
  days: number[]
  values: T[]
}

/** Start of the first and exclusive end of the last active UTC day (epoch ms), and the days between. */
type Period = NonNullable<TradeAnalytics['period']>

interface GroupTotals {
  trades: number
  wins: number
  netPnl: Atoms
}

interface TradeStats {
  wins: number
  losses: number
  sumWins: Atoms
  sumLosses: Atoms
  largestWin: Atoms | null
  largestLoss: Atoms | null
  sumR: number
  rTrades: number
  longestWinStreak: number
  longestLossStreak: number
  symbols: Map<string, GroupTotals>
  /** Per close weekday x hour (weekday * 24 + hour): one update per trade serves both groupings. */
  slots: GroupTotals[]
  /** How many trades closed on each day with a close. */
  closeDays: DayRuns<number>
}

const utcDay = (ts: number): number => Math.floor(ts / DAY)

/** Monday = 0 .. Sunday = 6. */
const utcWeekday = (day: number): number => (((day + EPOCH_WEEKDAY) % 7) + 7) % 7

const emptyTotals = (): GroupTotals => ({ trades: 0, wins: 0, netPnl: 0n })

function addTo(group: GroupTotals, netPnl: Atoms): void {
  group.trades += 1
  if (netPnl > 0n) group.wins += 1
  group.netPnl += netPnl
}

function toGroup(key: string, totals: GroupTotals): PnlGroup {
  return { key, trades: totals.trades, wins: totals.wins, netPnl: formatAtoms(totals.netPnl) }
}

const addCounts = (a: number, b: number): number => a + b
const addAtoms = (a: Atoms, b: Atoms): Atoms => a + b

/** Appends to a run of days that arrives in ascending order, merging into the last day. */
function addToDay<T>(runs: DayRuns<T>, day: number, value: T, merge: (a: T, b: T) => T): void {
  const last = runs.days.length - 1
  if (last >= 0 && runs.days[last] === day) runs.values[last] = merge(runs.values[last] as T, value)
  else {
    runs.days.push(day)
    runs.values.push(value)
  }
}

/** Every per-trade figure in one pass over the trades in close order. */
function tradeStats(trades: ClosedTradeOutcome[]): TradeStats {
  const stats: TradeStats = {
    wins: 0,
    losses: 0,
    sumWins: 0n,
    sumLosses: 0n,
    largestWin: null,
    largestLoss: null,
    sumR: 0,
    rTrades: 0,
    longestWinStreak: 0,
    longestLossStreak: 0,
    symbols: new Map(),
    slots: Array.from({ length: 7 * 24 }, emptyTotals),
    closeDays: { days: [], values: [] },
  }
  let winStreak = 0
  let lossStreak = 0
  for (const trade of trades) {
    const { netPnl, risk } = trade
    if (netPnl > 0n) {
      stats.wins += 1
      stats.sumWins += netPnl
      if (stats.largestWin === null || netPnl > stats.largestWin) stats.largestWin = netPnl
      winStreak += 1
      lossStreak = 0
      if (winStreak > stats.longestWinStreak) stats.longestWinStreak = winStreak
    } else if (netPnl < 0n) {
      stats.losses += 1
      stats.sumLosses += netPnl
      if (stats.largestLoss === null || netPnl < stats.largestLoss) stats.largestLoss = netPnl
      lossStreak += 1
      winStreak = 0
      if (lossStreak > stats.longestLossStreak) stats.longestLossStreak = lossStreak
    } else {
      winStreak = 0
      lossStreak = 0
    }
    if (risk !== undefined && risk > 0n) {
      stats.sumR += Number(netPnl) / Number(risk)
      stats.rTrades += 1
    }
    let symbol = stats.symbols.get(trade.symbol)
    if (symbol === undefined) {
      symbol = emptyTotals()
      stats.symbols.set(trade.symbol, symbol)
    }
    addTo(symbol, netPnl)
    const day = utcDay(trade.closedAt)
    const hour = Math.floor((trade.closedAt - day * DAY) / HOUR)
    addTo(stats.slots[utcWeekday(day) * 24 + hour] as GroupTotals, netPnl)
    addToDay(stats.closeDays, day, 1, addCounts)
  }
  return stats
}

function symbolGroups(symbols: Map<string, GroupTotals>): PnlGroup[] {
  return [...symbols].sort(bestFirst).map(([key, totals]) => toGroup(key, totals))
}

/** Net P&L descending, then symbol, so equal figures still list in a fixed order. */
function bestFirst([symbolA, a]: [string, GroupTotals], [symbolB, b]: [string, GroupTotals]): number {
  if (a.netPnl !== b.netPnl) return a.netPnl > b.netPnl ? -1 : 1
  return symbolA < symbolB ? -1 : symbolA > symbolB ? 1 : 0
}

/** Sums the weekday x hour slots along one axis. */
function collapse(slots: GroupTotals[], keys: string[], keyOf: (slot: number) => number): PnlGroup[] {
  const totals = keys.map(emptyTotals)
  slots.forEach((slot, i) => {
    const total = totals[keyOf(i)] as GroupTotals
    total.trades += slot.trades
    total.wins += slot.wins
    total.netPnl += slot.netPnl
  })
  return keys.map((key, i) => toGroup(key, totals[i] as GroupTotals))
}

const HOURS = Array.from({ length: 24 }, (_, hour) => String(hour).padStart(2, '0'))
const weekdayGroups = (slots: GroupTotals[]): PnlGroup[] => collapse(slots, WEEKDAYS, (slot) => Math.floor(slot / 24))
const hourGroups = (slots: GroupTotals[]): PnlGroup[] => collapse(slots, HOURS, (slot) => slot % 24)

interface EquityCurve {
  gross: Atoms
  fees: Atoms
  funding: Atoms
  points: EquityPoint[]
  /** Magnitude of the deepest drawdown (≥ 0). */
  maxDrawdown: Atoms
  /** Deepest (peak - equity) / peak; meaningful only with a positive starting equity. */
  maxDrawdownPercent: number
  /** Net flow per UTC day with a flow. */
  dayNets: DayRuns<Atoms>
}

/** Totals, the hourly equity curve and its drawdowns, and daily nets, in one pass over the flows. */
function equityCurve(flows: HourlyFlow[], startingEquity: Atoms): EquityCurve {
  const curve: EquityCurve = { gross: 0n, fees: 0n, funding: 0n, points: [], maxDrawdown: 0n, maxDrawdownPercent: 0, dayNets: { days: [], values: [] } }
  let equity = startingEquity
  let peak = startingEquity
  for (const flow of flows) {
    const net = flow.realized - flow.fees - flow.funding
    curve.gross += flow.realized
    curve.fees += flow.fees
    curve.funding += flow.funding
    equity += net
    if (equity > peak) peak = equity
    const drawdown = equity - peak
    if (-drawdown > curve.maxDrawdown) curve.maxDrawdown = -drawdown
    // The deepest fraction can fall under a lower peak than the deepest amount.
    if (drawdown < 0n && peak > 0n) curve.maxDrawdownPercent = Math.max(curve.maxDrawdownPercent, -Number(drawdown) / Number(peak))
    curve.points.push({ ts: flow.hour + HOUR, equity: formatAtoms(equity), drawdown: formatAtoms(drawdown) })
    addToDay(curve.dayNets, utcDay(flow.hour), net, addAtoms)
  }
  return curve
}

function activePeriod(flowDays: DayRuns<Atoms>, closeDays: DayRuns<number>): Period | null {
  const firsts = [flowDays.days[0], closeDays.days[0]].filter((day) => day !== undefined)
  const lasts = [flowDays.days.at(-1), closeDays.days.at(-1)].filter((day) => day !== undefined)
  if (firsts.length === 0) return null
  const first = Math.min(...firsts)
  const last = Math.max(...lasts)
  return { from: first * DAY, to: (last + 1) * DAY, days: last - first + 1 }
}

/** The days with a flow or a close, merged from the two ascending runs. */
function dailyPnl(flowDays: DayRuns<Atoms>, closeDays: DayRuns<number>): DailyPnl[] {
  const daily: DailyPnl[] = []
  let f = 0
  let c = 0
  while (f < flowDays.days.length || c < closeDays.days.length) {
    const flowDay = flowDays.days[f] ?? Infinity
    const closeDay = closeDays.days[c] ?? Infinity
    const day = Math.min(flowDay, closeDay)
    const net = flowDay === day ? (flowDays.values[f++] as Atoms) : 0n
    const trades = closeDay === day ? (closeDays.values[c++] as number) : 0
    daily.push({ day: new Date(day * DAY).toISOString().slice(0, 10), netPnl: formatAtoms(net), trades })
  }
  return daily
}

/** Each calendar day's net / equity at its start; null once equity is not positive. */
function dailyReturns(period: Period, flowDays: DayRuns<Atoms>, startingEquity: Atoms): number[] | null {
  const returns: number[] = []
  let equity = startingEquity
  let f = 0
  for (let day = period.from / DAY; day < period.to / DAY; day++) {
    if (equity <= 0n) return null
    const net = flowDays.days[f] === day ? (flowDays.values[f++] as Atoms) : 0n
    returns.push(Number(net) / Number(equity))
    equity += net
  }
  return returns
}

const annualize = (ratio: number): number => ratio * Math.sqrt(DAYS_PER_YEAR)

/** Infinity and NaN (an overflowing annualization) are no figure to show. */
const finiteOrNull = (value: number): number | null => (Number.isFinite(value) ? value : null)

const mean = (values: number[]): number => values.reduce((sum, r) => sum + r, 0) / values.length

function sharpe(returns: number[]): number | null {
  if (returns.length < 2) return null
  const average = mean(returns)
  const variance = returns.reduce((sum, r) => sum + (r - average) ** 2, 0) / (returns.length - 1)
  const deviation = Math.sqrt(variance)
  if (deviation <= Math.abs(average) * NOISE) return null
  return finiteOrNull(annualize(average / deviation))
}

function sortino(returns: number[]): number | null {
  if (returns.length < 2) return null
  const downside = Math.sqrt(returns.reduce((sum, r) => sum + Math.min(r, 0) ** 2, 0) / returns.length)
  if (downside === 0) return null
  return finiteOrNull(annualize(mean(returns) / downside))
}

function calmar(startingEquity: Atoms, finalEquity: Atoms, period: Period, maxDrawdownPercent: number): number | null {
  const { days } = period
  if (days < 2 || startingEquity <= 0n || finalEquity <= 0n || maxDrawdownPercent === 0) return null
  const annualReturn = (Number(finalEquity) / Number(startingEquity)) ** (DAYS_PER_YEAR / days) - 1
  return finiteOrNull(annualReturn / maxDrawdownPercent)
}

/** Fraction of the period covered by the union of the intervals. */
function exposure(intervals: Array<{ from: number; to: number }>, period: Period): number {
  const { starts, ends, startOrdered, endOrdered } = clipIntervals(intervals, period)
  // Trades listed by open or by close time merge in one pass; any other order pays for sorting.
  const covered = endOrdered ? mergedFromLast(starts, ends) : startOrdered ? mergedFromFirst(starts, ends) : sweptLength(starts.sort(), ends.sort())
  return covered / (period.to - period.from)
}

interface ClippedIntervals {
  starts: Float64Array
  ends: Float64Array
  startOrdered: boolean
  endOrdered: boolean
}

/** The non-empty parts of the intervals inside the period, and whether their starts or ends ascend. */
function clipIntervals(intervals: Array<{ from: number; to: number }>, period: Period): ClippedIntervals {
  const starts = new Float64Array(intervals.length)
  const ends = new Float64Array(intervals.length)
  let n = 0
  let startOrdered = true
  let endOrdered = true
  for (const { from, to } of intervals) {
    const start = Math.max(from, period.from)
    const end = Math.min(to, period.to)
    if (end <= start) continue
    if (n > 0 && start < (starts[n - 1] as number)) startOrdered = false
    if (n > 0 && end < (ends[n - 1] as number)) endOrdered = false
    starts[n] = start
    ends[n] = end
    n++
  }
  return { starts: starts.subarray(0, n), ends: ends.subarray(0, n), startOrdered, endOrdered }
}

/**
 * Union length of intervals in ascending start order: a block grows until an interval
 * starts after its end, which no later interval can reach back over.
 */
function mergedFromFirst(starts: Float64Array, ends: Float64Array): number {
  if (starts.length === 0) return 0
  let covered = 0
  let blockStart = starts[0] as number
  let blockEnd = ends[0] as number
  for (let i = 1; i < starts.length; i++) {
    const start = starts[i] as number
    const end = ends[i] as number
    if (start > blockEnd) {
      covered += blockEnd - blockStart
      blockStart = start
      blockEnd = end
    } else blockEnd = Math.max(blockEnd, end)
  }
  return covered + blockEnd - blockStart
}

/** The mirror image of mergedFromFirst, for intervals in ascending end order, merged from the last. */
function mergedFromLast(starts: Float64Array, ends: Float64Array): number {
  const last = ends.length - 1
  if (last < 0) return 0
  let covered = 0
  let blockStart = starts[last] as number
  let blockEnd = ends[last] as number
  for (let i = last - 1; i >= 0; i--) {
    const start = starts[i] as number
    const end = ends[i] as number
    if (end < blockStart) {
      covered += blockEnd - blockStart
      blockStart = start
      blockEnd = end
    } else blockStart = Math.min(blockStart, start)
  }
  return covered + blockEnd - blockStart
}

/**
 * Union length from starts and ends sorted apart, swept as +1/-1 events: covered wherever
 * some interval is open, whichever interval each end belongs to (the k-th end never
 * precedes the k-th start, so the count stays ≥ 0).
 */
function sweptLength(starts: Float64Array, ends: Float64Array): number {
  let covered = 0
  let open = 0
  let openedAt = 0
  let s = 0
  for (const end of ends) {
    while (s < starts.length && (starts[s] as number) <= end) {
      if (open++ === 0) openedAt = starts[s] as number
      s++
    }
    if (--open === 0) covered += end - openedAt
  }
  return covered
}
