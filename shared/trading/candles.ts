import type { Candle, Timeframe } from '../domain/market'

const MINUTE = 60_000

export const TIMEFRAME_MS: Readonly<Record<Timeframe, number>> = {
  '1m': MINUTE,
  '5m': 5 * MINUTE,
  '15m': 15 * MINUTE,
  '1h': 60 * MINUTE,
  '4h': 240 * MINUTE,
  '1d': 1440 * MINUTE,
}

/** Open time of the candle that contains `ts` (buckets are aligned to UTC epoch). */
export function bucketStart(ts: number, timeframe: Timeframe): number {
  const size = TIMEFRAME_MS[timeframe]
  return ts - (((ts % size) + size) % size)
}

/**
 * Folds one trade into a candle series' last candle. Returns the updated last candle
 * (a new object) and whether it opened a new bucket. A trade older than the last
 * candle's bucket is ignored (returns the last candle unchanged) so late data never
 * rewrites closed history.
 */
export function foldTrade(
  last: Candle | undefined,
  ts: number,
  price: number,
  volume: number,
  timeframe: Timeframe,
): { candle: Candle; opened: boolean } {
  const time = bucketStart(ts, timeframe)
  if (last === undefined || time > last.time) {
    return { candle: { time, open: price, high: price, low: price, close: price, volume }, opened: true }
  }
  if (time < last.time) return { candle: last, opened: false }
  return {
    candle: {
      time,
      open: last.open,
      high: Math.max(last.high, price),
      low: Math.min(last.low, price),
      close: price,
      volume: last.volume + volume,
    },
    opened: false,
  }
}

/** Aggregates ascending candles of a finer timeframe into `timeframe` buckets. */
export function aggregateCandles(candles: readonly Candle[], timeframe: Timeframe): Candle[] {
  const out: Candle[] = []
  let current: Candle | undefined
  for (const c of candles) {
    const time = bucketStart(c.time, timeframe)
    if (current === undefined || time !== current.time) {
      current = { time, open: c.open, high: c.high, low: c.low, close: c.close, volume: c.volume }
      out.push(current)
    } else {
      current.high = Math.max(current.high, c.high)
      current.low = Math.min(current.low, c.low)
      current.close = c.close
      current.volume += c.volume
    }
  }
  return out
}
