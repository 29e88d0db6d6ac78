/**
 * Paper and live trading, as the contract carries it. Amounts, prices and balances are
 * exact decimal strings ("0.015", "60000.1"): JSON has no exact decimals and floats drift.
 */

export type OrderSide = 'buy' | 'sell'
export type PositionSide = 'long' | 'short'
export type OrderType = 'market' | 'limit' | 'stop_market' | 'take_profit_market'
/** GTC rests; IOC fills what it can now; FOK fills all now or nothing; PO (post-only) only rests. */
export type TimeInForce = 'GTC' | 'IOC' | 'FOK' | 'PO'
export type OrderStatus = 'open' | 'partially_filled' | 'filled' | 'canceled' | 'rejected' | 'expired'

export interface Account {
  id: number
  name: string
  quote: string
  startingBalance: string
  maxLeverage: number
  maxOpenPositions: number
  status: 'active' | 'archived'
  createdAt: number
}

export interface Order {
  id: number
  accountId: number
  clientOrderId: string
  symbol: string
  side: OrderSide
  type: OrderType
  timeInForce: TimeInForce
  /** Limit price; absent for market and stop-market orders. */
  price?: string
  /** Trigger price of stop and take-profit orders. */
  triggerPrice?: string
  amount: string
  filled: string
  averagePrice?: string
  leverage: number
  reduceOnly: boolean
  status: OrderStatus
  /** Why it was rejected, canceled or expired, in a trader's words. */
  reason?: string
  createdAt: number
  updatedAt: number
}

export interface Fill {
  id: number
  accountId: number
  orderId: number
  tradeId: string
  symbol: string
  side: OrderSide
  price: string
  amount: string
  fee: string
  feeAsset: string
  liquidity: 'maker' | 'taker'
  /** P&L this fill realized by reducing a position (0 when it only opened or added). */
  realizedPnl: string
  ts: number
}

export interface Position {
  accountId: number
  symbol: string
  side: PositionSide
  amount: string
  entryPrice: string
  leverage: number
  /** Isolated margin held by the position. */
  margin: string
  markPrice: string
  unrealizedPnl: string
  /** Absent when the position cannot be liquidated. */
  liquidationPrice?: string
  openedAt: number
}

export interface AccountBalance {
  accountId: number
  asset: string
  /** Free wallet balance: what is not held as margin. */
  wallet: string
  /** Isolated margin held by open positions. */
  marginUsed: string
  unrealizedPnl: string
  /** wallet + margin + unrealized P&L. */
  equity: string
  /** What a new order may use: wallet less what open orders would need. */
  available: string
}

export interface LedgerEntry {
  id: number
  txId: number
  kind: string
  description: string
  book: string
  asset: string
  amount: string
  ts: number
}
