import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

/**
 * Folds the write-ahead log into the database file from a worker thread with its own
 * connection, so the engine's thread never stalls on a checkpoint's writes and fsyncs
 * (SQLite's automatic checkpoint runs inside whichever commit crosses the threshold, which
 * was the slowest 1% of stop-to-fill latencies). PASSIVE checkpoints never block the writer,
 * but under a steady stream of commits they never catch up, and the log only restarts from
 * its beginning once fully copied: past `restartPages`, a RESTART checkpoint copies the few
 * frames the PASSIVE pass left and holds the writer that briefly, so the log stays bounded.
 *
 * Plain script source, run with `eval`, so no extra build entry is needed; the worker waits
 * on a shared flag between checkpoints, which also lets `stop()` be synchronous.
 */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads')
const [stop, stopped] = [new Int32Array(workerData.stop), new Int32Array(workerData.stopped)]
let db
try {
  const Database = require(workerData.modulePath)
  db = new Database(workerData.file, workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {})
  db.pragma('busy_timeout = 1000')
  while (Atomics.wait(stop, 0, 0, workerData.intervalMs) !== 'ok' && Atomics.load(stop, 0) === 0) {
    try {
      const [{ log }] = db.pragma('wal_checkpoint(PASSIVE)')
      if (log > workerData.restartPages) db.pragma('wal_checkpoint(RESTART)')
    } catch {}
  }
} finally {
  if (db) db.close()
  Atomics.store(stopped, 0, 1)
  Atomics.notify(stopped, 0)
}
`

export interface WalCheckpointer {
  /** Stops checkpointing and closes the worker's connection; returns once it has. */
  stop(): void
}

export interface WalCheckpointerOptions {
  nativeBinding?: string
  intervalMs?: number
  /** Log size (pages) past which the checkpoint restarts the log; default 4,096 (16 MB at 4 KB pages). */
  restartPages?: number
  /** Called when the worker fails: the caller then lets SQLite checkpoint on commit again. */
  onFailure: (error: Error) => void
}

export function startWalCheckpointer(file: string, options: WalCheckpointerOptions): WalCheckpointer {
  const stop = new SharedArrayBuffer(4)
  const stopped = new SharedArrayBuffer(4)
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      file,
      modulePath: createRequire(import.meta.url).resolve('better-sqlite3'),
      nativeBinding: options.nativeBinding,
      // A replay at full speed writes the log at about 200 MB/s; an idle check costs a few syscalls.
      intervalMs: options.intervalMs ?? 200,
      restartPages: options.restartPages ?? 4_096,
      stop,
      stopped,
    },
  })
  worker.unref()
  let running = true
  worker.on('error', (error) => {
    running = false
    options.onFailure(error)
  })
  worker.on('exit', () => {
    running = false
  })
  return {
    stop() {
      if (!running) return
      running = false
      const flag = new Int32Array(stop)
      Atomics.store(flag, 0, 1)
      Atomics.notify(flag, 0)
      // A checkpoint in progress finishes first; bounded by the worker's busy timeout. A
      // runtime that forbids waiting on this thread gets no wait: the worker still closes.
      try {
        Atomics.wait(new Int32Array(stopped), 0, 0, 5_000)
      } catch {
        // the TRUNCATE checkpoint that follows waits on its busy timeout instead
      }
    },
  }
}
