import { create } from 'zustand'
import { createBacktestSlice, type BacktestSlice } from './backtest-slice'
import { createBotSlice, type BotSlice } from './bot-slice'
import { createHistorySlice, type HistorySlice } from './history-slice'
import { createMarketSlice, type MarketSlice } from './market-slice'
import { createNotificationsSlice, type NotificationsSlice } from './notifications-slice'
import { createSessionSlice, type SessionSlice } from './session-slice'
import { createSignalSlice, type SignalSlice } from './signal-slice'
import { createTradingSlice, type TradingSlice } from './trading-slice'

export type AppState = MarketSlice & SessionSlice & TradingSlice & NotificationsSlice & HistorySlice & BacktestSlice & BotSlice & SignalSlice

/** The renderer's one store, built from slices. Read it with single-value selectors. */
export const useAppStore = create<AppState>()((...a) => ({
  ...createMarketSlice(...a),
  ...createSessionSlice(...a),
  ...createTradingSlice(...a),
  ...createNotificationsSlice(...a),
  ...createHistorySlice(...a),
  ...createBacktestSlice(...a),
  ...createBotSlice(...a),
  ...createSignalSlice(...a),
}))
