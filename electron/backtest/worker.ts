// A backtest worker thread: plays one run (worker-protocol.ts) and reports back. Built as
// its own entry (out/main/backtest-worker.js) so sweeps spread over the machine's cores.
import { parentPort, workerData } from 'node:worker_threads'
import Database from 'better-sqlite3'
import { AppError } from '../../shared/contract'
import { CandleRepo } from '../ledger/repos/candle-repo'
import { runBacktest } from './backtest'
import { marketOf } from './backtest-source'
import type { WorkerJob, WorkerMessage } from './worker-protocol'

const job = workerData as WorkerJob
const post = (message: WorkerMessage): void => parentPort?.postMessage(message)

async function play(): Promise<void> {
  const cache =
    job.source.kind === 'cache' ? new Database(job.appLedger, { readonly: true, ...(job.nativeBinding === undefined ? {} : { nativeBinding: job.nativeBinding }) }) : undefined
  try {
    const market = await marketOf(job.source, cache === undefined ? undefined : new CandleRepo(cache))
    const outcome = await runBacktest(job.file, job.plan, market, {
      ...(job.nativeBinding === undefined ? {} : { nativeBinding: job.nativeBinding }),
      progress: (time) => post({ type: 'progress', time }),
    })
    post({ type: 'done', outcome })
  } finally {
    cache?.close()
  }
}

play().catch((error: unknown) => {
  post(
    error instanceof AppError
      ? { type: 'failed', code: error.code, message: error.message }
      : { type: 'failed', code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) },
  )
})
