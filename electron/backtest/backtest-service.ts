import { mkdirSync, rmSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { AppError } from '../../shared/contract'
import type { StrategyChoice } from '../../shared/contract/strategies'
import type { BacktestData, BacktestReport, BacktestRun, BacktestSummary } from '../../shared/domain/backtests'
import type { Timeframe } from '../../shared/domain/market'
import { defaultParams, gridCombinations, STRATEGY_SPECS, type ParamSpec, type StrategyId } from '../../shared/domain/strategies'
import type { Logger } from '../core/log'
import type { EventBus } from '../engine/bus'
import { ManualClock, type Clock } from '../engine/clock'
import { HistoryService } from '../history/history-service'
import type { Db } from '../ledger/db'
import { closeLedger, openLedger } from '../ledger/db'
import { BacktestRepo, type RunEnd } from '../ledger/repos/backtest-repo'
import { IntentRepo } from '../ledger/repos/intent-repo'
import { runBacktest, type BacktestOutcome, type BacktestPlan } from './backtest'
import { openBacktestData, type AppMarket, type BacktestInput } from './backtest-data'
import { marketOf } from './backtest-source'
import { WorkerPool } from './worker-pool'

export interface SweepBacktests extends Omit<StartBacktest, 'choice'> {
  strategy: StrategyId
  params: Record<string, unknown>
  grid: Record<string, ReadonlyArray<number | string | boolean>>
}

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

export interface BacktestServiceOptions {
  /** The app's ledger (the runs' index; its candle cache is read for history and downloads). */
  db: Db
  ledgerFile: string
  /** Where runs' ledgers go (backtests/). */
  folder: string
  appMarket: () => AppMarket
  bus: EventBus
  clock: Clock
  log: Logger
  sqliteNativeBinding?: string | undefined
  /** The built worker thread (out/main/backtest-worker.js) that sweeps run on. */
  workerFile?: string | undefined
}

/** Worker threads for sweeps: the cores but one (the app's own), at most four. */
const SWEEP_THREADS = Math.max(1, Math.min(4, availableParallelism() - 1))

type Play = (run: BacktestRun, plan: BacktestPlan, control: { signal: AbortSignal; progress(time: number): void }) => Promise<BacktestOutcome>

/**
 * Backtests as the app keeps them: one job at a time in the background (a run, or a
 * sweep's runs spread over worker threads), each run into its own ledger file under the
 * data folder's backtests/, indexed in the app's ledger with its headline figures;
 * reports read the run's ledger with the history's own code.
 */
export class BacktestService {
  private readonly runs: BacktestRepo
  private readonly pool: WorkerPool | undefined
  private active: { ids: ReadonlySet<number>; controller: AbortController } | undefined
  private closed = false

  constructor(private readonly options: BacktestServiceOptions) {
    this.runs = new BacktestRepo(options.db)
    this.runs.abandonUnfinished(options.clock.now())
    this.pool = options.workerFile === undefined ? undefined : new WorkerPool(options.workerFile, SWEEP_THREADS, options.log)
  }

  list(): BacktestRun[] {
    return this.runs.list()
  }

  /** One run, on the main thread (between its stretches the app answers as usual). */
  async start(request: StartBacktest): Promise<BacktestRun> {
    const input = await this.openInput(request, [request.choice])
    const [run] = this.record(request, input, [{ choice: request.choice, name: runName(request) }])
    const market = await marketOf(input.source, this.options.appMarket().candles)
    this.launch([run as BacktestRun], input, (_, plan, control) =>
      runBacktest(this.fileOf((run as BacktestRun).id), plan, market, { ...this.binding(), ...control }),
    )
    return run as BacktestRun
  }

  /** A parameter sweep: a run per combination of the grid, on worker threads. */
  async sweep(request: SweepBacktests): Promise<BacktestRun[]> {
    const pool = this.pool
    if (pool === undefined) throw new AppError('UNAVAILABLE', 'Parameter sweeps need the backtest worker, which this host does not have.')
    const choices = gridCombinations(request.grid).map((combo) => ({
      choice: { strategy: request.strategy, params: { ...defaultParams(request.strategy), ...request.params, ...combo } } as StrategyChoice,
      name: `${runName({ ...request, choice: { strategy: request.strategy } })} · ${Object.entries(combo).map(([key, value]) => `${labelOf(request.strategy, key)} ${String(value)}`).join(' · ')}`,
    }))
    const input = await this.openInput(request, choices.map((c) => c.choice))
    const runs = this.record(request, input, choices)
    this.runs.groupSweep(runs.map((r) => r.id))
    const grouped = runs.map((r) => this.existing(r.id))
    this.launch(grouped, input, (run, plan, control) =>
      pool.run({ file: this.fileOf(run.id), plan, source: input.source, appLedger: this.options.ledgerFile, ...this.binding() }, control),
    )
    return grouped
  }

  /** The data, checked (and refused in words) before anything is recorded. */
  private async openInput(request: Pick<StartBacktest, 'data' | 'symbol' | 'timeframe'>, choices: readonly StrategyChoice[]): Promise<BacktestInput> {
    this.refuseWhileRunning()
    const input = await openBacktestData(request.data, request.symbol, request.timeframe, this.options.appMarket())
    const spot = input.source.kind === 'csv' || input.source.instrument.type === 'spot'
    if (spot && choices.some((c) => c.params.allowShort)) {
      throw new AppError('REJECTED', `Shorts need a perpetual: ${request.symbol} is a spot market. Turn off “Also trade short” or choose a perpetual.`)
    }
    // Reading the data took a moment: another job may have started meanwhile.
    this.refuseWhileRunning()
    return input
  }

  private record(request: Omit<StartBacktest, 'choice' | 'name'>, input: BacktestInput, runs: ReadonlyArray<{ choice: StrategyChoice; name: string }>): BacktestRun[] {
    const createdAt = this.options.clock.now()
    return runs.map(({ choice, name }) =>
      this.runs.insert({
        name,
        strategy: choice.strategy,
        params: choice.params,
        symbol: request.symbol,
        timeframe: request.timeframe,
        data: input.description,
        startingBalance: request.startingBalance,
        positionSize: request.positionSize,
        createdAt,
      }),
    )
  }

  /**
   * Runs a job in the background: the data's preparation (a download) once, then every
   * run, each settled on its own; the job ends when all have.
   */
  private launch(runs: readonly BacktestRun[], input: BacktestInput, play: Play): void {
    const controller = new AbortController()
    this.active = { ids: new Set(runs.map((r) => r.id)), controller }
    mkdirSync(this.options.folder, { recursive: true })
    const reporters = new Map(runs.map((run) => [run.id, this.reporter(run, input)]))
    const report = (run: BacktestRun) => reporters.get(run.id) as ReturnType<BacktestService['reporter']>
    // The job ends as its last run settles, before that run is reported: a trader told it
    // finished may start the next job at once.
    let remaining = runs.length
    const end = (run: BacktestRun, settle: () => void): void => {
      remaining -= 1
      if (remaining === 0 && this.active?.controller === controller) this.active = undefined
      settle()
    }
    const work = async (): Promise<void> => {
      for (const run of runs) report(run)(input.prepare === undefined ? 'testing' : 'downloading', 0)
      await input.prepare?.({ signal: controller.signal, progress: (fraction) => runs.forEach((run) => report(run)('downloading', fraction)) })
      await Promise.all(
        runs.map((run) =>
          play(run, planOf(run), { signal: controller.signal, progress: (time) => report(run)('testing', (time - input.from) / Math.max(1, input.to - input.from), time) }).then(
            (outcome) => end(run, () => this.finished(run, outcome)),
            (error: unknown) => end(run, () => this.failed(run, error)),
          ),
        ),
      )
    }
    void work().catch((error: unknown) => runs.forEach((run) => end(run, () => this.failed(run, error))))
  }

  /** Progress events of one run, at most every PROGRESS_EVERY_MS. */
  private reporter(run: BacktestRun, input: BacktestInput) {
    let reportedAt = 0
    return (stage: 'downloading' | 'testing', fraction: number, time?: number): void => {
      const now = Date.now()
      if (fraction > 0 && now - reportedAt < PROGRESS_EVERY_MS) return
      reportedAt = now
      this.options.bus.publish('backtest.updated', { ...run, stage, progress: Math.min(1, Math.max(0, fraction)), from: input.from, ...(time === undefined ? {} : { to: time }) })
    }
  }

  private binding(): { nativeBinding?: string } {
    return this.options.sqliteNativeBinding === undefined ? {} : { nativeBinding: this.options.sqliteNativeBinding }
  }

  private refuseWhileRunning(): void {
    if (this.active !== undefined) throw new AppError('CONFLICT', `Backtest ${[...this.active.ids][0]} is still running; wait for it or cancel it.`)
  }

  /** Cancels a run, and with it every run of its sweep. */
  cancel(id: number): BacktestRun {
    const run = this.existing(id)
    if (this.active?.ids.has(id) !== true) throw new AppError('REJECTED', `Backtest ${id} is not running (it is ${run.status}).`)
    this.active.controller.abort()
    return run
  }

  report(id: number): BacktestReport {
    const run = this.existing(id)
    if (run.status !== 'done') throw new AppError('UNAVAILABLE', `Backtest ${id} has no report: it ${run.status === 'running' ? 'is still running' : `${run.status}`}.`)
    return this.withRunLedger(id, (db) => {
      const history = new HistoryService(db, new ManualClock(run.to ?? this.options.clock.now()))
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
    if (this.active?.ids.has(id) === true) throw new AppError('REJECTED', `Backtest ${id} is running; cancel it first.`)
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
    if (!(error instanceof AppError)) this.options.log.error(`backtest ${run.id} failed`, error)
    const message = error instanceof AppError ? error.message : 'The backtest failed unexpectedly; see the app log.'
    this.settle(run.id, { status: 'failed', error: message })
  }

  private settle(id: number, end: Omit<RunEnd, 'finishedAt'>): void {
    if (this.closed) return
    this.options.bus.publish('backtest.updated', this.runs.finish(id, { ...end, finishedAt: this.options.clock.now() }))
  }

  private existing(id: number): BacktestRun {
    const run = this.runs.byId(id)
    if (run === undefined) throw new AppError('NOT_FOUND', `There is no backtest ${id}.`)
    return run
  }

  private fileOf(id: number): string {
    return join(this.options.folder, `run-${id}.sqlite`)
  }

  private withRunLedger<T>(id: number, read: (db: Db) => T): T {
    const db = openLedger(this.fileOf(id), { now: this.options.clock.now(), ...this.binding() })
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

/** The name a run gets when the trader gives none. */
function runName(request: { name?: string | undefined; choice: { strategy: StrategyId }; symbol: string; timeframe: Timeframe }): string {
  return request.name !== undefined && request.name.length > 0 ? request.name : `${STRATEGY_SPECS[request.choice.strategy].name} ${request.symbol} ${request.timeframe}`
}

function labelOf(strategy: StrategyId, key: string): string {
  return (STRATEGY_SPECS[strategy].params as Readonly<Record<string, ParamSpec>>)[key]?.label ?? key
}

/** What a run trades: its strategy on a fresh account sized at its share of equity per entry. */
function planOf(run: BacktestRun): BacktestPlan {
  return {
    choice: { strategy: run.strategy, params: run.params } as StrategyChoice,
    symbol: run.symbol,
    timeframe: run.timeframe,
    account: { name: run.name, startingBalance: run.startingBalance, sizingMethod: 'ACCOUNT_PERCENTAGE', sizingValue: run.positionSize },
  }
}
