import type { AiDecision } from '../../shared/domain/ai'
import type { Bot } from '../../shared/domain/bots'
import type { Candle } from '../../shared/domain/market'
import type { StopParams, StrategyParams } from '../../shared/domain/strategies'
import type { Logger } from '../core/log'
import type { EventBus } from '../engine/bus'
import type { Clock } from '../engine/clock'
import type { IntentDesk } from '../engine/paper/intent-desk'
import type { PaperExchange } from '../engine/paper/paper-exchange'
import type { AiDecisionRepo } from '../ledger/repos/ai-decision-repo'
import { StrategyRunner } from '../bots/strategy-runner'
import type { Signal } from '../strategies/strategy'
import { buildContext } from './ai-context'
import type { AiDecider, Verdict } from './ai-decider'

type AiParams = StrategyParams<'ai-decision'>

export interface AiBotDeps {
  exchange: PaperExchange
  desk: IntentDesk
  decider: AiDecider
  repo: AiDecisionRepo
  bus: EventBus
  clock: Clock
  log: Logger
}

/**
 * A bot whose decisions come from AI models: on each closed candle it asks them (through
 * the decider: vote, cache) with the candles it has seen, the indicators, its position and
 * account; their verdict becomes a trade intent like a strategy's signal, with the models'
 * stops when given. The answer comes later than the close, so the intent meets the market
 * of when it arrives; a candle that closes while the models still think is skipped.
 */
export class AiBot {
  private readonly candles: Candle[] = []
  private readonly runner: StrategyRunner
  private readonly params: AiParams
  private thinking = false

  /** `trading` says whether the bot still trades when an answer arrives (not paused, stopped or gone). */
  constructor(
    private readonly bot: Bot,
    private readonly deps: AiBotDeps,
    private readonly trading: () => boolean,
  ) {
    this.params = bot.params as AiParams
    // The runner places the intents with the bot's stops; the models are its strategy.
    this.runner = new StrategyRunner({ warmup: 0, onCandle: () => undefined }, { accountId: bot.accountId, symbol: bot.symbol, stops: bot.params as StopParams, botId: bot.id }, deps.exchange, deps.desk)
  }

  get warmup(): number {
    return this.params.contextCandles
  }

  observe(candle: Candle): void {
    this.candles.push(candle)
    if (this.candles.length > this.params.contextCandles) this.candles.shift()
    this.runner.observe(candle)
  }

  onCandle(candle: Candle): void {
    this.observe(candle)
    if (this.thinking) return
    this.thinking = true
    void this.decide(candle)
      .catch((error: unknown) => this.deps.log.error(`AI bot ${this.bot.id} could not decide`, error))
      .finally(() => {
        this.thinking = false
      })
  }

  /** Waits for the decision in flight, if any (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.thinking) await new Promise((resolve) => setTimeout(resolve, 10))
  }

  private async decide(candle: Candle): Promise<void> {
    const { exchange, decider, repo, bus, clock } = this.deps
    const position = this.runner.position()
    const balance = exchange.balance(this.bot.accountId)
    const canShort = this.params.allowShort && exchange.marketType(this.bot.symbol) === 'swap'
    const context = buildContext(
      {
        symbol: this.bot.symbol,
        timeframe: this.bot.timeframe,
        position: position ?? null,
        account: { equity: balance.equity, available: balance.available, quote: balance.asset },
        canShort,
      },
      this.candles,
    )
    const verdict = this.within(await decider.decide(context, this.params), canShort, position?.side)
    let decision: AiDecision = repo.record({
      botId: this.bot.id,
      at: clock.now(),
      symbol: this.bot.symbol,
      inputHash: verdict.inputHash,
      action: verdict.action,
      confidence: verdict.confidence,
      reasoning: verdict.reasoning,
      cached: verdict.cached,
      votes: verdict.votes,
      promptTokens: sum(verdict.votes, 'promptTokens'),
      completionTokens: sum(verdict.votes, 'completionTokens'),
      costUsd: sum(verdict.votes, 'costUsd'),
    })
    if (verdict.action !== 'hold' && this.trading()) {
      const signal: Signal = {
        action: verdict.action,
        confidence: verdict.confidence,
        reasoning: `AI: ${verdict.reasoning}`.slice(0, 500),
        ...(verdict.stopLoss === undefined ? {} : { stopLoss: verdict.stopLoss }),
        ...(verdict.takeProfit === undefined ? {} : { takeProfit: verdict.takeProfit }),
      }
      const intent = this.runner.act(signal, candle.close)
      decision = repo.traded(decision.id, intent.id)
    }
    bus.publish('ai.decided', decision)
  }

  /** The verdict within what the bot may do: no shorts unless allowed, nothing that changes nothing. */
  private within(verdict: Verdict, canShort: boolean, side: 'long' | 'short' | undefined): Verdict {
    const hold = (why: string): Verdict => ({ ...verdict, action: 'hold', reasoning: `${why} (${verdict.reasoning})` })
    if (verdict.action === 'short' && !canShort) return side === 'long' ? { ...verdict, action: 'close' } : hold('Short, but this bot trades long only')
    if (verdict.action === 'close' && side === undefined) return hold('Close, but there is no position')
    if (verdict.action === side) return hold(`Already ${side}`)
    return verdict
  }
}

const sum = (votes: AiDecision['votes'], key: 'promptTokens' | 'completionTokens' | 'costUsd'): number => votes.reduce((total, v) => total + v[key], 0)
