import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { performance } from 'node:perf_hooks'
import { closeLedger, openLedger } from '../../../electron/ledger/db'
import { startWalCheckpointer } from '../../../electron/ledger/wal-checkpointer'
import { paperHarness } from '../../support/paper'
import { useTempDirs } from '../../support/temp-dir'

const tempDir = useTempDirs()
const NOW = Date.UTC(2026, 10, 21)
const BTC = 'BTC/USDT:USDT'

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
    expect(await until(() => statSync(file).size > before + 8_000_000, 15_000)).toBe(true)
    closeLedger(db)
    expect(existsSync(`${file}-wal`)).toBe(false)
  })
})

describe('the ledger write-ahead log under a steady stream of commits (a replay at full speed)', () => {
  it('stays bounded: the background checkpoint restarts it', async () => {
    const h = paperHarness(tempDir())
    const accountId = h.exchange.createAccount({ name: 'Fast', startingBalance: '10000000' }).id
    let price = 60_000
    let largest = 0
    let shrank = false
    const deadline = Date.now() + 3_000
    for (let i = 0; Date.now() < deadline; i++) {
      price = Math.round(price * (1 + Math.sin(i) * 0.002) * 10) / 10
      h.tick(BTC, price)
      h.exchange.placeOrder({ accountId, symbol: BTC, side: i % 2 === 0 ? 'buy' : 'sell', type: 'market', amount: '0.01', leverage: 10 })
      // A replay yields to the event loop between batches.
      if (i % 20 === 0) {
        const size = statSync(`${h.file}-wal`).size
        // A restarted log is cut back to the size limit: it never shrinks otherwise.
        if (size < largest) shrank = true
        largest = Math.max(largest, size)
        await new Promise((resolve) => setImmediate(resolve))
      }
    }
    h.close()
    // With PASSIVE checkpoints alone it only grows (past 500 MB in these 3 s). On a busy
    // machine a restart may come late (a bigger peak), but then the log is seen cut back.
    expect(shrank || largest < 256 * 1024 * 1024, `largest ${largest} bytes, never cut back`).toBe(true)
  }, 30_000)
})

describe('the checkpointer', () => {
  it('stops at once when its worker could not open the ledger', () => {
    const checkpointer = startWalCheckpointer(join(tempDir(), 'missing-folder', 'ledger.sqlite'), { onFailure: () => {} })
    const started = performance.now()
    checkpointer.stop()
    expect(performance.now() - started).toBeLessThan(1_000)
  })
})
