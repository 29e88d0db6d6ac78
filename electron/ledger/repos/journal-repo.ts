import type { Db } from '../db'

/** The append-only journal of what the engine published. */
export class JournalRepo {
  private readonly appendStmt

  constructor(db: Db) {
    this.appendStmt = db.prepare('INSERT INTO journal (account_id, type, payload, ts) VALUES (?, ?, ?, ?)')
  }

  append(accountId: number | undefined, type: string, payload: unknown, ts: number): void {
    this.appendStmt.run(accountId ?? null, type, JSON.stringify(payload), ts)
  }
}
