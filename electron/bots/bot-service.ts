import { AppError } from '../../shared/contract'
import type { StrategyChoice } from '../../shared/contract/strategies'
import { BOT_STOPPED_BY_TRADER, type Bot, type BotLogEntry, type BotRisk, type BotStatus, type BotView } from '../../shared/domain/bots'
import type { Candle, Timeframe } from '../../shared/domain/market'
import { STRATEGY_SPECS, type StopParams } from '../../shared/domain/strategies'
import type { Fill, IntentDecision } from '../../shared/domain/trading'
import { bucketStart, TIMEFRAME_MS } from '../../shared/trading/candles'
import { atoms, formatAtoms } from '../../shared/trading/money'
import type { Logger } from '../core/log'
import type { EventBus } from '../engine/bus'
import type { Clock } from '../engine/clock'
import type { IntentDesk } from '../engine/paper/intent-desk'
import type { PaperExchange } from '../engine/paper/paper-exchange'
import type { Db } from '../ledger/db'
import { BotRepo } from '../ledger/repos/bot-repo'
import { IntentRepo } from '../ledger/repos/intent-repo'
import { createStrategy } from '../strategies/catalog'
import { BotBreaker } from './bot-breaker'
import { StrategyRunner } from './strategy-runner'
import type { TickRouter } from './tick-router'

export interface NewBotRequest {
  name?: string | undefined
  choice: StrategyChoice
  symbol: string
  timeframe: Timeframe
  accountId: number
  risk?: BotRisk | undefined
}

/** Closed candles of a market before `before`, oldest first (the chart's history). */
export type CandleHistory = (symbol: string, timeframe: Timeframe, limit: number, before: number) => Candle[]

/** The most candles a starting bot replays to warm its strategy up. */
const MAX_WARMUP = 5_000

/** What decides for a bot: a strategy's runner, or a bot of AI models (electron/ai). */
export interface BotRunner {
  readonly warmup: number
  observe(candle: Candle): void
  onCandle(candle: Candle): unknown
}

/** Makes the runner of a bot whose strategy is AI models; `trading` says whether it still trades. */
export type AiBotFactory = (bot: Bot, trading: () => boolean) => BotRunner

interface Attached {
  runner: BotRunner
  /** The bot's own circuit breaker, when it has limits. */
  breaker: BotBreaker | undefined
  /** Mirrors the bot's status, so a closed candle needs no ledger read. */
  paused: boolean
  detach(): void
}

/**
 * The app's bots: each a strategy trading one market and timeframe on an account, through
 * the intent desk, deciding on closed candles of the live feed. State is the ledger's: a
 * bot that was running when the app closed runs again at start, its strategy warmed up on
 * the candle history, its position read from the account (the engine's, so nothing to
 * reconcile on paper). A strategy fault, the account's kill switch or its circuit breaker
 * stop a bot with the reason shown.
 */
export class BotService {
  private readonly bots: BotRepo
  private readonly intents: IntentRepo
  private readonly attached = new Map<number, Attached>()

  constructor(
    db: Db,
    private readonly exchange: PaperExchange,
    private readonly desk: IntentDesk,
    private readonly router: TickRouter,
    private readonly history: CandleHistory,
    private readonly bus: EventBus,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly aiBot?: AiBotFactory,
  ) {
    this.bots = new BotRepo(db)
    this.intents = new IntentRepo(db)
    bus.subscribe((name, payload) => {
      if (name === 'order.filled') return this.onFill(payload as Fill)
      if (name !== 'risk.changed') return
      const change = payload as { accountId: number; halted: boolean; by?: string; reason: string }
      if (!change.halted) return
      const by = change.by === 'kill_switch' ? 'the account’s kill switch' : 'the account’s circuit breaker'
      for (const bot of this.bots.list()) {
        if (bot.accountId === change.accountId && this.attached.has(bot.id)) this.halt(bot.id, 'stopped', `Stopped by ${by}: ${change.reason}`)
      }
    })
  }

  /** Runs again the bots that were running or paused when the app last closed. */
  resumeAll(): void {
    for (const bot of this.bots.list()) {
      if (bot.status !== 'running' && bot.status !== 'paused') continue
      try {
        const warmed = this.attach(bot)
        this.bots.log(bot.id, this.clock.now(), `${bot.status === 'paused' ? 'Paused again' : 'Running again'} after the app restarted (warmed up on ${warmed} candles)`)
      } catch (error) {
        this.halt(bot.id, 'faulted', error instanceof Error ? error.message : String(error))
      }
    }
  }

  list(): BotView[] {
    const accounts = new Map(this.exchange.listAccounts().map((a) => [a.id, a]))
    return this.bots.list().map((bot) => {
      const account = accounts.get(bot.accountId)
      const { equity } = this.exchange.balance(bot.accountId)
      const held = this.exchange.exposure(bot.accountId, bot.symbol)
      return {
        ...bot,
        accountName: account?.name ?? `#${bot.accountId}`,
        equity,
        pnl: formatAtoms(atoms(equity) - atoms(account?.startingBalance ?? equity)),
        ...(held === undefined
          ? {}
          : { position: { side: held.side, amount: formatAtoms(held.amount), ...(held.entryPrice === undefined ? {} : { entryPrice: formatAtoms(held.entryPrice) }) } }),
      }
    })
  }

  create(request: NewBotRequest): Bot {
    const account = this.exchange.listAccounts().find((a) => a.id === request.accountId)
    if (account === undefined) throw new AppError('NOT_FOUND', `There is no account with id ${request.accountId}.`)
    if (account.status !== 'active') throw new AppError('REJECTED', `"${account.name}" is archived; a bot needs an account that trades.`)
    const spot = this.exchange.marketType(request.symbol) === 'spot'
    if (spot && request.choice.params.allowShort) {
      throw new AppError('REJECTED', `Shorts need a perpetual: ${request.symbol} is a spot market. Turn off “Also trade short” or choose a perpetual.`)
    }
    const spec = STRATEGY_SPECS[request.choice.strategy]
    const name = request.name !== undefined && request.name.length > 0 ? request.name : `${spec.name} ${request.symbol} ${request.timeframe}`
    const bot = this.bots.insert({
      ...request.choice,
      name,
      symbol: request.symbol,
      timeframe: request.timeframe,
      accountId: request.accountId,
      ...(request.risk === undefined ? {} : { risk: request.risk }),
      createdAt: this.clock.now(),
    })
    this.bots.log(bot.id, bot.createdAt, `Created: ${spec.name} on ${bot.symbol} ${bot.timeframe}`)
    this.bus.publish('bot.updated', bot)
    return bot
  }

  start(id: number): Bot {
    const bot = this.existing(id)
    if (bot.status === 'running') return bot
    if (bot.status === 'paused') return this.setStatus(bot.id, 'running', undefined, 'Resumed')
    const rival = this.bots.list().find((b) => b.id !== id && b.accountId === bot.accountId && b.symbol === bot.symbol && this.attached.has(b.id))
    if (rival !== undefined) throw new AppError('CONFLICT', `"${rival.name}" already trades ${bot.symbol} on this account; stop it first.`)
    if (this.exchange.listAccounts().find((a) => a.id === bot.accountId)?.halt !== undefined) {
      throw new AppError('REJECTED', 'The account is halted (kill switch or circuit breaker); resume it before starting a bot on it.')
    }
    const warmed = this.attach(bot)
    return this.setStatus(bot.id, 'running', undefined, `Started (warmed up on ${warmed} candles)`)
  }

  pause(id: number): Bot {
    const bot = this.existing(id)
    if (bot.status !== 'running') throw new AppError('REJECTED', `"${bot.name}" is ${bot.status}, not running.`)
    return this.setStatus(id, 'paused', undefined, 'Paused: watching, not trading')
  }

  stop(id: number): Bot {
    this.existing(id)
    return this.halt(id, 'stopped', BOT_STOPPED_BY_TRADER)
  }

  duplicate(id: number): Bot {
    const bot = this.existing(id)
    return this.create({
      name: `${bot.name} (copy)`.slice(0, 60),
      choice: { strategy: bot.strategy, params: bot.params } as StrategyChoice,
      symbol: bot.symbol,
      timeframe: bot.timeframe,
      accountId: bot.accountId,
      risk: bot.risk,
    })
  }

  delete(id: number): { deleted: boolean } {
    const bot = this.existing(id)
    if (this.attached.has(id)) throw new AppError('REJECTED', `"${bot.name}" is ${bot.status}; stop it before deleting it.`)
    const deleted = this.bots.delete(id, this.clock.now())
    this.bus.publish('bot.deleted', { id })
    return { deleted }
  }

  find(id: number): Bot | undefined {
    return this.bots.byId(id)
  }

  logOf(id: number, limit: number): BotLogEntry[] {
    this.existing(id)
    return this.bots.readLog(id, limit)
  }

  decisions(id: number, limit: number): IntentDecision[] {
    this.existing(id)
    return this.intents.listByBot(id, limit)
  }

  /** Detaches every bot (the app is closing); their status stays, so they resume at the next start. */
  close(): void {
    for (const attached of this.attached.values()) attached.detach()
    this.attached.clear()
  }

  /**
   * Sets a fresh strategy on the bot's market: warmed up on the closed candles before the
   * current one (whose first ticks it missed, so it skips it), then deciding from the next.
   */
  /** Returns how many candles warmed it up. */
  private attach(bot: Bot): number {
    const runner = this.runnerFor(bot)
    const now = this.clock.now()
    const current = bucketStart(now, bot.timeframe)
    const warmup = this.history(bot.symbol, bot.timeframe, Math.min(MAX_WARMUP, Math.max(1, runner.warmup)), current)
    for (const candle of warmup) runner.observe(candle)
    const since = current === now ? current : current + TIMEFRAME_MS[bot.timeframe]
    const detach = this.router.watch(bot.symbol, bot.timeframe, (candle) => this.decide(bot.id, runner, candle), since)
    this.attached.set(bot.id, { runner, breaker: this.breakerFor(bot, now), paused: bot.status === 'paused', detach })
    return warmup.length
  }

  /** The bot's circuit breaker, counting the market's fills of today from before it (re)started. */
  private breakerFor(bot: Bot, now: number): BotBreaker | undefined {
    if (bot.risk === undefined) return undefined
    const dayStart = bucketStart(now, '1d')
    const today = this.exchange
      .listFills(bot.accountId, 10_000)
      .filter((f) => f.symbol === bot.symbol && f.ts >= dayStart)
      .reverse()
    return new BotBreaker(bot.risk, { accountId: bot.accountId, symbol: bot.symbol }, today)
  }

  /** A fill in a bot's market counts toward its circuit breaker, which may stop it. */
  private onFill(fill: Fill): void {
    for (const [id, { breaker }] of this.attached) {
      if (breaker === undefined || !breaker.watches(fill)) continue
      const reason = breaker.onFill(fill, this.exchange.exposure(fill.accountId, fill.symbol)?.side)
      if (reason !== undefined) this.halt(id, 'stopped', reason)
    }
  }

  private runnerFor(bot: Bot): BotRunner {
    if (bot.strategy !== 'ai-decision') {
      const strategy = createStrategy({ strategy: bot.strategy, params: bot.params } as StrategyChoice)
      return new StrategyRunner(strategy, { accountId: bot.accountId, symbol: bot.symbol, stops: bot.params as StopParams, botId: bot.id }, this.exchange, this.desk)
    }
    if (this.aiBot === undefined) throw new AppError('UNAVAILABLE', 'AI bots are not available in this app.')
    const runner = this.aiBot(bot, () => {
      const attached = this.attached.get(bot.id)
      return attached?.runner === runner && !attached.paused
    })
    return runner
  }

  /** A closed candle for a bot: a decision if it runs, a look if it is paused; a failure stops it with why. */
  private decide(id: number, runner: BotRunner, candle: Candle): void {
    // Halted earlier in the same tick batch (the router finishes the batch it had begun).
    const attached = this.attached.get(id)
    if (attached?.runner !== runner) return
    try {
      if (attached.paused) runner.observe(candle)
      else runner.onCandle(candle)
    } catch (error) {
      if (!(error instanceof AppError)) this.log.error(`bot ${id} failed`, error)
      this.halt(id, 'faulted', error instanceof AppError ? error.message : 'The bot failed unexpectedly; see the app log.')
    }
  }

  private halt(id: number, status: Extract<BotStatus, 'stopped' | 'faulted'>, reason: string): Bot {
    this.attached.get(id)?.detach()
    this.attached.delete(id)
    return this.setStatus(id, status, reason, status === 'faulted' ? `Faulted: ${reason}` : reason)
  }

  /** Changes a bot's status and writes `note` to its log. */
  private setStatus(id: number, status: BotStatus, reason: string | undefined, note: string): Bot {
    const now = this.clock.now()
    const bot = this.bots.setStatus(id, status, reason, now)
    this.bots.log(id, now, note)
    const attached = this.attached.get(id)
    if (attached !== undefined) attached.paused = status === 'paused'
    this.bus.publish('bot.updated', bot)
    return bot
  }

  private existing(id: number): Bot {
    const bot = this.bots.byId(id)
    if (bot === undefined) throw new AppError('NOT_FOUND', `There is no bot ${id}.`)
    return bot
  }
}
