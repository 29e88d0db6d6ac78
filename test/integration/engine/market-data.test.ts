import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { EventName } from '../../../shared/contract'
import type { Tick } from '../../../shared/domain/market'
import { bucketStart } from '../../../shared/trading/candles'
import { silentLogger } from '../../../electron/core/log'
import { EventBus } from '../../../electron/engine/bus'
import { ManualClock } from '../../../electron/engine/clock'
import { HISTORY_WINDOW_MS, MarketData } from '../../../electron/engine/market-data'
import { closeLedger, openLedger, type Db } from '../../../electron/ledger/db'
import { CandleRepo } from '../../../electron/ledger/repos/candle-repo'
import { SimulatedFeed } from '../../../electron/venues/simulator/simulated-feed'
import { useTempDirs } from '../../support/temp-dir'

const tempDir = useTempDirs()
const START = Date.UTC(2026, 10, 21, 8, 0, 30)
const PUMP_MS = 100

interface Harness {
  db: Db
  repo: CandleRepo
  market: MarketData
  clock: ManualClock
  published: Array<{ name: EventName; payload: unknown }>
}

function harness(file: string, now: number, seed = 11): Harness {
  const db = openLedger(file, { now })
  const repo = new CandleRepo(db)
  const clock = new ManualClock(now)
  const bus = new EventBus(silentLogger)
  const published: Harness['published'] = []
  bus.subscribe((name, payload) => published.push({ name, payload }))
  const market = new MarketData(new SimulatedFeed(seed, clock, PUMP_MS), repo, bus, clock)
  return { db, repo, market, clock, published }
}

/** Moves simulated time forward and lets the feed's pump timer run for it. */
function run(h: Harness, ms: number): void {
  for (let elapsed = 0; elapsed < ms; elapsed += PUMP_MS) {
    h.clock.advance(PUMP_MS)
    vi.advanceTimersByTime(PUMP_MS)
  }
}

const ticksOf = (h: Harness): Tick[] =>
  h.published.filter((e) => e.name === 'market.ticked').flatMap((e) => (e.payload as { ticks: Tick[] }).ticks)

describe('market data on the simulated feed', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('gives a new ledger a week of one-minute history, then streams', async () => {
    const h = harness(join(tempDir(), 'ledger.sqlite'), START)
    await h.market.start()
    const key = { source: 'simulator', symbol: 'ETH/USDT', timeframe: '1m' } as const
    const minute = START - (START % 60_000)
    expect(h.repo.range(key, 0, Number.MAX_SAFE_INTEGER)).toHaveLength(HISTORY_WINDOW_MS / 60_000)
    expect(h.repo.latest(key)?.time).toBe(minute - 60_000)
    expect(ticksOf(h).length).toBeGreaterThan(0)
    expect(h.market.feedStatus().state).toBe('live')

    const hours = h.market.history('ETH/USDT', '1h', 24)
    expect(hours).toHaveLength(24)
    for (const c of hours) expect(c.time % 3_600_000).toBe(0)
    h.market.stop()
    closeLedger(h.db)
  })

  it('commits closed candles to the ledger before publishing the ticks that closed them', async () => {
    const h = harness(join(tempDir(), 'ledger.sqlite'), START)
    await h.market.start()
    const firstLiveMinute = START - (START % 60_000)
    const missing: string[] = []
    let checked = 0
    ;(h.market as unknown as { bus: EventBus }).bus.subscribe((name, payload) => {
      if (name !== 'market.ticked') return
      for (const tick of (payload as { ticks: Tick[] }).ticks) {
        const minute = bucketStart(tick.ts, '1m')
        if (minute === firstLiveMinute) continue
        checked += 1
        const stored = h.repo.latest({ source: 'simulator', symbol: tick.symbol, timeframe: '1m' })?.time ?? 0
        if (stored < minute - 60_000) missing.push(`${tick.symbol} ${new Date(minute).toISOString()}`)
      }
    })
    run(h, 3 * 60_000)
    expect(checked).toBeGreaterThan(1_000)
    expect(missing).toEqual([])
    const summary = h.market.summaries().find((s) => s.instrument.symbol === 'BTC/USDT')!
    expect(summary.high24h).toBeGreaterThanOrEqual(summary.low24h)
    expect(summary.last).toBe(ticksOf(h).filter((t) => t.symbol === 'BTC/USDT').at(-1)!.last)
    expect(h.published.some((e) => e.name === 'markets.summarized')).toBe(true)
    h.market.stop()
    closeLedger(h.db)
  })

  it('continues from the last stored price on every start, even within the same minute', async () => {
    const file = join(tempDir(), 'ledger.sqlite')
    const key = { source: 'simulator', symbol: 'BTC/USDT', timeframe: '1m' } as const
    const firstLiveTick = (h: Harness) => ticksOf(h).find((t) => t.symbol === 'BTC/USDT')!.last

    const first = harness(file, START)
    await first.market.start()
    const historyClose = first.repo.latest(key)!.close
    // The week of history has wandered away from the simulator's default start, so a
    // start that ignored the ledger would show as a jump.
    expect(Math.abs(historyClose / 60_000 - 1)).toBeGreaterThan(0.02)
    expect(Math.abs(firstLiveTick(first) / historyClose - 1)).toBeLessThan(0.005)
    run(first, 5 * 60_000)
    const storedClose = first.repo.latest(key)!.close
    first.market.stop()
    closeLedger(first.db)

    // Restart twenty seconds later, in the same minute: nothing to backfill.
    const second = harness(file, first.clock.now() + 20_000)
    await second.market.start()
    expect(Math.abs(firstLiveTick(second) / storedClose - 1)).toBeLessThan(0.005)
    second.market.stop()
    closeLedger(second.db)
  })

  it('fills the gap after a long pause and leaves no hole in the history', async () => {
    const file = join(tempDir(), 'ledger.sqlite')
    const first = harness(file, START)
    await first.market.start()
    first.market.stop()
    closeLedger(first.db)

    const later = START + 3 * 3_600_000
    const second = harness(file, later)
    await second.market.start()
    const minutes = second.market.history('SOL/USDT:USDT', '1m', 4 * 60)
    for (let i = 1; i < minutes.length; i++) expect(minutes[i]!.time - minutes[i - 1]!.time).toBe(60_000)
    second.market.stop()
    closeLedger(second.db)
  })

  it('keeps the market running when the engine fails on a batch', async () => {
    const h = harness(join(tempDir(), 'ledger.sqlite'), START)
    let calls = 0
    h.market.onTicks(() => {
      calls += 1
      throw new Error('engine bug')
    })
    await h.market.start()
    const before = ticksOf(h).length
    run(h, 2_000)
    expect(calls).toBeGreaterThan(1)
    expect(ticksOf(h).length).toBeGreaterThan(before)
    h.market.stop()
    closeLedger(h.db)
  })

  it('answers NOT_FOUND for a symbol it does not list', async () => {
    const h = harness(join(tempDir(), 'ledger.sqlite'), START)
    await h.market.start()
    expect(() => h.market.history('DOGE/USDT', '1m')).toThrow(/DOGE\/USDT is not listed on Simulator/)
    h.market.stop()
    closeLedger(h.db)
  })
})
