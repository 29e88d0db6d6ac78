import { copyFileSync, existsSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { applyStagedRestore, backupLedger, inspectLedgerFile, stageRestore } from '../../../electron/ledger/backup'
import { closeLedger, openLedger, type Db } from '../../../electron/ledger/db'
import { MIGRATIONS } from '../../../electron/ledger/migrate'
import { useTempDirs } from '../../support/temp-dir'

const NOW = Date.UTC(2026, 10, 21)
const LATEST = MIGRATIONS.at(-1)!.version
const tempDir = useTempDirs()

function addAccount(db: Db, id: number): void {
  db.prepare(
    "INSERT INTO accounts (id, name, quote, starting_balance, max_leverage, max_open_positions, sizing_method, sizing_value, status, created_at, updated_at) VALUES (?, ?, 'USDT', 100000000000, 10, 5, 'FIXED_USD', 100000000, 'active', ?, ?)",
  ).run(id, `account ${id}`, NOW, NOW)
}

function setLabel(db: Db, label: string): void {
  db.prepare("INSERT OR REPLACE INTO app_meta (key, value) VALUES ('test.label', ?)").run(label)
}

/** A live ledger with 2 accounts, 1 order, 3 fills and a label in app_meta. */
function seededLedger(file: string, label = 'original'): Db {
  const db = openLedger(file, { now: NOW })
  addAccount(db, 1)
  addAccount(db, 2)
  db.prepare(
    "INSERT INTO orders (id, account_id, client_order_id, symbol, side, type, time_in_force, amount, leverage, reduce_only, status, created_at, updated_at) VALUES (1, 1, 'c1', 'BTC/USDT:USDT', 'buy', 'market', 'IOC', 300000000, 1, 0, 'filled', ?, ?)",
  ).run(NOW, NOW)
  const fill = db.prepare(
    "INSERT INTO fills (account_id, order_id, trade_id, symbol, side, price, amount, fee, fee_asset, liquidity, realized_pnl, ts) VALUES (1, 1, ?, 'BTC/USDT:USDT', 'buy', 6000000000000, 100000000, 1000, 'USDT', 'taker', 0, ?)",
  )
  for (const trade of ['t1', 't2', 't3']) fill.run(trade, NOW)
  setLabel(db, label)
  return db
}

/** About 4 MB of rows, so a backup takes several steps. */
function pad(db: Db): void {
  const insert = db.prepare('INSERT INTO app_meta (key, value) VALUES (?, ?)')
  db.transaction(() => {
    for (let i = 0; i < 2000; i += 1) insert.run(`pad.${i}`, 'x'.repeat(2000))
  })()
}

function closedLedger(file: string, label = 'original'): string {
  closeLedger(seededLedger(file, label))
  return file
}

interface Contents {
  accounts: number
  label: string | undefined
  meta: Array<{ key: string; value: string }>
  fills: unknown[]
}

function contentsOf(db: Db): Contents {
  const label = db.prepare("SELECT value FROM app_meta WHERE key = 'test.label'").get() as { value: string } | undefined
  return {
    accounts: (db.prepare('SELECT COUNT(*) AS n FROM accounts').get() as { n: number }).n,
    label: label?.value,
    meta: db.prepare('SELECT key, value FROM app_meta ORDER BY key').all() as Array<{ key: string; value: string }>,
    fills: db.prepare('SELECT * FROM fills ORDER BY id').all(),
  }
}

function readContents(file: string): Contents {
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    return contentsOf(db)
  } finally {
    db.close()
  }
}

describe('backupLedger', () => {
  it('copies the ledger as it stands when the copy ends, though the app writes between steps', async () => {
    const dir = tempDir()
    const db = seededLedger(join(dir, 'ledger.sqlite'))
    pad(db)
    const destination = join(dir, 'backup.sqlite')
    const progress: Array<[number, number]> = []
    let written = 0
    const result = await backupLedger(db, destination, {
      onProgress: (done, total) => {
        progress.push([done, total])
        if (done > 0 && done < total) db.prepare('INSERT INTO app_meta (key, value) VALUES (?, ?)').run(`during.${written++}`, 'mid-backup')
      },
    })
    expect(written).toBeGreaterThanOrEqual(2)
    expect(progress.length).toBeGreaterThanOrEqual(4)
    expect(progress.at(-1)).toEqual([result.pages, result.pages])
    expect(result.bytes).toBe(statSync(destination).size)
    expect(result.bytes).toBe(result.pages * 4096)
    expect(readdirSync(dir).filter((f) => f.startsWith('backup'))).toEqual(['backup.sqlite'])

    const copy = readContents(destination)
    expect(copy.meta.filter((m) => m.key.startsWith('during.')).length).toBe(written)
    expect(copy).toEqual(contentsOf(db))
    expect(inspectLedgerFile(destination)).toEqual({ schemaVersion: LATEST, appVersionKnown: LATEST, accounts: 2, fills: 3, newer: false })
    closeLedger(db)
  })

  it('canceled mid-way leaves neither the backup nor its temporary file', async () => {
    const dir = tempDir()
    const db = seededLedger(join(dir, 'ledger.sqlite'))
    pad(db)
    const destination = join(dir, 'backup.sqlite')
    const controller = new AbortController()
    const progress: number[] = []
    const backup = backupLedger(db, destination, {
      signal: controller.signal,
      onProgress: (done) => {
        progress.push(done)
        if (done > 0) controller.abort()
      },
    })
    await expect(backup).rejects.toMatchObject({
      code: 'CANCELED',
      message: 'The backup was canceled; no file was written.',
    })
    // It stopped at the next step rather than copying the rest first.
    expect(progress).toHaveLength(2)
    expect(readdirSync(dir).filter((f) => f.startsWith('backup'))).toEqual([])
    expect(contentsOf(db).accounts).toBe(2)
    closeLedger(db)
  })

  it('replaces an older backup without replaying that file\'s leftover log into the new one', async () => {
    const dir = tempDir()
    const db = seededLedger(join(dir, 'ledger.sqlite'), 'live')
    const destination = closedLedger(join(dir, 'backup.sqlite'), 'old backup')
    const old = new Database(destination)
    old.pragma('wal_autocheckpoint = 0')
    setLabel(old, 'old backup, in its log')
    copyFileSync(`${destination}-wal`, join(dir, 'kept-wal'))
    old.close()
    renameSync(join(dir, 'kept-wal'), `${destination}-wal`)

    await backupLedger(db, destination)
    expect(readdirSync(dir).filter((f) => f.startsWith('backup'))).toEqual(['backup.sqlite'])
    expect(readContents(destination)).toMatchObject({ accounts: 2, label: 'live' })
    closeLedger(db)
  })

  it('refuses to write over the live ledger or its log', async () => {
    const dir = tempDir()
    const file = join(dir, 'ledger.sqlite')
    const db = seededLedger(file)
    for (const destination of [file, `${file}-wal`, join(dir, '.', 'ledger.sqlite')]) {
      await expect(backupLedger(db, destination)).rejects.toMatchObject({
        code: 'INVALID_PARAMS',
        message: 'A backup cannot be saved over the ledger TradeDesk is using; choose another file name.',
      })
    }
    expect(contentsOf(db).accounts).toBe(2)
    expect(readdirSync(dir).sort()).toEqual(['ledger.sqlite', 'ledger.sqlite-shm', 'ledger.sqlite-wal'])
    closeLedger(db)
  })
})

describe('inspectLedgerFile', () => {
  /** Each file alone in its folder, so a -wal or -shm left behind would show. */
  function fileIn(name: string, write: (file: string) => void): string {
    const file = join(tempDir(), name)
    write(file)
    return file
  }

  function expectUntouched(file: string, check: () => void): void {
    const before = readFileSync(file)
    const listing = readdirSync(dirname(file))
    check()
    expect(readFileSync(file).equals(before)).toBe(true)
    expect(readdirSync(dirname(file))).toEqual(listing)
  }

  it('reads a closed ledger without changing it or leaving a log beside it', () => {
    const file = fileIn('ledger.sqlite', (f) => closedLedger(f))
    expectUntouched(file, () => {
      expect(inspectLedgerFile(file)).toEqual({ schemaVersion: LATEST, appVersionKnown: LATEST, accounts: 2, fills: 3, newer: false })
    })
    expect(readdirSync(dirname(file))).toEqual(['ledger.sqlite'])
  })

  it('refuses files that are not TradeDesk ledgers, in plain words, leaving each untouched', () => {
    const ledger = closedLedger(join(tempDir(), 'ledger.sqlite'))
    const cases: Array<[string, (file: string) => void, object]> = [
      [
        'balances.csv',
        (f) => writeFileSync(f, 'account,balance\nmain,1000\n'),
        { code: 'INVALID_FILE', message: '"balances.csv" is not a TradeDesk ledger: it is not a database file.' },
      ],
      [
        'cut-short.sqlite',
        (f) => writeFileSync(f, readFileSync(ledger).subarray(0, Math.floor(statSync(ledger).size / 2) + 100)),
        { code: 'INVALID_FILE', message: '"cut-short.sqlite" is damaged or incomplete (perhaps cut short while copying), so it cannot be used.' },
      ],
      [
        'notes.sqlite',
        (f) => foreignDatabase(f, 'CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)'),
        { code: 'INVALID_FILE', message: '"notes.sqlite" is a database, but not a TradeDesk ledger.' },
      ],
      [
        'rails.sqlite',
        (f) => foreignDatabase(f, "CREATE TABLE schema_migrations (version TEXT PRIMARY KEY); INSERT INTO schema_migrations VALUES ('20240101120000')"),
        { code: 'INVALID_FILE', message: '"rails.sqlite" is a database, but not a TradeDesk ledger.' },
      ],
      [
        'future.sqlite',
        (f) => newerLedger(ledger, f),
        {
          code: 'LEDGER_TOO_NEW',
          message: `This ledger was written by a newer version of TradeDesk (schema 9999, this app knows ${LATEST}). Update the app to restore it; nothing in the file was changed.`,
        },
      ],
    ]
    for (const [name, write, error] of cases) {
      const file = fileIn(name, write)
      expectUntouched(file, () => expect(() => inspectLedgerFile(file), name).toThrow(expect.objectContaining(error)))
    }
  })

  it('says when the file is missing', () => {
    expect(() => inspectLedgerFile(join(tempDir(), 'gone.sqlite'))).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND', message: '"gone.sqlite" was not found; it may have been moved or deleted.' }),
    )
  })
})

function foreignDatabase(file: string, sql: string): void {
  const db = new Database(file)
  db.exec(sql)
  db.close()
}

/** A copy of `ledger` that claims a schema from a future build. */
function newerLedger(ledger: string, file: string): string {
  copyFileSync(ledger, file)
  const db = new Database(file)
  db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, ?, ?)').run('from_the_future', NOW)
  db.close()
  return file
}

/**
 * The files of a ledger whose app was killed: its last commits (account 3, the label
 * 'only in the log') are in the -wal, not yet in the main file.
 */
function crashedLedger(): string {
  const dir = tempDir()
  const file = closedLedger(join(dir, 'ledger.sqlite'))
  const db = new Database(file)
  db.pragma('wal_autocheckpoint = 0')
  addAccount(db, 3)
  setLabel(db, 'only in the log')
  const snapshot = join(tempDir(), 'ledger.sqlite')
  for (const suffix of ['', '-wal', '-shm']) copyFileSync(file + suffix, snapshot + suffix)
  db.close()
  return snapshot
}

describe('stageRestore and applyStagedRestore', () => {
  it('swap a backup in on the next open, keeping the previous ledger', async () => {
    const dir = tempDir()
    const file = join(dir, 'ledger.sqlite')
    const db = seededLedger(file, 'at backup time')
    const backup = join(tempDir(), 'backup.sqlite')
    await backupLedger(db, backup)
    addAccount(db, 3)
    setLabel(db, 'after the backup')
    const backupBytes = readFileSync(backup)

    const info = stageRestore(backup, file)
    expect(info).toEqual({ schemaVersion: LATEST, appVersionKnown: LATEST, accounts: 2, fills: 3, newer: false })
    expect(readFileSync(backup).equals(backupBytes)).toBe(true)
    expect(readdirSync(dirname(backup))).toEqual(['backup.sqlite'])
    expect(contentsOf(db)).toMatchObject({ accounts: 3, label: 'after the backup' })
    closeLedger(db)

    const applied = applyStagedRestore(file)
    expect(applied).toEqual({ restored: true, previous: expect.stringMatching(/ledger\.sqlite\.before-restore-\d+$/) })
    const reopened = openLedger(file, { now: NOW })
    expect(contentsOf(reopened)).toMatchObject({ accounts: 2, label: 'at backup time' })
    closeLedger(reopened)
    expect(applyStagedRestore(file)).toEqual({ restored: false })
    expect(readdirSync(dir).sort()).toEqual(['ledger.sqlite', applied.previous!.slice(dir.length + 1)].sort())
    expect(readContents(applied.previous!)).toMatchObject({ accounts: 3, label: 'after the backup' })
  })

  it('copy a source whose last commits are still in its log, changing nothing beside it', () => {
    const source = crashedLedger()
    const files = readdirSync(dirname(source)).sort()
    // The -shm is shared memory every reader writes its marks to; the data is in these two.
    const [main, log] = [readFileSync(source), readFileSync(`${source}-wal`)]
    const file = closedLedger(join(tempDir(), 'ledger.sqlite'))
    expect(stageRestore(source, file)).toMatchObject({ accounts: 3, fills: 3 })
    expect(readdirSync(dirname(source)).sort()).toEqual(files)
    expect(readFileSync(source).equals(main)).toBe(true)
    expect(readFileSync(`${source}-wal`).equals(log)).toBe(true)
    applyStagedRestore(file)
    expect(readContents(file)).toMatchObject({ accounts: 3, label: 'only in the log' })
  })

  it('refuse a ledger from a newer version and stage nothing', () => {
    const dir = tempDir()
    const file = closedLedger(join(dir, 'ledger.sqlite'))
    const source = newerLedger(file, join(tempDir(), 'future.sqlite'))
    const before = readFileSync(source)
    expect(() => stageRestore(source, file)).toThrow(expect.objectContaining({ code: 'LEDGER_TOO_NEW' }))
    expect(() => stageRestore(file, file)).toThrow(
      expect.objectContaining({ code: 'INVALID_PARAMS', message: 'That is the ledger TradeDesk is using now; choose a backup file to restore.' }),
    )
    expect(readFileSync(source).equals(before)).toBe(true)
    expect(readdirSync(dirname(source))).toEqual(['future.sqlite'])
    expect(readdirSync(dir)).toEqual(['ledger.sqlite'])
    expect(applyStagedRestore(file)).toEqual({ restored: false })
    expect(readContents(file).accounts).toBe(2)
  })
})

describe('applyStagedRestore after a crash', () => {
  const STAMP = 1_700_000_000_000

  /** The swap's renames, in order; a crash after step k leaves the first k done. */
  const STEPS: Array<(file: string) => void> = [
    (f) => renameSync(`${f}.restore`, `${f}.restoring-${STAMP}`),
    (f) => renameSync(`${f}-wal`, `${f}.before-restore-${STAMP}-wal`),
    (f) => renameSync(`${f}-shm`, `${f}.before-restore-${STAMP}-shm`),
    (f) => renameSync(f, `${f}.before-restore-${STAMP}`),
    (f) => renameSync(`${f}.restoring-${STAMP}`, f),
  ]

  it('the crashed ledger really holds its last commits only in its log', () => {
    const snapshot = crashedLedger()
    expect(readContents(snapshot)).toMatchObject({ accounts: 3, label: 'only in the log' })
    const mainOnly = join(tempDir(), 'main-only.sqlite')
    copyFileSync(snapshot, mainOnly)
    expect(readContents(mainOnly)).toMatchObject({ accounts: 2, label: 'original' })
  })

  for (let done = 0; done <= STEPS.length; done += 1) {
    it(`ends with the backup in place and the old ledger whole, when killed after step ${done}`, () => {
      const source = crashedLedger()
      const backup = closedLedger(join(tempDir(), 'backup.sqlite'), 'from the backup')
      const dir = tempDir()
      const file = join(dir, 'ledger.sqlite')
      for (const suffix of ['', '-wal', '-shm']) copyFileSync(source + suffix, file + suffix)
      stageRestore(backup, file)
      for (const step of STEPS.slice(0, done)) step(file)

      const result = applyStagedRestore(file)
      const kept = done === 0 ? expect.stringMatching(/ledger\.sqlite\.before-restore-\d+$/) : `${file}.before-restore-${STAMP}`
      expect(result).toEqual(done === STEPS.length ? { restored: false } : { restored: true, previous: kept })
      const previous = result.previous ?? `${file}.before-restore-${STAMP}`

      const reopened = openLedger(file, { now: NOW })
      expect(contentsOf(reopened)).toMatchObject({ accounts: 2, label: 'from the backup' })
      closeLedger(reopened)
      expect(existsSync(previous)).toBe(true)
      expect(readContents(previous)).toMatchObject({ accounts: 3, label: 'only in the log' })
      expect(readdirSync(dir).filter((f) => f.includes('restor') && !f.includes('before-restore'))).toEqual([])
    })
  }
})
