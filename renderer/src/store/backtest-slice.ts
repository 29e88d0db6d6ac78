import type { StateCreator } from 'zustand'
import type { BacktestRun } from '../../../shared/domain/backtests'
import type { AppState } from './index'

export interface BacktestSlice {
  /** Every backtest run, newest first; undefined until the list has been read. */
  backtestRuns: BacktestRun[] | undefined
  setBacktestRuns(runs: BacktestRun[]): void
  applyBacktestRun(run: BacktestRun): void
  removeBacktestRun(id: number): void
}

/**
 * The newer of two reports of a run: a progress report that arrives after the run ended
 * (replies and events travel separately) never takes it back to running.
 */
export function mergeRun(previous: BacktestRun | undefined, next: BacktestRun): BacktestRun {
  if (previous === undefined) return next
  if (previous.status !== 'running' && next.status === 'running') return previous
  if (previous.status === 'running' && next.status === 'running' && (next.progress ?? 0) < (previous.progress ?? 0)) return previous
  return next
}

export const createBacktestSlice: StateCreator<AppState, [], [], BacktestSlice> = (set) => ({
  backtestRuns: undefined,
  setBacktestRuns: (runs) =>
    set((state) => {
      // Events that came while the list was on its way are newer than the list.
      const known = new Map((state.backtestRuns ?? []).map((run) => [run.id, run]))
      return { backtestRuns: runs.map((run) => mergeRun(run, known.get(run.id) ?? run)) }
    }),
  applyBacktestRun: (run) =>
    set((state) => {
      const runs = state.backtestRuns ?? []
      const index = runs.findIndex((r) => r.id === run.id)
      if (index === -1) return { backtestRuns: [run, ...runs].sort((a, b) => b.id - a.id) }
      const merged = mergeRun(runs[index], run)
      if (merged === runs[index]) return {}
      return { backtestRuns: runs.map((r, i) => (i === index ? merged : r)) }
    }),
  removeBacktestRun: (id) => set((state) => ({ backtestRuns: state.backtestRuns?.filter((run) => run.id !== id) })),
})
