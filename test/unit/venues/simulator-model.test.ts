import { beforeAll, describe, expect, it } from 'vitest'
import type { Candle, Tick } from '../../../shared/domain/market'
import { stepGrid } from '../../../shared/trading/precision'
import { fundingRateOf } from '../../../electron/venues/simulator/funding'
import {
  LiveSimulator,
  type SimulatedHistory,
  simulateHistory,
  startingState,
} from '../../../electron/venues/simulator/market-simulator'
import { SIMULATED_ASSETS, SIMULATED_MARKETS, type SimulatedMarket } from '../../../electron/venues/simulator/markets'
import { SIMULATOR_MODEL } from '../../../electron/venues/simulator/model'

// The seed is arbitrary; the statistics were checked on other seeds as well.
const SEED = Number(process.env.SIMULATOR_TEST_SEED ?? 2026)
const DAY = 86_400_000
const HOUR = 3_600_000
const FROM = Date.UTC(2025, 2, 3)
const MINUTES_PER_YEAR = 365 * 24 * 60

const spotMarkets = SIMULATED_MARKETS.filter((m) => m.instrument.type === 'spot')
const marketOf = (symbol: string): SimulatedMarket => SIMULATED_MARKETS.find((m) => m.instrument.symbol === symbol)!

function logReturns(candles: readonly Candle[], every = 1): number[] {
  const closes = candles.filter((_, i) => i % every === 0).map((c) => c.close)
  return closes.slice(1).map((close, i) => Math.log(close / closes[i]!))
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length

function autocorrelation(xs: readonly number[], lag: number): number {
  const m = mean(xs)
  let num = 0
  let den = 0
  for (let i = 0; i < xs.length; i++) {
    const d = xs[i]! - m
    den += d * d
    if (i + lag < xs.length) num += d * (xs[i + lag]! - m)
  }
  return num / den
}

function correlation(xs: readonly number[], ys: readonly number[]): number {
  const mx = mean(xs)
  const my = mean(ys)
  let sxy = 0
  let sxx = 0
  let syy = 0
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my)
    sxx += (xs[i]! - mx) ** 2
    syy += (ys[i]! - my) ** 2
  }
  return sxy / Math.sqrt(sxx * syy)
}

describe('the simulated market over two months of one-minute candles', () => {
  const DAYS = 60
  let history: SimulatedHistory
  const returns = new Map<string, number[]>()

  beforeAll(() => {
    history = simulateHistory(SIMULATED_ASSETS, spotMarkets, SEED, FROM, FROM + DAYS * DAY, startingState(FROM, SIMULATED_ASSETS, spotMarkets))
    for (const [symbol, candles] of history.candles) returns.set(symbol, logReturns(candles))
  })

  it('keeps the realized volatility near each asset’s annualVolatility', () => {
    for (const asset of SIMULATED_ASSETS) {
      const r = returns.get(`${asset.base}/USDT`)!
      const realized = Math.sqrt((r.reduce((sum, x) => sum + x * x, 0) / r.length) * MINUTES_PER_YEAR)
      expect(Math.abs(realized / asset.annualVolatility - 1)).toBeLessThan(0.3)
    }
  })

  it('clusters volatility: absolute returns are autocorrelated, returns are not', () => {
    for (const symbol of ['BTC/USDT', 'ETH/USDT', 'SOL/USDT']) {
      const r = returns.get(symbol)!
      const absolute = r.map(Math.abs)
      // Real BTC/USDT 1m (2024-25): about 0.3-0.37 at lag 1, still 0.1-0.15 four hours on.
      for (const lag of [1, 2, 5, 10, 30]) expect(autocorrelation(absolute, lag)).toBeGreaterThan(0.15)
      expect(autocorrelation(absolute, 240)).toBeGreaterThan(0.05)
      for (const lag of [1, 2, 3, 5, 10]) expect(Math.abs(autocorrelation(r, lag))).toBeLessThan(0.03)
    }
  })

  it('has calm and turbulent hours: hourly realized volatility spreads widely', () => {
    const r = returns.get('BTC/USDT')!
    const hourly: number[] = []
    for (let h = 0; h + 60 <= r.length; h += 60) hourly.push(Math.sqrt(r.slice(h, h + 60).reduce((s, x) => s + x * x, 0)))
    hourly.sort((a, b) => a - b)
    const q = (p: number) => hourly[Math.floor(p * (hourly.length - 1))]!
    // Real BTC/USDT: the 95th percentile hour is 5-6 times as volatile as the 5th.
    expect(q(0.95) / q(0.05)).toBeGreaterThan(3.5)
  })

  it('moves BTC, ETH and SOL together, with realistic correlations', () => {
    const btc = returns.get('BTC/USDT')!
    const eth = returns.get('ETH/USDT')!
    const sol = returns.get('SOL/USDT')!
    // Real BTC-ETH 1m: 0.77-0.82; 1h: 0.82-0.87.
    expect(correlation(btc, eth)).toBeGreaterThan(0.7)
    expect(correlation(btc, eth)).toBeLessThan(0.88)
    expect(correlation(btc, sol)).toBeGreaterThan(0.6)
    expect(correlation(btc, sol)).toBeLessThan(0.85)
    const hourly = (symbol: string) => logReturns(history.candles.get(symbol)!, 60)
    expect(correlation(hourly('BTC/USDT'), hourly('ETH/USDT'))).toBeGreaterThan(0.7)
    expect(correlation(hourly('BTC/USDT'), hourly('ETH/USDT'))).toBeLessThan(0.9)
  })

  it('jumps at about the configured rate, by a few tenths of a percent to a few percent, both ways', () => {
    const { marketPerDay, idiosyncraticPerDay, minSize, maxSize, referenceVolatility } = SIMULATOR_MODEL.jumps
    const expected = (marketPerDay + idiosyncraticPerDay) * DAYS
    for (const asset of SIMULATED_ASSETS) {
      const jumps = history.jumps.filter((j) => j.base === asset.base)
      // Poisson: the standard deviation of the count is about 13, so 25 % is more than 3 of them.
      expect(Math.abs(jumps.length / expected - 1)).toBeLessThan(0.25)
      const scale = asset.annualVolatility / referenceVolatility
      for (const j of jumps) {
        expect(Math.abs(j.size)).toBeGreaterThanOrEqual(minSize * scale - 1e-12)
        expect(Math.abs(j.size)).toBeLessThanOrEqual(maxSize)
      }
      const up = jumps.filter((j) => j.size > 0).length
      expect(up / jumps.length).toBeGreaterThan(0.35)
      expect(up / jumps.length).toBeLessThan(0.65)
    }
    // Market-wide jumps hit every asset at once, in the same direction.
    const marketWide = history.jumps.filter((j) => j.marketWide && j.base === 'BTC')
    expect(Math.abs(marketWide.length / (marketPerDay * DAYS) - 1)).toBeLessThan(0.3)
    for (const j of marketWide) {
      const others = history.jumps.filter((o) => o.marketWide && o.time === j.time)
      expect(others.map((o) => o.base).sort()).toEqual(['BTC', 'ETH', 'SOL'])
      for (const o of others) expect(Math.sign(o.size)).toBe(Math.sign(j.size))
    }
  })

  it('shows the big jumps in the candles', () => {
    const candles = history.candles.get('BTC/USDT')!
    const big = history.jumps.filter((j) => j.base === 'BTC' && Math.abs(j.size) > 0.01)
    expect(big.length).toBeGreaterThan(5)
    for (const j of big) {
      const candle = candles[Math.floor((j.time - FROM) / 60_000)]!
      expect(Math.log(candle.high / candle.low)).toBeGreaterThan(0.6 * Math.abs(j.size))
    }
  })
})

describe('live spreads, arrivals and books', () => {
  const START = Date.UTC(2025, 4, 5)
  const btc = { ...marketOf('BTC/USDT'), ticksPerSecond: 1 }
  let ticks: Tick[]
  let simulator: LiveSimulator

  beforeAll(() => {
    simulator = new LiveSimulator(SIMULATED_ASSETS, [btc], SEED, startingState(START, SIMULATED_ASSETS, [btc]))
    ticks = simulator.advanceTo(START + 4 * DAY)
  })

  it('quotes wider spreads and trades more often in the most volatile stretches', () => {
    const window = 5 * 60_000
    const windows = new Map<number, { variance: number; spreads: number[] }>()
    let previous: number | undefined
    for (const tick of ticks) {
      const mid = (tick.bid + tick.ask) / 2
      const key = Math.floor(tick.ts / window)
      let w = windows.get(key)
      if (w === undefined) windows.set(key, (w = { variance: 0, spreads: [] }))
      if (previous !== undefined) w.variance += Math.log(mid / previous) ** 2
      w.spreads.push((tick.ask - tick.bid) / mid)
      previous = mid
    }
    const sorted = [...windows.values()].sort((a, b) => a.variance - b.variance)
    const decile = Math.floor(sorted.length / 10)
    const calm = sorted.slice(0, decile)
    const volatile = sorted.slice(-decile)
    const spreadOf = (ws: typeof sorted) => mean(ws.flatMap((w) => w.spreads))
    const ticksOf = (ws: typeof sorted) => mean(ws.map((w) => w.spreads.length))
    expect(spreadOf(volatile)).toBeGreaterThan(3 * spreadOf(calm))
    expect(ticksOf(volatile)).toBeGreaterThan(2 * ticksOf(calm))
    // Calm markets quote the minimum spread (one tick).
    const oneTick = stepGrid(btc.instrument.tickSize).fromUnits(btc.spreadTicks)
    expect(calm.flatMap((w) => w.spreads).filter((s) => s > (oneTick * 1.5) / ticks[0]!.bid).length).toBeLessThan(
      0.05 * calm.flatMap((w) => w.spreads).length,
    )
  })

  it('widens the spread right after a jump', () => {
    const jumps = simulator.recentJumps().filter((j) => j.base === 'BTC')
    expect(jumps.length).toBeGreaterThan(5)
    const spreadBp = (t: Tick) => ((t.ask - t.bid) / t.bid) * 1e4
    const all = ticks.map(spreadBp).sort((a, b) => a - b)
    const median = all[Math.floor(all.length / 2)]!
    const after = jumps.flatMap((j) => ticks.filter((t) => t.ts >= j.time && t.ts < j.time + 10_000).map(spreadBp))
    expect(mean(after)).toBeGreaterThan(20 * median)
  })

  it('gives the same ticks and books however it is advanced', () => {
    const all = [...SIMULATED_MARKETS]
    const a = new LiveSimulator(SIMULATED_ASSETS, all, 5, startingState(START, SIMULATED_ASSETS, all))
    const b = new LiveSimulator(SIMULATED_ASSETS, all, 5, startingState(START, SIMULATED_ASSETS, all))
    const once = a.advanceTo(START + 120_000)
    const stepped: Tick[] = []
    for (let t = START + 250; t <= START + 120_000; t += 250) stepped.push(...b.advanceTo(t))
    expect(stepped).toEqual(once)
    for (const m of all) expect(b.book(m.instrument.symbol)).toEqual(a.book(m.instrument.symbol))
  })
})

describe('the simulated book', () => {
  const START = Date.UTC(2025, 6, 1, 13)

  it('is consistent with the latest tick: best bid and ask, ordered levels on the grids, positive sizes', () => {
    const simulator = new LiveSimulator(SIMULATED_ASSETS, SIMULATED_MARKETS, SEED, startingState(START, SIMULATED_ASSETS, SIMULATED_MARKETS))
    const latest = new Map<string, Tick>()
    const sizeByLevel = new Map<string, number[][]>()
    // Checked in plain code and reported together: a few hundred thousand expect() calls would take seconds.
    const problems: string[] = []
    let checked = 0
    for (let t = START + 500; t <= START + 15 * 60_000; t += 500) {
      for (const tick of simulator.advanceTo(t)) latest.set(tick.symbol, tick)
      for (const market of SIMULATED_MARKETS) {
        const symbol = market.instrument.symbol
        const book = simulator.book(symbol)
        const tick = latest.get(symbol)
        const where = `${symbol} at +${t - START} ms`
        if (tick === undefined || book === undefined) {
          if (book !== tick) problems.push(`${where}: a book without a tick or a tick without a book`)
          continue
        }
        checked += 1
        const price = stepGrid(market.instrument.tickSize)
        const amount = stepGrid(market.instrument.amountStep)
        if (book.ts !== tick.ts) problems.push(`${where}: book ts ${book.ts}, tick ts ${tick.ts}`)
        if (book.bids[0]?.[0] !== tick.bid) problems.push(`${where}: best bid ${book.bids[0]?.[0]}, tick bid ${tick.bid}`)
        if (book.asks[0]?.[0] !== tick.ask) problems.push(`${where}: best ask ${book.asks[0]?.[0]}, tick ask ${tick.ask}`)
        for (const [name, side, direction] of [['bids', book.bids, -1], ['asks', book.asks, 1]] as const) {
          if (side.length < 5 || side.length > 10) problems.push(`${where}: ${side.length} ${name}`)
          side.forEach(([p, a], i) => {
            if (price.round(p) !== p) problems.push(`${where}: ${name} price ${p} off the tick grid`)
            if (!(a > 0) || amount.round(a) !== a) problems.push(`${where}: ${name} amount ${a}`)
            if (i > 0 && !((p - side[i - 1]![0]) * direction > 0)) problems.push(`${where}: ${name} not strictly ordered at level ${i}`)
          })
        }
        const sizes = sizeByLevel.get(symbol) ?? []
        sizes.push(book.bids.map(([, a]) => a), book.asks.map(([, a]) => a))
        sizeByLevel.set(symbol, sizes)
      }
    }
    expect(problems.slice(0, 10)).toEqual([])
    expect(checked).toBeGreaterThan(6 * 1_700)
    // Sizes grow away from the top, on average.
    for (const [, sides] of sizeByLevel) {
      const top = mean(sides.map((s) => s[0]!))
      const deep = mean(sides.map((s) => s[9]!))
      expect(deep).toBeGreaterThan(2 * top)
    }
  })

  it('holds still between ticks: asking twice gives the same book', () => {
    const simulator = new LiveSimulator(SIMULATED_ASSETS, SIMULATED_MARKETS, SEED, startingState(START, SIMULATED_ASSETS, SIMULATED_MARKETS))
    simulator.advanceTo(START + 5_000)
    expect(simulator.book('ETH/USDT')).toEqual(simulator.book('ETH/USDT'))
    expect(simulator.book('DOGE/USDT')).toBeUndefined()
  })
})

describe('funding of the perpetuals', () => {
  const { intervalMs, cap, interest } = SIMULATOR_MODEL.funding
  const DAYS = 30
  const run = () => simulateHistory(SIMULATED_ASSETS, SIMULATED_MARKETS, SEED, FROM, FROM + DAYS * DAY, startingState(FROM, SIMULATED_ASSETS, SIMULATED_MARKETS))
  let history: SimulatedHistory

  beforeAll(() => {
    history = run()
  })

  it('settles every 8 hours, within the cap, with at most 8 decimals, deterministically', () => {
    expect(run().fundingRates).toEqual(history.fundingRates)
    const perpetuals = SIMULATED_MARKETS.filter((m) => m.instrument.type === 'swap').map((m) => m.instrument.symbol)
    expect([...history.fundingRates.keys()].sort()).toEqual([...perpetuals].sort())
    for (const [, rates] of history.fundingRates) {
      expect([...rates.keys()]).toEqual(Array.from({ length: DAYS * 3 }, (_, i) => FROM + (i + 1) * intervalMs))
      for (const rate of rates.values()) {
        expect(rate).toMatch(/^-?\d+(\.\d{1,8})?$/)
        expect(Math.abs(Number(rate))).toBeLessThanOrEqual(cap)
      }
    }
  })

  it('follows the premium of the perpetual over its spot market, by Binance’s formula', () => {
    let agreeing = 0
    let total = 0
    const allPremiums: number[] = []
    const allRates: number[] = []
    for (const base of ['BTC', 'ETH', 'SOL']) {
      const perp = history.candles.get(`${base}/USDT:USDT`)!
      const spot = history.candles.get(`${base}/USDT`)!
      const rates = history.fundingRates.get(`${base}/USDT:USDT`)!
      const premiums: number[] = []
      const values: number[] = []
      for (const [time, rate] of rates) {
        // The premium over the interval from the minute closes, weighted as Binance does (1, 2, ..., n).
        let weighted = 0
        let weights = 0
        for (let k = 1; k <= intervalMs / 60_000; k++) {
          const i = (time - intervalMs - FROM) / 60_000 + k - 1
          weighted += k * (perp[i]!.close / spot[i]!.close - 1)
          weights += k
        }
        const premium = weighted / weights
        premiums.push(premium)
        values.push(Number(rate))
        total += 1
        // Within a basis point of the formula applied to the candles' premium.
        if (Math.abs(Number(rate) - fundingRateOf(premium)) < 0.0001) agreeing += 1
        // The rate has the premium's sign whenever the premium is clearly positive or clearly below -0.05 %.
        if (premium > 0.00005) expect(Number(rate)).toBeGreaterThan(0)
        if (premium < -0.0006) expect(Number(rate)).toBeLessThan(0)
      }
      allPremiums.push(...premiums)
      allRates.push(...values)
      // On average too: positive premiums pay longs-to-shorts, and more than negative ones do.
      const whenPositive = values.filter((_, i) => premiums[i]! > 0)
      const whenNegative = values.filter((_, i) => premiums[i]! < 0)
      expect(mean(whenPositive)).toBeGreaterThan(0)
      if (whenNegative.length > 0) expect(mean(whenNegative)).toBeLessThan(mean(whenPositive))
    }
    expect(agreeing / total).toBeGreaterThan(0.95)
    // The rate is flat at the interest rate for premiums within the clamp, so this is well below 1.
    expect(correlation(allPremiums, allRates)).toBeGreaterThan(0.5)
  })

  it('pays both ways: mostly the interest rate, sometimes more, sometimes negative', () => {
    const all = [...history.fundingRates.values()].flatMap((rates) => [...rates.values()].map(Number))
    const atInterest = all.filter((r) => r === interest).length / all.length
    expect(atInterest).toBeGreaterThan(0.3)
    expect(atInterest).toBeLessThan(0.95)
    expect(all.some((r) => r < 0)).toBe(true)
    expect(all.some((r) => r > interest)).toBe(true)
  })

  it('is known live once a settlement has passed, and only for perpetuals', () => {
    const start = Date.UTC(2025, 4, 5, 5, 30)
    const slow = SIMULATED_MARKETS.map((m) => ({ ...m, ticksPerSecond: 0.2 }))
    const make = () => new LiveSimulator(SIMULATED_ASSETS, slow, SEED, startingState(start, SIMULATED_ASSETS, slow))
    const a = make()
    const settlement = Date.UTC(2025, 4, 5, 8)
    a.advanceTo(settlement - 1)
    expect(a.fundingRate('BTC/USDT:USDT', settlement)).toBeUndefined()
    a.advanceTo(start + 3 * DAY)
    const b = make()
    for (let t = start; t <= start + 3 * DAY; t += HOUR / 3) b.advanceTo(t)
    const times = Array.from({ length: 9 }, (_, i) => settlement + i * intervalMs)
    for (const symbol of ['BTC/USDT:USDT', 'ETH/USDT:USDT', 'SOL/USDT:USDT']) {
      for (const time of times) {
        const rate = a.fundingRate(symbol, time)
        expect(rate).toMatch(/^-?\d+(\.\d{1,8})?$/)
        expect(Math.abs(Number(rate))).toBeLessThanOrEqual(cap)
        expect(b.fundingRate(symbol, time)).toBe(rate)
      }
      expect(a.fundingRate(symbol, settlement - intervalMs)).toBeUndefined()
      expect(a.fundingRate(symbol, settlement + 3_600_000)).toBeUndefined()
    }
    expect(a.fundingRate('BTC/USDT', settlement)).toBeUndefined()
  })
})
