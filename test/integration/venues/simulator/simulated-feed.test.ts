import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Tick } from '../../../../shared/domain/market'
import { ManualClock } from '../../../../electron/engine/clock'
import type { MarketFeed } from '../../../../electron/venues/feed'
import { LiveSimulator, startingState } from '../../../../electron/venues/simulator/market-simulator'
import { loadTestUniverse, SIMULATED_ASSETS, SIMULATED_MARKETS } from '../../../../electron/venues/simulator/markets'
import { SimulatedFeed } from '../../../../electron/venues/simulator/simulated-feed'

const SEED = 17
// Not on a minute: the feed starts at the minute and catches up to the clock first.
const NOW = Date.UTC(2026, 1, 10, 7, 59, 42, 250)
const FROM = NOW - (NOW % 60_000)
const PUMP_MS = 100

const reference = () =>
  new LiveSimulator(SIMULATED_ASSETS, SIMULATED_MARKETS, SEED, startingState(FROM, SIMULATED_ASSETS, SIMULATED_MARKETS))

describe('the simulated feed at a speed', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  /** Runs a feed for `clockMs` of clock time; returns its ticks and the clock. */
  function run(speed: number | undefined, clockMs: number): { ticks: Tick[]; feed: SimulatedFeed; clock: ManualClock } {
    const clock = new ManualClock(NOW)
    const feed = new SimulatedFeed(SEED, clock, PUMP_MS, speed === undefined ? {} : { speed })
    const ticks: Tick[] = []
    feed.start(FROM, new Map(), (batch) => ticks.push(...batch))
    for (let elapsed = 0; elapsed < clockMs; elapsed += PUMP_MS) {
      clock.advance(PUMP_MS)
      vi.advanceTimersByTime(PUMP_MS)
    }
    feed.stop()
    return { ticks, feed, clock }
  }

  it('runs in real time by default: tick times follow the clock', () => {
    const { ticks, feed, clock } = run(undefined, 3_000)
    expect(feed.now()).toBe(clock.now())
    expect(ticks.at(-1)!.ts).toBeLessThanOrEqual(clock.now())
    expect(ticks.at(-1)!.ts).toBeGreaterThan(clock.now() - 1_000)
    expect(ticks).toEqual(reference().advanceTo(NOW + 3_000))
  })

  it('at speed 10 simulates ten seconds per clock second, with the same ticks', () => {
    const { ticks, feed } = run(10, 1_000)
    // The first pump catches up from the minute to the clock; then ten times the clock's pace.
    expect(feed.now()).toBe(NOW + 10_000)
    expect(ticks.at(-1)!.ts).toBeLessThanOrEqual(NOW + 10_000)
    expect(ticks.at(-1)!.ts).toBeGreaterThan(NOW + 9_000)
    expect(ticks).toEqual(reference().advanceTo(NOW + 10_000))
    // The same simulated span at speed 1 takes ten times the clock time and gives the same ticks.
    expect(run(1, 10_000).ticks).toEqual(ticks)
    const afterStart = ticks.filter((t) => t.ts > NOW).length
    const realTime = run(1, 1_000).ticks.filter((t) => t.ts > NOW).length
    expect(afterStart / realTime).toBeGreaterThan(6)
    expect(afterStart / realTime).toBeLessThan(16)
  })

  it('refuses a speed that is not positive', () => {
    const clock = new ManualClock(NOW)
    for (const speed of [0, -1, Number.NaN]) expect(() => new SimulatedFeed(SEED, clock, PUMP_MS, { speed })).toThrow(RangeError)
  })
})

describe('the simulated feed as fast as possible', () => {
  it('streams batches of at most maxBatch ticks without waiting for the clock, the same ticks as ever', async () => {
    const clock = new ManualClock(NOW)
    const feed = new SimulatedFeed(SEED, clock, PUMP_MS, { speed: Infinity, maxBatch: 500 })
    const batches: Tick[][] = []
    feed.start(FROM, new Map(), (batch) => batches.push(batch))
    while (batches.length < 20) await new Promise<void>((resolve) => setImmediate(resolve))
    feed.stop()
    const count = batches.length
    await new Promise<void>((resolve) => setImmediate(resolve))
    expect(batches.length).toBe(count)
    for (const batch of batches) expect(batch.length).toBeLessThanOrEqual(500)
    const ticks = batches.flat()
    expect(ticks).toEqual(reference().advanceTo(Infinity, ticks.length))
    // Minutes of market in no clock time at all.
    expect(clock.now()).toBe(NOW)
    expect(feed.now()).toBeGreaterThan(NOW + 60_000)
    expect(feed.now()).toBeGreaterThanOrEqual(ticks.at(-1)!.ts)
  })
})

describe('books and funding through the feed', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('exposes the book behind the latest tick of each market', () => {
    const clock = new ManualClock(NOW)
    const feed: MarketFeed = new SimulatedFeed(SEED, clock, PUMP_MS)
    expect(feed.bookSnapshot?.('BTC/USDT')).toBeUndefined()
    const latest = new Map<string, Tick>()
    feed.start(FROM, new Map(), (ticks) => ticks.forEach((t) => latest.set(t.symbol, t)))
    for (let i = 0; i < 20; i++) {
      clock.advance(PUMP_MS)
      vi.advanceTimersByTime(PUMP_MS)
      for (const { symbol } of feed.instruments) {
        const tick = latest.get(symbol)!
        const book = feed.bookSnapshot?.(symbol)
        expect(book?.ts).toBe(tick.ts)
        expect(book?.bids[0]?.[0]).toBe(tick.bid)
        expect(book?.asks[0]?.[0]).toBe(tick.ask)
        expect(book?.bids).toHaveLength(10)
        expect(book?.asks).toHaveLength(10)
      }
    }
    feed.stop()
  })

  it('knows the funding the backfilled history settled, then the live settlements, for perpetuals only', async () => {
    const clock = new ManualClock(NOW)
    const feed: MarketFeed = new SimulatedFeed(SEED, clock, PUMP_MS)
    // NOW is 07:59:42 UTC: the history settles 00:00 and 16:00 of the day before and today 00:00.
    await feed.backfill(FROM - 24 * 3_600_000, FROM, new Map())
    const today = Date.UTC(2026, 1, 10)
    for (const symbol of ['BTC/USDT:USDT', 'ETH/USDT:USDT', 'SOL/USDT:USDT']) {
      for (const time of [today - 16 * 3_600_000, today - 8 * 3_600_000, today]) expect(feed.fundingRate?.(symbol, time)).toMatch(/^-?\d+(\.\d{1,8})?$/)
    }
    expect(feed.fundingRate?.('BTC/USDT', today)).toBeUndefined()
    const settlement = today + 8 * 3_600_000
    feed.start(FROM, new Map(), () => undefined)
    expect(feed.fundingRate?.('BTC/USDT:USDT', settlement)).toBeUndefined()
    for (let elapsed = 0; elapsed < 20_000; elapsed += PUMP_MS) {
      clock.advance(PUMP_MS)
      vi.advanceTimersByTime(PUMP_MS)
    }
    feed.stop()
    const rate = feed.fundingRate?.('BTC/USDT:USDT', settlement)
    expect(rate).toMatch(/^-?\d+(\.\d{1,8})?$/)
    expect(Math.abs(Number(rate))).toBeLessThanOrEqual(0.003)
    expect(feed.fundingRate?.('BTC/USDT', settlement)).toBeUndefined()
  })
})

describe('the load-test market', () => {
  it('simulates as many perpetuals as asked, each ticking about 20 times a second', () => {
    const universe = loadTestUniverse(50)
    const from = FROM
    const simulator = new LiveSimulator(universe.assets, universe.markets, SEED, startingState(from, universe.assets, universe.markets))
    const ticks = simulator.advanceTo(from + 60_000)
    const perSymbol = new Map<string, number>()
    for (const tick of ticks) perSymbol.set(tick.symbol, (perSymbol.get(tick.symbol) ?? 0) + 1)
    expect(perSymbol.size).toBe(50)
    // Poisson arrivals around 20/s (faster in fast markets, slower in calm ones): a minute holds about 1,200.
    for (const count of perSymbol.values()) expect(count).toBeGreaterThan(600)
    expect(ticks.length / 50 / 60).toBeGreaterThan(15)
    expect(ticks.length / 50 / 60).toBeLessThan(30)
    expect(() => loadTestUniverse(501)).toThrow(/1 to 500/)
  })
})
