import type { Atoms } from '../../../shared/trading/money'
import type { Db } from '../db'

/** A live account's own settings (migration 0014). */
export interface LiveAccountRow {
  accountId: number
  keyLabel: string
  armedAt: number | undefined
  maxOrderNotional: Atoms
  maxDailyLoss: Atoms
  balanceEveryMs: number
  dryRun: boolean
  dryRunAccountId: number | undefined
  createdAt: number
}

export interface VenueBalanceRow {
  asset: string
  free: Atoms
  used: Atoms
  total: Atoms
  ts: number
}

interface RawLive {
  account_id: bigint
  key_label: string
  armed_at: bigint | null
  max_order_notional: bigint
  max_daily_loss: bigint
  balance_every_ms: bigint
  dry_run: bigint
  dry_run_account_id: bigint | null
  created_at: bigint
}

const fromRaw = (r: RawLive): LiveAccountRow => ({
  accountId: Number(r.account_id),
  keyLabel: r.key_label,
  armedAt: r.armed_at === null ? undefined : Number(r.armed_at),
  maxOrderNotional: r.max_order_notional,
  maxDailyLoss: r.max_daily_loss,
  balanceEveryMs: Number(r.balance_every_ms),
  dryRun: r.dry_run === 1n,
  dryRunAccountId: r.dry_run_account_id === null ? undefined : Number(r.dry_run_account_id),
  createdAt: Number(r.created_at),
})

const HOUR = 3_600_000

/** Live accounts' settings, their orders' exchange ids, and what the exchange said they hold. */
export class LiveRepo {
  private readonly insertStmt
  private readonly allStmt
  private readonly updateStmt
  private readonly setVenueOrderStmt
  private readonly venueOrderStmt
  private readonly hasTradeStmt
  private readonly balanceStmt
  private readonly latestBalancesStmt

  constructor(db: Db) {
    this.insertStmt = db.prepare(
      `INSERT INTO live_accounts (account_id, key_label, max_order_notional, max_daily_loss, created_at)
       VALUES (@accountId, @keyLabel, @maxOrderNotional, @maxDailyLoss, @createdAt)`,
    )
    this.allStmt = db.prepare('SELECT * FROM live_accounts ORDER BY account_id').safeIntegers(true)
    this.updateStmt = db.prepare(
      `UPDATE live_accounts SET armed_at = @armedAt, max_order_notional = @maxOrderNotional, max_daily_loss = @maxDailyLoss,
         dry_run = @dryRun, dry_run_account_id = @dryRunAccountId WHERE account_id = @accountId`,
    )
    this.setVenueOrderStmt = db.prepare('UPDATE orders SET venue_order_id = COALESCE(?, venue_order_id), sent_at = COALESCE(?, sent_at) WHERE id = ?')
    this.venueOrderStmt = db.prepare<[number], { venue_order_id: string | null; sent_at: number | null }>('SELECT venue_order_id, sent_at FROM orders WHERE id = ?')
    this.hasTradeStmt = db.prepare<[number, string], { one: number }>('SELECT 1 AS one FROM fills WHERE account_id = ? AND trade_id = ?')
    this.balanceStmt = db.prepare(
      `INSERT INTO venue_balances (account_id, hour, asset, free, used, total, ts) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (account_id, hour, asset) DO UPDATE SET free = excluded.free, used = excluded.used, total = excluded.total, ts = excluded.ts`,
    )
    this.latestBalancesStmt = db
      .prepare('SELECT asset, free, used, total, ts FROM venue_balances WHERE account_id = ? AND hour = (SELECT MAX(hour) FROM venue_balances WHERE account_id = ?) ORDER BY asset')
      .safeIntegers(true)
  }

  insert(row: Pick<LiveAccountRow, 'accountId' | 'keyLabel' | 'maxOrderNotional' | 'maxDailyLoss' | 'createdAt'>): void {
    this.insertStmt.run(row)
  }

  all(): LiveAccountRow[] {
    return (this.allStmt.all() as RawLive[]).map(fromRaw)
  }

  update(row: LiveAccountRow): void {
    this.updateStmt.run({
      accountId: row.accountId,
      armedAt: row.armedAt ?? null,
      maxOrderNotional: row.maxOrderNotional,
      maxDailyLoss: row.maxDailyLoss,
      dryRun: row.dryRun ? 1 : 0,
      dryRunAccountId: row.dryRunAccountId ?? null,
    })
  }

  /** Records when an order was sent and, once known, the exchange's id for it. */
  setVenueOrder(orderId: number, venueOrderId: string | undefined, sentAt: number | undefined): void {
    this.setVenueOrderStmt.run(venueOrderId ?? null, sentAt ?? null, orderId)
  }

  venueOrder(orderId: number): { venueOrderId: string | undefined; sentAt: number | undefined } {
    const row = this.venueOrderStmt.get(orderId)
    return { venueOrderId: row?.venue_order_id ?? undefined, sentAt: row?.sent_at ?? undefined }
  }

  hasTrade(accountId: number, tradeId: string): boolean {
    return this.hasTradeStmt.get(accountId, tradeId) !== undefined
  }

  /** Keeps a reading of the exchange's balances: the latest of each hour stays (the hourly history). */
  saveBalances(accountId: number, ts: number, balances: ReadonlyArray<Omit<VenueBalanceRow, 'ts'>>): void {
    const hour = ts - (ts % HOUR)
    for (const b of balances) this.balanceStmt.run(accountId, hour, b.asset, b.free, b.used, b.total, ts)
  }

  latestBalances(accountId: number): VenueBalanceRow[] {
    type Raw = { asset: string; free: bigint; used: bigint; total: bigint; ts: bigint }
    return (this.latestBalancesStmt.all(accountId, accountId) as Raw[]).map((r) => ({ asset: r.asset, free: r.free, used: r.used, total: r.total, ts: Number(r.ts) }))
  }
}
