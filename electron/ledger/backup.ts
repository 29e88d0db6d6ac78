import { closeSync, existsSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { AppError } from '../../shared/contract'
import type { Db } from './db'
import { MIGRATIONS } from './migrate'

export interface BackupOptions {
  onProgress?: (done: number, total: number) => void
  signal?: AbortSignal
}

export interface LedgerFileInfo {
  schemaVersion: number
  /** The newest schema this build knows (its latest migration). */
  appVersionKnown: number
  accounts: number
  fills: number
  newer: boolean
}

/** Files SQLite keeps beside a database; each belongs to exactly that file name. */
const SIDECARS = ['-wal', '-shm', '-journal'] as const

/** Pages copied per step (1 MB at 4 KB pages): each step holds the event loop about a millisecond. */
const PAGES_PER_STEP = 256

const LATEST = MIGRATIONS.at(-1)?.version ?? 0

/**
 * Copies the open ledger to `destination` with SQLite's online backup: the app keeps writing
 * between steps, and writes through `db` reach the copy too, so it is the ledger as of the
 * last step. The copy is built under a temporary name and renamed, so `destination` is either
 * the old file or a complete backup, never half of one.
 */
export async function backupLedger(db: Db, destination: string, options: BackupOptions = {}): Promise<{ pages: number; bytes: number }> {
  const target = resolve(destination)
  const ledger = resolve(db.name)
  if ([ledger, ...SIDECARS.map((s) => ledger + s)].some((file) => sameFile(file, target))) {
    throw new AppError('INVALID_PARAMS', 'A backup cannot be saved over the ledger TradeDesk is using; choose another file name.')
  }
  if (!existsSync(dirname(target))) {
    throw new AppError('NOT_FOUND', `The folder "${dirname(target)}" does not exist; choose another place for the backup.`)
  }
  const partial = `${target}.partial`
  try {
    const pages = await copyWithBackupApi(db, partial, options)
    throwIfCanceled(options.signal)
    replaceFile(partial, target)
    return { pages, bytes: statSync(target).size }
  } catch (error) {
    removeWithSidecars(partial)
    throw error
  }
}

/** Reads a ledger file without changing it: its schema version and how much it holds. */
export function inspectLedgerFile(path: string, nativeBinding?: string): LedgerFileInfo {
  const file = resolve(path)
  if (!existsSync(file)) throw new AppError('NOT_FOUND', `"${basename(file)}" was not found; it may have been moved or deleted.`)
  const source = openReadOnly(file, nativeBinding)
  try {
    return describeLedger(source.db, basename(file))
  } catch (error) {
    throw explainSqliteError(error, basename(file))
  } finally {
    source.close()
  }
}

/**
 * Validates `source` and copies it beside the ledger as `<ledger>.restore`, for
 * applyStagedRestore to swap in before the ledger is next opened. Refused sources leave
 * nothing staged; the source itself is never changed.
 */
export function stageRestore(source: string, ledgerFile: string, nativeBinding?: string): LedgerFileInfo {
  const ledger = resolve(ledgerFile)
  if (sameFile(source, ledger)) {
    throw new AppError('INVALID_PARAMS', 'That is the ledger TradeDesk is using now; choose a backup file to restore.')
  }
  inspectLedgerFile(source, nativeBinding)
  const staged = `${ledger}.restore`
  const partial = `${staged}.partial`
  try {
    copyConsistently(resolve(source), partial, nativeBinding)
    // The copy, not the source, is what will be swapped in: it is checked before it gets the name.
    const info = inspectLedgerFile(partial, nativeBinding)
    replaceFile(partial, staged)
    return info
  } catch (error) {
    removeWithSidecars(partial)
    throw explainSqliteError(error, basename(source))
  }
}

/**
 * Swaps a staged restore in; call it before the ledger is opened. Nothing is deleted, and a
 * call cut short anywhere is finished by the next one, since each rename is skipped once done:
 * 1. `<ledger>.restore` → `<ledger>.restoring-<n>`: fixes the name the old ledger will keep
 *    (a crash before this has changed nothing).
 * 2. the ledger's -wal, -shm and -journal, then the ledger → `<ledger>.before-restore-<n>…`:
 *    logs leave first, so the restored file can never meet the old log, and a log always
 *    lands where its database goes.
 * 3. `<ledger>.restoring-<n>` → `<ledger>`.
 */
export function applyStagedRestore(ledgerFile: string): { restored: boolean; previous?: string } {
  const ledger = resolve(ledgerFile)
  const swap = interruptedSwap(ledger) ?? startSwap(ledger)
  if (swap === undefined) return { restored: false }
  for (const suffix of [...SIDECARS, '']) moveIfPresent(ledger + suffix, swap.previous + suffix)
  renameSync(swap.file, ledger)
  return existsSync(swap.previous) ? { restored: true, previous: swap.previous } : { restored: true }
}

async function copyWithBackupApi(db: Db, file: string, { onProgress, signal }: BackupOptions): Promise<number> {
  throwIfCanceled(signal)
  // A file left by an interrupted run, with a hot journal, would be rolled back into the new copy.
  removeWithSidecars(file)
  const { totalPages } = await db.backup(file, {
    progress: ({ totalPages: total, remainingPages }) => {
      // Throwing here ends the backup; better-sqlite3 then deletes the file it created.
      throwIfCanceled(signal)
      onProgress?.(total - remainingPages, total)
      return PAGES_PER_STEP
    },
  })
  onProgress?.(totalPages, totalPages)
  return totalPages
}

/**
 * One VACUUM INTO from a read-only connection: a single read transaction, so a source in
 * WAL mode is copied with its log, consistently, and synchronously (better-sqlite3 runs the
 * backup API only as a promise). SQLite does not sync this file; it is synced here before
 * it can be named for a swap.
 */
function copyConsistently(source: string, file: string, nativeBinding: string | undefined): void {
  removeWithSidecars(file)
  const reader = openReadOnly(source, nativeBinding)
  try {
    reader.db.prepare('VACUUM INTO ?').run(file)
  } finally {
    reader.close()
  }
  const fd = openSync(file, 'r+')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

function throwIfCanceled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AppError('CANCELED', 'The backup was canceled; no file was written.')
}

function describeLedger(db: Db, name: string): LedgerFileInfo {
  const tables = new Set(
    (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as Array<{ name: string }>).map((t) => t.name),
  )
  if (!tables.has('schema_migrations') || !isTradeDeskHistory(db)) throw notALedger(name)
  const schemaVersion = (db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number }).v
  if (schemaVersion > LATEST) {
    throw new AppError(
      'LEDGER_TOO_NEW',
      `This ledger was written by a newer version of TradeDesk (schema ${schemaVersion}, this app knows ${LATEST}). ` +
        'Update the app to restore it; nothing in the file was changed.',
      { schemaVersion, appVersionKnown: LATEST },
    )
  }
  if (!tables.has('accounts') || !tables.has('fills')) throw notALedger(name)
  return { schemaVersion, appVersionKnown: LATEST, accounts: countRows(db, 'accounts'), fills: countRows(db, 'fills'), newer: false }
}

/** Other apps keep a schema_migrations table too; a TradeDesk ledger's first entry is this build's first migration. */
function isTradeDeskHistory(db: Db): boolean {
  const first = MIGRATIONS[0]
  if (first === undefined) return false
  const columns = (db.pragma('table_info(schema_migrations)') as Array<{ name: string }>).map((c) => c.name)
  if (!['version', 'name', 'applied_at'].every((c) => columns.includes(c))) return false
  const row = db.prepare('SELECT name FROM schema_migrations WHERE version = ?').get(first.version) as { name: string } | undefined
  return row?.name === first.name
}

function countRows(db: Db, table: 'accounts' | 'fills'): number {
  return (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n
}

function notALedger(name: string): AppError {
  return new AppError('INVALID_FILE', `"${name}" is a database, but not a TradeDesk ledger.`, { reason: 'not_a_ledger' })
}

function explainSqliteError(error: unknown, name: string): unknown {
  if (!(error instanceof Database.SqliteError)) return error
  if (error.code === 'SQLITE_NOTADB') {
    return new AppError('INVALID_FILE', `"${name}" is not a TradeDesk ledger: it is not a database file.`, { reason: 'not_a_database' })
  }
  if (error.code.startsWith('SQLITE_CORRUPT')) {
    return new AppError('INVALID_FILE', `"${name}" is damaged or incomplete (perhaps cut short while copying), so it cannot be used.`, {
      reason: 'damaged',
    })
  }
  return error
}

/**
 * A read-only connection that leaves the folder as it found it. Reading a WAL-mode file
 * creates its -wal and -shm, and a read-only connection cannot remove them on close, so
 * close() removes the ones it created, unless the log has content: then another connection
 * opened the file meanwhile and both are its.
 */
function openReadOnly(file: string, nativeBinding: string | undefined): { db: Db; close: () => void } {
  const created = (['-wal', '-shm'] as const).filter((s) => !existsSync(file + s))
  const db = new Database(file, { readonly: true, fileMustExist: true, ...(nativeBinding === undefined ? {} : { nativeBinding }) })
  return {
    db,
    close: () => {
      db.close()
      const wal = `${file}-wal`
      if (created.includes('-wal') && existsSync(wal) && statSync(wal).size > 0) return
      for (const suffix of created) rmSync(file + suffix, { force: true })
    },
  }
}

/** Puts a finished copy under its real name, first removing logs left from the file it replaces. */
function replaceFile(from: string, to: string): void {
  for (const suffix of SIDECARS) rmSync(to + suffix, { force: true })
  renameSync(from, to)
}

function removeWithSidecars(file: string): void {
  for (const suffix of ['', ...SIDECARS]) rmSync(file + suffix, { force: true })
}

interface Swap {
  /** The staged file, renamed to carry the stamp. */
  file: string
  /** Where the current ledger goes. */
  previous: string
}

function interruptedSwap(ledger: string): Swap | undefined {
  const pattern = new RegExp(`^${escapeRegExp(basename(ledger))}\\.restoring-(\\d+)$`)
  for (const name of readdirSync(dirname(ledger)).sort()) {
    const stamp = pattern.exec(name)?.[1]
    if (stamp !== undefined) return { file: join(dirname(ledger), name), previous: `${ledger}.before-restore-${stamp}` }
  }
  return undefined
}

function startSwap(ledger: string): Swap | undefined {
  const staged = `${ledger}.restore`
  if (!existsSync(staged)) return undefined
  let stamp = Date.now()
  // Never reuse a kept ledger's name (two restores in one millisecond, a clock set back).
  while (['', ...SIDECARS].some((s) => existsSync(`${ledger}.before-restore-${stamp}${s}`))) stamp += 1
  const file = `${ledger}.restoring-${stamp}`
  renameSync(staged, file)
  return { file, previous: `${ledger}.before-restore-${stamp}` }
}

function moveIfPresent(from: string, to: string): void {
  if (!existsSync(from)) return
  // Renaming over a file would delete it; the kept names are fresh, so this means outside interference.
  if (existsSync(to)) throw new Error(`Cannot move ${from} aside: ${to} already exists`)
  renameSync(from, to)
}

function sameFile(a: string, b: string): boolean {
  if (resolve(a) === resolve(b)) return true
  if (!existsSync(a) || !existsSync(b)) return false
  const [x, y] = [statSync(a), statSync(b)]
  return x.dev === y.dev && x.ino === y.ino
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
