import type { Db } from '../db'

/** One journaled event: its name, the account it concerns (if any) and its payload. */
export type JournalEvent = readonly [name: string, payload: unknown, accountId: number | undefined]

/**
 * The append-only journal of what the engine published: one row per committed ledger
 * transaction, listing its events as [event, account id or null, payload].
 */
export class JournalRepo {
  private readonly appendStmt
  private readonly lastTsStmt

  constructor(db: Db) {
    this.appendStmt = db.prepare("INSERT INTO journal (account_id, type, payload, ts) VALUES (?, 'commit', ?, ?)")
    this.lastTsStmt = db.prepare<[], { ts: number }>('SELECT ts FROM journal ORDER BY id DESC LIMIT 1')
  }

  /** The engine time of the latest commit (rows are appended in commit order); undefined for an empty journal. */
  lastCommitTime(): number | undefined {
    return this.lastTsStmt.get()?.ts
  }

  /** Writes a commit's events; the row's account is theirs when they all concern one. */
  append(ts: number, events: readonly JournalEvent[]): void {
    if (events.length === 0) return
    const first = events[0]?.[2]
    const accountId = events.every((e) => e[2] === first) ? first : undefined
    this.appendStmt.run(accountId ?? null, JSON.stringify(events.map(([name, payload, account]) => [name, account ?? null, payload])), ts)
  }
}
