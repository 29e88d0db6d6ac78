import type { Timeframe } from '../../../../shared/domain/market'
import type { Fill } from '../../../../shared/domain/trading'
import { bucketStart } from '../../../../shared/trading/candles'
import { formatPrice } from '../../format'

/** A buy or sell arrow at a fill's candle and price. */
export interface FillMarker {
  id: string
  /** Open time of the candle the fill falls in, in seconds (the chart's time unit). */
  time: number
  price: number
  side: Fill['side']
  label: string
}

/**
 * Markers for the account's fills in `symbol`, oldest first (the chart wants them in
 * time order), each at the candle of the chart's timeframe it happened in.
 */
export function fillMarkers(
  fills: readonly Fill[],
  symbol: string,
  timeframe: Timeframe,
  instrument: { tickSize: string; amountStep: string },
): FillMarker[] {
  const markers: FillMarker[] = []
  for (const fill of fills) {
    if (fill.symbol !== symbol) continue
    markers.push({
      id: `fill-${fill.id}`,
      time: bucketStart(fill.ts, timeframe) / 1000,
      price: Number(fill.price),
      side: fill.side,
      label: `${fill.side === 'buy' ? 'Bought' : 'Sold'} ${formatPrice(Number(fill.amount), instrument.amountStep)} @ ${formatPrice(Number(fill.price), instrument.tickSize)}`,
    })
  }
  return markers.sort((a, b) => a.time - b.time || a.id.localeCompare(b.id, 'en', { numeric: true }))
}
