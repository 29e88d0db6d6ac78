import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Tick } from '../../../../shared/domain/market'
import { TIMEFRAME_MS } from '../../../../shared/trading/candles'
import { atomsOf } from '../../../../shared/trading/money'
import { ManualClock } from '../../../../electron/engine/clock'
import { candlePath, candleTicks, splitVolume } from '../../../../electron/venues/replay/candle-path'
import { CandleReplayFeed } from '../../../../electron/venues/replay/candle-replay-feed'
import type { CandleRow } from '../../../../electron/venues/replay/csv-readers'
import { useTempDirs } from '../../../support/temp-dir'

const tempDir = useTempDirs()
const HOUR = TIMEFRAME_MS['1h']
const T = Date.UTC(2024, 7, 5, 8)
const BTC_SPOT = { symbol: 'BTC/USDT', amountStep: 1_000n } // 0.00001
const BTC_PERP = { symbol: 'BTC/USDT:USDT', amountStep: 100_000n } // 0.001

function candle(open: string, high: string, low: string, close: string, volume = '1', openTime = T): CandleRow {
  return { openTime, open, high, low, close, volume }
}

const prices = (c: CandleRow): string[] => candlePath(c, HOUR).map((p) => p.price)

describe('the intra-bar path of a candle', () => {
  it('visits the extreme nearer the open first, then the other, then closes', () => {
    expect(prices(candle('100', '101', '95', '98'))).toEqual(['100', '101', '95', '98'])
    expect(prices(candle('100', '106', '99.5', '104'))).toEqual(['100', '99.5', '106', '104'])
  })

  it('on equal distances dips first in a rising candle and rises first in a falling one', () => {
    expect(prices(candle('100', '102', '98', '101'))).toEqual(['100', '98', '102', '101'])
    expect(prices(candle('100', '102', '98', '99'))).toEqual(['100', '102', '98', '99'])
  })

  it('compares distances exactly, not in floating point', () => {
    // 100.2 - 100.1 and 100.1 - 100.0 differ in doubles; exactly they tie, and the candle falls.
    expect(prices(candle('100.1', '100.2', '100.0', '100.05'))).toEqual(['100.1', '100.2', '100.0', '100.05'])
  })

  it('places the points at quarters of the interval and drops repeated prices, keeping the slots of the rest', () => {
    expect(candlePath(candle('100', '101', '95', '98'), HOUR).map((p) => p.offset)).toEqual([0, HOUR / 4, HOUR / 2, (3 * HOUR) / 4])
    // Opening at the low: open, high, close.
    expect(candlePath(candle('95', '101', '95', '98'), HOUR)).toEqual([
      { offset: 0, price: '95' },
      { offset: HOUR / 2, price: '101' },
      { offset: (3 * HOUR) / 4, price: '98' },
    ])
    // A halted hour (zero volume, one price) is one tick.
    expect(candlePath(candle('8000', '8000', '8000', '8000', '0'), HOUR)).toEqual([{ offset: 0, price: '8000' }])
  })

  it('refuses a candle whose open or close lies outside its range', () => {
    expect(() => candlePath(candle('100', '101', '99', '102'), HOUR)).toThrow(/outside \[low, high\]/)
  })
})

describe('splitting a candle volume over its ticks', () => {
  it('sums exactly, in whole steps but for the last part, which takes what is finer than the step', () => {
    // 1.234567 BTC (an old file's 6 decimals) over 4 ticks on the 0.00001 step.
    const shares = splitVolume(123_456_700n, 4, 1_000n)
    expect(shares).toEqual([30_864_000n, 30_864_000n, 30_864_000n, 30_864_700n])
    expect(splitVolume(0n, 3, 1_000n)).toEqual([0n, 0n, 0n])
  })

  it('holds for any volume, part count and step', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.integer({ min: 1, max: 4 }), fc.constantFrom(1n, 1_000n, 10_000n, 100_000n, 1_000_000n), (volume, parts, step) => {
        const shares = splitVolume(volume, parts, step)
        expect(shares).toHaveLength(parts)
        expect(shares.reduce((a, b) => a + b, 0n)).toBe(volume)
        shares.slice(0, -1).forEach((share) => expect(share % step).toBe(0n))
        const whole = shares.map((share) => share / step)
        expect(Math.max(...whole.map(Number)) - Math.min(...whole.map(Number))).toBeLessThanOrEqual(1)
      }),
    )
  })
})

describe('the ticks of a candle', () => {
  it('play every listing priced from it, inside the interval, with bid = ask = last and the volume split exactly per listing', () => {
    for (const timeframe of ['1m', '5m', '1h', '1d'] as const) {
      const interval = TIMEFRAME_MS[timeframe]
      const c = candle('61712.41', '61838', '61712.4', '61783.99', '29.67747')
      const ticks = candleTicks(c, interval, [BTC_SPOT, BTC_PERP])
      expect(ticks.map((t) => t.symbol)).toEqual(['BTC/USDT', 'BTC/USDT:USDT', 'BTC/USDT', 'BTC/USDT:USDT', 'BTC/USDT', 'BTC/USDT:USDT', 'BTC/USDT', 'BTC/USDT:USDT'])
      expect(ticks.map((t) => t.last)).toEqual([61712.41, 61712.41, 61712.4, 61712.4, 61838, 61838, 61783.99, 61783.99])
      for (const tick of ticks) {
        expect(tick.ts).toBeGreaterThanOrEqual(T)
        expect(tick.ts).toBeLessThan(T + interval)
        expect([tick.bid, tick.ask]).toEqual([tick.last, tick.last])
      }
      for (const symbol of ['BTC/USDT', 'BTC/USDT:USDT']) {
        const volume = ticks.filter((t) => t.symbol === symbol).reduce((sum, t) => sum + atomsOf(t.volume), 0n)
        expect(volume).toBe(2_967_747_000n)
      }
      // The perpetual's volume is on its 0.001 step but for the close, which also takes the 0.00047 below it.
      expect(ticks.filter((t) => t.symbol === 'BTC/USDT:USDT').map((t) => t.volume)).toEqual([7.42, 7.419, 7.419, 7.41947])
    }
  })
})

describe('a gap in the candles', () => {
  it('plays no ticks: the replay jumps from the last close before it to the next open', async () => {
    const dir = tempDir()
    const file = join(dir, 'candles.csv')
    const row = (time: number, o: string, h: string, l: string, c: string): string =>
      `${time},${new Date(time).toISOString().replace('.000Z', 'Z')},${o},${h},${l},${c},2`
    // 08:00, then an outage, then 11:00 (a real gap in the 1h files looks like this: no rows).
    writeFileSync(
      file,
      ['open_time_ms,open_time_utc,open,high,low,close,volume', row(T, '100', '101', '99', '100.5'), row(T + 3 * HOUR, '90', '92', '89', '91')].join('\n') + '\n',
    )
    const feed = await CandleReplayFeed.open(
      { source: { id: 'test', name: 'Test' }, timeframe: '1h', markets: [{ base: 'BTC', candles: file }] },
      new ManualClock(0),
      { speed: Infinity },
    )
    const ticks: Tick[] = []
    feed.start(T, new Map(), (batch) => ticks.push(...batch))
    await feed.finished()
    expect(ticks.map((t) => [t.ts - T, t.last])).toEqual([
      [0, 100],
      [HOUR / 4, 99],
      [HOUR / 2, 101],
      [(3 * HOUR) / 4, 100.5],
      [3 * HOUR, 90],
      [3 * HOUR + HOUR / 4, 89],
      [3 * HOUR + HOUR / 2, 92],
      [3 * HOUR + (3 * HOUR) / 4, 91],
    ])
  })
})
