/**
 * Trade history and performance analytics, as the contract carries them. Everything here
 * is read from the local ledger only. Money is an exact decimal string; ratios are numbers.
 */

import type { Fill, LedgerEntry, OrderSide, PositionSide } from './trading'

/** Where an account's fills come from. */
export type FillSource = 'paper' | 'live' | 'imported'

/**
 * A round-trip trade: from the fill that opened a position to the fill that flattened it,
 * with every fill in between. A fill that flips a position closes one trade and opens the
 * next. The id is the opening fill's id, so it never changes when history is re-indexed.
 */
export interface RoundTrip {
  id: number
  accountId: number
  accountName: string
  source: FillSource
  venue: string
  symbol: string
  side: PositionSide
  openedAt: number
  /** Absent while the position is still open. */
  closedAt?: number
  /** Largest size the position reached. */
  maxAmount: string
  entryPrice: string
  /** Average price of the fills that reduced it; absent until one did. */
  exitPrice?: string
  /** P&L of the closing fills before fees and funding. */
  grossPnl: string
  /** Trading fees of its fills (negative when maker rebates exceed them). */
  fees: string
  /** Funding paid while it was open (negative when received). */
  funding: string
  /** grossPnl - fees - funding. */
  netPnl: string
  /** Stop-loss of the opening order, when it had one: what the trade risked. */
  initialStop?: string
  fillCount: number
  /** 'win' or 'loss' by net P&L once closed; 'open' before. */
  outcome: 'win' | 'loss' | 'breakeven' | 'open'
  tags: string[]
  note?: string
}

/** One fill as the history lists it, with its account and the trade it belongs to. */
export interface HistoryFill extends Fill {
  accountName: string
  source: FillSource
  /** The round trip(s) it belongs to (two when it flipped the position). */
  roundTripIds: number[]
}

/** One order as the history lists it. */
export interface HistoryOrder {
  id: number
  accountId: number
  accountName: string
  clientOrderId: string
  symbol: string
  side: OrderSide
  type: string
  status: string
  price?: string
  triggerPrice?: string
  amount: string
  filled: string
  averagePrice?: string
  reason?: string
  createdAt: number
  updatedAt: number
}

/** What a history query narrows to; every field is optional and they all must hold. */
export interface HistoryFilter {
  accountIds?: number[]
  venues?: string[]
  symbols?: string[]
  /** Trades: long/short; fills and orders: the equivalent buy/sell opening side. */
  side?: PositionSide
  sources?: FillSource[]
  /** Inclusive start, exclusive end (epoch ms). Trades match by close time (open time while open). */
  from?: number
  to?: number
  outcome?: 'win' | 'loss' | 'open'
  tag?: string
  /** Matched in symbols, notes and tags (case-insensitive). */
  search?: string
}

export interface HistoryPage<Row> {
  rows: Row[]
  /** How many rows match the filter in all. */
  total: number
}

/** A trade's detail: its fills, the ledger entries they caused, and what it was protected by. */
export interface RoundTripDetail {
  trade: RoundTrip
  fills: HistoryFill[]
  entries: LedgerEntry[]
  /** Stop-loss and take-profit prices of the orders that protected it (latest first). */
  stopLoss?: string
  takeProfit?: string
}

/** A figure per group (symbol, weekday or hour). */
export interface PnlGroup {
  key: string
  trades: number
  wins: number
  netPnl: string
}

export interface EquityPoint {
  /** End of the hour (epoch ms). */
  ts: number
  /** Starting capital + realized P&L - fees - funding up to then. */
  equity: string
  /** How far below its running peak (≤ 0). */
  drawdown: string
}

export interface DailyPnl {
  /** UTC date, YYYY-MM-DD. */
  day: string
  netPnl: string
  trades: number
}

/**
 * Performance of the trades and cash flows a filter selects. Null where a figure is not
 * defined for the data (a profit factor with no losing trade, a Sharpe ratio of one day).
 */
export interface TradeAnalytics {
  /** First to last UTC day with activity; null with no activity. */
  period: { from: number; to: number; days: number } | null
  startingEquity: string
  trades: number
  openTrades: number
  wins: number
  losses: number
  breakeven: number
  netPnl: string
  grossPnl: string
  fees: string
  funding: string
  winRate: number | null
  profitFactor: number | null
  expectancy: string | null
  averageWin: string | null
  averageLoss: string | null
  /** Average win / |average loss|. */
  payoffRatio: number | null
  /** Mean R-multiple (net P&L / initial risk) of the trades that had a stop; and how many. */
  averageR: number | null
  rTrades: number
  largestWin: string | null
  largestLoss: string | null
  longestWinStreak: number
  longestLossStreak: number
  maxDrawdown: string
  maxDrawdownPercent: number | null
  sharpe: number | null
  sortino: number | null
  calmar: number | null
  /** Fraction of the period with at least one position open. */
  exposure: number | null
  /** How the ratios were computed, in words, for the screen to show. */
  method: string
  bySymbol: PnlGroup[]
  /** Monday first, by close time (UTC). */
  byWeekday: PnlGroup[]
  byHour: PnlGroup[]
  equity: EquityPoint[]
  daily: DailyPnl[]
}

/** A long import or export, as its progress events report it. */
export interface HistoryJob {
  id: string
  kind: 'export' | 'import' | 'backup'
  label: string
  done: number
  /** Absent while the size is not known yet. */
  total?: number
  state: 'running' | 'finished' | 'failed' | 'canceled'
  /** The outcome in a trader's words. */
  message?: string
  /** For a finished export or backup: the file's name, to download or open. */
  file?: string
}
