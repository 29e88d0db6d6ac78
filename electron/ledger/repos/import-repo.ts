import { AppError } from '../../../shared/contract/result'
import { notional } from '../../../shared/trading/margin'
import { divRound, ONE, type Atoms } from '../../../shared/trading/money'
import { symbolAssets } from '../../history/csv-format'
import { importError, type ImportedFill } from '../../history/csv-import'
import type { Db } from '../db'

/** An exchange order as booked: the ledger's id and what its fills must agree with. */
interface BookedOrder {
  id: number
  symbol: string
  side: string
}

/** What a new order row says about the fills of this batch that belong to it. */
interface OrderTotals {
  amount: Atoms
  notional: Atoms
  first: number
  last: number
}

/**
 * Books fills read from an exchange's CSV into a review-only ('imported') account: orders
 * and fills only. Balances and ledger entries stay untouched, as the file says nothing of
 * the account's money; the history indexer works the trades and their P&L out.
 */
export class ImportRepo {
  private readonly accountByNameStmt
  private readonly insertAccountStmt
  private readonly orderStmt
  private readonly insertOrderStmt
  private readonly orderEventStmt
  private readonly insertFillStmt

  constructor(private readonly db: Db) {
    this.accountByNameStmt = db.prepare("SELECT id, source FROM accounts WHERE status = 'active' AND name = ?")
    // The engine never trades an imported account: sizing and limits only satisfy the schema.
    this.insertAccountStmt = db.prepare(
      `INSERT INTO accounts (name, quote, starting_balance, max_leverage, max_open_positions, sizing_method, sizing_value,
         status, source, venue, created_at, updated_at)
       VALUES (@name, @quote, @startingBalance, 125, 500, 'ACCOUNT_PERCENTAGE', 10000000,
         'active', 'imported', @venue, @now, @now)`,
    )
    this.orderStmt = db.prepare('SELECT id, symbol, side FROM orders WHERE account_id = ? AND client_order_id = ?')
    this.insertOrderStmt = db.prepare(
      `INSERT INTO orders (account_id, client_order_id, symbol, side, type, time_in_force, amount, filled, filled_notional,
         leverage, reduce_only, status, created_at, updated_at)
       VALUES (@accountId, @clientOrderId, @symbol, @side, 'market', 'GTC', @amount, @amount, @notional,
         1, 0, 'filled', @createdAt, @updatedAt)`,
    )
    this.orderEventStmt = db.prepare("INSERT INTO order_events (order_id, status, reason, ts) VALUES (?, 'filled', 'Imported from a file', ?)")
    // ON CONFLICT, not INSERT OR IGNORE: OR IGNORE would also drop a row failing a CHECK, silently.
    this.insertFillStmt = db.prepare(
      `INSERT INTO fills (account_id, order_id, trade_id, symbol, side, price, amount, fee, fee_asset, liquidity, realized_pnl, ts)
       VALUES (@accountId, @orderId, @tradeId, @symbol, @side, @price, @amount, @fee, @feeAsset, @liquidity, 0, @ts)
       ON CONFLICT (account_id, trade_id) DO NOTHING`,
    )
  }

  /** The active imported account of that name, created when there is none; refused when a trading account holds the name. */
  ensureAccount(name: string, venue: string, quote: string, startingBalance: Atoms, now: number): number {
    const existing = this.accountByNameStmt.get(name) as { id: number; source: string } | undefined
    if (existing?.source === 'imported') return existing.id
    if (existing !== undefined) throw new AppError('CONFLICT', `An account named "${name}" already exists for trading. Import into another name.`)
    return Number(this.insertAccountStmt.run({ name, quote, startingBalance, venue, now }).lastInsertRowid)
  }

  /** When the account's latest fill was, before an import adds to it (undefined: none yet). */
  latestFillTs(accountId: number): number | undefined {
    const row = this.db.prepare('SELECT MAX(ts) FROM fills WHERE account_id = ?').raw(true).get(accountId) as [number | null]
    return row[0] ?? undefined
  }

  /**
   * Books a file's fills all or nothing (one transaction, a savepoint inside the caller's).
   * A fill already booked (same trade id in this account) is counted as a duplicate, so a
   * file imported twice, or files that overlap, book each fill once. Each exchange order
   * becomes one filled order row the first time it is seen; an order already booked by an
   * earlier file is left as it is.
   */
  book(accountId: number, file: readonly ImportedFill[], now: number): { added: number; duplicates: number } {
    // In time order (exchanges list newest first), so fill ids follow time as the indexer expects.
    const fills = [...file].sort((a, b) => a.ts - b.ts || a.line - b.line).map(asBooked)
    return this.db.transaction(() => {
      const totals = orderTotals(fills)
      const orders = new Map<string, BookedOrder>()
      let added = 0
      for (const fill of fills) {
        const order = orders.get(fill.orderId) ?? this.order(accountId, fill, totals, now)
        orders.set(fill.orderId, order)
        if (order.symbol !== fill.symbol || order.side !== fill.side) {
          throw importError(fill.line, `order "${fill.orderId}" was already booked as a ${order.side} of ${order.symbol}, not a ${fill.side} of ${fill.symbol}`)
        }
        added += this.insertFillStmt.run({ ...fill, accountId, orderId: order.id }).changes
      }
      return { added, duplicates: fills.length - added }
    })()
  }

  /** The booked order of a fill's exchange order id, inserted from this batch's totals when new. */
  private order(accountId: number, fill: ImportedFill, totals: Map<string, OrderTotals>, now: number): BookedOrder {
    const clientOrderId = `import:${fill.orderId}`
    const existing = this.orderStmt.get(accountId, clientOrderId) as BookedOrder | undefined
    if (existing !== undefined) return existing
    const total = totals.get(fill.orderId) as OrderTotals
    const id = Number(
      this.insertOrderStmt.run({
        accountId,
        clientOrderId,
        symbol: fill.symbol,
        side: fill.side,
        amount: total.amount,
        notional: total.notional,
        createdAt: total.first,
        updatedAt: total.last,
      }).lastInsertRowid,
    )
    this.orderEventStmt.run(id, now)
    return { id, symbol: fill.symbol, side: fill.side }
  }
}

/** Per exchange order id: the amount and notional of its fills in the batch, and their time span. */
function orderTotals(fills: readonly ImportedFill[]): Map<string, OrderTotals> {
  const totals = new Map<string, OrderTotals>()
  for (const f of fills) {
    const t = totals.get(f.orderId) ?? { amount: 0n, notional: 0n, first: f.ts, last: f.ts }
    totals.set(f.orderId, {
      amount: t.amount + f.amount,
      notional: t.notional + notional(f.price, f.amount),
      first: Math.min(t.first, f.ts),
      last: Math.max(t.last, f.ts),
    })
  }
  return totals
}

/**
 * A fill as history counts it, fees in the quote. A fee charged in the base (Binance takes a
 * spot buy's fee from the coins bought) is converted at the fill's price, rounded up (a cost
 * is never understated), and a buy books the coins it actually received: the position then
 * closes when they are sold, and cost = price x coins received + fee = what was paid. A fee
 * in a third asset (BNB) is kept with its asset; the indexer counts only quote-asset fees.
 */
function asBooked(fill: ImportedFill): ImportedFill {
  const { base, quote } = symbolAssets(fill.symbol)
  if (fill.feeAsset !== base) return fill
  const fee = divRound(fill.fee * fill.price, ONE, fill.fee < 0n ? 'down' : 'up')
  const amount = fill.side === 'buy' && fill.fee > 0n && fill.fee < fill.amount ? fill.amount - fill.fee : fill.amount
  return { ...fill, amount, fee, feeAsset: quote }
}
