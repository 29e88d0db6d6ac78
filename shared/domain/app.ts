import type { FeedStatus } from './market'

export type HostKind = 'electron' | 'headless'

export interface AppInfo {
  appName: string
  version: string
  hostKind: HostKind
  /** Folder holding the ledger and settings on this machine. */
  dataDir: string
  startedAt: number
  feed: FeedStatus
  /** Whether the OS keychain (where exchange keys will live) could be loaded. */
  keychain: { available: boolean; detail: string }
}
