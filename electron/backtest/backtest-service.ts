import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { AppError } from '../../shared/contract'
import type { StrategyChoice } from '../../shared/contract/strategies'
import type { BacktestData, BacktestReport, BacktestRun, BacktestSummary } from '../../shared/domain/backtests'
import type { Timeframe } from '../../shared/domain/market'
import { STRATEGY_SPECS } from '../../shared/domain/strategies'
import type { Logger } from '../core/log'
import type { EventBus } from '../engine/bus'
import { ManualClock, type Clock } from '../engine/clock'
import { HistoryService } from '../history/history-service'
import type { Db } from '../ledger/db'
import { closeLedger, openLedger } from '../ledger/db'
import { BacktestRepo, type RunEnd } from '../ledger/repos/backtest-repo'
import { IntentRepo } from '../ledger/repos/intent-repo'
import { runBacktest, type BacktestOutcome } from './backtest'
import { marketOf, openBacktestData, type AppMarket } from './backtest-data'

export interface StartBacktest {
  name?: string | undefined
  choice: StrategyChoice
  symbol: string
  timeframe: Timeframe
  data: BacktestData
  startingBalance: string
  positionSize: string
}

/** Progress reports at most this often (ms), so a fast run does not flood the window. */
const PROGRESS_EVERY_MS = 200
const REPORT_TRADES = 500
const REPORT_DECISIONS = 200
/** A run's ledger holds one account: the run's. */
const RUN_ACCOUNT = 1

/**
 * Backtests as the app keeps them: one run at a time in the background, each into its own
 * ledger file under the data folder's backtests/, indexed in the app's ledger with its
 * headline figures; reports read the run's ledger with the history's own code.
 */
export class BacktestService {
  private readonly runs: BacktestRepo
  private active: { id: number; controller: AbortController } | undefined
  private closed = false

  constructor(
    db: Db,
    private readonly folder: string,
    private readonly appMarket: () => AppMarket,
    private readonly bus: EventBus,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly sqliteNativeBinding?: string,
  ) {
    this.runs = new BacktestRepo(db)
    this.runs.abandonUnfinished(clock.now())
  }

  list(): BacktestRun[] {
    return this.runs.list()
  }

  async start(request: StartBacktest): Promise<BacktestRun> {
    this.refuseWhileRunning()
    const input = await openBacktestData(request.data, request.symbol, request.timeframe, this.appMarket())
    const spot = input.source.kind === 'csv' || input.source.instrument.type === 'spot'
    if (spot && request.choice.params.allowShort) {
      throw new AppError('REJECTED', `Shorts need a perpetual: ${request.symbol} is a spot market. Turn off “Also trade short” or choose a perpetual.`)
    }
    // Reading the data took a moment: another run may have started meanwhile.
    this.refuseWhileRunning()
    const spec = STRATEGY_SPECS[request.choice.strategy]
    const run = this.runs.insert({
      name: request.name !== undefined && request.name.length > 0 ? request.name : `${spec.name} ${request.symbol} ${request.timeframe}`,
      strategy: request.choice.strategy,
      params: request.choice.params,
      symbol: request.symbol,
      timeframe: request.timeframe,
      data: input.description,
      startingBalance: request.startingBalance,
      positionSize: request.positionSize,
      createdAt: this.clock.now(),
    })
    const controller = new AbortController()
    let reportedAt = 0
    const report = (stage: 'downloading' | 'testing', fraction: number, time?: number): void => {
      const now = Date.now()
      if (now - reportedAt < PROGRESS_EVERY_MS) return
      reportedAt = now
      this.bus.publish('backtest.updated', { ...run, stage, progress: Math.min(1, fraction), ...(time === undefined ? {} : { to: time }) })
    }
    mkdirSync(this.folder, { recursive: true })
    const plan = {
      choice: request.choice,
      symbol: request.symbol,
      timeframe: request.timeframe,
      account: { name: run.name, startingBalance: request.startingBalance, sizingMethod: 'ACCOUNT_PERCENTAGE' as const, sizingValue: request.positionSize },
    }
    const work = async (): Promise<BacktestOutcome> => {
      await input.prepare?.({ signal: controller.signal, progress: (fraction) => report('downloading', fraction) })
      return runBacktest(this.fileOf(run.id), plan, await marketOf(input.source, this.appMarket().candles), {
        ...(this.sqliteNativeBinding === undefined ? {} : { nativeBinding: this.sqliteNativeBinding }),
        signal: controller.signal,
        progress: (time) => report('testing', (time - input.from) / Math.max(1, input.to - input.from), time),
      })
    }
    void work().then(
      (outcome) => this.finished(run, outcome),
      (error: unknown) => this.failed(run, error),
    )
    this.active = { id: run.id, controller }
    this.bus.publish('backtest.updated', { ...run, stage: input.prepare === undefined ? 'testing' : 'downloading', progress: 0 })
    return run
  }

  private refuseWhileRunning(): void {
    if (this.active !== undefined) throw new AppError('CONFLICT', `Backtest ${this.active.id} is still running; wait for it or cancel it.`)
  }

  cancel(id: number): BacktestRun {
    const run = this.existing(id)
    if (this.active?.id !== id) throw new AppError('REJECTED', `Backtest ${id} is not running (it is ${run.status}).`)
    this.active.controller.abort()
    return run
  }

  report(id: number): BacktestReport {
    const run = this.existing(id)
    if (run.status !== 'done') throw new AppError('UNAVAILABLE', `Backtest ${id} has no report: it ${run.status === 'running' ? 'is still running' : `${run.status}`}.`)
    return this.withRunLedger(id, (db) => {
      const history = new HistoryService(db, new ManualClock(run.to ?? this.clock.now()))
      const page = history.trades({}, 'time', true, 0, REPORT_TRADES)
      return {
        run,
        analytics: history.analytics({}),
        trades: page.rows,
        totalTrades: page.total,
        decisions: new IntentRepo(db).list(RUN_ACCOUNT, REPORT_DECISIONS),
      }
    })
  }

  delete(id: number): { deleted: boolean } {
    this.existing(id)
    if (this.active?.id === id) throw new AppError('REJECTED', `Backtest ${id} is running; cancel it first.`)
    this.removeFiles(id)
    return { deleted: this.runs.delete(id) }
  }

  /** Stops a running backtest (the app is closing): its ledger is removed, and its row marked failed at the next start. */
  close(): void {
    this.closed = true
    this.active?.controller.abort()
  }

  private finished(run: BacktestRun, outcome: BacktestOutcome): void {
    try {
      const summary = this.withRunLedger(run.id, (db) => summarize(new HistoryService(db, new ManualClock(outcome.to)), run.startingBalance, outcome.equity))
      this.settle(run.id, { status: 'done', from: outcome.from, to: outcome.to, summary })
    } catch (error) {
      this.failed(run, error)
    }
  }

  private failed(run: BacktestRun, error: unknown): void {
    this.removeFiles(run.id)
    if (error instanceof AppError && error.code === 'CANCELED') {
      this.settle(run.id, { status: 'canceled', error: error.message })
      return
    }
    if (!(error instanceof AppError)) this.log.error(`backtest ${run.id} failed`, error)
    const message = error instanceof AppError ? error.message : 'The backtest failed unexpectedly; see the app log.'
    this.settle(run.id, { status: 'failed', error: message })
  }

  private settle(id: number, end: Omit<RunEnd, 'finishedAt'>): void {
    this.active = undefined
    if (this.closed) return
    this.bus.publish('backtest.updated', this.runs.finish(id, { ...end, finishedAt: this.clock.now() }))
  }

  private existing(id: number): BacktestRun {
    const run = this.runs.byId(id)
    if (run === undefined) throw new AppError('NOT_FOUND', `There is no backtest ${id}.`)
    return run
  }

  private fileOf(id: number): string {
    return join(this.folder, `run-${id}.sqlite`)
  }

  private withRunLedger<T>(id: number, read: (db: Db) => T): T {
    const db = openLedger(this.fileOf(id), this.sqliteNativeBinding === undefined ? { now: this.clock.now() } : { now: this.clock.now(), nativeBinding: this.sqliteNativeBinding })
    try {
      return read(db)
    } finally {
      closeLedger(db)
    }
  }

  private removeFiles(id: number): void {
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${this.fileOf(id)}${suffix}`, { force: true })
  }
}

function summarize(history: HistoryService, startingBalance: string, finalEquity: string): BacktestSummary {
  const a = history.analytics({})
  return {
    trades: a.trades,
    netPnl: a.netPnl,
    returnFraction: (Number(finalEquity) - Number(startingBalance)) / Number(startingBalance),
    winRate: a.winRate,
    profitFactor: a.profitFactor,
    maxDrawdownPercent: a.maxDrawdownPercent,
    sharpe: a.sharpe,
    fees: a.fees,
    finalEquity,
  }
}
