import { create } from 'zustand'
import { createBacktestSlice, type BacktestSlice } from './backtest-slice'
import { createHistorySlice, type HistorySlice } from './history-slice'
import { createMarketSlice, type MarketSlice } from './market-slice'
import { createNotificationsSlice, type NotificationsSlice } from './notifications-slice'
import { createSessionSlice, type SessionSlice } from './session-slice'
import { createRevisionSlice, type RevisionSlice } from './revision-slice'
import { createTradingSlice, type TradingSlice } from './trading-slice'

export type AppState = MarketSlice & SessionSlice & TradingSlice & NotificationsSlice & HistorySlice & BacktestSlice & RevisionSlice

/** The renderer's one store, built from slices. Read it with single-value selectors. */
export const useAppStore = create<AppState>()((...a) => ({
  ...createMarketSlice(...a),
  ...createSessionSlice(...a),
  ...createTradingSlice(...a),
  ...createNotificationsSlice(...a),
  ...createHistorySlice(...a),
  ...createBacktestSlice(...a),
  ...createRevisionSlice(...a),
}))
