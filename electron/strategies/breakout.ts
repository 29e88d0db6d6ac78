import { DonchianChannels } from 'trading-signals'
import type { Candle } from '../../shared/domain/market'
import type { StrategyParams } from '../../shared/domain/strategies'
import type { PositionView, Signal, Strategy } from './strategy'

/**
 * A channel breakout (the turtle traders' rule): long when a close breaks above the
 * highest high of the previous `entryPeriod` candles, out when one breaks below the
 * lowest low of the previous `exitPeriod`; mirrored for shorts. The channels are of the
 * candles before the one deciding, so a candle never breaks its own range.
 */
export class Breakout implements Strategy {
  readonly warmup: number
  private readonly entry: DonchianChannels
  private readonly exit: DonchianChannels

  constructor(private readonly params: StrategyParams<'breakout'>) {
    this.entry = new DonchianChannels(params.entryPeriod)
    this.exit = new DonchianChannels(params.exitPeriod)
    this.warmup = Math.max(params.entryPeriod, params.exitPeriod)
  }

  onCandle(candle: Candle, position: PositionView | undefined): Signal | undefined {
    const entry = this.entry.getResult()
    const exit = this.exit.getResult()
    this.entry.add(candle)
    this.exit.add(candle)
    const { entryPeriod, exitPeriod, allowShort } = this.params
    const close = candle.close
    // Each rule waits for its own channel to have a full period.
    if (position?.side === 'long') {
      return exit !== null && close < exit.lower ? { action: 'close', reasoning: `Close ${close} broke below the ${exitPeriod}-candle low ${exit.lower}` } : undefined
    }
    if (position?.side === 'short') {
      return exit !== null && close > exit.upper ? { action: 'close', reasoning: `Close ${close} broke above the ${exitPeriod}-candle high ${exit.upper}` } : undefined
    }
    if (entry === null) return undefined
    if (close > entry.upper) return { action: 'long', reasoning: `Close ${close} broke above the ${entryPeriod}-candle high ${entry.upper}` }
    if (allowShort && close < entry.lower) return { action: 'short', reasoning: `Close ${close} broke below the ${entryPeriod}-candle low ${entry.lower}` }
    return undefined
  }
}
