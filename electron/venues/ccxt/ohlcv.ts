import type { OHLCV } from 'ccxt'
import type { Candle } from '../../../shared/domain/market'

/** A ccxt OHLCV row as a candle; undefined for a row with a missing or non-finite field. */
export function candleOf(row: OHLCV): Candle | undefined {
  const [time, open, high, low, close, volume] = row
  if ([time, open, high, low, close, volume].some((v) => typeof v !== 'number' || !Number.isFinite(v))) return undefined
  return { time: time as number, open: open as number, high: high as number, low: low as number, close: close as number, volume: volume as number }
}
