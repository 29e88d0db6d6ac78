import { AppError } from '../../shared/contract'
import type { Db } from './db'

export interface Migration {
  version: number
  name: string
  sql: string
}

const files = import.meta.glob<string>('./migrations/*.sql', { query: '?raw', import: 'default', eager: true })

/** Every migration shipped with this build, in order. Files are add-only: never edit a landed one. */
export const MIGRATIONS: readonly Migration[] = Object.entries(files)
  .map(([path, sql]) => {
    const match = /\/(\d{4})_([a-z0-9_]+)\.sql$/.exec(path)
    if (!match) throw new Error(`Migration file name must be NNNN_name.sql: ${path}`)
    return { version: Number(match[1]), name: match[2] as string, sql }
  })
  .sort((a, b) => a.version - b.version)

export function appliedVersion(db: Db): number {
  const row = db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as { version: number | null }
  return row.version ?? 0
}

/**
 * Brings the ledger up to this build's schema, each migration in its own transaction.
 * A ledger from a newer build is refused untouched rather than half-understood.
 */
export function migrate(db: Db, now: number, migrations: readonly Migration[] = MIGRATIONS): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
  )
  const current = appliedVersion(db)
  const latest = migrations.at(-1)?.version ?? 0
  if (current > latest) {
    throw new AppError(
      'LEDGER_TOO_NEW',
      `This ledger was written by a newer version of TradeDesk (schema ${current}, this app knows ${latest}). ` +
        'Update the app to open it; nothing in the file was changed.',
    )
  }
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
  for (const migration of migrations) {
    if (migration.version <= current) continue
    db.transaction(() => {
      db.exec(migration.sql)
      record.run(migration.version, migration.name, now)
    })()
  }
}
