import type { OrderSide, PositionSide } from '../../../shared/domain/trading'
import type { Atoms } from '../../../shared/trading/money'
import type { Db } from '../db'

/** A fill as the history indexer folds it. */
export interface FillToIndex {
  id: number
  accountId: number
  symbol: string
  side: OrderSide
  price: Atoms
  amount: Atoms
  /** Counted in the quote currency only (an imported fee in a third asset, such as BNB, is not). */
  fee: Atoms
  feeAsset: string
  ts: number
  /** From an imported account: review-only history, never charged funding. */
  imported: boolean
  /** The bracket stop-loss of the fill's order, if it had one. */
  stopLoss: Atoms | undefined
}

/** A money movement of a position that is not a fill: funding, or a liquidation's clearance fee. */
export interface AdjustmentToIndex {
  id: number
  accountId: number
  symbol: string
  kind: 'funding' | 'liquidation_clearance'
  /** Paid by the trader (negative: received). */
  amount: Atoms
  ts: number
}

/** A round trip's state as the indexer keeps it and writes it. */
export interface RoundTripRow {
  id: number
  accountId: number
  symbol: string
  side: PositionSide
  openedAt: number
  closedAt: number | undefined
  amount: Atoms
  maxAmount: Atoms
  entryPrice: Atoms
  entryAmount: Atoms
  exitAmount: Atoms
  exitNotional: Atoms
  grossPnl: Atoms
  fees: Atoms
  funding: Atoms
  initialStop: Atoms | undefined
  risk: Atoms | undefined
  fillCount: number
}

export interface RoundTripFlow {
  roundTripId: number
  ts: number
  fillId: number | undefined
  txId: number | undefined
  amount: Atoms
  realized: Atoms
  fee: Atoms
  funding: Atoms
}

type RawTrip = {
  id: bigint
  account_id: bigint
  symbol: string
  side: PositionSide
  opened_at: bigint
  closed_at: bigint | null
  amount: bigint
  max_amount: bigint
  entry_price: bigint
  entry_amount: bigint
  exit_amount: bigint
  exit_notional: bigint
  gross_pnl: bigint
  fees: bigint
  funding: bigint
  initial_stop: bigint | null
  risk: bigint | null
  fill_count: bigint
}

type RawFill = [bigint, bigint, string, OrderSide, bigint, bigint, bigint, string, bigint, bigint | null, bigint]

const toFillToIndex = ([id, accountId, symbol, side, price, amount, fee, feeAsset, ts, stopLoss, imported]: RawFill): FillToIndex => ({
  id: Number(id),
  accountId: Number(accountId),
  symbol,
  side,
  price,
  amount,
  fee,
  feeAsset,
  ts: Number(ts),
  imported: imported === 1n,
  stopLoss: stopLoss ?? undefined,
})

const toRow = (r: RawTrip): RoundTripRow => ({
  id: Number(r.id),
  accountId: Number(r.account_id),
  symbol: r.symbol,
  side: r.side,
  openedAt: Number(r.opened_at),
  closedAt: r.closed_at === null ? undefined : Number(r.closed_at),
  amount: r.amount,
  maxAmount: r.max_amount,
  entryPrice: r.entry_price,
  entryAmount: r.entry_amount,
  exitAmount: r.exit_amount,
  exitNotional: r.exit_notional,
  grossPnl: r.gross_pnl,
  fees: r.fees,
  funding: r.funding,
  initialStop: r.initial_stop ?? undefined,
  risk: r.risk ?? undefined,
  fillCount: Number(r.fill_count),
})

/** The derived round-trip tables: what the indexer reads back and writes. */
export class RoundTripRepo {
  private readonly fillsStmt
  private readonly adjustmentsStmt
  private readonly openStmt
  private readonly accountFillsStmt
  private readonly forgetFlowsStmt
  private readonly forgetTripsStmt
  private readonly allStmt
  private readonly flowsStmt
  private readonly latestStmt
  private readonly saveStmt
  private readonly flowStmt

  constructor(db: Db) {
    this.fillsStmt = db
      .prepare(
        `SELECT f.id, f.account_id, f.symbol, f.side, f.price, f.amount, f.fee, f.fee_asset, f.ts, o.stop_loss, a.source = 'imported'
         FROM fills f JOIN orders o ON o.id = f.order_id JOIN accounts a ON a.id = f.account_id WHERE f.id > ? ORDER BY f.id LIMIT ?`,
      )
      .raw(true)
      .safeIntegers(true)
    this.adjustmentsStmt = db
      .prepare(
        `SELECT t.id, t.account_id, COALESCE(t.symbol, o.symbol), t.kind, t.ts,
           (SELECT SUM(e.amount) FROM ledger_entries e WHERE e.tx_id = t.id AND e.book LIKE 'external:%')
         FROM ledger_transactions t LEFT JOIN orders o ON o.id = t.order_id
         WHERE t.id > ? AND t.ts <= ? AND t.kind IN ('funding', 'liquidation_clearance') ORDER BY t.id`,
      )
      .raw(true)
      .safeIntegers(true)
    this.accountFillsStmt = db
      .prepare(
        `SELECT f.id, f.account_id, f.symbol, f.side, f.price, f.amount, f.fee, f.fee_asset, f.ts, o.stop_loss, a.source = 'imported'
         FROM fills f JOIN orders o ON o.id = f.order_id JOIN accounts a ON a.id = f.account_id WHERE f.account_id = ? ORDER BY f.ts, f.id`,
      )
      .raw(true)
      .safeIntegers(true)
    this.forgetFlowsStmt = db.prepare('DELETE FROM round_trip_flows WHERE round_trip_id IN (SELECT id FROM round_trips WHERE account_id = ?)')
    this.forgetTripsStmt = db.prepare('DELETE FROM round_trips WHERE account_id = ?')
    this.openStmt = db.prepare('SELECT * FROM round_trips WHERE closed_at IS NULL').safeIntegers(true)
    this.allStmt = db
      .prepare('SELECT id, account_id, symbol, side, opened_at, closed_at, net_pnl, risk FROM round_trips ORDER BY closed_at IS NULL, closed_at, id')
      .raw(true)
    this.flowsStmt = db.prepare('SELECT round_trip_id, ts, realized, fee, funding FROM round_trip_flows ORDER BY ts, rowid').raw(true)
    this.latestStmt = db
      .prepare('SELECT * FROM round_trips WHERE account_id = ? AND symbol = ? ORDER BY id DESC LIMIT 1')
      .safeIntegers(true)
    this.saveStmt = db.prepare(
      `INSERT OR REPLACE INTO round_trips (id, account_id, symbol, side, opened_at, closed_at, sort_ts, amount, max_amount,
         entry_price, entry_amount, exit_amount, exit_notional, gross_pnl, fees, funding, net_pnl, initial_stop, risk, fill_count)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    this.flowStmt = db.prepare(
      'INSERT INTO round_trip_flows (round_trip_id, ts, fill_id, tx_id, amount, realized, fee, funding) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    )
  }

  /** Fills booked after `afterId`, in booking order. */
  fillsAfter(afterId: number, limit: number): FillToIndex[] {
    return (this.fillsStmt.all(afterId, limit) as RawFill[]).map(toFillToIndex)
  }

  /** An account's fills in time order, to fold its trips again after older history was imported. */
  accountFills(accountId: number): FillToIndex[] {
    return (this.accountFillsStmt.all(accountId) as RawFill[]).map(toFillToIndex)
  }

  /** Forgets an account's trips and their flows (they are folded again from its fills). */
  forgetAccount(accountId: number): void {
    this.forgetFlowsStmt.run(accountId)
    this.forgetTripsStmt.run(accountId)
  }

  /** Funding and liquidation clearances booked after `afterId`, up to engine time `untilTs`. */
  adjustmentsAfter(afterId: number, untilTs: number): AdjustmentToIndex[] {
    type Raw = [bigint, bigint, string | null, AdjustmentToIndex['kind'], bigint, bigint | null]
    return (this.adjustmentsStmt.all(afterId, untilTs) as Raw[]).flatMap(([id, accountId, symbol, kind, ts, amount]) =>
      symbol === null || amount === null ? [] : [{ id: Number(id), accountId: Number(accountId), symbol, kind, amount, ts: Number(ts) }],
    )
  }

  /**
   * Every trip as [id, account, symbol, side, opened, closed or null, net P&L, risk or null]
   * with plain numbers (the caller checks money stayed exact), in the order they closed
   * (open ones last): what the in-memory columns load.
   */
  eachTrip(visit: (trip: [number, number, string, PositionSide, number, number | null, number, number | null]) => void): void {
    for (const row of this.allStmt.all() as Array<[number, number, string, PositionSide, number, number | null, number, number | null]>) visit(row)
  }

  /** Every flow by time as [trip id, ts, realized, fee, funding], plain numbers of atoms (the caller checks they are exact). */
  eachFlow(visit: (flow: [number, number, number, number, number]) => void): void {
    for (const row of this.flowsStmt.all() as Array<[number, number, number, number, number]>) visit(row)
  }

  openTrips(): RoundTripRow[] {
    return (this.openStmt.all() as RawTrip[]).map(toRow)
  }

  latest(accountId: number, symbol: string): RoundTripRow | undefined {
    const raw = this.latestStmt.get(accountId, symbol) as RawTrip | undefined
    return raw === undefined ? undefined : toRow(raw)
  }

  save(t: RoundTripRow): void {
    this.saveStmt.run(
      t.id,
      t.accountId,
      t.symbol,
      t.side,
      t.openedAt,
      t.closedAt ?? null,
      t.closedAt ?? t.openedAt,
      t.amount,
      t.maxAmount,
      t.entryPrice,
      t.entryAmount,
      t.exitAmount,
      t.exitNotional,
      t.grossPnl,
      t.fees,
      t.funding,
      t.grossPnl - t.fees - t.funding,
      t.initialStop ?? null,
      t.risk ?? null,
      t.fillCount,
    )
  }

  addFlow(f: RoundTripFlow): void {
    this.flowStmt.run(f.roundTripId, f.ts, f.fillId ?? null, f.txId ?? null, f.amount, f.realized, f.fee, f.funding)
  }
}
