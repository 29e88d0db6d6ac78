import { stepGrid } from '../../../../shared/trading/precision'
import type { ChartLine } from './chart-lines'

/** How close (px) the pointer must be to a line to grab it. */
export const HIT_TOLERANCE_PX = 5
/** A drag shorter than this (px) is a click: nothing moves. */
export const DRAG_THRESHOLD_PX = 3

export interface HitTarget {
  /** The line's y in the chart pane (px from its top), or null when it is off the scale. */
  y: number | null
}

/** The target nearest to `y` within `tolerance` px; on a tie the first (drawn first, listed first). */
export function hitTest<T extends HitTarget>(targets: readonly T[], y: number, tolerance = HIT_TOLERANCE_PX): T | undefined {
  let best: T | undefined
  let bestDistance = Infinity
  for (const target of targets) {
    if (target.y === null) continue
    const distance = Math.abs(target.y - y)
    if (distance <= tolerance && distance < bestDistance) {
      best = target
      bestDistance = distance
    }
  }
  return best
}

/** A whole number of steps as an exact decimal string ("0.01" x 5800012 -> "58000.12"), trailing zeros trimmed. */
export function unitsToDecimal(units: number, step: string): string {
  const dot = step.indexOf('.')
  const decimals = dot < 0 ? 0 : step.length - dot - 1
  const digits = (BigInt(units) * BigInt(step.replace('.', ''))).toString()
  if (decimals === 0) return digits
  const padded = digits.padStart(decimals + 1, '0')
  const whole = padded.slice(0, -decimals)
  const fraction = padded.slice(-decimals).replace(/0+$/, '')
  return fraction.length > 0 ? `${whole}.${fraction}` : whole
}

/** A price from the chart (a float under the pointer) on the instrument's tick, or undefined if not positive. */
export function snapToTick(price: number, tickSize: string): { value: number; text: string } | undefined {
  if (!Number.isFinite(price)) return undefined
  const grid = stepGrid(tickSize)
  const units = grid.toUnits(price)
  if (units <= 0) return undefined
  return { value: grid.fromUnits(units), text: unitsToDecimal(units, tickSize) }
}

export type AmendRequest =
  | { accountId: number; orderId: number; price: string }
  | { accountId: number; orderId: number; triggerPrice: string }

/** The `orders.amend` parameters that move `line` to `priceText`; undefined for a line that cannot move. */
export function amendRequest(line: ChartLine, accountId: number, priceText: string): AmendRequest | undefined {
  if (line.orderId === undefined || line.amend === undefined) return undefined
  return line.amend === 'price'
    ? { accountId, orderId: line.orderId, price: priceText }
    : { accountId, orderId: line.orderId, triggerPrice: priceText }
}

export function moveQuestion(line: ChartLine, from: string, to: string): string {
  return `Move ${line.noun} from ${from} to ${to}?`
}

/**
 * A warning for a move that acts at once: a limit buy at or above the ask (a sell at or
 * below the bid) trades immediately, as a taker.
 */
export function crossingWarning(line: ChartLine, price: number, bid: number | undefined, ask: number | undefined): string | undefined {
  if (line.amend !== 'price' || line.side === undefined) return undefined
  if (line.side === 'buy' && ask !== undefined && ask > 0 && price >= ask) return 'At or above the ask: it will buy at once, as a taker.'
  if (line.side === 'sell' && bid !== undefined && bid > 0 && price <= bid) return 'At or below the bid: it will sell at once, as a taker.'
  return undefined
}
