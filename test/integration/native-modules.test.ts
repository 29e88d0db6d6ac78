import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// Exercises scripts/native-modules.mjs for real. Only the Node runtime can be built offline
// (Electron's headers are downloaded), but it runs the same copy-source/node-gyp/copy-out
// path that `npm start` uses for Electron. Compiling SQLite takes a minute or more.
const SCRIPT = join(import.meta.dirname, '../../scripts/native-modules.mjs')
const BUILD_TIMEOUT = 10 * 60_000
const run = promisify(execFile)
const require = createRequire(import.meta.url)

let outDir: string
let workDir: string
let firstRun: string

describe('scripts/native-modules.mjs (node runtime)', () => {
  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'tradedesk-native-'))
    workDir = mkdtempSync(join(tmpdir(), 'tradedesk-native-db-'))
    const { stdout } = await run(
      process.execPath,
      [SCRIPT, '--runtime', 'node', '--target', process.versions.node, '--out', outDir],
      { timeout: BUILD_TIMEOUT, maxBuffer: 16 * 1024 * 1024 },
    )
    firstRun = stdout
  }, BUILD_TIMEOUT)

  afterAll(() => {
    for (const dir of [outDir, workDir]) if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('builds both addons into the output folder', () => {
    expect(firstRun).toMatch(/wrote .*better_sqlite3\.node/)
    expect(firstRun).toMatch(/wrote .*keytar\.node/)
    expect(existsSync(join(outDir, 'better_sqlite3.node'))).toBe(true)
    expect(existsSync(join(outDir, 'keytar.node'))).toBe(true)
  })

  it('opens a real SQLite database through the nativeBinding option', () => {
    const binding = join(outDir, 'better_sqlite3.node')
    const db = new Database(join(workDir, 'check.sqlite'), { nativeBinding: binding })
    try {
      db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)')
      db.prepare('INSERT INTO t (v) VALUES (?)').run('ok')
      expect(db.prepare('SELECT v, sqlite_version() AS version FROM t').get()).toEqual({
        v: 'ok',
        version: expect.stringMatching(/^3\.\d+\.\d+$/),
      })
    } finally {
      db.close()
    }
    // Proves the addon came from our file, not node_modules' own build.
    expect(Object.keys(require.cache)).toContain(binding)
  })

  it('produces a keytar addon with the promise-returning password functions', () => {
    const keytar = require(join(outDir, 'keytar.node')) as Record<string, unknown>
    for (const fn of ['getPassword', 'setPassword', 'deletePassword']) expect(typeof keytar[fn]).toBe('function')
  })

  it('leaves existing builds alone on a second run', async () => {
    const { stdout } = await run(process.execPath, [SCRIPT, '--runtime', 'node', '--target', process.versions.node, '--out', outDir])
    expect(stdout).toMatch(/better-sqlite3 for Node .* is up to date/)
    expect(stdout).toMatch(/keytar for Node .* is up to date/)
    expect(stdout).not.toMatch(/building/)
  })
})
