import type { Candle } from '../../shared/domain/market'

/** Where the bot's account stands in the strategy's market when a candle closes. */
export interface PositionView {
  side: 'long' | 'short'
  /** Base amount held (spot) or in the position (perpetual). */
  amount: number
  /** Average entry price; undefined for spot holdings, which carry no entry. */
  entryPrice: number | undefined
}

/** What a strategy wants done; a trade intent before it is sized and priced. */
export interface Signal {
  action: 'long' | 'short' | 'close'
  /** 0..1; scales the position under confidence-based sizing (default 1). */
  confidence?: number
  /** Why, in a trader's words: recorded with the decision. */
  reasoning: string
  /** Prices the strategy chose itself for the entry's stop-loss and take-profit (else the bot's stop applies). */
  stopLoss?: number
  takeProfit?: number
}

/**
 * A trading strategy: it sees the closed candles of its market and timeframe, on the
 * engine's clock (live, paper and backtest alike), and answers each with a signal or
 * nothing (hold). It never places orders itself: its signals become trade intents that
 * the engine sizes, checks and records, so one strategy trades every account kind alike.
 */
export interface Strategy {
  /** How many recent candles rebuild its state after a restart (replayed through onCandle, signals ignored). */
  readonly warmup: number
  onCandle(candle: Candle, position: PositionView | undefined): Signal | undefined
}
