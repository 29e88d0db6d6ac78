import type { OrderSide } from '../domain/trading'
import { divRound, mul, type Atoms } from './money'

/**
 * A trailing stop's trigger (as the engine sets it, and the ticket previews it): the
 * distance (a price, or a fraction of the watched price) away from it, on the tick,
 * rounded away from the price. Undefined when a sell's distance reaches zero.
 */
export function trailingTriggerPrice(side: OrderSide, anchor: Atoms, distance: Atoms | undefined, percent: Atoms | undefined, tick: Atoms): Atoms | undefined {
  const away = distance ?? mul(anchor, percent ?? 0n, 'half-up')
  if (side === 'sell') {
    const raw = anchor - away
    return raw <= 0n ? undefined : (raw / tick) * tick
  }
  return divRound(anchor + away, tick, 'up') * tick
}
