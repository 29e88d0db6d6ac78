import { describe, expect, it } from 'vitest'
import type { Candle } from '../../../shared/domain/market'
import { defaultParams } from '../../../shared/domain/strategies'
import { Breakout } from '../../../electron/strategies/breakout'
import { EmaCrossover } from '../../../electron/strategies/ema-crossover'
import { RsiReversion } from '../../../electron/strategies/rsi-reversion'
import type { PositionView, Signal, Strategy } from '../../../electron/strategies/strategy'
import { readCandleCsv } from '../../support/shared-data'

const candle = (close: number, i: number): Candle => ({ time: i * 60_000, open: close, high: close, low: close, close, volume: 1 })

/** Plays closes through a strategy that follows its own signals (long, short, flat). */
function play(strategy: Strategy, closes: readonly number[]): Array<{ i: number; signal: Signal }> {
  let position: PositionView | undefined
  const signals: Array<{ i: number; signal: Signal }> = []
  closes.forEach((close, i) => {
    const signal = strategy.onCandle(candle(close, i), position)
    if (signal === undefined) return
    signals.push({ i, signal })
    position = signal.action === 'close' ? undefined : { side: signal.action, amount: 1, entryPrice: close }
  })
  return signals
}

/** The textbook EMA (seeded with the first close), written out independently of the library. */
function ema(closes: readonly number[], period: number): number[] {
  const k = 2 / (period + 1)
  const out: number[] = []
  closes.forEach((close, i) => out.push(i === 0 ? close : close * k + (out[i - 1] as number) * (1 - k)))
  return out
}

describe('EMA crossover', () => {
  it('enters on the candle the fast EMA crosses above the slow one and leaves on the one it crosses back', () => {
    const closes = readCandleCsv('candles/binance_spot_BTCUSDT_1h_2018-01-01_2026-05-16.csv').slice(0, 3_000).map((c) => c.close)
    const signals = play(new EmaCrossover({ ...defaultParams('ema-crossover'), fast: 12, slow: 26 }), closes)
    const fast = ema(closes, 12)
    const slow = ema(closes, 26)
    const expected: Array<{ i: number; action: string }> = []
    let long = false
    for (let i = 26; i < closes.length; i++) {
      const above = (fast[i] as number) > (slow[i] as number)
      const wasAbove = (fast[i - 1] as number) > (slow[i - 1] as number)
      if (above && !wasAbove && !long) expected.push({ i, action: 'long' })
      if (!above && wasAbove && long) expected.push({ i, action: 'close' })
      if (above !== wasAbove) long = above
    }
    expect(signals.length).toBeGreaterThan(50)
    expect(signals.map(({ i, signal }) => ({ i, action: signal.action }))).toEqual(expected)
    expect(signals[0]?.signal.reasoning).toMatch(/^EMA12 [\d.]+ crossed above EMA26 [\d.]+ at close [\d.]+$/)
  })

  it('turns short on the way down when shorts are allowed, and says nothing before the slow EMA has a full period', () => {
    const down = Array.from({ length: 40 }, (_, i) => 100 + i).concat(Array.from({ length: 40 }, (_, i) => 140 - 2 * i))
    const signals = play(new EmaCrossover({ ...defaultParams('ema-crossover'), fast: 3, slow: 10, allowShort: true }), down)
    expect(signals.map((s) => s.signal.action)).toEqual(['short'])
    expect(signals[0]?.i).toBeGreaterThan(40)
    expect(play(new EmaCrossover({ ...defaultParams('ema-crossover'), fast: 3, slow: 10 }), down.slice(0, 9))).toEqual([])
  })
})

describe('RSI mean reversion', () => {
  it('buys a sell-off below the oversold level and sells the recovery above the exit level', () => {
    const closes = [...Array.from({ length: 20 }, (_, i) => 100 + (i % 2)), ...Array.from({ length: 10 }, (_, i) => 100 - 3 * (i + 1)), ...Array.from({ length: 15 }, (_, i) => 70 + 4 * (i + 1))]
    const signals = play(new RsiReversion(defaultParams('rsi-reversion')), closes)
    expect(signals.map((s) => s.signal.action)).toEqual(['long', 'close'])
    const [entry, exit] = signals
    expect(entry?.i).toBeGreaterThan(20)
    expect(entry?.i).toBeLessThan(30)
    expect(exit?.i).toBeGreaterThan(30)
    expect(entry?.signal.reasoning).toMatch(/^RSI14 [\d.]+ below oversold 30 at close \d+$/)
    expect(exit?.signal.reasoning).toMatch(/^RSI14 [\d.]+ recovered above 50$/)
  })

  it('shorts above the overbought level only when allowed', () => {
    const rally = [...Array.from({ length: 20 }, (_, i) => 100 + (i % 2)), ...Array.from({ length: 10 }, (_, i) => 100 + 3 * (i + 1))]
    expect(play(new RsiReversion(defaultParams('rsi-reversion')), rally)).toEqual([])
    expect(play(new RsiReversion({ ...defaultParams('rsi-reversion'), allowShort: true }), rally).map((s) => s.signal.action)).toEqual(['short'])
  })
})

describe('channel breakout', () => {
  /** Candles with a given close, high and low around it. */
  const bar = (close: number, i: number, range = 1): Candle => ({ time: i * 60_000, open: close, high: close + range, low: close - range, close, volume: 1 })
  const run = (strategy: Strategy, closes: readonly number[]) => {
    let position: PositionView | undefined
    return closes.flatMap((close, i) => {
      const signal = strategy.onCandle(bar(close, i), position)
      if (signal === undefined) return []
      position = signal.action === 'close' ? undefined : { side: signal.action, amount: 1, entryPrice: close }
      return [{ i, signal }]
    })
  }

  it('enters when a close breaks the previous highs and leaves when one breaks the exit channel’s lows', () => {
    // Ranging 100 ± 1 (highs 101, lows 99), a break to 103, a run up, then a fall through the 3-candle low.
    const closes = [100, 100, 100, 100, 100, 103, 105, 107, 108, 103]
    const signals = run(new Breakout({ ...defaultParams('breakout'), entryPeriod: 5, exitPeriod: 3 }), closes)
    expect(signals.map(({ i, signal }) => [i, signal.action])).toEqual([
      [5, 'long'],
      [9, 'close'],
    ])
    expect(signals[0]?.signal.reasoning).toBe('Close 103 broke above the 5-candle high 101')
    expect(signals[1]?.signal.reasoning).toBe('Close 103 broke below the 3-candle low 104')
  })

  it('shorts a break below the lows only when allowed, and uses ATR stops by default', () => {
    const closes = [100, 100, 100, 100, 100, 97]
    expect(run(new Breakout({ ...defaultParams('breakout'), entryPeriod: 5 }), closes)).toEqual([])
    expect(run(new Breakout({ ...defaultParams('breakout'), entryPeriod: 5, allowShort: true }), closes).map((s) => s.signal.action)).toEqual(['short'])
    expect(defaultParams('breakout').stop).toBe('atr')
  })
})
