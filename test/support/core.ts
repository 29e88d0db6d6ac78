import { createAppCore, type AppCoreOptions } from '../../electron/core/app-core'
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
    ...overrides,
  })
}
