import { EMA } from 'trading-signals'
import type { Candle } from '../../shared/domain/market'
import type { StrategyParams } from '../../shared/domain/strategies'
import type { PositionView, Signal, Strategy } from './strategy'

/** Candles replayed per slow period so a restarted EMA has forgotten where it began (weight < 1e-8). */
const WARMUP_PERIODS = 10

/**
 * Long while the fast EMA of closes is above the slow one: enters on the candle the fast
 * one crosses above, leaves (or turns short, if allowed) on the candle it crosses below.
 * Nothing is done until both averages have seen a full period.
 */
export class EmaCrossover implements Strategy {
  readonly warmup: number
  private readonly fast: EMA
  private readonly slow: EMA
  /** Whether the fast EMA was above the slow one at the previous close; undefined until both are stable. */
  private fastAbove: boolean | undefined

  constructor(private readonly params: StrategyParams<'ema-crossover'>) {
    this.fast = new EMA(params.fast)
    this.slow = new EMA(params.slow)
    this.warmup = params.slow * WARMUP_PERIODS
  }

  onCandle(candle: Candle, position: PositionView | undefined): Signal | undefined {
    const fast = this.fast.add(candle.close) as number
    const slow = this.slow.add(candle.close) as number
    if (!this.slow.isStable) return undefined
    const above = fast > slow
    const crossed = this.fastAbove !== undefined && above !== this.fastAbove
    this.fastAbove = above
    if (!crossed) return undefined
    const why = `EMA${this.params.fast} ${fast.toFixed(2)} crossed ${above ? 'above' : 'below'} EMA${this.params.slow} ${slow.toFixed(2)} at close ${candle.close}`
    if (above) return position?.side === 'long' ? undefined : { action: 'long', reasoning: why }
    if (this.params.allowShort) return position?.side === 'short' ? undefined : { action: 'short', reasoning: why }
    return position?.side === 'long' ? { action: 'close', reasoning: why } : undefined
  }
}
