import type { ExchangeVenue } from '../../../shared/domain/exchanges'
import type { VenueHealth } from '../../../shared/domain/live'
import type { OrderSide, TimeInForce } from '../../../shared/domain/trading'
import type { Atoms } from '../../../shared/trading/money'

/**
 * What the live engine needs of an exchange, in the engine's exact terms. The ccxt
 * implementation (venues/ccxt/ccxt-venue.ts) converts ccxt's floats once, at this boundary.
 */

export interface VenueOrderRequest {
  symbol: string
  side: OrderSide
  type: 'market' | 'limit'
  amount: Atoms
  price: Atoms | undefined
  /** PO: post-only (the exchange refuses it rather than let it take). */
  timeInForce: TimeInForce
  /** Stored in the ledger before the request is sent: the order's identity at the exchange. */
  clientOrderId: string
}

export type VenueOrderStatus = 'open' | 'partially_filled' | 'filled' | 'canceled' | 'expired' | 'rejected'

/** An order as the exchange reports it. */
export interface VenueOrderState {
  venueOrderId: string
  clientOrderId: string
  symbol: string
  status: VenueOrderStatus
  /** How much has filled at the exchange (its trades may not all be readable yet). */
  filled: Atoms
}

/** One of the exchange's trades of an order: booked once per account by its trade id. */
export interface VenueTrade {
  tradeId: string
  venueOrderId: string
  price: Atoms
  amount: Atoms
  fee: { asset: string; amount: Atoms }
  liquidity: 'maker' | 'taker'
  ts: number
}

export interface VenueAssetBalance {
  asset: string
  free: Atoms
  used: Atoms
  total: Atoms
}

/**
 * The three outcomes of sending an order: the exchange accepted it, it definitely refused it
 * (nothing exists there), or the answer was lost (a timeout, a dropped connection, a 5xx, an
 * unreadable reply): the order may exist, and is settled by looking it up, never by sending
 * it again.
 */
export type PlaceOutcome =
  | { outcome: 'accepted'; order: VenueOrderState }
  | { outcome: 'refused'; message: string }
  | { outcome: 'unknown'; message: string }

export interface ExecutionVenue {
  readonly venue: ExchangeVenue
  readonly name: string
  /**
   * How long after sending the exchange could still accept a request (its signed request's
   * validity, plus clock slack): an order it does not know after that never will exist.
   */
  readonly acceptanceWindowMs: number
  /** Checks the order against the exchange's own precision rules; a message when it would change it. */
  precisionProblem(order: VenueOrderRequest): string | undefined
  place(order: VenueOrderRequest): Promise<PlaceOutcome>
  /** The order with this client order id, or undefined when the exchange does not know one. Throws when it cannot tell. */
  find(symbol: string, clientOrderId: string): Promise<VenueOrderState | undefined>
  /** Cancels; undefined when the exchange knows no such working order (it may have ended). */
  cancel(symbol: string, venueOrderId: string): Promise<VenueOrderState | undefined>
  trades(symbol: string, venueOrderId: string): Promise<VenueTrade[]>
  /** Every working order of the account at the exchange, any market. */
  openOrders(): Promise<VenueOrderState[]>
  balances(): Promise<VenueAssetBalance[]>
  /** Why orders may not be sent now (rate limit, tripped breaker), or undefined. */
  pausedFor(): string | undefined
  health(): VenueHealth
}
