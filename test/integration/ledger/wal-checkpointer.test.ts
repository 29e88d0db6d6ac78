import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { closeLedger, openLedger } from '../../../electron/ledger/db'
import { useTempDirs } from '../../support/temp-dir'

const tempDir = useTempDirs()
const NOW = Date.UTC(2026, 10, 21)

/** Writes about `megabytes` of rows, committed one small transaction at a time as the engine does. */
function writeCommits(db: ReturnType<typeof openLedger>, megabytes: number): void {
  const insert = db.prepare("INSERT INTO app_meta (key, value) VALUES (?, ?)")
  const payload = 'x'.repeat(1_000)
  for (let i = 0; i < megabytes * 1_000; i++) insert.run(`k${i}`, payload)
}

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) return false
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return true
}

describe('the ledger write-ahead log', () => {
  it('is folded into the database file in the background, never by a commit', async () => {
    const file = join(tempDir(), 'ledger.sqlite')
    const db = openLedger(file, { now: NOW })
    // Commits never checkpoint (that stalled the engine's thread); the worker does.
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0)
    const before = statSync(file).size
    writeCommits(db, 8)
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(8_000_000)
    // The main file grows only when a checkpoint copies pages into it.
    expect(await until(() => statSync(file).size > before + 8_000_000, 5_000)).toBe(true)
    closeLedger(db)
    expect(existsSync(`${file}-wal`)).toBe(false)
  })
})
