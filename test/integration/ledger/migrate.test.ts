import { createHash } from 'node:crypto'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { closeLedger, openLedger } from '../../../electron/ledger/db'
import { appliedVersion, migrate, MIGRATIONS } from '../../../electron/ledger/migrate'
import { BookRepo } from '../../../electron/ledger/repos/book-repo'
import { useTempDirs } from '../../support/temp-dir'

const MIGRATIONS_DIR = join(import.meta.dirname, '../../../electron/ledger/migrations')
const NOW = Date.UTC(2026, 10, 21)
const tempDir = useTempDirs()

function schemaOf(file: string): string[] {
  const db = new Database(file, { readonly: true })
  const rows = db
    .prepare("SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
    .all() as Array<{ type: string; name: string; sql: string }>
  db.close()
  return rows.map((r) => `${r.type} ${r.name}: ${r.sql.replace(/\s+/g, ' ')}`)
}

function freshLedger(): string {
  const file = join(tempDir(), 'fresh.sqlite')
  closeLedger(openLedger(file, { now: NOW }))
  return file
}

describe('ledger migrations', () => {
  it('create the current schema in a new file, once', () => {
    const file = join(tempDir(), 'ledger.sqlite')
    closeLedger(openLedger(file, { now: NOW }))
    closeLedger(openLedger(file, { now: NOW + 1 }))
    const db = new Database(file)
    expect(appliedVersion(db)).toBe(MIGRATIONS.at(-1)!.version)
    expect(db.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get()).toEqual({ n: MIGRATIONS.length })
    db.close()
    expect(schemaOf(file)).toMatchSnapshot()
  })

  it('are add-only: a landed migration file never changes', () => {
    const lock = JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/migrations.lock.json'), 'utf8')) as Record<string, string>
    const files = readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).sort()
    for (const [name, hash] of Object.entries(lock)) {
      expect(files, `landed migration ${name} was removed`).toContain(name)
      const actual = createHash('sha256').update(readFileSync(join(MIGRATIONS_DIR, name))).digest('hex')
      expect(actual, `landed migration ${name} was edited; add a new one instead`).toBe(hash)
    }
    expect(Object.keys(lock), 'new migration: add its hash to test/fixtures/migrations.lock.json').toEqual(files)
  })

  it('upgrade a ledger from every earlier version, keeping its data', () => {
    for (const earlier of MIGRATIONS.slice(0, -1)) {
      const file = join(tempDir(), 'ledger.sqlite')
      const db = new Database(file)
      migrate(db, NOW, MIGRATIONS.filter((m) => m.version <= earlier.version))
      db.prepare("INSERT INTO app_meta (key, value) VALUES ('simulator.seed', '7')").run()
      db.close()
      closeLedger(openLedger(file, { now: NOW }))
      const upgraded = new Database(file)
      expect(appliedVersion(upgraded)).toBe(MIGRATIONS.at(-1)!.version)
      expect(upgraded.prepare("SELECT value FROM app_meta WHERE key = 'simulator.seed'").get()).toEqual({ value: '7' })
      upgraded.close()
      expect(schemaOf(file)).toEqual(schemaOf(freshLedger()))
    }
  })

  it('keep entries booked before 0003 readable: they take their transaction\'s kind', () => {
    const file = join(tempDir(), 'ledger.sqlite')
    const db = new Database(file)
    migrate(db, NOW, MIGRATIONS.filter((m) => m.version <= 2))
    db.prepare(
      "INSERT INTO accounts (id, name, quote, starting_balance, max_leverage, max_open_positions, sizing_method, sizing_value, status, created_at, updated_at) VALUES (1, 'old', 'USDT', 1, 10, 5, 'FIXED_USD', 1, 'active', 0, 0)",
    ).run()
    db.prepare("INSERT INTO ledger_transactions (id, account_id, kind, description, ts) VALUES (1, 1, 'fee', 'Trading fee 0.05%: Buy 0.1 BTC/USDT:USDT', ?)").run(NOW)
    db.prepare("INSERT INTO ledger_entries (tx_id, account_id, book, asset, amount) VALUES (1, 1, 'wallet', 'USDT', -300000000), (1, 1, 'external:fees', 'USDT', 300000000)").run()
    db.close()
    const upgraded = openLedger(file, { now: NOW })
    const books = new BookRepo(upgraded)
    expect(books.entries(1, 10)).toMatchObject([{ kind: 'fee', book: 'wallet', amount: '-3' }])
    expect(books.resultSince(1, 0)).toBe(-300000000n)
    closeLedger(upgraded)
  })

  it('give funding booked before 0004 its symbol, so trade history can attribute it', () => {
    const file = join(tempDir(), 'ledger.sqlite')
    const db = new Database(file)
    migrate(db, NOW, MIGRATIONS.filter((m) => m.version <= 3))
    db.prepare(
      "INSERT INTO accounts (id, name, quote, starting_balance, max_leverage, max_open_positions, sizing_method, sizing_value, status, created_at, updated_at) VALUES (1, 'old', 'USDT', 1, 10, 5, 'FIXED_USD', 1, 'active', 0, 0)",
    ).run()
    db.prepare(
      "INSERT INTO ledger_transactions (id, account_id, kind, description, ts) VALUES (1, 1, 'funding', 'Funding ETH/USDT:USDT short 2 at 0.01% on 5000 USDT (08:00 UTC)', ?)",
    ).run(NOW)
    db.close()
    const upgraded = openLedger(file, { now: NOW })
    expect(upgraded.prepare('SELECT symbol FROM ledger_transactions WHERE id = 1').get()).toEqual({ symbol: 'ETH/USDT:USDT' })
    expect(upgraded.prepare('SELECT source, venue FROM accounts WHERE id = 1').get()).toEqual({ source: 'paper', venue: 'paper' })
    closeLedger(upgraded)
  })

  it('refuse a ledger from a newer app version and leave the file untouched', () => {
    const file = join(tempDir(), 'ledger.sqlite')
    closeLedger(openLedger(file, { now: NOW }))
    const db = new Database(file)
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, ?, ?)').run('from_the_future', NOW)
    db.close()
    const before = readFileSync(file)
    expect(() => openLedger(file, { now: NOW })).toThrow(/newer version of TradeDesk/)
    expect(readFileSync(file).equals(before)).toBe(true)
  })
})
