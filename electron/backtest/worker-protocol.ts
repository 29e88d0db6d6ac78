import type { ErrorCode } from '../../shared/contract/result'
import type { BacktestOutcome, BacktestPlan } from './backtest'
import type { BacktestSource } from './backtest-source'

/** What a backtest worker thread is given: one run, as plain data. */
export interface WorkerJob {
  file: string
  plan: BacktestPlan
  source: BacktestSource
  /** The app's ledger, read (only) for a cached source's candles. */
  appLedger: string
  nativeBinding?: string
}

/** What it reports back. */
export type WorkerMessage = { type: 'progress'; time: number } | { type: 'done'; outcome: BacktestOutcome } | { type: 'failed'; code: ErrorCode; message: string }
