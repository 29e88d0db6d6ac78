import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { AppError } from '../../shared/contract'
import type { HistoryFilter, HistoryJob } from '../../shared/domain/history'
import { atoms, type Atoms } from '../../shared/trading/money'
import type { Clock } from '../engine/clock'
import type { Db } from '../ledger/db'
import { backupLedger, stageRestore } from '../ledger/backup'
import { ImportRepo } from '../ledger/repos/import-repo'
import { csvLine, FILLS_CSV, KOINLY_CSV, koinlyFundingRow, koinlyRows, LEDGER_CSV, TRADES_CSV } from './csv-format'
import { parseFillsCsv, type ImportedFill } from './csv-import'
import type { HistoryService } from './history-service'
import { throwIfCanceled, type JobBoard, type JobControl } from './jobs'

/** Rows written between two looks at the event loop (progress, cancel, the engine's ticks). */
const ROWS_PER_SLICE = 5_000
/** Bytes of a file handed to the UI per request. */
const READ_CHUNK_BYTES = 1024 * 1024
/** The most CSV text an import keeps in memory. */
const MAX_IMPORT_CHARS = 256 * 1024 * 1024
const DEFAULT_IMPORT_CAPITAL = '10000'
/** Imports waiting for their data at once (each holds its text in memory until it finishes). */
const MAX_UPLOADS = 4

const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))
/** 20261121-130501-123: to the millisecond, so two exports in one second get two files. */
const stamp = (ms: number): string => new Date(ms).toISOString().replace(/[-:]/g, '').replace('T', '-').replace('.', '-').slice(0, 19)

type ExportKind = 'trades' | 'fills' | 'ledger' | 'koinly'

interface Upload {
  format: 'tradedesk' | 'binance'
  accountName: string
  venue: string
  startingBalance: Atoms
  parts: string[]
  chars: number
}

/**
 * Files the history screen reads and writes: CSV exports, CSV imports and ledger backups,
 * all inside the app's data folder (the UI names a file, never a path).
 */
export class HistoryFiles {
  private readonly exportsDir: string
  private readonly backupsDir: string
  private readonly uploads = new Map<string, Upload>()

  constructor(
    private readonly db: Db,
    private readonly ledgerFile: string,
    dataDir: string,
    private readonly history: HistoryService,
    private readonly jobs: JobBoard,
    private readonly clock: Clock,
    private readonly changed: (reason: string) => void,
    private readonly nativeBinding?: string,
  ) {
    this.exportsDir = join(dataDir, 'exports')
    this.backupsDir = join(dataDir, 'backups')
  }

  export(what: ExportKind, filter: HistoryFilter): HistoryJob {
    const file = `${what}-${stamp(this.clock.now())}.csv`
    return this.jobs.start('export', `Export ${what === 'koinly' ? 'Koinly CSV' : `${what} CSV`}`, async (control) => {
      const repo = this.history.current()
      const total = what === 'trades' ? repo.countTrades(filter) : what === 'ledger' ? undefined : repo.countFills(filter)
      const rows = exportRows(what, repo, filter)
      const written = await this.writeFile(this.exportsDir, file, rows.header, rows.lines, control.signal, (done) => control.progress(done, total))
      return { message: `Exported ${written.toLocaleString('en-US')} rows to ${file}.`, file }
    })
  }

  backup(): HistoryJob {
    mkdirSync(this.backupsDir, { recursive: true })
    const file = `ledger-${stamp(this.clock.now())}.sqlite`
    return this.jobs.start('backup', 'Back up the ledger', async (control) => {
      const result = await backupLedger(this.db, join(this.backupsDir, file), {
        onProgress: (done, total) => control.progress(done, total),
        signal: control.signal,
      })
      return { message: `Backed up the ledger (${(result.bytes / 1_048_576).toFixed(1)} MB) to ${file}.`, file }
    })
  }

  backups(): Array<{ file: string; size: number; createdAt: number }> {
    if (!existsSync(this.backupsDir)) return []
    return readdirSync(this.backupsDir)
      .filter((name) => name.endsWith('.sqlite'))
      .map((file) => {
        const stat = statSync(join(this.backupsDir, file))
        return { file, size: stat.size, createdAt: Math.round(stat.mtimeMs) }
      })
      .sort((a, b) => b.createdAt - a.createdAt)
  }

  /** Checks the backup and stages it: it replaces the ledger when the app next opens it. */
  restore(file: string): { message: string } {
    const info = stageRestore(this.existing(this.backupsDir, file), this.ledgerFile, this.nativeBinding)
    return {
      message:
        `${file} is a good ledger (${info.accounts} accounts, ${info.fills.toLocaleString('en-US')} fills) and is ready. ` +
        'Restart TradeDesk to open it; the current ledger is kept beside it, nothing is deleted.',
    }
  }

  /** A piece of a file the app wrote, base64-encoded so any bytes survive the transport. */
  read(file: string, offset: number): { data: string; encoding: 'base64'; nextOffset: number | null; size: number } {
    const path = this.existing(file.endsWith('.sqlite') ? this.backupsDir : this.exportsDir, file)
    const size = statSync(path).size
    const fd = openSync(path, 'r')
    try {
      const buffer = Buffer.alloc(Math.max(0, Math.min(READ_CHUNK_BYTES, size - offset)))
      const read = buffer.length === 0 ? 0 : readSync(fd, buffer, 0, buffer.length, offset)
      const next = offset + read
      return { data: buffer.subarray(0, read).toString('base64'), encoding: 'base64', nextOffset: next < size ? next : null, size }
    } finally {
      closeSync(fd)
    }
  }

  importStart(format: Upload['format'], accountName: string, venue: string, startingBalance: string | undefined): HistoryJob {
    if (this.uploads.size >= MAX_UPLOADS) throw new AppError('UNAVAILABLE', `${MAX_UPLOADS} imports are already waiting for their files; finish or cancel one first.`)
    const { job } = this.jobs.create('import', `Import ${format === 'binance' ? 'Binance' : 'TradeDesk'} CSV into ${accountName}`)
    this.uploads.set(job.id, { format, accountName, venue, startingBalance: atoms(startingBalance ?? DEFAULT_IMPORT_CAPITAL), parts: [], chars: 0 })
    return job
  }

  importChunk(jobId: string, text: string): HistoryJob {
    const upload = this.upload(jobId)
    upload.chars += text.length
    if (upload.chars > MAX_IMPORT_CHARS) {
      this.uploads.delete(jobId)
      return this.jobs.fail(jobId, new AppError('INVALID_FILE', 'The file is larger than 256 MB; split it and import the parts.'))
    }
    upload.parts.push(text)
    return this.jobs.update(jobId, { done: upload.chars })
  }

  /** Checks every row first, then books all of it in one transaction, or nothing. */
  importFinish(jobId: string): HistoryJob {
    const upload = this.upload(jobId)
    this.uploads.delete(jobId)
    try {
      const fills = parseFillsCsv(upload.parts.join(''), upload.format)
      const booked = this.book(upload.accountName, upload.venue, upload.startingBalance, fills)
      return this.jobs.update(jobId, { state: 'finished', done: fills.length, total: fills.length, message: importMessage(upload.accountName, booked) })
    } catch (error) {
      return this.jobs.fail(jobId, error)
    }
  }

  /** Reads an exchange account's fills (`fetch` pages through the exchange) and books them as an import. */
  importFromExchange(label: string, accountName: string, venue: string, fetch: (control: JobControl) => Promise<ImportedFill[]>): HistoryJob {
    return this.jobs.start('import', `Import ${venue} history into ${accountName}`, async (control) => {
      const fills = await fetch(control)
      throwIfCanceled(control.signal)
      return { message: importMessage(accountName, this.book(accountName, venue, atoms(DEFAULT_IMPORT_CAPITAL), fills), `${venue} (${label})`) }
    })
  }

  /** Books imported fills all or nothing into a review-only account, and brings the trips up to date. */
  private book(accountName: string, venue: string, startingBalance: Atoms, fills: ImportedFill[]): { added: number; duplicates: number } {
    const imports = new ImportRepo(this.db)
    const quote = fills[0]?.symbol.split(/[/:]/)[1] ?? 'USDT'
    const now = this.clock.now()
    const booked = this.db.transaction(() => {
      const accountId = imports.ensureAccount(accountName, venue, quote, startingBalance, now)
      const latest = imports.latestFillTs(accountId)
      const result = imports.book(accountId, fills, now)
      return { ...result, accountId, older: latest !== undefined && fills.some((f) => f.ts < latest) }
    })()
    // Trips are folded in booking order; history older than what the account holds is folded again in time order.
    if (booked.older) this.history.refold(booked.accountId)
    else this.history.current()
    this.changed(`Imported ${booked.added} fills`)
    return booked
  }

  cancel(jobId: string): HistoryJob {
    this.uploads.delete(jobId)
    return this.jobs.cancel(jobId)
  }

  /** Writes under a temporary name and renames at the end, so a cancel or crash never leaves half a file. */
  private async writeFile(
    dir: string,
    file: string,
    header: readonly string[],
    lines: Iterable<readonly string[]>,
    signal: AbortSignal,
    progress: (done: number) => void,
  ): Promise<number> {
    mkdirSync(dir, { recursive: true })
    const partial = join(dir, `${file}.part`)
    // 'wx': never write into another job's file.
    const fd = openSync(partial, 'wx')
    let rows = 0
    try {
      writeSync(fd, `\uFEFF${csvLine(header)}`)
      let slice: string[] = []
      for (const fields of lines) {
        slice.push(csvLine(fields))
        rows += 1
        if (slice.length === ROWS_PER_SLICE) {
          writeSync(fd, slice.join(''))
          slice = []
          progress(rows)
          await yieldToLoop()
          throwIfCanceled(signal)
        }
      }
      writeSync(fd, slice.join(''))
      progress(rows)
    } catch (error) {
      closeSync(fd)
      rmSync(partial, { force: true })
      throw error
    }
    closeSync(fd)
    renameSync(partial, join(dir, file))
    return rows
  }

  private existing(dir: string, file: string): string {
    const path = join(dir, file)
    if (!existsSync(path)) throw new AppError('NOT_FOUND', `There is no file named ${file} in the app's folder.`)
    return path
  }

  private upload(jobId: string): Upload {
    const upload = this.uploads.get(jobId)
    if (upload === undefined) throw new AppError('NOT_FOUND', 'That import is no longer waiting for data (it finished or was canceled).')
    return upload
  }
}

/** "Imported 120 fills into Binance main; 3 were already in the ledger and were skipped." */
function importMessage(accountName: string, booked: { added: number; duplicates: number }, from?: string): string {
  const source = from === undefined ? '' : ` from ${from}`
  const again = booked.duplicates === 0 ? '' : `; ${booked.duplicates.toLocaleString('en-US')} were already in the ledger and were skipped`
  return `Imported ${booked.added.toLocaleString('en-US')} fills${source} into ${accountName}${again}.`
}

/** The header and the rows of one export, read lazily from the ledger. */
function exportRows(what: ExportKind, repo: ReturnType<HistoryService['current']>, filter: HistoryFilter): { header: readonly string[]; lines: Iterable<readonly string[]> } {
  switch (what) {
    case 'trades':
      return { header: TRADES_CSV.header, lines: map(repo.iterateTrades(filter), TRADES_CSV.row) }
    case 'fills':
      return { header: FILLS_CSV.header, lines: map(repo.iterateFills(filter), FILLS_CSV.row) }
    case 'ledger':
      return { header: LEDGER_CSV.header, lines: map(repo.iterateEntries(filter), LEDGER_CSV.row) }
    case 'koinly':
      return {
        header: KOINLY_CSV.header,
        lines: chain(
          flatMap(repo.iterateFills(filter), (fill) => koinlyRows(fill, !fill.symbol.includes(':'))),
          flatMap(repo.iterateFunding(filter), (payment) => {
            const row = koinlyFundingRow(payment)
            return row === undefined ? [] : [row]
          }),
        ),
      }
  }
}

function* map<T, U>(items: Iterable<T>, f: (item: T) => U): Generator<U> {
  for (const item of items) yield f(item)
}

function* chain<T>(...parts: Array<Iterable<T>>): Generator<T> {
  for (const part of parts) yield* part
}

function* flatMap<T, U>(items: Iterable<T>, f: (item: T) => U[]): Generator<U> {
  for (const item of items) yield* f(item)
}
