import type { Bot, BotLogEntry, BotRisk, BotStatus } from '../../../shared/domain/bots'
import type { Timeframe } from '../../../shared/domain/market'
import type { StrategyId } from '../../../shared/domain/strategies'
import type { Db } from '../db'

interface Row {
  id: number
  name: string
  strategy: string
  params: string
  symbol: string
  timeframe: string
  account_id: number
  risk: string | null
  status: BotStatus
  reason: string | null
  created_at: number
  updated_at: number
}

const toBot = (row: Row): Bot => ({
  id: row.id,
  name: row.name,
  strategy: row.strategy as StrategyId,
  params: JSON.parse(row.params) as Record<string, unknown>,
  symbol: row.symbol,
  timeframe: row.timeframe as Timeframe,
  accountId: row.account_id,
  ...(row.risk === null ? {} : { risk: JSON.parse(row.risk) as BotRisk }),
  status: row.status,
  ...(row.reason === null ? {} : { reason: row.reason }),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
})

export type NewBot = Pick<Bot, 'name' | 'strategy' | 'params' | 'symbol' | 'timeframe' | 'accountId' | 'risk' | 'createdAt'>

/** Bots and their status (what they decided is in the intents, by bot id). */
export class BotRepo {
  private readonly insertStmt
  private readonly byIdStmt
  private readonly listStmt
  private readonly statusStmt
  private readonly deleteStmt
  private readonly logStmt
  private readonly readLogStmt

  constructor(db: Db) {
    this.insertStmt = db.prepare(
      `INSERT INTO bots (name, strategy, params, symbol, timeframe, account_id, risk, status, created_at, updated_at)
       VALUES (@name, @strategy, @params, @symbol, @timeframe, @accountId, @risk, 'stopped', @createdAt, @createdAt)`,
    )
    this.byIdStmt = db.prepare<[number], Row>('SELECT * FROM bots WHERE id = ? AND deleted_at IS NULL')
    this.listStmt = db.prepare<[], Row>('SELECT * FROM bots WHERE deleted_at IS NULL ORDER BY id')
    this.statusStmt = db.prepare('UPDATE bots SET status = ?, reason = ?, updated_at = ? WHERE id = ?')
    this.deleteStmt = db.prepare('UPDATE bots SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL')
    this.logStmt = db.prepare('INSERT INTO bot_log (bot_id, at, message) VALUES (?, ?, ?)')
    this.readLogStmt = db.prepare<[number, number], BotLogEntry>('SELECT id, at, message FROM bot_log WHERE bot_id = ? ORDER BY id DESC LIMIT ?')
  }

  insert(bot: NewBot): Bot {
    const risk = bot.risk === undefined || Object.keys(bot.risk).length === 0 ? null : JSON.stringify(bot.risk)
    const id = Number(this.insertStmt.run({ ...bot, params: JSON.stringify(bot.params), risk }).lastInsertRowid)
    return this.byId(id) as Bot
  }

  byId(id: number): Bot | undefined {
    const row = this.byIdStmt.get(id)
    return row === undefined ? undefined : toBot(row)
  }

  list(): Bot[] {
    return this.listStmt.all().map(toBot)
  }

  setStatus(id: number, status: BotStatus, reason: string | undefined, now: number): Bot {
    this.statusStmt.run(status, reason ?? null, now, id)
    return this.byId(id) as Bot
  }

  log(botId: number, at: number, message: string): void {
    this.logStmt.run(botId, at, message)
  }

  /** The bot's log, newest first. */
  readLog(botId: number, limit: number): BotLogEntry[] {
    return this.readLogStmt.all(botId, limit)
  }

  /** Hides the bot; its row stays as the author of the decisions it recorded. */
  delete(id: number, now: number): boolean {
    return this.deleteStmt.run(now, id).changes > 0
  }
}
