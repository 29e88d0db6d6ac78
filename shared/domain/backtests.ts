import type { ExchangeVenue } from './exchanges'
import type { Timeframe } from './market'
import type { RoundTrip, TradeAnalytics } from './history'
import type { IntentDecision } from './trading'
import type { StrategyId } from './strategies'

/**
 * The candles a backtest plays: the app's own one-minute history of a market (what its
 * chart shows), a candle file in the shared CSV format
 * (open_time_ms,open_time_utc,open,high,low,close,volume) of a coin against USDT, or an
 * exchange's candles of [from, to), downloaded through ccxt and kept for the next run.
 */
export type BacktestData = { kind: 'history' } | { kind: 'csv'; file: string } | { kind: 'exchange'; venue: ExchangeVenue; from: number; to: number }

export type BacktestStatus = 'running' | 'done' | 'failed' | 'canceled'

/** A run's headline figures, kept in its index row so runs can be listed and compared without opening them. */
export interface BacktestSummary {
  trades: number
  netPnl: string
  /** Net P&L over the starting balance (fraction). */
  returnFraction: number
  winRate: number | null
  profitFactor: number | null
  maxDrawdownPercent: number | null
  sharpe: number | null
  fees: string
  finalEquity: string
}

export interface BacktestRun {
  id: number
  name: string
  strategy: StrategyId
  params: Record<string, unknown>
  symbol: string
  /** The candles the strategy decides on. */
  timeframe: Timeframe
  /** What the data was, in words ("BTC/USDT 1m history of the app", a file's name). */
  data: string
  startingBalance: string
  /** Of equity, per entry (fraction). */
  positionSize: string
  status: BacktestStatus
  /** Why it failed, in a trader's words (a strategy fault names the candle). */
  error?: string
  createdAt: number
  finishedAt?: number
  /** Data time reached (running) or covered (done). */
  from?: number
  to?: number
  /** 0..1 while running. */
  progress?: number
  /** While running: downloading its candles first, or testing. */
  stage?: 'downloading' | 'testing'
  summary?: BacktestSummary
  /** The sweep this run is one combination of (its first run's id). */
  sweepId?: number
}

export interface BacktestReport {
  run: BacktestRun
  /** The history's analytics of the run's account, its equity curve and drawdown included. */
  analytics: TradeAnalytics
  /** The most recent round trips, newest first. */
  trades: RoundTrip[]
  totalTrades: number
  /** The strategy's recent decisions with their reasoning, newest first. */
  decisions: IntentDecision[]
}
