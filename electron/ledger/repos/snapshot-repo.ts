import type { BalanceSnapshot } from '../../../shared/domain/trading'
import { formatAtoms, type Atoms } from '../../../shared/trading/money'
import type { Db } from '../db'

export interface SnapshotRow {
  accountId: number
  ts: number
  wallet: Atoms
  margin: Atoms
  unrealized: Atoms
  holdings: Atoms
  equity: Atoms
}

/** Hourly balance snapshots per account. */
export class SnapshotRepo {
  private readonly insertStmt
  private readonly latestStmt
  private readonly listStmt
  private readonly firstSinceStmt

  constructor(db: Db) {
    this.insertStmt = db.prepare(
      `INSERT OR IGNORE INTO balance_snapshots (account_id, ts, wallet, margin, unrealized, holdings, equity)
       VALUES (@accountId, @ts, @wallet, @margin, @unrealized, @holdings, @equity)`,
    )
    this.latestStmt = db.prepare('SELECT MAX(ts) AS ts FROM balance_snapshots')
    this.listStmt = db
      .prepare('SELECT * FROM (SELECT * FROM balance_snapshots WHERE account_id = ? ORDER BY ts DESC LIMIT ?) ORDER BY ts')
      .safeIntegers(true)
    this.firstSinceStmt = db.prepare('SELECT equity FROM balance_snapshots WHERE account_id = ? AND ts >= ? ORDER BY ts LIMIT 1').safeIntegers(true)
  }

  /** The account's equity at its first snapshot at or after `ts` (a day's starting point). */
  equitySince(accountId: number, ts: number): Atoms | undefined {
    return (this.firstSinceStmt.get(accountId, ts) as { equity: bigint } | undefined)?.equity
  }

  insert(row: SnapshotRow): void {
    this.insertStmt.run(row)
  }

  /** The latest snapshot time of any account. */
  latest(): number | undefined {
    return (this.latestStmt.get() as { ts: number | null }).ts ?? undefined
  }

  /** The last `limit` snapshots of an account, oldest first. */
  list(accountId: number, limit: number): BalanceSnapshot[] {
    type Raw = Record<'ts' | 'wallet' | 'margin' | 'unrealized' | 'holdings' | 'equity', bigint>
    return (this.listStmt.all(accountId, limit) as Raw[]).map((r) => ({
      ts: Number(r.ts),
      wallet: formatAtoms(r.wallet),
      marginUsed: formatAtoms(r.margin),
      unrealizedPnl: formatAtoms(r.unrealized),
      holdings: formatAtoms(r.holdings),
      equity: formatAtoms(r.equity),
    }))
  }
}
