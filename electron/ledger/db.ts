import Database from 'better-sqlite3'
import { migrate } from './migrate'
import { startWalCheckpointer, type WalCheckpointer } from './wal-checkpointer'

export type Db = Database.Database

export interface OpenLedgerOptions {
  /** Path of a better-sqlite3 binary built for the running runtime (Electron in development). */
  nativeBinding?: string
  now: number
}

/** Each open ledger's background checkpointer, stopped by closeLedger. */
const checkpointers = new WeakMap<Db, WalCheckpointer>()

/** SQLite's own checkpoint threshold (pages), used whenever the background checkpointer is not running. */
const AUTO_CHECKPOINT_PAGES = 1000

/** Opens (creating if needed) the ledger file and migrates it to this build's schema. */
export function openLedger(file: string, options: OpenLedgerOptions): Db {
  const db = new Database(file, options.nativeBinding === undefined ? {} : { nativeBinding: options.nativeBinding })
  try {
    db.pragma('journal_mode = WAL')
    // NORMAL in WAL mode: a commit is atomic and survives the app being killed at any
    // instant (the log is written before the commit returns); a power cut may lose the last
    // commits, never consistency. FULL would fsync every commit, doubling stop-to-fill time.
    db.pragma('synchronous = NORMAL')
    // Savepoints (one per order inside a tick's group commit) journal into memory, not a temp file.
    db.pragma('temp_store = MEMORY')
    // Once the log restarts, its file shrinks back to this (bytes) rather than keeping its peak size.
    db.pragma('journal_size_limit = 67108864')
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 5000')
    migrate(db, options.now)
    const checkpointer = startWalCheckpointer(file, {
      ...(options.nativeBinding === undefined ? {} : { nativeBinding: options.nativeBinding }),
      onFailure: () => {
        if (db.open) db.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`)
      },
    })
    db.pragma('wal_autocheckpoint = 0')
    checkpointers.set(db, checkpointer)
    return db
  } catch (error) {
    db.close()
    throw error
  }
}

/** Folds the write-ahead log into the main file and closes it, so a shutdown leaves one clean file. */
export function closeLedger(db: Db): void {
  if (!db.open) return
  checkpointers.get(db)?.stop()
  db.pragma('wal_checkpoint(TRUNCATE)')
  db.close()
}
