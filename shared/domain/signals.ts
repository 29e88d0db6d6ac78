/**
 * External trade signals: trade intents that a trader's own scripts or TradingView alerts
 * send to the app's local HTTP endpoint, each to a channel (an account, or one bot) that
 * has its own secret.
 */

/** Who a channel's signals trade for: an account directly, or one bot (on its account and market). */
export type SignalTarget = { kind: 'account'; accountId: number } | { kind: 'bot'; botId: number }

export interface SignalChannel {
  id: number
  name: string
  target: SignalTarget
  /** The account (for a bot, the bot's account) and the bot's name, for display. */
  accountId: number
  targetName: string
  /** The secret itself lives in the OS keychain; the app only says when it was set. */
  secretSetAt: number
  createdAt: number
  /** Where senders post: the endpoint's address (when it listens) and this channel's path. */
  path: string
}

/** accepted: an order was placed (or a position closed); refused: by the endpoint or by the account's rules. */
export type SignalOutcome = 'accepted' | 'refused'

export interface SignalRecord {
  id: number
  channelId: number
  channelName: string
  botId?: number
  accountId: number
  receivedAt: number
  /** The sender's address as the endpoint saw it. */
  from: string
  status: SignalOutcome
  /** What the endpoint answered: 200, or the refusal's HTTP status. */
  httpStatus: number
  /** Why it was refused, in a trader's words. */
  reason?: string
  symbol?: string
  action?: 'long' | 'short' | 'close'
  /** The trade intent it became, once it got that far (its decision is in the account's intents). */
  intentId?: number
  orderId?: number
}

export interface SignalIntakeSettings {
  /** Off by default: nothing listens until the trader turns it on. */
  enabled: boolean
  port: number
  /** Listen on every network interface instead of this computer only (127.0.0.1). */
  allowRemote: boolean
}

export interface SignalIntakeStatus extends SignalIntakeSettings {
  listening: boolean
  /** The base address signals are posted to, while listening ("http://127.0.0.1:17380"). */
  url?: string
  /** Why it is not listening although enabled (e.g. the port is taken). */
  error?: string
  /** Requests refused for coming too fast; not recorded one by one. */
  rateLimited: number
}

/** The rules every request meets; the settings screen explains them to the trader. */
export const SIGNAL_RULES = {
  /** Largest body accepted, in bytes. */
  maxBodyBytes: 8 * 1024,
  /** A request's timestamp may be this far from the app's clock, either way (ms). */
  maxClockSkewMs: 60_000,
  /** Per channel: a burst of this many, refilled at `perSecond`. */
  burst: 10,
  perSecond: 2,
  /** Secrets are long random strings (the app generates them). */
  minSecretLength: 32,
} as const

export const DEFAULT_SIGNAL_PORT = 17380

/** Headers of a signed request: the sender's time (ms since 1970) and HMAC-SHA256(secret, `${timestamp}.${body}`) in hex. */
export const TIMESTAMP_HEADER = 'x-signal-timestamp'
export const SIGNATURE_HEADER = 'x-signal-signature'

/** The endpoint's path for a channel. */
export const signalPath = (channelId: number): string => `/signals/${channelId}`
