import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { HistoryJob } from '../../../../shared/domain/history'
import { useApi } from '../../api/api-context'
import { useAppStore } from '../../store'
import { downloadAppFile } from './download'
import { formatProgress } from './history-format'

export interface JobTracker {
  /** The jobs this screen started, newest first, as their events report them. */
  jobs: HistoryJob[]
  /** Follows a job a request just started; `save` downloads its file once it is finished. */
  track(job: HistoryJob, options?: { save?: boolean }): void
  cancel(job: HistoryJob): void
  /** Saves a finished export or backup file (again). */
  download(file: string): void
  dismiss(job: HistoryJob): void
  /** A failed cancel or download, in words. */
  error: string | undefined
}

/** Exports, imports and backups started here, with their downloads. */
export function useJobTracker(): JobTracker {
  const api = useApi()
  const known = useAppStore((s) => s.historyJobs)
  const applyJob = useAppStore((s) => s.applyHistoryJob)
  const [ids, setIds] = useState<string[]>([])
  const [error, setError] = useState<string>()
  // Jobs whose file is still to be saved when they finish.
  const toSave = useRef(new Set<string>())
  const jobs = useMemo(() => ids.map((id) => known[id]).filter((job) => job !== undefined), [ids, known])

  const download = useCallback(
    // The outcome replaces any earlier failure (undefined once saved).
    (file: string) => void downloadAppFile(api, file).then(setError),
    [api],
  )

  useEffect(() => {
    for (const job of jobs) {
      if (job.state === 'running' || !toSave.current.has(job.id)) continue
      toSave.current.delete(job.id)
      if (job.state === 'finished' && job.file !== undefined) download(job.file)
    }
  }, [jobs, download])

  const track = useCallback(
    (job: HistoryJob, options: { save?: boolean } = {}) => {
      if (options.save === true) toSave.current.add(job.id)
      applyJob(job)
      setIds((current) => [job.id, ...current.filter((id) => id !== job.id)])
    },
    [applyJob],
  )

  const cancel = useCallback(
    (job: HistoryJob) => {
      void api.request('history.cancelJob', { jobId: job.id }).then((reply) => {
        if (reply.ok) applyJob(reply.value)
        else setError(reply.error.message)
      })
    },
    [api, applyJob],
  )

  const dismiss = useCallback((job: HistoryJob) => setIds((current) => current.filter((id) => id !== job.id)), [])

  return { jobs, track, cancel, download, dismiss, error }
}

interface JobProgressProps {
  job: HistoryJob
  onCancel?(job: HistoryJob): void
  onDownload?(file: string): void
  onDismiss?(job: HistoryJob): void
}

/** One job: its label, a progress bar with Cancel while it runs, then its outcome in words. */
export function JobProgress({ job, onCancel, onDownload, onDismiss }: JobProgressProps) {
  const running = job.state === 'running'
  const known = job.total !== undefined && job.total > 0
  return (
    <div className={`hx-job hx-job-${job.state}`} data-testid="history-job" data-job-id={job.id} data-kind={job.kind} data-state={job.state}>
      <span className="hx-job-label" title={job.label}>
        {job.label}
      </span>
      {running && (
        <>
          <progress className="hx-progress" aria-label={`${job.label}: progress`} max={known ? job.total : undefined} value={known ? job.done : undefined} />
          <span className="hx-job-figure">{known ? formatProgress(job.done, job.total as number) : `${job.done.toLocaleString()}…`}</span>
          {onCancel !== undefined && (
            <button type="button" className="tt-btn" onClick={() => onCancel(job)}>
              Cancel
            </button>
          )}
        </>
      )}
      {job.message !== undefined && (
        <span className="hx-job-message" role={job.state === 'failed' ? 'alert' : 'status'} title={job.message} data-testid="job-message">
          {job.message}
        </span>
      )}
      {!running && job.message === undefined && <span className="hx-job-message">{job.state === 'finished' ? 'Done' : job.state === 'canceled' ? 'Canceled' : 'Failed'}</span>}
      {job.state === 'finished' && job.file !== undefined && onDownload !== undefined && (
        <button type="button" className="tt-btn" onClick={() => onDownload(job.file as string)} title={`Save ${job.file} again`}>
          Download
        </button>
      )}
      {!running && onDismiss !== undefined && (
        <button type="button" className="hx-icon-btn" aria-label={`Dismiss ${job.label}`} onClick={() => onDismiss(job)}>
          ×
        </button>
      )}
    </div>
  )
}

/** The latest jobs started here, in the toolbar. */
export function JobList({ tracker }: { tracker: JobTracker }) {
  return (
    <div className="hx-jobs" aria-label="Exports, imports and backups" role="region">
      {tracker.error !== undefined && (
        <span className="hx-error-text" role="alert">
          {tracker.error}
        </span>
      )}
      {tracker.jobs.slice(0, 2).map((job) => (
        <JobProgress key={job.id} job={job} onCancel={tracker.cancel} onDownload={tracker.download} onDismiss={tracker.dismiss} />
      ))}
    </div>
  )
}
