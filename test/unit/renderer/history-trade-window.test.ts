import { describe, expect, it } from 'vitest'
import type { Candle } from '../../../shared/domain/market'
import { candlesForTrade, candleWindow, levelsNearCandles } from '../../../renderer/src/features/history/trade-window'

const MIN = 60_000
const HOUR = 60 * MIN
const T0 = Date.UTC(2024, 7, 5, 12, 0)
const candle = (time: number): Candle => ({ time, open: 1, high: 1, low: 1, close: 1, volume: 1 })

describe('the candles a trade is shown on', () => {
  it('picks the smallest timeframe that fits the trade, with a margin either side', () => {
    const scalp = candleWindow(T0 + 30_000, T0 + 20 * MIN)
    expect(scalp.timeframe).toBe('1m')
    expect(scalp.from).toBe(T0 - 15 * MIN)
    expect(scalp.before).toBe(T0 + 36 * MIN)
    expect(scalp.limit).toBe(51)

    expect(candleWindow(T0, T0 + 5 * HOUR).timeframe).toBe('5m')
    expect(candleWindow(T0, T0 + 3 * 24 * HOUR).timeframe).toBe('1h')
    expect(candleWindow(T0, T0 + 60 * 24 * HOUR).timeframe).toBe('1d')
    expect(candleWindow(T0, T0 + 2 * 365 * 24 * HOUR).timeframe).toBe('1d')
  })

  it('asks for exactly the candles of the window', () => {
    const w = candleWindow(T0, T0 + 8 * HOUR)
    expect(w.timeframe).toBe('5m')
    expect((w.before - w.from) / (5 * MIN)).toBe(w.limit)
    expect(w.from).toBeLessThan(T0 - 2 * HOUR + 1)
  })

  it('keeps the window’s candles when some fall during the trade', () => {
    const w = candleWindow(T0, T0 + 10 * MIN)
    const candles = [candle(w.from - MIN), candle(w.from), candle(T0 + 5 * MIN), candle(w.before)]
    expect(candlesForTrade(candles, w, T0, T0 + 10 * MIN).map((c) => c.time)).toEqual([w.from, T0 + 5 * MIN])
  })

  it('shows none when the cache has nothing during the trade (old or imported trades)', () => {
    const w = candleWindow(T0, T0 + 10 * MIN)
    expect(candlesForTrade([], w, T0, T0 + 10 * MIN)).toEqual([])
    // Only the margin before it is cached: that alone would mislead.
    expect(candlesForTrade([candle(w.from), candle(w.from + MIN)], w, T0, T0 + 10 * MIN)).toEqual([])
  })
})

describe('stop-loss and take-profit on the trade chart', () => {
  const ranged = (low: number, high: number): Candle => ({ time: T0, open: low, high, low, close: high, volume: 1 })

  it('widens the scale for levels near the candles, not for those far away', () => {
    const candles = [ranged(100, 104), ranged(101, 110)]
    // The candles span 100..110: levels from 90 to 120 are near.
    expect(levelsNearCandles(candles, [95, 120, 121, 60])).toEqual([95, 120])
    expect(levelsNearCandles([], [95])).toEqual([])
  })
})
