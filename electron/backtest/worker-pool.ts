import { existsSync } from 'node:fs'
import { Worker } from 'node:worker_threads'
import { AppError } from '../../shared/contract'
import type { Logger } from '../core/log'
import type { BacktestOutcome } from './backtest'
import type { WorkerJob, WorkerMessage } from './worker-protocol'

/**
 * Runs backtests on worker threads, at most `size` at once (the rest wait their turn):
 * one thread per run, ended when the run ends; canceling one ends its thread at once.
 */
export class WorkerPool {
  private running = 0
  private readonly waiting: Array<() => void> = []

  constructor(
    private readonly workerFile: string,
    private readonly size: number,
    private readonly log: Logger,
  ) {}

  async run(job: WorkerJob, control: { signal: AbortSignal; progress(time: number): void }): Promise<BacktestOutcome> {
    if (!existsSync(this.workerFile)) throw new AppError('UNAVAILABLE', 'The backtest worker is not built; run "npm run build" and start the app again.')
    await this.turn()
    try {
      return await this.play(job, control)
    } finally {
      this.running--
      this.waiting.shift()?.()
    }
  }

  /** Waits for a free thread. */
  private async turn(): Promise<void> {
    if (this.running >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve))
    this.running++
  }

  private play(job: WorkerJob, control: { signal: AbortSignal; progress(time: number): void }): Promise<BacktestOutcome> {
    const canceled = () => new AppError('CANCELED', 'The backtest was canceled; its results were not kept.')
    if (control.signal.aborted) return Promise.reject(canceled())
    return new Promise<BacktestOutcome>((resolve, reject) => {
      const worker = new Worker(this.workerFile, { workerData: job })
      let settled = false
      const settle = (end: () => void): void => {
        if (settled) return
        settled = true
        control.signal.removeEventListener('abort', abort)
        end()
      }
      const abort = (): void => {
        settle(() => reject(canceled()))
        void worker.terminate()
      }
      control.signal.addEventListener('abort', abort)
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'progress') control.progress(message.time)
        else if (message.type === 'done') settle(() => resolve(message.outcome))
        else if (message.code === 'INTERNAL') {
          this.log.error(`backtest worker failed: ${message.message}`)
          settle(() => reject(new AppError('INTERNAL', 'The backtest failed unexpectedly; see the app log.')))
        } else settle(() => reject(new AppError(message.code, message.message)))
      })
      worker.on('error', (error) => {
        this.log.error('backtest worker crashed', error)
        settle(() => reject(new AppError('INTERNAL', 'The backtest failed unexpectedly; see the app log.')))
      })
      worker.on('exit', () => settle(() => reject(new AppError('INTERNAL', 'The backtest stopped without a result; see the app log.'))))
    })
  }
}
