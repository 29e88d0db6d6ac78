import { describe, expect, it, vi } from 'vitest'
import type { Candle, Tick } from '../../../../shared/domain/market'
import { aggregateCandles, TIMEFRAME_MS } from '../../../../shared/trading/candles'
import { type Atoms, atomsOf } from '../../../../shared/trading/money'
import { ManualClock } from '../../../../electron/engine/clock'
import { CandleReplayFeed, type CandleReplayOptions } from '../../../../electron/venues/replay/candle-replay-feed'
import { candleSet, type CandleSetId } from '../../../../electron/venues/replay/candle-sets'
import { readCandles } from '../../../../electron/venues/replay/csv-readers'
import { exactAtoms } from '../../../../electron/venues/replay/decimal'
import { SIMULATED_MARKETS } from '../../../../electron/venues/simulator/markets'
import { SHARED_DATA_DIR, sharedDataFile } from '../../../support/shared-data'

const MINUTE = TIMEFRAME_MS['1m']
const HOUR = TIMEFRAME_MS['1h']
const DAY = TIMEFRAME_MS['1d']
const NO_CLOSES = new Map<string, number>()
const BTC_1M = 'candles/binance_spot_BTCUSDT_1m_2024-07-26_2024-08-25.csv'
const BTC_1H = 'candles/binance_spot_BTCUSDT_1h_2018-01-01_2026-05-16.csv'

function open(id: CandleSetId, options: CandleReplayOptions = {}, clock = new ManualClock(0)): Promise<CandleReplayFeed> {
  return CandleReplayFeed.open(candleSet(SHARED_DATA_DIR, id), clock, { speed: Infinity, ...options })
}

/** Plays at full speed from the feed's start until a tick at or after `until`; counts ticks stamped after now(). */
async function playUntil(feed: CandleReplayFeed, until: number): Promise<{ ticks: Tick[]; late: number }> {
  const ticks: Tick[] = []
  let late = 0
  feed.start(feed.timeline().startMs, NO_CLOSES, (batch) => {
    for (const tick of batch) {
      if (tick.ts > feed.now()) late += 1
      if (tick.ts < until) ticks.push(tick)
      else feed.stop()
    }
  })
  await feed.finished()
  return { ticks, late }
}

/** The recorded candles of a shared file in [from, to), as exact strings. */
async function recorded(file: string, from: number, to: number): Promise<Array<{ openTime: number; open: string; high: string; low: string; close: string; volume: string }>> {
  const rows = []
  for await (const row of readCandles(sharedDataFile(file))) {
    if (row.openTime >= to) break
    if (row.openTime >= from) rows.push(row)
  }
  return rows
}

/** Candles of `intervalMs` built from one symbol's ticks, the volume summed exactly. */
function aggregate(ticks: readonly Tick[], symbol: string, intervalMs: number): Array<Candle & { atoms: Atoms }> {
  const out: Array<Candle & { atoms: Atoms }> = []
  for (const tick of ticks) {
    if (tick.symbol !== symbol) continue
    const time = tick.ts - (tick.ts % intervalMs)
    const current = out.at(-1)
    if (current === undefined || current.time !== time) {
      out.push({ time, open: tick.last, high: tick.last, low: tick.last, close: tick.last, volume: 0, atoms: atomsOf(tick.volume) })
      continue
    }
    current.high = Math.max(current.high, tick.last)
    current.low = Math.min(current.low, tick.last)
    current.close = tick.last
    current.atoms += atomsOf(tick.volume)
  }
  return out
}

describe('the candle replay feed', () => {
  it('lists each file’s spot market and, where funding was recorded, its perpetual, shaped as the simulator’s', async () => {
    const feed = await open('btc-eth-1m-2024-08')
    expect(feed.source).toEqual({ id: 'replay:candles:btc-eth-1m-2024-08', name: 'Replay: Binance BTC, ETH 1m, 2024-07-26 to 2024-08-25' })
    expect(feed.instruments.map((i) => i.symbol)).toEqual(['BTC/USDT', 'BTC/USDT:USDT', 'ETH/USDT', 'ETH/USDT:USDT'])
    for (const instrument of feed.instruments) {
      const simulated = SIMULATED_MARKETS.find((m) => m.instrument.symbol === instrument.symbol)?.instrument
      expect(instrument).toEqual({ ...simulated, sources: ['replay:candles:btc-eth-1m-2024-08'] })
    }
    // ETH's file starts a minute after BTC's: the replay starts when both have.
    expect(feed.timeline()).toEqual({
      dataStartMs: Date.UTC(2024, 6, 26, 14, 15),
      startMs: Date.UTC(2024, 6, 26, 14, 16),
      endMs: Date.UTC(2024, 7, 25, 14, 24),
    })
    expect(feed.now()).toBe(Date.UTC(2024, 6, 26, 14, 16))

    // No SOL funding was recorded: SOL is spot only.
    const hourly = await open('btc-eth-sol-1h')
    expect(hourly.instruments.map((i) => i.symbol)).toEqual(['BTC/USDT', 'BTC/USDT:USDT', 'ETH/USDT', 'ETH/USDT:USDT', 'SOL/USDT'])
    expect(hourly.timeline().startMs).toBe(Date.UTC(2020, 7, 11, 6))
  })

  it('merges several markets into one stream in time order, none stamped after now()', async () => {
    const from = Date.UTC(2022, 0, 1)
    const feed = await open('btc-eth-sol-1h', { from, maxBatch: 200 })
    const { ticks, late } = await playUntil(feed, from + 2 * DAY)
    expect(late).toBe(0)
    ticks.forEach((tick, i) => i > 0 && expect(tick.ts).toBeGreaterThanOrEqual((ticks[i - 1] as Tick).ts))
    expect(new Set(ticks.map((t) => t.symbol))).toEqual(new Set(['BTC/USDT', 'BTC/USDT:USDT', 'ETH/USDT', 'ETH/USDT:USDT', 'SOL/USDT']))
    // Simultaneous ticks come in file order: BTC's, then ETH's, then SOL's.
    expect(ticks.slice(0, 5).map((t) => [t.ts, t.symbol, t.last])).toEqual([
      [from, 'BTC/USDT', 46216.93],
      [from, 'BTC/USDT:USDT', 46216.93],
      [from, 'ETH/USDT', 3676.22],
      [from, 'ETH/USDT:USDT', 3676.22],
      [from, 'SOL/USDT', 170.01],
    ])
    // Every hour of each market is there, and rebuilds its recorded candle.
    const hours = aggregate(ticks, 'BTC/USDT', HOUR)
    const rows = await recorded(BTC_1H, from, from + 2 * DAY)
    expect(hours).toHaveLength(48)
    expect(hours.map((c) => [c.time, c.open, c.high, c.low, c.close, c.atoms])).toEqual(
      rows.map((r) => [r.openTime, Number(r.open), Number(r.high), Number(r.low), Number(r.close), exactAtoms(r.volume)]),
    )
  })

  it('gives the recorded funding rate of a settlement exactly, and none for spot or unrecorded times', async () => {
    const feed = await open('btc-eth-1m-2024-08')
    // funding/binance_usdm_{BTC,ETH}USDT_perp_funding_rate_*.csv, 2024-08-05T08:00:00Z.
    const settlement = Date.UTC(2024, 7, 5, 8)
    expect(feed.fundingRate('BTC/USDT:USDT', settlement)).toBe('0.00004429')
    expect(feed.fundingRate('ETH/USDT:USDT', settlement)).toBe('-0.00000458')
    expect(feed.fundingRate('BTC/USDT', settlement)).toBeUndefined()
    expect(feed.fundingRate('BTC/USDT:USDT', settlement + HOUR)).toBeUndefined()
    // Before the contract's first funding (2019-09-10 08:00) there is none.
    expect(feed.fundingRate('BTC/USDT:USDT', Date.UTC(2019, 8, 10))).toBeUndefined()
    expect(feed.fundingRate('BTC/USDT:USDT', Date.UTC(2019, 8, 10, 8))).toBe('0.0001')
  })

  it('plays the one-minute BTC file so that its ticks rebuild the recorded candles exactly (the 2024-08-05 crash)', async () => {
    const from = Date.UTC(2024, 7, 5)
    const until = from + 6 * HOUR
    const feed = await open('btc-eth-1m-2024-08', { from })
    const { ticks } = await playUntil(feed, until)
    const rows = await recorded(BTC_1M, from, until)
    expect(rows).toHaveLength(360)
    const expected = rows.map((r) => [r.openTime, Number(r.open), Number(r.high), Number(r.low), Number(r.close), exactAtoms(r.volume)])
    const minutes = aggregate(ticks, 'BTC/USDT', MINUTE)
    expect(minutes.map((c) => [c.time, c.open, c.high, c.low, c.close, c.atoms])).toEqual(expected)
    // The perpetual, priced from the same candles, trades the same volume on its coarser step.
    expect(aggregate(ticks, 'BTC/USDT:USDT', MINUTE).map((c) => [c.time, c.open, c.high, c.low, c.close, c.atoms])).toEqual(expected)
  })

  it('plays no ticks through an exchange outage: 2018-02-08 01:00 to 2018-02-09 09:00 is missing from the 1h files', async () => {
    const from = Date.UTC(2018, 1, 7, 22)
    const feed = await open('btc-eth-sol-1h', { from })
    expect(feed.timeline().startMs).toBe(from)
    const { ticks } = await playUntil(feed, Date.UTC(2018, 1, 9, 12))
    const btc = ticks.filter((t) => t.symbol === 'BTC/USDT')
    const resumed = btc.findIndex((t) => t.ts >= Date.UTC(2018, 1, 8, 1))
    // The last tick before is the close of the 00:00 hour; the next is the open of 10:00.
    expect([btc[resumed - 1]?.ts, btc[resumed - 1]?.last]).toEqual([Date.UTC(2018, 1, 8, 0, 45), 7784.02])
    expect([btc[resumed]?.ts, btc[resumed]?.last]).toEqual([Date.UTC(2018, 1, 9, 10), 7789.9])
    expect(ticks.some((t) => t.ts > Date.UTC(2018, 1, 8, 0, 45) && t.ts < Date.UTC(2018, 1, 9, 10))).toBe(false)
  })

  it('backfills the recorded one-minute candles before its start, and for coarser data the minutes its ticks build', async () => {
    const from = Date.UTC(2024, 7, 5)
    const feed = await open('btc-eth-1m-2024-08', { from })
    const week = await feed.backfill(from - 7 * DAY, from, NO_CLOSES)
    const rows = await recorded(BTC_1M, from - 7 * DAY, from)
    expect(rows).toHaveLength(7 * 1440)
    expect(week.get('BTC/USDT')).toEqual(
      rows.map((r) => ({ time: r.openTime, open: Number(r.open), high: Number(r.high), low: Number(r.low), close: Number(r.close), volume: Number(r.volume) })),
    )
    expect([...week.keys()]).toEqual(['BTC/USDT', 'BTC/USDT:USDT', 'ETH/USDT', 'ETH/USDT:USDT'])
    expect(week.get('ETH/USDT:USDT')).toHaveLength(7 * 1440)
    // Outside the data there is nothing; [from, to) is honoured.
    expect((await feed.backfill(Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 2), NO_CLOSES)).get('BTC/USDT')).toEqual([])
    expect((await feed.backfill(from - HOUR, from - 30 * MINUTE, NO_CLOSES)).get('BTC/USDT')).toHaveLength(30)

    // Hourly data: sparse minutes (one per path point) that add up to the recorded hours.
    const day = Date.UTC(2022, 0, 1)
    const hourly = await open('btc-eth-sol-1h', { from: day + DAY })
    const minutes = (await hourly.backfill(day, day + DAY, NO_CLOSES)).get('BTC/USDT') ?? []
    expect(minutes.length).toBeGreaterThan(24 * 2)
    expect(minutes.length).toBeLessThanOrEqual(24 * 4)
    const hours = aggregateCandles(minutes, '1h')
    const expected = await recorded(BTC_1H, day, day + DAY)
    expect(hours.map((c) => [c.time, c.open, c.high, c.low, c.close])).toEqual(expected.map((r) => [r.openTime, Number(r.open), Number(r.high), Number(r.low), Number(r.close)]))
    hours.forEach((c, i) => expect(c.volume).toBeCloseTo(Number(expected[i]?.volume), 8))
  })

  it('paces playback by the injected clock at the given speed, on the recorded timeline', async () => {
    const clock = new ManualClock(1_000)
    const feed = await open('btc-eth-1m-2024-08', { speed: 60, pumpIntervalMs: 5 }, clock)
    const start = feed.timeline().startMs
    const ticks: Tick[] = []
    feed.start(start, NO_CLOSES, (batch) => ticks.push(...batch))

    // The clock has not moved: only the first candles' opens (stamped at the start) are out.
    await vi.waitFor(() => expect(ticks).toHaveLength(4))
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(feed.now()).toBe(start)
    expect(ticks.every((t) => t.ts === start)).toBe(true)

    // One clock second at speed 60 plays a recorded minute: the first candles whole and the next ones' opens.
    clock.advance(1_000)
    await vi.waitFor(() => expect(feed.now()).toBe(start + MINUTE))
    await vi.waitFor(() => expect(ticks.filter((t) => t.ts === start + MINUTE)).toHaveLength(4))
    expect(ticks.every((t) => t.ts <= start + MINUTE)).toBe(true)
    feed.stop()
    await feed.finished()
  })

  it('starts where asked, aligned to a candle, within the data; refuses a start after it', async () => {
    const feed = await open('btc-eth-sol-1h', { from: Date.UTC(2021, 5, 1, 10, 30) })
    expect(feed.now()).toBe(Date.UTC(2021, 5, 1, 10))
    expect((await open('btc-eth-sol-1h', { from: Date.UTC(2010, 0, 1) })).timeline().startMs).toBe(Date.UTC(2018, 0, 1))
    await expect(open('btc-eth-1m-2024-08', { from: Date.UTC(2024, 8, 1) })).rejects.toThrow(
      'Replay: Binance BTC, ETH 1m, 2024-07-26 to 2024-08-25: the data ends 2024-08-25T14:24:00.000Z, before the requested start 2024-09-01T00:00:00.000Z',
    )
    expect(() => candleSet('/no/such/folder', 'btc-eth-5m')).toThrow('The data folder /no/such/folder does not exist')
  })

  it('continues from seek(), inside a candle and before the default start, and says when it has played out', async () => {
    // The 1h set, a ledger that stopped in the 10:00 candle at 10:20: the rest of that candle plays.
    const hourly = await open('btc-eth-sol-1h', { from: Date.UTC(2021, 5, 1, 10) })
    hourly.seek(Date.UTC(2021, 5, 1, 10, 21))
    expect(hourly.now()).toBe(Date.UTC(2021, 5, 1, 10, 21))
    expect(hourly.startsAt()).toBe(Date.UTC(2021, 5, 1, 10, 21))
    const { ticks } = await playUntil(hourly, Date.UTC(2021, 5, 1, 11, 1))
    expect([...new Set(ticks.map((t) => new Date(t.ts).toISOString().slice(11, 16)))]).toEqual(['10:30', '10:45', '11:00'])

    // Before the set's default start (a ledger begun with an earlier --from), at the earliest its first candle.
    const fiveMinutes = await open('btc-eth-5m')
    expect(fiveMinutes.startsAt()).toBe(Date.UTC(2024, 11, 31))
    fiveMinutes.seek(Date.UTC(2024, 5, 1, 0, 1))
    expect(fiveMinutes.now()).toBe(Date.UTC(2024, 5, 1, 0, 1))
    fiveMinutes.seek(0)
    expect(fiveMinutes.now()).toBe(Date.UTC(2024, 2, 1))

    // The end: the last candle's close; onEnd follows its last tick, and never a stop().
    const monthly = await open('btc-eth-1m-2024-08', { from: Date.UTC(2024, 7, 25, 14, 20) })
    expect(monthly.endsAt()).toBe(Date.UTC(2024, 7, 25, 14, 24))
    let ended = 0
    const played: Tick[] = []
    monthly.start(monthly.startsAt(), NO_CLOSES, (batch) => played.push(...batch), () => (ended += 1))
    await monthly.finished()
    expect(ended).toBe(1)
    expect(played.at(-1)?.ts).toBe(Date.UTC(2024, 7, 25, 14, 23, 45))
    monthly.start(monthly.startsAt(), NO_CLOSES, () => monthly.stop(), () => (ended += 1))
    await monthly.finished()
    expect(ended).toBe(1)
  })

  it('reaches its first tick quickly, even deep inside the largest files', async () => {
    for (const [id, from] of [['btc-eth-5m', undefined], ['btc-eth-5m', Date.UTC(2026, 1, 1)], ['btc-eth-sol-1h', Date.UTC(2026, 4, 1)], ['btc-eth-1m-2024-08', undefined]] as const) {
      const started = performance.now()
      const feed = await open(id, from === undefined ? {} : { from })
      const { startMs } = feed.timeline()
      await feed.backfill(startMs - 7 * DAY, startMs, NO_CLOSES)
      const first = await new Promise<number>((resolve) => {
        feed.start(startMs, NO_CLOSES, () => {
          feed.stop()
          resolve(performance.now())
        })
      })
      await feed.finished()
      console.info(`${id} from ${new Date(startMs).toISOString()}: first tick after ${(first - started).toFixed(0)} ms (open, a week of backfill, start)`)
    }
  })
})
