import type { ExchangeVenue } from './exchanges'

/**
 * Live trading as both sides see it: an account whose orders an exchange executes, the
 * safety settings around it, and how its exchange's API is doing. Amounts are exact decimal
 * strings, as everywhere in the contract.
 */

/** How an exchange's API is doing for the app, as the status bar and health page show it. */
export interface VenueHealth {
  venue: ExchangeVenue
  name: string
  /**
   * ok; rate-limited (the exchange asked the app to wait: 429, or 418 after ignoring that);
   * tripped (its API kept failing, so trading on it is paused for a while, then tried again).
   */
  state: 'ok' | 'rate-limited' | 'tripped'
  /** Why it is paused, in words, while it is. */
  reason?: string
  /** When requests are allowed again (epoch ms), while paused. */
  resumesAt?: number
  requests: number
  failures: number
  /** Answers that were 429 or 418. */
  rateLimited: number
  /** The last request's round trip, and the average of recent ones (ms). */
  latencyMs?: number
  averageLatencyMs?: number
  lastError?: string
}

/** What an exchange says an account holds of one asset. */
export interface VenueBalance {
  asset: string
  free: string
  /** Held by working orders. */
  used: string
  total: string
}

export interface LiveAccountInfo {
  accountId: number
  venue: ExchangeVenue
  /** The stored exchange key (Settings) that signs its requests. */
  keyLabel: string
  /** Only an armed account sends orders to the exchange. */
  armed: boolean
  armedAt?: number
  /** No single order may be worth more (quote currency). */
  maxOrderNotional: string
  /** Once the UTC day's loss reaches it, new orders are refused until the next day. */
  maxDailyLoss: string
  /** Today's loss as counted against maxDailyLoss: equity at the day's first snapshot less equity now, never negative. */
  lossToday: string
  /** While on, its orders go to a paper account (dryRunAccountId) on the same live prices. */
  dryRun: boolean
  dryRunAccountId?: number
  /** The exchange's balances at the last reading, and when that was. */
  exchangeBalances: VenueBalance[]
  balancesAt?: number
  /** The last reconciliation with the exchange: orders, fills missed, balances. */
  lastSync?: { at: number; ok: boolean; message: string }
  venueHealth: VenueHealth
}
