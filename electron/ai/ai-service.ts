import { AppError } from '../../shared/contract'
import type { AiDecision, AiEndpoint } from '../../shared/domain/ai'
import type { Bot } from '../../shared/domain/bots'
import type { Logger } from '../core/log'
import type { EventBus } from '../engine/bus'
import type { Clock } from '../engine/clock'
import type { IntentDesk } from '../engine/paper/intent-desk'
import type { PaperExchange } from '../engine/paper/paper-exchange'
import type { Db } from '../ledger/db'
import { AiDecisionRepo } from '../ledger/repos/ai-decision-repo'
import { MetaRepo } from '../ledger/repos/meta-repo'
import type { SecretStore } from '../secrets/secret-store'
import { AiBot } from './ai-bot'
import { askModel, DEFAULT_CLIENT, type ClientOptions } from './ai-client'
import { buildContext, promptFor } from './ai-context'
import { AiDecider } from './ai-decider'
import { AiEndpoints, type EndpointChange } from './ai-endpoints'

export interface AiServiceOptions {
  db: Db
  secrets: SecretStore | undefined
  exchange: PaperExchange
  desk: IntentDesk
  bus: EventBus
  clock: Clock
  log: Logger
  client?: Partial<ClientOptions>
}

/** The AI decision module as the contract offers it, and the maker of AI bots for the bot service. */
export class AiService {
  private readonly endpoints: AiEndpoints
  private readonly repo: AiDecisionRepo
  private readonly decider: AiDecider
  private readonly client: ClientOptions

  constructor(private readonly options: AiServiceOptions) {
    this.endpoints = new AiEndpoints(new MetaRepo(options.db), options.secrets, options.bus)
    this.repo = new AiDecisionRepo(options.db)
    this.client = { ...DEFAULT_CLIENT, ...options.client }
    this.decider = new AiDecider(this.endpoints, this.client, () => options.clock.now())
  }

  list(): AiEndpoint[] {
    return this.endpoints.list()
  }

  set(change: EndpointChange): Promise<AiEndpoint> {
    return this.endpoints.set(change)
  }

  delete(id: string): Promise<{ deleted: boolean }> {
    return this.endpoints.delete(id)
  }

  /** One question on a small made-up market, once (no retries): does it answer in the schema, and how fast. */
  async test(id: string): Promise<{ ok: boolean; latencyMs: number; message: string }> {
    const endpoint = (await this.endpoints.open()).find((e) => e.id === id)
    if (endpoint === undefined) throw new AppError('NOT_FOUND', 'That AI endpoint was removed.')
    const candles = Array.from({ length: 30 }, (_, i) => ({ time: Date.UTC(2024, 0, 1, i), open: 100 + i, high: 101 + i, low: 99 + i, close: 100.5 + i, volume: 10 }))
    const context = buildContext({ symbol: 'BTC/USDT', timeframe: '1h', position: null, account: { equity: '10000', available: '10000', quote: 'USDT' }, canShort: false }, candles)
    const vote = await askModel(endpoint, promptFor(context), { ...this.client, retryDelaysMs: [] })
    if (vote.status === 'answered') {
      return { ok: true, latencyMs: vote.latencyMs, message: `Answered ${vote.action} at confidence ${vote.confidence ?? 0} in ${vote.latencyMs} ms (${vote.promptTokens + vote.completionTokens} tokens).` }
    }
    return { ok: false, latencyMs: vote.latencyMs, message: vote.status === 'invalid' ? `Answered outside the decision format: ${vote.error ?? ''}` : (vote.error ?? 'No answer') }
  }

  decisions(botId: number, limit: number): AiDecision[] {
    return this.repo.listByBot(botId, limit)
  }

  /** The runner of a bot whose strategy is AI models. */
  makeBot(bot: Bot, trading: () => boolean): AiBot {
    const { exchange, desk, bus, clock, log } = this.options
    return new AiBot(bot, { exchange, desk, decider: this.decider, repo: this.repo, bus, clock, log }, trading)
  }
}
