/**
 * Paper and live trading, as the contract carries it. Amounts, prices and balances are
 * exact decimal strings ("0.015", "60000.1"): JSON has no exact decimals and floats drift.
 */

export type OrderSide = 'buy' | 'sell'
export type PositionSide = 'long' | 'short'
export type OrderType =
  | 'market'
  | 'limit'
  | 'stop_market'
  | 'take_profit_market'
  | 'stop_limit'
  | 'take_profit_limit'
  | 'trailing_stop_market'
/** GTC rests; IOC fills what it can now; FOK fills all now or nothing; PO (post-only) only rests. */
export type TimeInForce = 'GTC' | 'IOC' | 'FOK' | 'PO'
/**
 * A live order is 'pending' from being stored until its exchange answers, and 'unknown' when
 * that answer was lost: it is then looked up by its client order id, never sent again.
 */
export type OrderStatus = 'pending' | 'unknown' | 'open' | 'partially_filled' | 'filled' | 'canceled' | 'rejected' | 'expired'

export type SizingMethod = 'ACCOUNT_PERCENTAGE' | 'CONFIDENCE_BASED' | 'FIXED_USD'

/** What the circuit breaker allows once tripped: orders that reduce, reduce-only orders, or it flattens first. */
export type BreakerMode = 'block_entries' | 'reduce_only' | 'flatten'

export interface RiskLimits {
  maxPositionNotional?: string
  /** Realized loss (P&L less fees) in a UTC day that trips the breaker. */
  dailyLossLimit?: string
  /** Losing closed positions in a row that trip the breaker. */
  maxConsecutiveLosses?: number
  breakerMode: BreakerMode
}

export interface Account {
  id: number
  name: string
  quote: string
  startingBalance: string
  maxLeverage: number
  maxOpenPositions: number
  /** How trade intents are sized; `sizingValue` is a fraction of equity or a notional (FIXED_USD). */
  sizingMethod: SizingMethod
  sizingValue: string
  /** Stop-loss / take-profit distance, as a fraction of entry, for intents that give none. */
  defaultStopLoss?: string
  defaultTakeProfit?: string
  /** The account's own fee rates (its tier); absent = the market's. Negative maker = rebate. */
  makerFee?: string
  takerFee?: string
  risk: RiskLimits
  /** Present while trading is halted; cleared when the trader resumes. */
  halt?: { by: 'circuit_breaker' | 'kill_switch'; reason: string; since: number }
  status: 'active' | 'archived'
  /** Present for a live account: its orders go to this exchange (an ExchangeVenue id). */
  live?: { venue: string }
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
  /** Trigger price of stop and take-profit orders (a trailing stop's moves with the market). */
  triggerPrice?: string
  /** What a trigger watches: the last trade price or the mark price. */
  triggerBy: 'last' | 'mark'
  /** A trailing stop's distance: a price, or a fraction of the best price seen. */
  trailingDistance?: string
  trailingPercent?: string
  /** When a stop-limit or take-profit-limit triggered and began to rest as a limit. */
  triggeredAt?: number
  amount: string
  filled: string
  averagePrice?: string
  leverage: number
  reduceOnly: boolean
  status: OrderStatus
  /** Why it was rejected, canceled or expired, in a trader's words. */
  reason?: string
  /** Bracket triggers attached to an entry: they become reduce-only orders once it fills. */
  stopLoss?: string
  takeProfit?: string
  /** Set on a bracket's stop-loss and take-profit orders: the entry they protect. */
  parentOrderId?: number
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
  /** What the margin may not fall below (by the tier of its notional at mark). */
  maintenanceMargin: string
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
  /** Spot holdings, valued at mid; `available` excludes what sell orders will deliver. */
  holdings: Array<{ asset: string; amount: string; available: string; value: string }>
}

/** An account's money at one moment (hourly), for equity curves. */
export interface BalanceSnapshot {
  ts: number
  wallet: string
  marginUsed: string
  unrealizedPnl: string
  /** Spot holdings valued at mid. */
  holdings: string
  equity: string
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

/** A decision module's trade intent, in the format traders' bots already emit. */
export interface TradeIntent {
  account: number
  symbol: string
  action: 'long' | 'short' | 'close'
  /** 0..1 */
  confidence: number
  stop_loss_price?: string | number
  take_profit_price?: string | number
  /** Notional in the quote currency, replacing the account's sizing. */
  position_size_usd_override?: string | number
  leverage_override?: number
  reasoning?: string
}

/** What became of an intent: accepted with the order it placed, or refused with why. */
export interface IntentDecision {
  id: number
  accountId: number
  symbol: string
  action: 'long' | 'short' | 'close'
  confidence: number
  status: 'accepted' | 'refused'
  reason?: string
  reasoning?: string
  orderId?: number
  ts: number
}

/**
 * The paper exchange's assumptions where the data source is silent. Rates are decimal
 * fractions of the price ("0.0005" = 0.05 %); amounts are in the quote currency.
 */
export interface FillModel {
  /**
   * When a resting limit order fills: 'trade-through' (conservative: a trade strictly beyond
   * its price, as if last in the queue) or 'touch' (a trade at its price).
   */
  queue: 'trade-through' | 'touch'
  /** Spread quoted around the last price for sources without a bid and ask (trades or candles only). */
  syntheticSpread: string
  /**
   * Slippage for those sources: market orders walk a synthetic book holding `depthPerLevel`
   * at each `levelStep` away from the top, so larger orders fill progressively worse.
   */
  slippage: { levelStep: string; depthPerLevel: string }
}
