import type { StateCreator } from 'zustand'
import type { AppState } from './index'

export interface SignalSlice {
  /** Bumped when a signal arrives or the endpoint or its channels change, so their views read them again. */
  signalsRevision: number
  markSignalsChanged(): void
}

export const createSignalSlice: StateCreator<AppState, [], [], SignalSlice> = (set) => ({
  signalsRevision: 0,
  markSignalsChanged: () => set((state) => ({ signalsRevision: state.signalsRevision + 1 })),
})
