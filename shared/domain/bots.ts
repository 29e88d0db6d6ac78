import type { Timeframe } from './market'
import type { StrategyId } from './strategies'

/**
 * running: deciding on every closed candle; paused: watching (its indicators stay current)
 * but not trading; stopped: by the trader, the account's kill switch or its circuit
 * breaker (`reason` says which); faulted: its strategy failed (`reason` says how).
 */
export type BotStatus = 'running' | 'paused' | 'stopped' | 'faulted'

/** The reason a bot stopped by its trader carries (notifications stay quiet about it). */
export const BOT_STOPPED_BY_TRADER = 'Stopped by the trader'

/** A bot's own circuit breaker, on its market's trades (the account's limits apply as well). */
export interface BotRisk {
  /** Realized loss, fees included, in a UTC day (quote currency) that stops the bot. */
  maxDailyLoss?: string
  /** Losing trades in a row (a position closed, or turned to the other side, at a loss) that stop the bot. */
  maxConsecutiveLosses?: number
}

export interface Bot {
  id: number
  name: string
  strategy: StrategyId
  params: Record<string, unknown>
  symbol: string
  timeframe: Timeframe
  accountId: number
  risk?: BotRisk
  status: BotStatus
  reason?: string
  createdAt: number
  updatedAt: number
}

/** A bot with its account's figures now, as the bots screen lists it. */
export interface BotView extends Bot {
  accountName: string
  /** The account's equity and P&L since its starting balance (the bot's, when it trades the account alone). */
  equity: string
  pnl: string
  /** What the account holds in the bot's market. */
  position?: { side: 'long' | 'short'; amount: string; entryPrice?: string }
}

/** One line of a bot's log. */
export interface BotLogEntry {
  id: number
  at: number
  message: string
}
