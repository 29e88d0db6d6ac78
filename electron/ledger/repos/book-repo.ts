import type { LedgerEntry } from '../../../shared/domain/trading'
import { formatAtoms, type Atoms } from '../../../shared/trading/money'
import type { Db } from '../db'

/** One movement of one asset into (positive) or out of (negative) one book. */
export interface Posting {
  book: string
  asset: string
  amount: Atoms
  /** Which part of its transaction this is (e.g. 'fee' within a trade); default: the transaction's kind. */
  kind?: string
}

export interface LedgerTransaction {
  accountId: number
  kind: string
  /** What a trader reads in the ledger tab. */
  description: string
  orderId?: number
  fillId?: number
  /** The instrument it concerns (a fill's or a funding payment's), for trade history. */
  symbol?: string
  ts: number
  postings: Posting[]
}

/** A ledger entry as SQL reads it (safe integers): entry, its transaction's kind, text and time. */
export interface RawLedgerEntry {
  id: bigint
  tx_id: bigint
  kind: string
  description: string
  book: string
  asset: string
  amount: bigint
  ts: bigint
}

export const toLedgerEntry = (r: RawLedgerEntry): LedgerEntry => ({
  id: Number(r.id),
  txId: Number(r.tx_id),
  kind: r.kind,
  description: r.description,
  book: r.book,
  asset: r.asset,
  amount: formatAtoms(r.amount),
  ts: Number(r.ts),
})

/**
 * The double-entry ledger: transactions whose postings sum to zero per asset, and the
 * running balance of every book. Entries are written as they are posted; balance changes
 * add up in memory and are written once per book by `flush()`, which the caller runs before
 * its SQLite transaction commits (or `discard()` when it rolls back).
 */
export class BookRepo {
  private readonly pendingBalances = new Map<string, { accountId: number; book: string; asset: string; amount: Atoms }>()
  private readonly txStmt
  private readonly entryStmt
  private readonly balanceStmt
  private readonly balancesStmt
  private readonly entriesStmt
  private readonly sumsStmt
  private readonly resultSinceStmt

  constructor(db: Db) {
    this.txStmt = db.prepare(
      'INSERT INTO ledger_transactions (account_id, kind, description, order_id, fill_id, symbol, ts) VALUES (?, ?, ?, ?, ?, ?, ?)',
    )
    this.entryStmt = db.prepare('INSERT INTO ledger_entries (tx_id, account_id, book, asset, amount, kind) VALUES (?, ?, ?, ?, ?, ?)')
    this.balanceStmt = db.prepare(
      `INSERT INTO balances (account_id, book, asset, amount) VALUES (?, ?, ?, ?)
       ON CONFLICT (account_id, book, asset) DO UPDATE SET amount = amount + excluded.amount`,
    )
    this.balancesStmt = db.prepare('SELECT book, asset, amount FROM balances WHERE account_id = ?').safeIntegers(true)
    this.entriesStmt = db
      .prepare(
        `SELECT e.id, e.tx_id, COALESCE(e.kind, t.kind) AS kind, t.description, e.book, e.asset, e.amount, t.ts
         FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.tx_id
         WHERE e.account_id = ? AND e.book NOT LIKE 'external:%'
         ORDER BY e.id DESC LIMIT ?`,
      )
      .safeIntegers(true)
    this.resultSinceStmt = db
      .prepare(
        `SELECT COALESCE(SUM(e.amount), 0) AS v FROM ledger_transactions t JOIN ledger_entries e ON e.tx_id = t.id
         WHERE t.account_id = ? AND t.ts >= ? AND e.book NOT LIKE 'external:%'
           AND COALESCE(e.kind, t.kind) IN ('realized_pnl', 'fee', 'funding', 'liquidation_clearance')`,
      )
      .safeIntegers(true)
    this.sumsStmt = db
      .prepare('SELECT account_id, book, asset, SUM(amount) AS amount FROM ledger_entries GROUP BY account_id, book, asset')
      .safeIntegers(true)
  }

  /** Writes a balanced transaction's entries; call inside the caller's database transaction, then `flush()`. */
  post(tx: LedgerTransaction): number {
    const byAsset = new Map<string, Atoms>()
    for (const p of tx.postings) byAsset.set(p.asset, (byAsset.get(p.asset) ?? 0n) + p.amount)
    for (const [asset, sum] of byAsset) {
      if (sum !== 0n) throw new Error(`Unbalanced ledger transaction "${tx.kind}": ${asset} sums to ${formatAtoms(sum)}`)
    }
    const txId = Number(this.txStmt.run(tx.accountId, tx.kind, tx.description, tx.orderId ?? null, tx.fillId ?? null, tx.symbol ?? null, tx.ts).lastInsertRowid)
    for (const p of tx.postings) {
      if (p.amount === 0n) continue
      this.entryStmt.run(txId, tx.accountId, p.book, p.asset, p.amount, p.kind ?? null)
      const key = `${tx.accountId}\u0000${p.book}\u0000${p.asset}`
      const pending = this.pendingBalances.get(key)
      if (pending === undefined) this.pendingBalances.set(key, { accountId: tx.accountId, book: p.book, asset: p.asset, amount: p.amount })
      else pending.amount += p.amount
    }
    return txId
  }

  /** Writes the balance changes posted since the last flush, one upsert per book. */
  flush(): void {
    // Even a net change of zero: a book's first entries must create its balance row.
    for (const b of this.pendingBalances.values()) this.balanceStmt.run(b.accountId, b.book, b.asset, b.amount)
    this.pendingBalances.clear()
  }

  /** Forgets balance changes whose entries were rolled back. */
  discard(): void {
    this.pendingBalances.clear()
  }

  /** Running balances of an account's books. */
  balances(accountId: number): Posting[] {
    return (this.balancesStmt.all(accountId) as Array<{ book: string; asset: string; amount: bigint }>).map((r) => ({
      book: r.book,
      asset: r.asset,
      amount: r.amount,
    }))
  }

  /** The account's own entries (not the external mirror side), newest first. */
  entries(accountId: number, limit: number): LedgerEntry[] {
    return (this.entriesStmt.all(accountId, limit) as RawLedgerEntry[]).map(toLedgerEntry)
  }

  /**
   * An account's trading result since `ts`: realized P&L less fees, funding and liquidation
   * clearance, as booked (what the circuit breaker's daily loss limit counts).
   */
  resultSince(accountId: number, ts: number): Atoms {
    return (this.resultSinceStmt.get(accountId, ts) as { v: bigint }).v
  }

  /** SUM of entries per account, book and asset: what `balances` must always equal. */
  entrySums(): Array<{ accountId: number; book: string; asset: string; amount: Atoms }> {
    type Raw = { account_id: bigint; book: string; asset: string; amount: bigint }
    return (this.sumsStmt.all() as Raw[]).map((r) => ({ accountId: Number(r.account_id), book: r.book, asset: r.asset, amount: r.amount }))
  }
}
