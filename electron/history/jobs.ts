import { randomUUID } from 'node:crypto'
import { AppError } from '../../shared/contract'
import type { HistoryJob } from '../../shared/domain/history'

export interface JobControl {
  readonly signal: AbortSignal
  progress(done: number, total?: number): void
}

/**
 * Long imports, exports and backups: each runs in the background with a job id the UI can
 * follow (every change is published) and cancel.
 */
export class JobBoard {
  private readonly jobs = new Map<string, { job: HistoryJob; abort: AbortController }>()

  constructor(private readonly publish: (job: HistoryJob) => void) {}

  /** Starts `work`; its result becomes the job's message (and file). Returns the job as it starts. */
  start(kind: HistoryJob['kind'], label: string, work: (control: JobControl) => Promise<{ message: string; file?: string }>): HistoryJob {
    const entry = this.create(kind, label)
    const control: JobControl = {
      signal: entry.abort.signal,
      progress: (done, total) => this.update(entry.job.id, { done, ...(total === undefined ? {} : { total }) }),
    }
    // The caller gets the job at once; the work continues after this request has answered.
    setImmediate(() => {
      work(control).then(
        (result) => this.update(entry.job.id, { state: 'finished', ...result }),
        (error: unknown) => this.fail(entry.job.id, error),
      )
    })
    return entry.job
  }

  /** A job driven step by step by the caller (an upload), not by a background function. */
  create(kind: HistoryJob['kind'], label: string): { job: HistoryJob; abort: AbortController } {
    const entry = { job: { id: randomUUID(), kind, label, done: 0, state: 'running' as const }, abort: new AbortController() }
    this.jobs.set(entry.job.id, entry)
    this.publish(entry.job)
    return entry
  }

  get(id: string): HistoryJob {
    return this.entry(id).job
  }

  update(id: string, change: Partial<HistoryJob>): HistoryJob {
    const entry = this.entry(id)
    if (entry.job.state !== 'running') return entry.job
    entry.job = { ...entry.job, ...change }
    this.publish(entry.job)
    return entry.job
  }

  fail(id: string, error: unknown): HistoryJob {
    if (error instanceof AppError && error.code === 'CANCELED') return this.update(id, { state: 'canceled', message: error.message })
    const message = error instanceof AppError ? error.message : 'The job failed inside the app; nothing was changed.'
    return this.update(id, { state: 'failed', message })
  }

  cancel(id: string): HistoryJob {
    const entry = this.entry(id)
    entry.abort.abort()
    return this.update(id, { state: 'canceled', message: `${entry.job.label}: canceled; nothing was kept.` })
  }

  /** Cancels whatever still runs (the app is closing). */
  cancelAll(): void {
    for (const { job } of this.jobs.values()) if (job.state === 'running') this.cancel(job.id)
  }

  private entry(id: string): { job: HistoryJob; abort: AbortController } {
    const entry = this.jobs.get(id)
    if (entry === undefined) throw new AppError('NOT_FOUND', 'That import or export is no longer known to the app.')
    return entry
  }
}

/** Throws the cancellation a job reports as "canceled" when its signal has fired. */
export function throwIfCanceled(signal: AbortSignal): void {
  if (signal.aborted) throw new AppError('CANCELED', 'Canceled; nothing was kept.')
}
