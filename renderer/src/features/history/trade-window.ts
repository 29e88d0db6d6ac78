import { TIMEFRAMES, type Candle, type Timeframe } from '../../../../shared/domain/market'
import { bucketStart, TIMEFRAME_MS } from '../../../../shared/trading/candles'

/** The trade itself spans at most this many candles of the chosen timeframe. */
const TRADE_BARS = 120
/** Context shown before and after the trade: a quarter of its span, at least this many candles. */
const MIN_MARGIN_BARS = 15

/** Which candles to ask `candles.history` for to show a trade with some context around it. */
export interface CandleWindow {
  timeframe: Timeframe
  /** Open time of the first candle wanted (epoch ms). */
  from: number
  /** `candles.history`'s `before`: candles opening before this instant. */
  before: number
  limit: number
}

/** The smallest timeframe that shows the trade in TRADE_BARS candles, with margins either side. `end` is the close, or now while open. */
export function candleWindow(openedAt: number, end: number): CandleWindow {
  const span = Math.max(end - openedAt, 0)
  const timeframe = TIMEFRAMES.find((tf) => span / TIMEFRAME_MS[tf] <= TRADE_BARS) ?? '1d'
  const size = TIMEFRAME_MS[timeframe]
  const margin = Math.max(span / 4, MIN_MARGIN_BARS * size)
  const from = bucketStart(openedAt - margin, timeframe)
  const before = bucketStart(end + margin, timeframe) + size
  return { timeframe, from, before, limit: Math.round((before - from) / size) }
}

/**
 * The candles of the window, or none when the cache has nothing during the trade itself
 * (old or imported trades): candles from before it alone would only mislead.
 */
export function candlesForTrade(candles: readonly Candle[], window: CandleWindow, openedAt: number, end: number): Candle[] {
  const inWindow = candles.filter((c) => c.time >= window.from && c.time < window.before)
  const size = TIMEFRAME_MS[window.timeframe]
  const covers = inWindow.some((c) => c.time + size > openedAt && c.time <= end)
  return covers ? inWindow : []
}

/**
 * The protective levels (stop-loss, take-profit) worth widening the price scale for: those
 * within the candles' own high-low range beyond them. One further away would flatten the
 * candles; it is named beside the chart instead.
 */
export function levelsNearCandles(candles: readonly Candle[], levels: readonly number[]): number[] {
  if (candles.length === 0) return []
  const low = Math.min(...candles.map((c) => c.low))
  const high = Math.max(...candles.map((c) => c.high))
  const reach = high - low
  return levels.filter((level) => level >= low - reach && level <= high + reach)
}
