import { describe, expect, it } from 'vitest'
import { readCandles, readTrades } from '../../../../electron/venues/replay/csv-readers'
import { canonicalDecimal, exactAtoms } from '../../../../electron/venues/replay/decimal'
import { tradesToCandles } from '../../../../electron/venues/replay/trade-candles'
import { collect, recordedFiles } from './recorded-data'

const MINUTE = 60_000

describe('recorded trades aggregated to one-minute candles', () => {
  it('reproduce the 1m candle file exactly for the 10 complete minutes they cover', async () => {
    const files = recordedFiles()
    const built = await collect(tradesToCandles(readTrades(files.trades), MINUTE))
    // The capture starts at 23:54:15 and ends at 00:05:05: its first and last minutes are partial.
    const complete = built.slice(1, -1)
    expect(complete.map((c) => new Date(c.time).toISOString().slice(11, 16))).toEqual([
      '23:55', '23:56', '23:57', '23:58', '23:59', '00:00', '00:01', '00:02', '00:03', '00:04',
    ])
    const first = complete[0]?.time as number
    const last = complete.at(-1)?.time as number
    const recorded = []
    for await (const row of readCandles(files.candles1m)) {
      if (row.openTime > last) break
      if (row.openTime >= first) recorded.push(row)
    }
    expect(recorded).toHaveLength(10)
    recorded.forEach((row, i) => {
      const candle = complete[i]
      expect(candle?.time).toBe(row.openTime)
      // The candle file writes floats' shortest form ("61850.0"), the trades the exchange's
      // strings: the same decimals, compared in canonical spelling.
      const prices = (c: { open: string; high: string; low: string; close: string }) => [c.open, c.high, c.low, c.close].map(canonicalDecimal)
      expect(prices(candle as NonNullable<typeof candle>)).toEqual(prices(row))
      expect(exactAtoms(candle?.volume as string)).toBe(exactAtoms(row.volume))
    })
    expect(complete.reduce((n, c) => n + c.trades, 0)).toBeGreaterThan(15_000)
  })
})
