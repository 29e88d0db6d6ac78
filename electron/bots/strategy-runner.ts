import { performance } from 'node:perf_hooks'
import { ATR } from 'trading-signals'
import { AppError } from '../../shared/contract'
import type { StrategyChoice } from '../../shared/contract/strategies'
import type { Candle, Timeframe } from '../../shared/domain/market'
import type { StopParams } from '../../shared/domain/strategies'
import type { IntentDecision, TradeIntent } from '../../shared/domain/trading'
import { atomsOf, formatAtoms, toNumber } from '../../shared/trading/money'
import type { IntentDesk } from '../engine/paper/intent-desk'
import type { PaperExchange } from '../engine/paper/paper-exchange'
import { createStrategy } from '../strategies/catalog'
import type { PositionView, Signal, Strategy } from '../strategies/strategy'
import type { TickRouter } from './tick-router'

/** One candle's decision may take this long; a strategy that runs longer is stopped. */
const DECISION_BUDGET_MS = 1_000
const ACTIONS = new Set(['long', 'short', 'close'])
const MAX_REASONING = 500

export interface RunnerConfig {
  accountId: number
  symbol: string
  stops: StopParams
  /** How long one decision may take (default 1 s). */
  decisionBudgetMs?: number
  /** The app's bot this runner is, so its decisions are listed under it. */
  botId?: number
}

/** A strategy broke its contract (threw, answered garbage, or ran too long): its bot stops with this. */
export class StrategyFault extends AppError {
  constructor(message: string, readonly candleTime: number) {
    super('REJECTED', message)
  }
}

/**
 * Runs one strategy on one account and market: each closed candle goes to the strategy
 * with the account's position there, and its signal becomes a trade intent (priced,
 * sized, checked and recorded by the intent desk), with the stop-loss the bot was set up
 * with. The runner owns the account's working orders in its market: it cancels them
 * before it exits or turns around, so spot coins held by a stop can be sold.
 */
export class StrategyRunner {
  private readonly atr: ATR | undefined

  constructor(
    private readonly strategy: Strategy,
    private readonly config: RunnerConfig,
    private readonly exchange: PaperExchange,
    private readonly desk: IntentDesk,
  ) {
    this.atr = config.stops.stop === 'atr' ? new ATR(config.stops.atrPeriod) : undefined
  }

  /** Closed candles the strategy replays after a restart. */
  get warmup(): number {
    return this.strategy.warmup
  }

  /** Lets the strategy see a candle without trading on it (warm-up, a paused bot): its indicators stay current. */
  observe(candle: Candle): void {
    this.atr?.add(candle)
    this.decide(candle)
  }

  onCandle(candle: Candle): IntentDecision | undefined {
    this.atr?.add(candle)
    const signal = this.decide(candle)
    return signal === undefined ? undefined : this.act(signal, candle.close)
  }

  /**
   * Turns a signal into a trade intent on the account, with the strategy's own stops or the
   * bot's, priced from `close` (the candle it decided on): the strategy's own signals, and
   * those a bot's models answered later.
   */
  act(signal: Signal, close: number): IntentDecision {
    const { accountId, symbol } = this.config
    // The stops of what is open now: an exit cancels them first (spot coins a stop holds
    // cannot be sold); an entry or a turn cancels them once accepted (a refused one keeps them).
    const before = this.exchange.workingOrderIds(accountId, symbol)
    if (signal.action === 'close') this.cancel(before)
    const intent: TradeIntent = {
      account: accountId,
      symbol,
      action: signal.action,
      confidence: signal.confidence ?? 1,
      reasoning: signal.reasoning,
      ...(signal.action === 'close' ? {} : signal.stopLoss !== undefined ? { stop_loss_price: signal.stopLoss } : this.stopFor(signal.action, close)),
      ...(signal.action === 'close' || signal.takeProfit === undefined ? {} : { take_profit_price: signal.takeProfit }),
    }
    const decision = this.desk.submit(intent, this.config.botId)
    if (decision.status === 'accepted' && signal.action !== 'close') {
      this.cancel(before)
      this.placeTrailingStop(signal.action)
    }
    return decision
  }

  /** What the account holds in the runner's market, as a strategy sees it. */
  position(): PositionView | undefined {
    const exposure = this.exchange.exposure(this.config.accountId, this.config.symbol)
    return exposure === undefined
      ? undefined
      : { side: exposure.side, amount: toNumber(exposure.amount), entryPrice: exposure.entryPrice === undefined ? undefined : toNumber(exposure.entryPrice) }
  }

  private decide(candle: Candle): Signal | undefined {
    const position = this.position()
    const started = performance.now()
    let signal: unknown
    try {
      signal = this.strategy.onCandle(candle, position)
    } catch (error) {
      throw new StrategyFault(`The strategy failed on the ${isoTime(candle.time)} candle: ${error instanceof Error ? error.message : String(error)}`, candle.time)
    }
    const took = performance.now() - started
    const budget = this.config.decisionBudgetMs ?? DECISION_BUDGET_MS
    if (took > budget) {
      throw new StrategyFault(`The strategy took ${Math.round(took)} ms to decide on the ${isoTime(candle.time)} candle (the limit is ${budget} ms)`, candle.time)
    }
    if (signal === undefined) return undefined
    const problem = signalProblem(signal)
    if (problem !== undefined) throw new StrategyFault(`The strategy answered the ${isoTime(candle.time)} candle with ${problem}`, candle.time)
    return signal as Signal
  }

  /** The entry's stop-loss price under a fixed or ATR stop, from the close it decided on. */
  private stopFor(side: 'long' | 'short', close: number): Pick<TradeIntent, 'stop_loss_price'> {
    const { stop, stopPercent, atrMultiplier } = this.config.stops
    const distance = stop === 'percent' ? (close * stopPercent) / 100 : stop === 'atr' ? atrMultiplier * (this.atr?.getResult() ?? Number.NaN) : Number.NaN
    // Before the ATR has a full period there is no distance: the entry goes without a stop.
    if (!(distance > 0) || distance >= close) return {}
    return { stop_loss_price: side === 'long' ? close - distance : close + distance }
  }

  private placeTrailingStop(side: 'long' | 'short'): void {
    const { stop, stopPercent } = this.config.stops
    const exposure = this.exchange.exposure(this.config.accountId, this.config.symbol)
    if (stop !== 'trailing-percent' || exposure === undefined) return
    this.exchange.placeOrder({
      accountId: this.config.accountId,
      symbol: this.config.symbol,
      side: side === 'long' ? 'sell' : 'buy',
      type: 'trailing_stop_market',
      amount: formatAtoms(exposure.amount),
      trailingPercent: formatAtoms(atomsOf(stopPercent) / 100n),
      // A spot sell can only sell what is held; perpetuals say so with reduce-only.
      reduceOnly: !exposure.spot,
    })
  }

  /** Cancels those of `ids` still working (a fill may already have ended some). */
  private cancel(ids: readonly number[]): void {
    const working = new Set(this.exchange.workingOrderIds(this.config.accountId, this.config.symbol))
    for (const id of ids) if (working.has(id)) this.exchange.cancelOrder(this.config.accountId, id)
  }
}

/** Where a strategy trades: its account, market and candle timeframe. */
export interface StrategyPlacement {
  choice: StrategyChoice
  accountId: number
  symbol: string
  timeframe: Timeframe
}

/**
 * Sets a fresh strategy trading an account: its closed candles come from the router, its
 * signals go to the intent desk. The same call serves backtests and the paper sandbox.
 * Returns the way to stop it.
 */
export function attachStrategy(placement: StrategyPlacement, router: TickRouter, exchange: PaperExchange, desk: IntentDesk): () => void {
  const { choice, accountId, symbol, timeframe } = placement
  const runner = new StrategyRunner(createStrategy(choice), { accountId, symbol, stops: choice.params as StopParams }, exchange, desk)
  return router.watch(symbol, timeframe, (candle) => runner.onCandle(candle))
}

/** What is wrong with a strategy's answer, or undefined when it is a well-formed signal. */
function signalProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return `${typeof value} instead of a signal`
  const signal = value as Record<string, unknown>
  if (typeof signal.action !== 'string' || !ACTIONS.has(signal.action)) return `an unknown action (${String(signal.action)})`
  if (signal.confidence !== undefined && !(typeof signal.confidence === 'number' && signal.confidence >= 0 && signal.confidence <= 1)) {
    return `a confidence of ${String(signal.confidence)} (it must lie between 0 and 1)`
  }
  if (typeof signal.reasoning !== 'string' || signal.reasoning.length > MAX_REASONING) return `no reasoning (a sentence of at most ${MAX_REASONING} characters is required)`
  return undefined
}

/** Atoms as the float a strategy reads (it decides on numbers; nothing is booked from them). */
function isoTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ')
}
