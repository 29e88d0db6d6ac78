import { resolve } from 'node:path'
import { BACKTEST_WORKER, createAppCore, type AppCoreOptions } from '../../electron/core/app-core'
import { silentLogger } from '../../electron/core/log'
import { InMemorySecretStore } from '../../electron/secrets/secret-store'

/** A real core (real SQLite file under `dataDir`) with test-friendly defaults. */
export function testCore(dataDir: string, overrides: Partial<AppCoreOptions> = {}) {
  return createAppCore({
    dataDir,
    hostKind: 'headless',
    version: '0.0.0-test',
    seed: 5,
    log: silentLogger,
    pumpIntervalMs: 50,
    openSecrets: () => new InMemorySecretStore(),
    // Sweeps run on the built worker thread (npm run build; the test command builds first).
    backtestWorker: resolve(import.meta.dirname, '../../out/main', BACKTEST_WORKER),
    ...overrides,
  })
}
