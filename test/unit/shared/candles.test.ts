import { describe, expect, it } from 'vitest'
import type { Candle } from '../../../shared/domain/market'
import { aggregateCandles, bucketStart, foldTrade } from '../../../shared/trading/candles'
import { readCandleCsv } from '../../support/shared-data'

const T0 = Date.UTC(2024, 7, 8, 23, 55)

describe('bucketStart', () => {
  it('aligns to the timeframe in UTC', () => {
    expect(bucketStart(T0 + 59_999, '1m')).toBe(T0)
    expect(bucketStart(T0 + 60_000, '1m')).toBe(T0 + 60_000)
    expect(bucketStart(Date.UTC(2024, 7, 8, 23, 59), '4h')).toBe(Date.UTC(2024, 7, 8, 20))
    expect(bucketStart(Date.UTC(2024, 7, 8, 23, 59), '1d')).toBe(Date.UTC(2024, 7, 8))
  })
})

describe('foldTrade', () => {
  it('opens, extends and closes candles', () => {
    let c = foldTrade(undefined, T0 + 1_000, 100, 1, '1m')
    expect(c).toEqual({ candle: { time: T0, open: 100, high: 100, low: 100, close: 100, volume: 1 }, opened: true })
    c = foldTrade(c.candle, T0 + 2_000, 105, 2, '1m')
    c = foldTrade(c.candle, T0 + 3_000, 95, 0.5, '1m')
    expect(c).toEqual({ candle: { time: T0, open: 100, high: 105, low: 95, close: 95, volume: 3.5 }, opened: false })
    const next = foldTrade(c.candle, T0 + 60_000, 96, 1, '1m')
    expect(next.opened).toBe(true)
    expect(next.candle.open).toBe(96)
  })

  it('never rewrites a candle with a trade from an earlier bucket', () => {
    const current: Candle = { time: T0, open: 1, high: 2, low: 1, close: 2, volume: 1 }
    expect(foldTrade(current, T0 - 1, 50, 10, '1m')).toEqual({ candle: current, opened: false })
  })
})

describe('aggregateCandles on real Binance data', () => {
  it('turns the BTC/USDT 1m file into exactly the 5m file on their overlap', () => {
    const minutes = readCandleCsv('candles/binance_spot_BTCUSDT_1m_2024-07-26_2024-08-25.csv')
    const fives = readCandleCsv('candles/binance_spot_BTCUSDT_5m_2024-03-01_2026-02-19.csv')
    // Only whole 5m buckets: drop a partial first and last bucket.
    const first = bucketStart(minutes[0]!.time, '5m') + (minutes[0]!.time % 300_000 === 0 ? 0 : 300_000)
    const last = bucketStart(minutes.at(-1)!.time, '5m')
    const aggregated = aggregateCandles(
      minutes.filter((c) => c.time >= first && c.time < last),
      '5m',
    )
    const expected = new Map(fives.map((c) => [c.time, c]))
    expect(aggregated.length).toBeGreaterThan(8_000)
    for (const candle of aggregated) {
      const reference = expected.get(candle.time)!
      expect(candle.open).toBe(reference.open)
      expect(candle.high).toBe(reference.high)
      expect(candle.low).toBe(reference.low)
      expect(candle.close).toBe(reference.close)
      // Summing float volumes reorders rounding; the source files agree to the last significant digit.
      expect(candle.volume).toBeCloseTo(reference.volume, 6)
    }
  })
})
