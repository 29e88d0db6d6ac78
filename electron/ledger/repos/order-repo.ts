import type { Fill, Order, OrderSide, OrderStatus, OrderType, TimeInForce } from '../../../shared/domain/trading'
import { div, formatAtoms, type Atoms } from '../../../shared/trading/money'
import type { Db } from '../db'

export interface OrderRow {
  id: number
  accountId: number
  clientOrderId: string
  symbol: string
  side: OrderSide
  type: OrderType
  timeInForce: TimeInForce
  price: Atoms | undefined
  triggerPrice: Atoms | undefined
  triggerBy: 'last' | 'mark'
  trailingDistance: Atoms | undefined
  trailingPercent: Atoms | undefined
  trailingAnchor: Atoms | undefined
  triggeredAt: number | undefined
  amount: Atoms
  filled: Atoms
  /** Sum of price x amount over fills, for the average price. */
  filledNotional: Atoms
  leverage: number
  reduceOnly: boolean
  status: OrderStatus
  reason: string | undefined
  stopLoss: Atoms | undefined
  takeProfit: Atoms | undefined
  parentOrderId: number | undefined
  createdAt: number
  updatedAt: number
}

export interface FillRow {
  id: number
  accountId: number
  orderId: number
  tradeId: string
  symbol: string
  side: OrderSide
  price: Atoms
  amount: Atoms
  fee: Atoms
  feeAsset: string
  liquidity: 'maker' | 'taker'
  realizedPnl: Atoms
  ts: number
}

interface RawOrder {
  id: bigint
  account_id: bigint
  client_order_id: string
  symbol: string
  side: OrderSide
  type: OrderType
  time_in_force: TimeInForce
  price: bigint | null
  trigger_price: bigint | null
  trigger_by: 'last' | 'mark'
  trailing_distance: bigint | null
  trailing_percent: bigint | null
  trailing_anchor: bigint | null
  triggered_at: bigint | null
  amount: bigint
  filled: bigint
  filled_notional: bigint
  leverage: bigint
  reduce_only: bigint
  status: OrderStatus
  reason: string | null
  stop_loss: bigint | null
  take_profit: bigint | null
  parent_order_id: bigint | null
  created_at: bigint
  updated_at: bigint
}

/**
 * An OrderRow with its fields in one fixed order. Orders are rebuilt by spreads all over the
 * engine; giving every working order the same shape keeps the per-tick loop's property
 * reads monomorphic (measured: several times faster with 30,000 working orders).
 */
export function orderShape(o: OrderRow): OrderRow {
  return {
    id: o.id,
    accountId: o.accountId,
    clientOrderId: o.clientOrderId,
    symbol: o.symbol,
    side: o.side,
    type: o.type,
    timeInForce: o.timeInForce,
    price: o.price,
    triggerPrice: o.triggerPrice,
    triggerBy: o.triggerBy,
    trailingDistance: o.trailingDistance,
    trailingPercent: o.trailingPercent,
    trailingAnchor: o.trailingAnchor,
    triggeredAt: o.triggeredAt,
    amount: o.amount,
    filled: o.filled,
    filledNotional: o.filledNotional,
    leverage: o.leverage,
    reduceOnly: o.reduceOnly,
    status: o.status,
    reason: o.reason,
    stopLoss: o.stopLoss,
    takeProfit: o.takeProfit,
    parentOrderId: o.parentOrderId,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
  }
}

const fromRaw = (r: RawOrder): OrderRow => ({
  id: Number(r.id),
  accountId: Number(r.account_id),
  clientOrderId: r.client_order_id,
  symbol: r.symbol,
  side: r.side,
  type: r.type,
  timeInForce: r.time_in_force,
  price: r.price ?? undefined,
  triggerPrice: r.trigger_price ?? undefined,
  triggerBy: r.trigger_by,
  trailingDistance: r.trailing_distance ?? undefined,
  trailingPercent: r.trailing_percent ?? undefined,
  trailingAnchor: r.trailing_anchor ?? undefined,
  triggeredAt: r.triggered_at === null ? undefined : Number(r.triggered_at),
  amount: r.amount,
  filled: r.filled,
  filledNotional: r.filled_notional,
  leverage: Number(r.leverage),
  reduceOnly: r.reduce_only === 1n,
  status: r.status,
  reason: r.reason ?? undefined,
  stopLoss: r.stop_loss ?? undefined,
  takeProfit: r.take_profit ?? undefined,
  parentOrderId: r.parent_order_id === null ? undefined : Number(r.parent_order_id),
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
})

export function averagePrice(o: OrderRow): Atoms | undefined {
  return o.filled === 0n ? undefined : div(o.filledNotional, o.filled)
}

export function toOrder(o: OrderRow): Order {
  const average = averagePrice(o)
  return {
    id: o.id,
    accountId: o.accountId,
    clientOrderId: o.clientOrderId,
    symbol: o.symbol,
    side: o.side,
    type: o.type,
    timeInForce: o.timeInForce,
    ...(o.price === undefined ? {} : { price: formatAtoms(o.price) }),
    ...(o.triggerPrice === undefined ? {} : { triggerPrice: formatAtoms(o.triggerPrice) }),
    triggerBy: o.triggerBy,
    ...(o.trailingDistance === undefined ? {} : { trailingDistance: formatAtoms(o.trailingDistance) }),
    ...(o.trailingPercent === undefined ? {} : { trailingPercent: formatAtoms(o.trailingPercent) }),
    ...(o.triggeredAt === undefined ? {} : { triggeredAt: o.triggeredAt }),
    amount: formatAtoms(o.amount),
    filled: formatAtoms(o.filled),
    ...(average === undefined ? {} : { averagePrice: formatAtoms(average) }),
    leverage: o.leverage,
    reduceOnly: o.reduceOnly,
    status: o.status,
    ...(o.reason === undefined ? {} : { reason: o.reason }),
    ...(o.stopLoss === undefined ? {} : { stopLoss: formatAtoms(o.stopLoss) }),
    ...(o.takeProfit === undefined ? {} : { takeProfit: formatAtoms(o.takeProfit) }),
    ...(o.parentOrderId === undefined ? {} : { parentOrderId: o.parentOrderId }),
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
  }
}

export const toFill = (f: FillRow): Fill => ({
  ...f,
  price: formatAtoms(f.price),
  amount: formatAtoms(f.amount),
  fee: formatAtoms(f.fee),
  realizedPnl: formatAtoms(f.realizedPnl),
})

/** Orders, their status history, and fills. */
export class OrderRepo {
  private readonly insertStmt
  private readonly updateStmt
  private readonly eventStmt
  private readonly byClientIdStmt
  private readonly byIdStmt
  private readonly openStmt
  private readonly inFlightStmt
  private readonly listStmt
  private readonly listOpenStmt
  private readonly fillStmt
  private readonly fillsStmt
  private readonly nextIdStmt

  constructor(db: Db) {
    this.nextIdStmt = db.prepare('SELECT COALESCE(MAX(id), 0) + 1 AS next FROM orders')

    this.insertStmt = db.prepare(
      `INSERT INTO orders (account_id, client_order_id, symbol, side, type, time_in_force, price, trigger_price,
         trigger_by, trailing_distance, trailing_percent, trailing_anchor, triggered_at, amount,
         filled, filled_notional, leverage, reduce_only, status, reason, stop_loss, take_profit, parent_order_id,
         created_at, updated_at)
       VALUES (@accountId, @clientOrderId, @symbol, @side, @type, @timeInForce, @price, @triggerPrice,
         @triggerBy, @trailingDistance, @trailingPercent, @trailingAnchor, @triggeredAt, @amount,
         @filled, @filledNotional, @leverage, @reduceOnly, @status, @reason, @stopLoss, @takeProfit, @parentOrderId,
         @createdAt, @updatedAt)`,
    )
    this.updateStmt = db.prepare(
      `UPDATE orders SET filled = @filled, filled_notional = @filledNotional, status = @status, reason = @reason,
         price = @price, trigger_price = @triggerPrice, amount = @amount, trailing_anchor = @trailingAnchor,
         triggered_at = @triggeredAt, updated_at = @updatedAt WHERE id = @id`,
    )
    this.eventStmt = db.prepare('INSERT INTO order_events (order_id, status, reason, ts) VALUES (?, ?, ?, ?)')
    this.byClientIdStmt = db.prepare('SELECT * FROM orders WHERE account_id = ? AND client_order_id = ?').safeIntegers(true)
    this.byIdStmt = db.prepare('SELECT * FROM orders WHERE id = ?').safeIntegers(true)
    this.openStmt = db.prepare("SELECT * FROM orders WHERE status IN ('open', 'partially_filled') ORDER BY id").safeIntegers(true)
    this.inFlightStmt = db.prepare("SELECT * FROM orders WHERE status IN ('pending', 'unknown') ORDER BY id").safeIntegers(true)
    this.listStmt = db.prepare('SELECT * FROM orders WHERE account_id = ? ORDER BY id DESC LIMIT ?').safeIntegers(true)
    this.listOpenStmt = db
      .prepare("SELECT * FROM orders WHERE account_id = ? AND status IN ('pending', 'unknown', 'open', 'partially_filled') ORDER BY id DESC LIMIT ?")
      .safeIntegers(true)
    this.fillStmt = db.prepare(
      `INSERT INTO fills (account_id, order_id, trade_id, symbol, side, price, amount, fee, fee_asset, liquidity, realized_pnl, ts)
       VALUES (@accountId, @orderId, @tradeId, @symbol, @side, @price, @amount, @fee, @feeAsset, @liquidity, @realizedPnl, @ts)`,
    )
    this.fillsStmt = db.prepare('SELECT * FROM fills WHERE account_id = ? ORDER BY id DESC LIMIT ?').safeIntegers(true)
  }

  /** The id the next inserted order will get (orders are only inserted by the single engine). */
  nextId(): number {
    return (this.nextIdStmt.get() as { next: number }).next
  }

  /** Inserts a new order and its first event; returns its id. */
  insert(o: Omit<OrderRow, 'id'>): number {
    const id = Number(
      this.insertStmt.run({
        ...o,
        price: o.price ?? null,
        triggerPrice: o.triggerPrice ?? null,
        trailingDistance: o.trailingDistance ?? null,
        trailingPercent: o.trailingPercent ?? null,
        trailingAnchor: o.trailingAnchor ?? null,
        triggeredAt: o.triggeredAt ?? null,
        reduceOnly: o.reduceOnly ? 1 : 0,
        reason: o.reason ?? null,
        stopLoss: o.stopLoss ?? null,
        takeProfit: o.takeProfit ?? null,
        parentOrderId: o.parentOrderId ?? null,
      }).lastInsertRowid,
    )
    this.eventStmt.run(id, o.status, o.reason ?? null, o.createdAt)
    return id
  }

  /**
   * Stores an order's progress (fills, status, amended or trailing prices) and, when given,
   * the event: its new status, or what an amendment changed.
   */
  update(o: OrderRow, event: boolean | string): void {
    this.updateStmt.run({
      id: o.id,
      filled: o.filled,
      filledNotional: o.filledNotional,
      status: o.status,
      reason: o.reason ?? null,
      price: o.price ?? null,
      triggerPrice: o.triggerPrice ?? null,
      amount: o.amount,
      trailingAnchor: o.trailingAnchor ?? null,
      triggeredAt: o.triggeredAt ?? null,
      updatedAt: o.updatedAt,
    })
    if (event !== false) this.eventStmt.run(o.id, o.status, event === true ? (o.reason ?? null) : event, o.updatedAt)
  }

  byClientId(accountId: number, clientOrderId: string): OrderRow | undefined {
    const raw = this.byClientIdStmt.get(accountId, clientOrderId) as RawOrder | undefined
    return raw === undefined ? undefined : fromRaw(raw)
  }

  byId(id: number): OrderRow | undefined {
    const raw = this.byIdStmt.get(id) as RawOrder | undefined
    return raw === undefined ? undefined : fromRaw(raw)
  }

  /** Every order still working, oldest first (for rebuilding the engine). */
  open(): OrderRow[] {
    return (this.openStmt.all() as RawOrder[]).map(fromRaw)
  }

  /** Live orders stored but not confirmed by their exchange yet (pending, or unknown), oldest first. */
  inFlight(): OrderRow[] {
    return (this.inFlightStmt.all() as RawOrder[]).map(fromRaw)
  }

  list(accountId: number, onlyOpen: boolean, limit: number): OrderRow[] {
    return ((onlyOpen ? this.listOpenStmt : this.listStmt).all(accountId, limit) as RawOrder[]).map(fromRaw)
  }

  insertFill(f: Omit<FillRow, 'id'>): number {
    return Number(this.fillStmt.run(f).lastInsertRowid)
  }

  fills(accountId: number, limit: number): FillRow[] {
    type Raw = Record<string, unknown> & { id: bigint; account_id: bigint; order_id: bigint; ts: bigint }
    return (this.fillsStmt.all(accountId, limit) as Raw[]).map((r) => ({
      id: Number(r.id),
      accountId: Number(r.account_id),
      orderId: Number(r.order_id),
      tradeId: r.trade_id as string,
      symbol: r.symbol as string,
      side: r.side as OrderSide,
      price: r.price as bigint,
      amount: r.amount as bigint,
      fee: r.fee as bigint,
      feeAsset: r.fee_asset as string,
      liquidity: r.liquidity as 'maker' | 'taker',
      realizedPnl: r.realized_pnl as bigint,
      ts: Number(r.ts),
    }))
  }
}
