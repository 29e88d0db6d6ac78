import Database from 'better-sqlite3'
import { migrate } from './migrate'

export type Db = Database.Database

export interface OpenLedgerOptions {
  /** Path of a better-sqlite3 binary built for the running runtime (Electron in development). */
  nativeBinding?: string
  now: number
}

/** Opens (creating if needed) the ledger file and migrates it to this build's schema. */
export function openLedger(file: string, options: OpenLedgerOptions): Db {
  const db = new Database(file, options.nativeBinding === undefined ? {} : { nativeBinding: options.nativeBinding })
  try {
    db.pragma('journal_mode = WAL')
    // FULL: a committed transaction survives a power cut, which a money ledger needs.
    db.pragma('synchronous = FULL')
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 5000')
    migrate(db, options.now)
    return db
  } catch (error) {
    db.close()
    throw error
  }
}

/** Folds the write-ahead log into the main file and closes it, so a shutdown leaves one clean file. */
export function closeLedger(db: Db): void {
  if (!db.open) return
  db.pragma('wal_checkpoint(TRUNCATE)')
  db.close()
}
