import type { StateCreator } from 'zustand'
import type { AppState } from './index'

/** Lists the core changes without sending them whole: their screens read them again when told. */
export type RevisionTopic = 'bots' | 'signals' | 'alerts' | 'ai' | 'live'

export interface RevisionSlice {
  /** Bumped on every event about a topic, so the screens showing it read it again. */
  revisions: Record<RevisionTopic, number>
  bump(topic: RevisionTopic): void
}

export const createRevisionSlice: StateCreator<AppState, [], [], RevisionSlice> = (set) => ({
  revisions: { bots: 0, signals: 0, alerts: 0, ai: 0, live: 0 },
  bump: (topic) => set((state) => ({ revisions: { ...state.revisions, [topic]: state.revisions[topic] + 1 } })),
})
