import type { IntentDecision, TradeIntent } from '../../../shared/domain/trading'
import { atomsOf, toNumber } from '../../../shared/trading/money'
import type { Db } from '../db'

interface Raw {
  id: bigint
  account_id: bigint
  symbol: string
  action: IntentDecision['action']
  confidence: bigint
  reasoning: string | null
  status: IntentDecision['status']
  reason: string | null
  order_id: bigint | null
  ts: bigint
}

const fromRaw = (r: Raw): IntentDecision => ({
  id: Number(r.id),
  accountId: Number(r.account_id),
  symbol: r.symbol,
  action: r.action,
  confidence: toNumber(r.confidence),
  status: r.status,
  ...(r.reason === null ? {} : { reason: r.reason }),
  ...(r.reasoning === null ? {} : { reasoning: r.reasoning }),
  ...(r.order_id === null ? {} : { orderId: Number(r.order_id) }),
  ts: Number(r.ts),
})

/** Every intent received, with what became of it. */
export class IntentRepo {
  private readonly insertStmt
  private readonly byIdStmt
  private readonly listStmt
  private readonly byBotStmt
  private readonly refuseStmt

  constructor(db: Db) {
    this.insertStmt = db.prepare(
      `INSERT INTO intents (account_id, symbol, action, confidence, request, reasoning, status, reason, order_id, ts, bot_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    this.byIdStmt = db.prepare('SELECT * FROM intents WHERE id = ?').safeIntegers(true)
    this.listStmt = db.prepare('SELECT * FROM intents WHERE account_id = ? ORDER BY id DESC LIMIT ?').safeIntegers(true)
    this.byBotStmt = db.prepare('SELECT * FROM intents WHERE bot_id = ? ORDER BY id DESC LIMIT ?').safeIntegers(true)
    this.refuseStmt = db.prepare("UPDATE intents SET status = 'refused', reason = ? WHERE id = ?")
  }

  /** Records an intent and its outcome; `botId` when one of the app's bots sent it. */
  record(intent: TradeIntent, outcome: { status: IntentDecision['status']; reason?: string; orderId?: number }, ts: number, botId?: number): IntentDecision {
    const id = this.insertStmt.run(
      intent.account,
      intent.symbol,
      intent.action,
      atomsOf(intent.confidence),
      JSON.stringify(intent),
      intent.reasoning ?? null,
      outcome.status,
      outcome.reason ?? null,
      outcome.orderId ?? null,
      ts,
      botId ?? null,
    ).lastInsertRowid
    return fromRaw(this.byIdStmt.get(id) as Raw)
  }

  /** An intent whose order an exchange refused after it was recorded as accepted (with its order). */
  refuse(id: number, reason: string): IntentDecision {
    this.refuseStmt.run(reason, id)
    return fromRaw(this.byIdStmt.get(id) as Raw)
  }

  list(accountId: number, limit: number): IntentDecision[] {
    return (this.listStmt.all(accountId, limit) as Raw[]).map(fromRaw)
  }

  /** A bot's decisions, newest first. */
  listByBot(botId: number, limit: number): IntentDecision[] {
    return (this.byBotStmt.all(botId, limit) as Raw[]).map(fromRaw)
  }
}
