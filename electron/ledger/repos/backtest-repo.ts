import type { BacktestRun, BacktestStatus, BacktestSummary } from '../../../shared/domain/backtests'
import type { Timeframe } from '../../../shared/domain/market'
import type { StrategyId } from '../../../shared/domain/strategies'
import type { Db } from '../db'

interface Row {
  id: number
  name: string
  strategy: string
  params: string
  symbol: string
  timeframe: string
  data: string
  starting_balance: string
  position_size: string
  status: BacktestStatus
  error: string | null
  created_at: number
  finished_at: number | null
  data_from: number | null
  data_to: number | null
  summary: string | null
  sweep_id: number | null
}

/** How a run ended. */
export interface RunEnd {
  status: Exclude<BacktestStatus, 'running'>
  error?: string
  finishedAt: number
  from?: number
  to?: number
  summary?: BacktestSummary
}

export type NewRun = Pick<BacktestRun, 'name' | 'strategy' | 'params' | 'symbol' | 'timeframe' | 'data' | 'startingBalance' | 'positionSize' | 'createdAt'>

function toRun(row: Row): BacktestRun {
  return {
    id: row.id,
    name: row.name,
    strategy: row.strategy as StrategyId,
    params: JSON.parse(row.params) as Record<string, unknown>,
    symbol: row.symbol,
    timeframe: row.timeframe as Timeframe,
    data: row.data,
    startingBalance: row.starting_balance,
    positionSize: row.position_size,
    status: row.status,
    createdAt: row.created_at,
    ...(row.error === null ? {} : { error: row.error }),
    ...(row.finished_at === null ? {} : { finishedAt: row.finished_at }),
    ...(row.data_from === null ? {} : { from: row.data_from }),
    ...(row.data_to === null ? {} : { to: row.data_to }),
    ...(row.summary === null ? {} : { summary: JSON.parse(row.summary) as BacktestSummary }),
    ...(row.sweep_id === null ? {} : { sweepId: row.sweep_id }),
  }
}

/** The index of backtest runs (their trades live in their own ledger files). */
export class BacktestRepo {
  private readonly insertStmt
  private readonly byIdStmt
  private readonly listStmt
  private readonly finishStmt
  private readonly deleteStmt
  private readonly abandonStmt
  private readonly sweepStmt

  constructor(db: Db) {
    this.insertStmt = db.prepare(
      `INSERT INTO backtest_runs (name, strategy, params, symbol, timeframe, data, starting_balance, position_size, status, created_at)
       VALUES (@name, @strategy, @params, @symbol, @timeframe, @data, @startingBalance, @positionSize, 'running', @createdAt)`,
    )
    this.byIdStmt = db.prepare<[number], Row>('SELECT * FROM backtest_runs WHERE id = ?')
    this.listStmt = db.prepare<[], Row>('SELECT * FROM backtest_runs ORDER BY id DESC')
    this.finishStmt = db.prepare(
      `UPDATE backtest_runs SET status = @status, error = @error, finished_at = @finishedAt, data_from = @from, data_to = @to, summary = @summary
       WHERE id = @id`,
    )
    this.deleteStmt = db.prepare('DELETE FROM backtest_runs WHERE id = ?')
    this.sweepStmt = db.prepare('UPDATE backtest_runs SET sweep_id = ? WHERE id = ?')
    this.abandonStmt = db.prepare(
      "UPDATE backtest_runs SET status = 'failed', error = 'The app stopped during this run; start it again.', finished_at = ? WHERE status = 'running'",
    )
  }

  insert(run: NewRun): BacktestRun {
    const id = Number(this.insertStmt.run({ ...run, params: JSON.stringify(run.params) }).lastInsertRowid)
    return this.byId(id) as BacktestRun
  }

  /** Marks runs as one sweep's (its id is its first run's). */
  groupSweep(ids: readonly number[]): void {
    for (const id of ids) this.sweepStmt.run(ids[0], id)
  }

  byId(id: number): BacktestRun | undefined {
    const row = this.byIdStmt.get(id)
    return row === undefined ? undefined : toRun(row)
  }

  list(): BacktestRun[] {
    return this.listStmt.all().map(toRun)
  }

  finish(id: number, end: RunEnd): BacktestRun {
    this.finishStmt.run({
      id,
      status: end.status,
      error: end.error ?? null,
      finishedAt: end.finishedAt,
      from: end.from ?? null,
      to: end.to ?? null,
      summary: end.summary === undefined ? null : JSON.stringify(end.summary),
    })
    return this.byId(id) as BacktestRun
  }

  delete(id: number): boolean {
    return this.deleteStmt.run(id).changes > 0
  }

  /** Runs still marked running when the app starts were cut short by its last exit. */
  abandonUnfinished(now: number): void {
    this.abandonStmt.run(now)
  }
}
