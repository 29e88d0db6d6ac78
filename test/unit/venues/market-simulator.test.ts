import { describe, expect, it } from 'vitest'
import { stepGrid } from '../../../shared/trading/precision'
import { LiveSimulator, simulateHistory, startingState } from '../../../electron/venues/simulator/market-simulator'
import { SIMULATED_ASSETS, SIMULATED_MARKETS } from '../../../electron/venues/simulator/markets'

const START = Date.UTC(2026, 0, 5, 12, 0)
const live = (seed: number) =>
  new LiveSimulator(SIMULATED_ASSETS, SIMULATED_MARKETS, seed, startingState(START, SIMULATED_ASSETS, SIMULATED_MARKETS))

describe('the live simulated market', () => {
  it('streams every listed symbol', () => {
    const ticks = live(7).advanceTo(START + 10_000)
    expect(new Set(ticks.map((t) => t.symbol))).toEqual(new Set(SIMULATED_MARKETS.map((m) => m.instrument.symbol)))
    // About 34 ticks a second across the six markets.
    expect(ticks.length).toBeGreaterThan(200)
    expect(ticks.length).toBeLessThan(500)
  })

  it('is a pure function of the seed, however finely it is advanced', () => {
    const once = live(42).advanceTo(START + 60_000)
    const stepped = live(42)
    const inSteps = []
    for (let t = START; t <= START + 60_000; t += 37) inSteps.push(...stepped.advanceTo(t))
    // The steps stop at +59 977 ms: one last call covers the same span as the single call.
    inSteps.push(...stepped.advanceTo(START + 60_000))
    expect(inSteps).toEqual(once)
    expect(live(43).advanceTo(START + 60_000)).not.toEqual(once)
  })

  it('quotes on the tick grid with bid below ask, trades at one of them, in time order', () => {
    const ticks = live(1).advanceTo(START + 120_000)
    for (const tick of ticks) {
      const market = SIMULATED_MARKETS.find((m) => m.instrument.symbol === tick.symbol)!
      const price = stepGrid(market.instrument.tickSize)
      const amount = stepGrid(market.instrument.amountStep)
      expect(price.round(tick.bid)).toBe(tick.bid)
      expect(price.round(tick.ask)).toBe(tick.ask)
      expect(tick.bid).toBeLessThan(tick.ask)
      expect([tick.bid, tick.ask]).toContain(tick.last)
      expect(tick.volume).toBeGreaterThan(0)
      expect(amount.round(tick.volume)).toBe(tick.volume)
    }
    for (let i = 1; i < ticks.length; i++) expect(ticks[i]!.ts).toBeGreaterThanOrEqual(ticks[i - 1]!.ts)
  })

  it('keeps perpetuals within a few basis points of their spot market', () => {
    const ticks = live(3).advanceTo(START + 300_000)
    const lastOf = (symbol: string) => ticks.filter((t) => t.symbol === symbol).at(-1)!.last
    const gap = Math.abs(lastOf('BTC/USDT:USDT') / lastOf('BTC/USDT') - 1)
    expect(gap).toBeLessThan(0.003)
  })
})

describe('simulated history', () => {
  const from = START - 6 * 3_600_000
  const run = () =>
    simulateHistory(SIMULATED_ASSETS, SIMULATED_MARKETS, 9, from, START, startingState(from, SIMULATED_ASSETS, SIMULATED_MARKETS))

  it('gives consistent, continuous one-minute candles for every market', () => {
    const { candles } = run()
    for (const [, series] of candles) {
      expect(series).toHaveLength(360)
      series.forEach((c, i) => {
        expect(c.time).toBe(from + i * 60_000)
        expect(c.low).toBeLessThanOrEqual(Math.min(c.open, c.close))
        expect(c.high).toBeGreaterThanOrEqual(Math.max(c.open, c.close))
        expect(c.volume).toBeGreaterThan(0)
        if (i > 0) expect(Math.abs(c.open / series[i - 1]!.close - 1)).toBeLessThan(0.0005)
      })
    }
  })

  it('is deterministic and ends where live trading continues', () => {
    const a = run()
    expect(run()).toEqual(a)
    const btc = a.candles.get('BTC/USDT')!.at(-1)!.close
    expect(Math.abs(a.state.prices.BTC! / btc - 1)).toBeLessThan(0.0001)
  })
})
