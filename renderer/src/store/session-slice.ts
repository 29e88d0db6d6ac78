import type { StateCreator } from 'zustand'
import type { AppInfo } from '../../../shared/domain/app'
import type { FeedStatus } from '../../../shared/domain/market'
import type { ConnectionState } from '../api/connection'
import type { AppState } from './index'

export interface SessionSlice {
  transport: 'ipc' | 'websocket' | undefined
  connection: ConnectionState
  /** Bumped on every (re)connect, so views reload what they may have missed. */
  connectionEpoch: number
  appInfo: AppInfo | undefined
  feed: FeedStatus | undefined
  /** Last request failure worth telling the trader about. */
  lastError: string | undefined
  setConnection(state: ConnectionState): void
  setAppInfo(info: AppInfo): void
  setFeed(feed: FeedStatus): void
  setLastError(message: string | undefined): void
}

export const createSessionSlice: StateCreator<AppState, [], [], SessionSlice> = (set) => ({
  transport: undefined,
  connection: 'connecting',
  connectionEpoch: 0,
  appInfo: undefined,
  feed: undefined,
  lastError: undefined,
  setConnection: (connection) =>
    set((state) => ({
      connection,
      connectionEpoch: connection === 'open' ? state.connectionEpoch + 1 : state.connectionEpoch,
    })),
  setAppInfo: (appInfo) => set({ appInfo, feed: appInfo.feed }),
  setFeed: (feed) => set({ feed }),
  setLastError: (lastError) => set({ lastError }),
})
