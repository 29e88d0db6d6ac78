import type { AiDecision, AiVote } from '../../../shared/domain/ai'
import type { Db } from '../db'

interface Row {
  id: number
  bot_id: number
  at: number
  symbol: string
  action: AiDecision['action']
  confidence: number
  reasoning: string
  cached: 0 | 1
  votes: string
  prompt_tokens: number
  completion_tokens: number
  cost_usd: number
  intent_id: number | null
}

const toDecision = (row: Row): AiDecision => ({
  id: row.id,
  botId: row.bot_id,
  at: row.at,
  symbol: row.symbol,
  action: row.action,
  confidence: row.confidence,
  reasoning: row.reasoning,
  cached: row.cached === 1,
  votes: JSON.parse(row.votes) as AiVote[],
  promptTokens: row.prompt_tokens,
  completionTokens: row.completion_tokens,
  costUsd: row.cost_usd,
  ...(row.intent_id === null ? {} : { intentId: row.intent_id }),
})

export type NewAiDecision = Omit<AiDecision, 'id' | 'intentId'> & { inputHash: string }

/** The AI models' decisions for bots. */
export class AiDecisionRepo {
  private readonly insertStmt
  private readonly intentStmt
  private readonly byIdStmt
  private readonly byBotStmt

  constructor(db: Db) {
    this.insertStmt = db.prepare(
      `INSERT INTO ai_decisions (bot_id, at, symbol, input_hash, action, confidence, reasoning, cached, votes, prompt_tokens, completion_tokens, cost_usd)
       VALUES (@botId, @at, @symbol, @inputHash, @action, @confidence, @reasoning, @cached, @votes, @promptTokens, @completionTokens, @costUsd)`,
    )
    this.intentStmt = db.prepare('UPDATE ai_decisions SET intent_id = ? WHERE id = ?')
    this.byIdStmt = db.prepare<[number], Row>('SELECT * FROM ai_decisions WHERE id = ?')
    this.byBotStmt = db.prepare<[number, number], Row>('SELECT * FROM ai_decisions WHERE bot_id = ? ORDER BY id DESC LIMIT ?')
  }

  record(decision: NewAiDecision): AiDecision {
    const id = Number(this.insertStmt.run({ ...decision, cached: decision.cached ? 1 : 0, votes: JSON.stringify(decision.votes) }).lastInsertRowid)
    return this.byId(id)
  }

  traded(id: number, intentId: number): AiDecision {
    this.intentStmt.run(intentId, id)
    return this.byId(id)
  }

  listByBot(botId: number, limit: number): AiDecision[] {
    return this.byBotStmt.all(botId, limit).map(toDecision)
  }

  private byId(id: number): AiDecision {
    return toDecision(this.byIdStmt.get(id) as Row)
  }
}
