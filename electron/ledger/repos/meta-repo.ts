import type { Db } from '../db'

/** Small settings the core keeps across restarts. */
export class MetaRepo {
  private readonly selectStmt
  private readonly upsertStmt

  constructor(db: Db) {
    this.selectStmt = db.prepare<[string], { value: string }>('SELECT value FROM app_meta WHERE key = ?')
    this.upsertStmt = db.prepare(
      'INSERT INTO app_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    )
  }

  get(key: string): string | undefined {
    return this.selectStmt.get(key)?.value
  }

  set(key: string, value: string): void {
    this.upsertStmt.run(key, value)
  }
}
