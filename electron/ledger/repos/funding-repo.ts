import type { Atoms } from '../../../shared/trading/money'
import type { Db } from '../db'

/** Which funding settlements have been applied, so none is applied twice. */
export class FundingRepo {
  private readonly insertStmt
  private readonly latestStmt

  constructor(db: Db) {
    this.insertStmt = db.prepare('INSERT INTO funding_events (symbol, funding_time, rate) VALUES (?, ?, ?)')
    this.latestStmt = db.prepare('SELECT MAX(funding_time) AS t FROM funding_events WHERE symbol = ?')
  }

  record(symbol: string, fundingTime: number, rate: Atoms): void {
    this.insertStmt.run(symbol, fundingTime, rate)
  }

  /** The latest settlement applied for `symbol`, if any. */
  latest(symbol: string): number | undefined {
    return (this.latestStmt.get(symbol) as { t: number | null }).t ?? undefined
  }
}
