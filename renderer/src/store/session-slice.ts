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
  /** The colour theme, remembered in this browser profile. */
  theme: Theme
  setConnection(state: ConnectionState): void
  setAppInfo(info: AppInfo): void
  setFeed(feed: FeedStatus): void
  setLastError(message: string | undefined): void
  setTheme(theme: Theme): void
}

export type Theme = 'dark' | 'light'
const THEME_KEY = 'tradedesk.theme'

/** The remembered theme, else the system's preference. */
function initialTheme(): Theme {
  const stored = globalThis.localStorage?.getItem(THEME_KEY)
  if (stored === 'dark' || stored === 'light') return stored
  return globalThis.matchMedia?.('(prefers-color-scheme: light)').matches === true ? 'light' : 'dark'
}

function applyTheme(theme: Theme): void {
  if (globalThis.document !== undefined) document.documentElement.dataset.theme = theme
}

export const createSessionSlice: StateCreator<AppState, [], [], SessionSlice> = (set) => ({
  transport: undefined,
  connection: 'connecting',
  connectionEpoch: 0,
  appInfo: undefined,
  feed: undefined,
  lastError: undefined,
  theme: initialTheme(),
  setConnection: (connection) =>
    set((state) => ({
      connection,
      connectionEpoch: connection === 'open' ? state.connectionEpoch + 1 : state.connectionEpoch,
    })),
  setAppInfo: (appInfo) => set({ appInfo, feed: appInfo.feed }),
  setFeed: (feed) => set({ feed }),
  setLastError: (lastError) => set({ lastError }),
  setTheme: (theme) => {
    localStorage.setItem(THEME_KEY, theme)
    applyTheme(theme)
    set({ theme })
  },
})
