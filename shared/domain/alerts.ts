/**
 * Alerts: a condition on a market or an account that, once met, is delivered to the trader
 * (a desktop notification, and Telegram or a webhook if configured).
 */

export type AlertCondition =
  /** The last price crosses up through `price` (from below it). */
  | { kind: 'price_above'; symbol: string; price: string }
  /** The last price crosses down through `price`. */
  | { kind: 'price_below'; symbol: string; price: string }
  /** The last price moved by at least `percent` % (either way) within `minutes`. */
  | { kind: 'percent_move'; symbol: string; percent: string; minutes: number }
  /** The account's equity is `percent` % or more below its highest (hourly snapshots and now). */
  | { kind: 'drawdown'; accountId: number; percent: string }
  /** Margin held by positions is `percent` % or more of the account's equity. */
  | { kind: 'margin_usage'; accountId: number; percent: string }
  /** A position's mark price is within `percent` % of its liquidation price. */
  | { kind: 'liquidation_distance'; accountId: number; percent: string }

export type AlertKind = AlertCondition['kind']
export type DeliveryChannel = 'desktop' | 'telegram' | 'webhook'

/** active: watching; triggered: fired once and waits to be re-armed; paused: not watching. */
export type AlertStatus = 'active' | 'triggered' | 'paused'

export interface Alert {
  id: number
  condition: AlertCondition
  /** Where it is delivered besides the app's own notification. */
  telegram: boolean
  webhook: boolean
  /** once: fires one time; rearm: fires again each time the condition clears and is met anew. */
  repeat: 'once' | 'rearm'
  status: AlertStatus
  createdAt: number
  triggeredAt?: number
  /** What the last firing said. */
  lastMessage?: string
}

/** sent: the channel took it; retrying: failed, another try is scheduled; failed: gave up (the error says why). */
export type DeliveryStatus = 'sent' | 'retrying' | 'failed'

export interface AlertDelivery {
  id: number
  alertId: number
  channel: DeliveryChannel
  message: string
  status: DeliveryStatus
  attempts: number
  error?: string
  at: number
}

/** Where alerts go beyond the app; the Telegram bot token lives in the OS keychain. */
export interface AlertDeliverySettings {
  telegram: { hasToken: boolean; chatId?: string }
  webhookUrl?: string
}

/** An alert fired: the app's notification shows it. */
export interface AlertFired {
  alert: Alert
  message: string
}

/** What an alert watches, in words: "BTC/USDT crosses above 70,000". */
export function describeCondition(condition: AlertCondition, accountName = (id: number) => `account ${id}`): string {
  switch (condition.kind) {
    case 'price_above':
      return `${condition.symbol} crosses above ${condition.price}`
    case 'price_below':
      return `${condition.symbol} crosses below ${condition.price}`
    case 'percent_move':
      return `${condition.symbol} moves ${condition.percent} % within ${condition.minutes} min`
    case 'drawdown':
      return `${accountName(condition.accountId)} draws down ${condition.percent} % from its high`
    case 'margin_usage':
      return `${accountName(condition.accountId)} uses ${condition.percent} % of its equity as margin`
    case 'liquidation_distance':
      return `a position of ${accountName(condition.accountId)} comes within ${condition.percent} % of liquidation`
  }
}
