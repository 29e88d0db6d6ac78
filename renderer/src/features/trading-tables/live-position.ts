import type { Order, Position } from '../../../../shared/domain/trading'
import { liveMark as markOf } from '../../../../shared/trading/mark'
import { unrealizedPnl } from '../../../../shared/trading/margin'
import { atoms, div, divRound, formatAtoms, type Atoms } from '../../../../shared/trading/money'

/** The part of a market summary the mark comes from. */
export interface QuoteLike {
  bid: number
  ask: number
  last: number
  ts: number
}

/** The engine's mark for a live quote (shared with the balance panel and the engine). */
export { markOf }

export interface LiveFigures {
  /** Exact decimal strings. */
  mark: string
  unrealizedPnl: string
  /** Unrealized P&L over the position's margin, in percent, half-up to the atom; absent without margin. */
  roePercent: string | undefined
  /** True when the figures come from a live quote rather than the engine's last report. */
  live: boolean
}

/** uPnL / margin x 100, in percent atoms. */
export function roePercentOf(unrealized: Atoms, margin: Atoms): Atoms | undefined {
  return margin > 0n ? div(unrealized * 100n, margin, 'half-up') : undefined
}

/**
 * A position's mark, unrealized P&L and ROE at the latest quote, computed as the engine does
 * (toPosition: unrealizedPnl at the midpoint, rounded down); the engine's own figures until
 * a quote is known.
 */
export function liveFigures(position: Position, quote: QuoteLike | undefined): LiveFigures {
  const margin = atoms(position.margin)
  const mark = markOf(quote)
  if (mark === undefined || mark <= 0n) {
    const roe = roePercentOf(atoms(position.unrealizedPnl), margin)
    return { mark: position.markPrice, unrealizedPnl: position.unrealizedPnl, roePercent: roe === undefined ? undefined : formatAtoms(roe), live: false }
  }
  const pnl = unrealizedPnl(position.side, atoms(position.entryPrice), mark, atoms(position.amount))
  const roe = roePercentOf(pnl, margin)
  return { mark: formatAtoms(mark), unrealizedPnl: formatAtoms(pnl), roePercent: roe === undefined ? undefined : formatAtoms(roe), live: true }
}

/** A position's protective orders: the working reduce-only stop and take-profit that close it. */
export interface Protection {
  stopLoss?: Order
  takeProfit?: Order
  /** More than one of a kind: the one shown is the first to trigger. */
  extraStops: number
  extraTakeProfits: number
}

const STOP_TYPES = new Set<Order['type']>(['stop_market', 'trailing_stop_market'])

/**
 * The stop-loss and take-profit of `position` among the working orders: reduce-only
 * stop-market (or trailing) and take-profit-market orders on the closing side. When there are
 * several of a kind, the one nearest the price (first to trigger) is shown.
 */
export function protectionOf(position: Position, orders: Iterable<Order>): Protection {
  const closing = position.side === 'long' ? 'sell' : 'buy'
  const stops: Order[] = []
  const takes: Order[] = []
  for (const o of orders) {
    if (o.symbol !== position.symbol || o.side !== closing || !o.reduceOnly || o.triggerPrice === undefined) continue
    if (STOP_TYPES.has(o.type)) stops.push(o)
    else if (o.type === 'take_profit_market') takes.push(o)
  }
  // A long's stop below the price: the highest triggers first; its take-profit above: the lowest.
  const first = (list: Order[], highest: boolean): Order | undefined =>
    list.reduce<Order | undefined>((best, o) => {
      if (best === undefined) return o
      const a = atoms(o.triggerPrice as string)
      const b = atoms(best.triggerPrice as string)
      return (highest ? a > b : a < b) ? o : best
    }, undefined)
  const long = position.side === 'long'
  return {
    stopLoss: first(stops, long),
    takeProfit: first(takes, !long),
    extraStops: Math.max(0, stops.length - 1),
    extraTakeProfits: Math.max(0, takes.length - 1),
  }
}

/** `percent` of a position's amount, rounded down to the market's amount step (all of it at 100). */
export function closeAmount(amount: string, percent: number, step: string): string {
  if (percent >= 100) return amount
  const stepAtoms = atoms(step)
  const part = (atoms(amount) * BigInt(Math.round(percent * 100))) / 10_000n
  return formatAtoms((part / stepAtoms) * stepAtoms)
}

/** A position's age from its opening to `now` (engine time: the latest tick of its market). */
export function ageOf(openedAt: number, now: number | undefined): number | undefined {
  return now === undefined ? undefined : Math.max(0, now - openedAt)
}

/**
 * A liquidation price on the market's tick, rounded toward the price (up for a long, down for
 * a short): the shown level is reached no later than the exact one.
 */
export function liquidationOnTick(value: string, tick: string, side: Position['side']): string {
  const t = atoms(tick)
  return formatAtoms(divRound(atoms(value), t, side === 'long' ? 'up' : 'down') * t)
}
