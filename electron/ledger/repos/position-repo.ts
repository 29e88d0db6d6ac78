import type { PositionSide } from '../../../shared/domain/trading'
import type { Atoms } from '../../../shared/trading/money'
import type { Db } from '../db'

export interface PositionRow {
  accountId: number
  symbol: string
  side: PositionSide
  amount: Atoms
  entryPrice: Atoms
  leverage: number
  margin: Atoms
  /** Fees paid by the fills that opened and grew this position. */
  fees: Atoms
  openedAt: number
  updatedAt: number
}

export interface ClosedPosition {
  accountId: number
  symbol: string
  side: PositionSide
  entryPrice: Atoms
  exitPrice: Atoms
  amount: Atoms
  realizedPnl: Atoms
  fees: Atoms
  closeReason: 'trade' | 'flip' | 'liquidation' | 'reset'
  openedAt: number
  closedAt: number
}

/** Open positions and the history of closed ones. */
export class PositionRepo {
  private readonly upsertStmt
  private readonly deleteStmt
  private readonly allStmt
  private readonly historyStmt
  private readonly recentResultsStmt

  constructor(db: Db) {
    this.upsertStmt = db.prepare(
      `INSERT INTO positions (account_id, symbol, side, amount, entry_price, leverage, margin, fees, opened_at, updated_at)
       VALUES (@accountId, @symbol, @side, @amount, @entryPrice, @leverage, @margin, @fees, @openedAt, @updatedAt)
       ON CONFLICT (account_id, symbol) DO UPDATE SET side = excluded.side, amount = excluded.amount,
         entry_price = excluded.entry_price, leverage = excluded.leverage, margin = excluded.margin,
         fees = excluded.fees, opened_at = excluded.opened_at, updated_at = excluded.updated_at`,
    )
    this.deleteStmt = db.prepare('DELETE FROM positions WHERE account_id = ? AND symbol = ?')
    this.allStmt = db.prepare('SELECT * FROM positions ORDER BY account_id, symbol').safeIntegers(true)
    this.recentResultsStmt = db
      .prepare('SELECT realized_pnl - fees AS result FROM position_history WHERE account_id = ? AND closed_at >= ? ORDER BY id DESC LIMIT ?')
      .safeIntegers(true)
    this.historyStmt = db.prepare(
      `INSERT INTO position_history (account_id, symbol, side, entry_price, exit_price, amount, realized_pnl, fees,
         close_reason, opened_at, closed_at)
       VALUES (@accountId, @symbol, @side, @entryPrice, @exitPrice, @amount, @realizedPnl, @fees, @closeReason, @openedAt, @closedAt)`,
    )
  }

  save(p: PositionRow): void {
    this.upsertStmt.run(p)
  }

  remove(accountId: number, symbol: string, closed: ClosedPosition): void {
    this.deleteStmt.run(accountId, symbol)
    this.historyStmt.run(closed)
  }

  /** How many of the latest positions closed since `since` (up to `limit`) lost money, counting back to the last win. */
  losingStreak(accountId: number, since: number, limit: number): number {
    let streak = 0
    for (const { result } of this.recentResultsStmt.all(accountId, since, limit) as Array<{ result: bigint }>) {
      if (result >= 0n) break
      streak += 1
    }
    return streak
  }

  all(): PositionRow[] {
    type Raw = Record<string, bigint | string>
    return (this.allStmt.all() as Raw[]).map((r) => ({
      accountId: Number(r.account_id),
      symbol: r.symbol as string,
      side: r.side as PositionSide,
      amount: r.amount as bigint,
      entryPrice: r.entry_price as bigint,
      leverage: Number(r.leverage),
      margin: r.margin as bigint,
      fees: r.fees as bigint,
      openedAt: Number(r.opened_at),
      updatedAt: Number(r.updated_at),
    }))
  }
}
