import type { StateCreator } from 'zustand'
import type { HistoryJob } from '../../../shared/domain/history'
import type { AppState } from './index'

/** Jobs remembered at most; the oldest are forgotten first. */
const JOB_MEMORY = 50

export interface HistorySlice {
  /** Imports, exports and backups by id, as their replies and `history.jobUpdated` report them. */
  historyJobs: Record<string, HistoryJob>
  /** Bumped on `history.changed` (an import or a restore), so history views query again. */
  historyRevision: number
  applyHistoryJob(job: HistoryJob): void
  markHistoryChanged(): void
}

/**
 * The newer of two reports of one job. A request's reply and the job's events travel
 * separately, so a late reply must not take a finished job back to running, nor a running
 * job back to less progress.
 */
export function mergeJob(previous: HistoryJob | undefined, next: HistoryJob): HistoryJob {
  if (previous === undefined) return next
  if (previous.state !== 'running' && next.state === 'running') return previous
  if (previous.state === 'running' && next.state === 'running' && next.done < previous.done) return previous
  return next
}

export const createHistorySlice: StateCreator<AppState, [], [], HistorySlice> = (set) => ({
  historyJobs: {},
  historyRevision: 0,
  applyHistoryJob: (job) =>
    set((state) => {
      const merged = mergeJob(state.historyJobs[job.id], job)
      if (merged === state.historyJobs[job.id]) return {}
      const { [job.id]: _replaced, ...others } = state.historyJobs
      const kept = Object.entries(others).slice(-(JOB_MEMORY - 1))
      return { historyJobs: { ...Object.fromEntries(kept), [job.id]: merged } }
    }),
  markHistoryChanged: () => set((state) => ({ historyRevision: state.historyRevision + 1 })),
})
