import { RSI } from 'trading-signals'
import type { Candle } from '../../shared/domain/market'
import type { StrategyParams } from '../../shared/domain/strategies'
import type { PositionView, Signal, Strategy } from './strategy'

/** Wilder's smoothing forgets its start after about this many periods. */
const WARMUP_PERIODS = 10

/**
 * Mean reversion on RSI of closes: long when it falls below the oversold level, short
 * (if allowed) above the overbought one; a long closes once RSI recovers above the exit
 * level, a short once it falls below it.
 */
export class RsiReversion implements Strategy {
  readonly warmup: number
  private readonly rsi: RSI

  constructor(private readonly params: StrategyParams<'rsi-reversion'>) {
    this.rsi = new RSI(params.period)
    this.warmup = params.period * WARMUP_PERIODS
  }

  onCandle(candle: Candle, position: PositionView | undefined): Signal | undefined {
    const value = this.rsi.add(candle.close)
    if (value === null || !this.rsi.isStable) return undefined
    const { oversold, overbought, exitLevel, allowShort } = this.params
    const rsi = `RSI${this.params.period} ${value.toFixed(1)}`
    if (position?.side === 'long') return value > exitLevel ? { action: 'close', reasoning: `${rsi} recovered above ${exitLevel}` } : undefined
    if (position?.side === 'short') return value < exitLevel ? { action: 'close', reasoning: `${rsi} fell back below ${exitLevel}` } : undefined
    if (value < oversold) return { action: 'long', reasoning: `${rsi} below oversold ${oversold} at close ${candle.close}` }
    if (allowShort && value > overbought) return { action: 'short', reasoning: `${rsi} above overbought ${overbought} at close ${candle.close}` }
    return undefined
  }
}
