import { describe, expect, it, vi } from 'vitest'
import type { Candle, Tick } from '../../../../shared/domain/market'
import { foldTrade } from '../../../../shared/trading/candles'
import { atomsOf } from '../../../../shared/trading/money'
import { ManualClock } from '../../../../electron/engine/clock'
import { readTrades } from '../../../../electron/venues/replay/csv-readers'
import { exactAtoms } from '../../../../electron/venues/replay/decimal'
import { REPLAY_INSTRUMENT, REPLAY_SOURCE, ReplayFeed } from '../../../../electron/venues/replay/replay-feed'
import { recordedFiles } from './recorded-data'

const MINUTE = 60_000
const NO_CLOSES = new Map<string, number>()
/** 2024-08-08 23:54 UTC: the minute the capture starts in. */
const FIRST_MINUTE = Date.UTC(2024, 7, 8, 23, 54)

/** Whole cents, for exact comparisons of prices that are on the 0.01 grid. */
const cents = (price: number): number => Math.round(price * 100)

async function playAll(feed: ReplayFeed, from = 0): Promise<{ ticks: Tick[]; batches: number; late: number }> {
  const ticks: Tick[] = []
  let batches = 0
  let late = 0
  feed.start(from, NO_CLOSES, (batch) => {
    batches += 1
    for (const tick of batch) if (tick.ts > feed.now()) late += 1
    ticks.push(...batch)
  })
  await feed.finished()
  return { ticks, batches, late }
}

describe('the replay feed', () => {
  it('describes one BTC/USDT spot market from its own source', async () => {
    const feed = await ReplayFeed.open(recordedFiles(), new ManualClock(0))
    expect(feed.source).toEqual(REPLAY_SOURCE)
    expect(feed.instruments).toEqual([REPLAY_INSTRUMENT])
    expect(REPLAY_INSTRUMENT).toMatchObject({ symbol: 'BTC/USDT', tickSize: '0.01', amountStep: '0.00001', sources: [REPLAY_SOURCE.id] })
    const timeline = await feed.timeline()
    // The collector's clock ran about 1.27 s behind the exchange.
    expect(timeline.lagMs).toBe(1277)
    expect(new Date(timeline.startMs).toISOString()).toBe('2024-08-08T23:54:15.214Z')
    expect(new Date(timeline.endMs).toISOString()).toBe('2024-08-09T00:05:05.802Z')
    expect(feed.now()).toBe(timeline.startMs)
  })

  it('plays every trade as a tick, in time order, at speed Infinity', async () => {
    const files = recordedFiles()
    const feed = await ReplayFeed.open(files, new ManualClock(0), { speed: Infinity, maxBatch: 500 })
    const started = performance.now()
    const { ticks, batches, late } = await playAll(feed)
    console.info(`replay at speed Infinity: ${ticks.length} ticks in ${batches} batches, ${(performance.now() - started).toFixed(0)} ms`)

    expect(ticks).toHaveLength(19_904)
    expect(batches).toBeGreaterThanOrEqual(40)
    expect(late).toBe(0)
    let volume = 0n
    let inBand = 0
    for (const [i, tick] of ticks.entries()) {
      expect(tick.symbol).toBe('BTC/USDT')
      if (i > 0) expect(tick.ts).toBeGreaterThanOrEqual((ticks[i - 1] as Tick).ts)
      expect(tick.bid).toBeLessThan(tick.ask)
      if (cents(tick.last) >= cents(tick.bid) - 1 && cents(tick.last) <= cents(tick.ask) + 1) inBand += 1
      volume += atomsOf(tick.volume)
    }
    let recorded = 0n
    for await (const trade of readTrades(files.trades)) recorded += exactAtoms(trade.qty)
    expect(volume).toBe(recorded)

    // The trade stream reaches the collector after the book ticker that already shows the
    // trade's effect (a sweep's levels gone, new quotes inside), so a trade price often lies
    // outside the latest bid/ask: only 11,439 of 19,904 ticks (57 %) are within one tick of it.
    expect(inBand).toBe(11_439)

    // The book the replay exposes is the one at the end of the window.
    expect(feed.book()?.lastUpdateId).toBe(50093696318)
    expect(feed.book()?.bestAsk()).toEqual({ price: '61602.02', quantity: '2.66795' })
    expect(feed.now()).toBe((await feed.timeline()).endMs + 10)
  })

  it('paces playback by the injected clock at the given speed', async () => {
    const clock = new ManualClock(1_000)
    const feed = await ReplayFeed.open(recordedFiles(), clock, { speed: 10, pumpIntervalMs: 5 })
    const { startMs, lagMs } = await feed.timeline()
    const ticks: Tick[] = []
    feed.start(0, NO_CLOSES, (batch) => ticks.push(...batch))

    // The clock has not moved: the replay waits after its first event (a depth update
    // received before the snapshot), with no book yet and nothing sent.
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(feed.now()).toBe(startMs)
    expect(feed.book()).toBeUndefined()
    expect(ticks).toHaveLength(0)

    // One clock second at speed 10 plays ten recorded seconds.
    clock.advance(1_000)
    await vi.waitFor(() => expect(feed.now()).toBe(startMs + 10_000))
    let due = 0
    for await (const trade of readTrades(recordedFiles().trades)) {
      if (Number(trade.localRecvNs / 1_000_000n) + lagMs <= startMs + 10_000) due += 1
    }
    expect(due).toBeGreaterThan(100)
    expect(ticks).toHaveLength(due)
    expect(ticks.every((t) => t.ts <= startMs + 10_000)).toBe(true)

    feed.stop()
    await feed.finished()
    clock.advance(60_000)
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(ticks).toHaveLength(due)
  })

  it('seeks to a `from` inside the recording, bringing the book along but sending no earlier trades', async () => {
    const files = recordedFiles()
    const feed = await ReplayFeed.open(files, new ManualClock(0), { speed: Infinity })
    const { startMs, lagMs } = await feed.timeline()
    const from = startMs + 5 * MINUTE
    let expected = 0
    for await (const trade of readTrades(files.trades)) if (Number(trade.localRecvNs / 1_000_000n) + lagMs >= from) expected += 1
    const { ticks } = await playAll(feed, from)
    expect(ticks).toHaveLength(expected)
    expect(ticks[0]?.ts).toBeGreaterThan(from - 2_000)
    expect(feed.book()?.lastUpdateId).toBe(50093696318)

    // After the end there is nothing to play; the feed can be started again.
    const after = await playAll(feed, (await feed.timeline()).endMs + 1)
    expect(after.ticks).toHaveLength(0)
  })

  it('backfills the recorded minutes before the replay, on the recording timeline', async () => {
    const feed = new ReplayFeed(recordedFiles(), new ManualClock(0), { contextMs: 6 * 60 * MINUTE })
    const week = await feed.backfill(FIRST_MINUTE - 7 * 24 * 60 * MINUTE, FIRST_MINUTE, NO_CLOSES)
    const candles = week.get('BTC/USDT') ?? []
    expect(candles).toHaveLength(360)
    expect(candles[0]?.time).toBe(FIRST_MINUTE - 360 * MINUTE)
    expect(candles.at(-1)).toEqual({ time: FIRST_MINUTE - MINUTE, open: 61712.41, high: 61838, low: 61712.4, close: 61783.99, volume: 29.67747 })
    expect(candles.every((c, i) => i === 0 || c.time === (candles[i - 1]?.time as number) + MINUTE)).toBe(true)

    // [from, to) is honoured.
    const hour = await feed.backfill(FIRST_MINUTE - 60 * MINUTE, FIRST_MINUTE - 30 * MINUTE, NO_CLOSES)
    expect(hour.get('BTC/USDT')).toHaveLength(30)
    // From the replay's first minute on, the minutes playing it builds (the first and last
    // partial), which a replay continuing on its ledger needs for the minute it stopped in.
    const played = new ReplayFeed(recordedFiles(), new ManualClock(0), { speed: Infinity })
    const built: Candle[] = []
    for (const tick of (await playAll(played)).ticks) {
      const { candle, opened } = foldTrade(built.at(-1), tick.ts, tick.last, tick.volume, '1m')
      if (opened) built.push(candle)
      else built[built.length - 1] = candle
    }
    const later = feed.backfill(FIRST_MINUTE, FIRST_MINUTE + 60 * MINUTE, NO_CLOSES)
    const minutes = (await later).get('BTC/USDT') ?? []
    expect(minutes.map((c) => new Date(c.time).toISOString().slice(11, 16))).toEqual([
      '23:54', '23:55', '23:56', '23:57', '23:58', '23:59', '00:00', '00:01', '00:02', '00:03', '00:04', '00:05',
    ])
    expect(minutes.map(({ volume: _v, ...prices }) => prices)).toEqual(built.map(({ volume: _v, ...prices }) => prices))
    minutes.forEach((c, i) => expect(c.volume).toBeCloseTo(built[i]?.volume as number, 6))
    const some = await feed.backfill(FIRST_MINUTE - 2 * MINUTE, FIRST_MINUTE + 2 * MINUTE, NO_CLOSES)
    expect(some.get('BTC/USDT')?.map((c) => c.time)).toEqual([-2, -1, 0, 1].map((i) => FIRST_MINUTE + i * MINUTE))
    // Wall-clock times lie outside the recording: no candles.
    const wall = await feed.backfill(Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 2), NO_CLOSES)
    expect(wall.get('BTC/USDT')).toEqual([])
  })

  it('continues from seek(): its clock reads it, no trade stamped before it is sent, and onEnd follows the last event', async () => {
    const files = recordedFiles()
    const feed = await ReplayFeed.open(files, new ManualClock(0), { speed: Infinity })
    const { startMs, endMs } = await feed.timeline()
    expect(feed.startsAt()).toBe(startMs)
    expect(feed.endsAt()).toBe(endMs + 1)
    const resumeAt = FIRST_MINUTE + 3 * MINUTE
    feed.seek(resumeAt)
    expect(feed.now()).toBe(resumeAt)
    expect(feed.startsAt()).toBe(resumeAt)
    let expected = 0
    for await (const trade of readTrades(files.trades)) if (trade.tradeTime >= resumeAt) expected += 1
    let ended = 0
    const ticks: Tick[] = []
    feed.start(resumeAt, NO_CLOSES, (batch) => ticks.push(...batch), () => (ended += 1))
    await feed.finished()
    expect(ticks).toHaveLength(expected)
    expect(Math.min(...ticks.map((t) => t.ts))).toBeGreaterThanOrEqual(resumeAt)
    expect(ended).toBe(1)

    // A seek before the recording is its start.
    const early = await ReplayFeed.open(files, new ManualClock(0))
    early.seek(FIRST_MINUTE)
    expect(early.now()).toBe(startMs)
  })

  it('reports a broken recording through onError and finished()', async () => {
    const files = { ...recordedFiles(), depthUpdates: recordedFiles().bookTicker }
    const errors: unknown[] = []
    const feed = new ReplayFeed(files, new ManualClock(0), { speed: Infinity, onError: (e) => errors.push(e) })
    feed.start(0, NO_CLOSES, () => undefined)
    await expect(feed.finished()).rejects.toThrow(/line 1: expected header/)
    expect(errors).toHaveLength(1)
  })
})
