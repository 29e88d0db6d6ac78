import type { StateCreator } from 'zustand'
import type { AppState } from './index'

export interface BotSlice {
  /** Bumped on every bot event (created, status changed, deleted), so the bots screen reads them again. */
  botsRevision: number
  markBotsChanged(): void
}

export const createBotSlice: StateCreator<AppState, [], [], BotSlice> = (set) => ({
  botsRevision: 0,
  markBotsChanged: () => set((state) => ({ botsRevision: state.botsRevision + 1 })),
})
