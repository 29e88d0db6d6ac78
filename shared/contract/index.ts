import { z } from 'zod'
import type { AppInfo } from '../domain/app'
import type { HealthReport } from '../domain/health'
import type { Candle, FeedStatus, MarketSummary, Tick } from '../domain/market'
import type { Account, AccountBalance, BalanceSnapshot, Fill, FillModel, IntentDecision, LedgerEntry, Order, Position } from '../domain/trading'
import {
  AccountIdSchema,
  AccountNameSchema,
  ClientOrderIdSchema,
  EpochMsSchema,
  FractionSchema,
  LeverageSchema,
  LoosePriceSchema,
  NoParams,
  PositiveDecimalSchema,
  SymbolSchema,
  TimeframeSchema,
} from './schemas'
import { backtestEvents, backtestRequests } from './backtests'
import { botEvents, botRequests } from './bots'
import { exchangeRequests } from './exchanges'
import { historyEvents, historyRequests } from './history'
import { signalEvents, signalRequests } from './signals'
import { alertEvents, alertRequests } from './alerts'
import { aiEvents, aiRequests } from './ai'
import { liveEvents, liveRequests } from './live'

const ForAccount = z.object({ accountId: AccountIdSchema }).strict()
const ListLimit = z.number().int().min(1).max(10_000).optional()

/** Declares a type that exists only at compile time (a request's result, an event's payload). */
const type = <T>(): T => undefined as T

/**
 * The one declaration of everything a renderer may ask and hear. The main-process IPC
 * registration, the preload bridge, the WebSocket server and the renderer client are all
 * derived from these two maps; a name that is not here is unreachable.
 */
export const requests = {
  'app.info': { params: NoParams, result: type<AppInfo>() },
  /** Each part's state, problems since the start, request counts and the latest logged errors. */
  'health.get': { params: NoParams, result: type<HealthReport>() },
  'markets.list': { params: NoParams, result: type<MarketSummary[]>() },
  'candles.history': {
    params: z
      .object({
        symbol: SymbolSchema,
        timeframe: TimeframeSchema,
        /** Most recent candles to return (default 1,000). */
        limit: z.number().int().min(1).max(100_000).optional(),
        /** Only candles that open before this instant. */
        before: EpochMsSchema.optional(),
      })
      .strict(),
    result: type<Candle[]>(),
  },
  'accounts.list': { params: NoParams, result: type<Account[]>() },
  'accounts.create': {
    params: z
      .object({
        name: AccountNameSchema,
        /** Default 10,000 of the quote currency. */
        startingBalance: PositiveDecimalSchema.optional(),
        maxLeverage: LeverageSchema.optional(),
        maxOpenPositions: z.number().int().min(1).max(500).optional(),
        /** Default ACCOUNT_PERCENTAGE of 0.1 (10 % of equity as notional). */
        sizingMethod: z.enum(['ACCOUNT_PERCENTAGE', 'CONFIDENCE_BASED', 'FIXED_USD']).optional(),
        sizingValue: PositiveDecimalSchema.optional(),
        defaultStopLoss: FractionSchema.optional(),
        defaultTakeProfit: FractionSchema.optional(),
        /** The account's fee tier as rates, e.g. "0.0002" (0.02 %); maker may be negative (a rebate). */
        makerFee: z
          .string()
          .regex(/^-?0\.\d{1,8}$|^0$/, { error: 'A fee rate is a fraction such as 0.0002 (0.02 %)' })
          .refine((v) => Number(v) >= -0.001 && Number(v) <= 0.01, { error: 'Maker fee must be between -0.1 % and 1 %' })
          .optional(),
        takerFee: z
          .string()
          .regex(/^0\.\d{1,8}$|^0$/, { error: 'A fee rate is a fraction such as 0.0005 (0.05 %)' })
          .refine((v) => Number(v) <= 0.01, { error: 'Taker fee must be at most 1 %' })
          .optional(),
      })
      .strict(),
    result: type<Account>(),
  },
  'accounts.rename': {
    params: z.object({ accountId: AccountIdSchema, name: AccountNameSchema }).strict(),
    result: type<Account>(),
  },
  /** Cancels orders, closes positions at market and restores the starting balance. */
  'accounts.reset': { params: ForAccount, result: type<Account>() },
  'accounts.archive': { params: ForAccount, result: type<Account>() },
  'orders.place': {
    params: z
      .object({
        accountId: AccountIdSchema,
        /** Re-sending an id returns the first order; one is generated when absent. */
        clientOrderId: ClientOrderIdSchema.optional(),
        symbol: SymbolSchema,
        side: z.enum(['buy', 'sell']),
        type: z.enum(['market', 'limit', 'stop_market', 'take_profit_market', 'stop_limit', 'take_profit_limit', 'trailing_stop_market']),
        amount: PositiveDecimalSchema,
        price: PositiveDecimalSchema.optional(),
        triggerPrice: PositiveDecimalSchema.optional(),
        timeInForce: z.enum(['GTC', 'IOC', 'FOK', 'PO']).optional(),
        /** What a stop watches (default the last trade price). */
        triggerBy: z.enum(['last', 'mark']).optional(),
        /** Trailing stop: one of a price distance or a fraction (0.01 = 1 %). */
        trailingDistance: PositiveDecimalSchema.optional(),
        trailingPercent: FractionSchema.optional(),
        reduceOnly: z.boolean().optional(),
        leverage: LeverageSchema.optional(),
        /** Bracket: stop-loss and take-profit triggers attached to this entry. */
        stopLoss: PositiveDecimalSchema.optional(),
        takeProfit: PositiveDecimalSchema.optional(),
      })
      .strict(),
    result: type<Order>(),
  },
  /** Changes a working order's price, trigger or amount (not below what has filled). */
  'orders.amend': {
    params: z
      .object({
        accountId: AccountIdSchema,
        orderId: z.number().int().positive(),
        price: PositiveDecimalSchema.optional(),
        triggerPrice: PositiveDecimalSchema.optional(),
        amount: PositiveDecimalSchema.optional(),
      })
      .strict(),
    result: type<Order>(),
  },
  'orders.cancel': {
    params: z.object({ accountId: AccountIdSchema, orderId: z.number().int().positive() }).strict(),
    result: type<Order>(),
  },
  'orders.list': {
    params: z.object({ accountId: AccountIdSchema, open: z.boolean().optional(), limit: ListLimit }).strict(),
    result: type<Order[]>(),
  },
  'positions.list': { params: ForAccount, result: type<Position[]>() },
  /** Closes all (or `amount`) of a position at market. */
  'positions.close': {
    params: z.object({ accountId: AccountIdSchema, symbol: SymbolSchema, amount: PositiveDecimalSchema.optional() }).strict(),
    result: type<Order>(),
  },
  'accounts.setRisk': {
    params: z
      .object({
        accountId: AccountIdSchema,
        /** null removes a limit. */
        maxPositionNotional: PositiveDecimalSchema.nullable().optional(),
        dailyLossLimit: PositiveDecimalSchema.nullable().optional(),
        maxConsecutiveLosses: z.number().int().min(1).max(1_000).nullable().optional(),
        breakerMode: z.enum(['block_entries', 'reduce_only', 'flatten']).optional(),
      })
      .strict(),
    result: type<Account>(),
  },
  /** Cancels every working order, optionally closes every position, and halts trading. */
  'risk.killSwitch': {
    params: z.object({ accountId: AccountIdSchema, flatten: z.boolean(), reason: z.string().max(500).optional() }).strict(),
    result: type<Account>(),
  },
  /** Lifts a circuit-breaker or kill-switch halt. */
  'risk.resume': { params: ForAccount, result: type<Account>() },
  'balances.get': { params: ForAccount, result: type<AccountBalance>() },
  /** Hourly snapshots, oldest first (the last `limit`, default 500). */
  'balances.history': {
    params: z.object({ accountId: AccountIdSchema, limit: ListLimit }).strict(),
    result: type<BalanceSnapshot[]>(),
  },
  'fills.list': { params: z.object({ accountId: AccountIdSchema, limit: ListLimit }).strict(), result: type<Fill[]>() },
  /** A bot's trade intent: sized by the account's method, recorded accepted or refused. */
  'intents.submit': {
    params: z
      .object({
        account: AccountIdSchema,
        symbol: SymbolSchema,
        action: z.enum(['long', 'short', 'close']),
        confidence: z.number().min(0).max(1),
        stop_loss_price: LoosePriceSchema.optional(),
        take_profit_price: LoosePriceSchema.optional(),
        position_size_usd_override: LoosePriceSchema.optional(),
        leverage_override: LeverageSchema.optional(),
        reasoning: z.string().max(4_000).optional(),
      })
      .strict(),
    result: type<IntentDecision>(),
  },
  'intents.list': {
    params: z.object({ accountId: AccountIdSchema, limit: ListLimit }).strict(),
    result: type<IntentDecision[]>(),
  },
  'ledger.entries': {
    params: z.object({ accountId: AccountIdSchema, limit: ListLimit }).strict(),
    result: type<LedgerEntry[]>(),
  },
  /** The paper exchange's fill assumptions (queue position, synthetic spread and slippage). */
  'engine.fillModel': { params: NoParams, result: type<FillModel>() },
  /** Changes some of them; kept in the ledger, applied from the next tick on. */
  'engine.setFillModel': {
    params: z
      .object({
        queue: z.enum(['trade-through', 'touch']).optional(),
        syntheticSpread: FractionSchema.optional(),
        slippage: z.object({ levelStep: FractionSchema, depthPerLevel: PositiveDecimalSchema }).strict().optional(),
      })
      .strict(),
    result: type<FillModel>(),
  },
  ...historyRequests,
  ...exchangeRequests,
  ...backtestRequests,
  ...botRequests,
  ...signalRequests,
  ...alertRequests,
  ...aiRequests,
  ...liveRequests,
} as const

export const events = {
  /** A batch of ticks, in time order, published as the feed advances. */
  'market.ticked': type<{ ticks: Tick[] }>(),
  /** Rolling 24h figures, refreshed whenever a one-minute candle closes. */
  'markets.summarized': type<{ summaries: MarketSummary[] }>(),
  'feed.statusChanged': type<FeedStatus>(),
  'account.updated': type<Account>(),
  'order.updated': type<Order>(),
  'order.filled': type<Fill>(),
  /** `position` is null once the position is closed. */
  'position.updated': type<{ accountId: number; symbol: string; position: Position | null }>(),
  'position.liquidated': type<{ accountId: number; symbol: string; message: string }>(),
  'balance.updated': type<AccountBalance>(),
  'intent.decided': type<IntentDecision>(),
  /** Trading halted or resumed, with the reason. */
  'engine.fillModelChanged': type<FillModel>(),
  'risk.changed': type<{ accountId: number; halted: boolean; by?: 'circuit_breaker' | 'kill_switch'; reason: string }>(),
  ...historyEvents,
  ...backtestEvents,
  ...botEvents,
  ...signalEvents,
  ...alertEvents,
  ...aiEvents,
  ...liveEvents,
} as const

export type Requests = typeof requests
export type RequestName = keyof Requests
export type ParamsOf<K extends RequestName> = z.input<Requests[K]['params']>
export type ParsedParamsOf<K extends RequestName> = z.output<Requests[K]['params']>
export type ResultOf<K extends RequestName> = Requests[K]['result']

export type Events = typeof events
export type EventName = keyof Events
export type PayloadOf<E extends EventName> = Events[E]

export const REQUEST_NAMES: ReadonlySet<string> = new Set(Object.keys(requests))
export const EVENT_NAMES: ReadonlySet<string> = new Set(Object.keys(events))

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && REQUEST_NAMES.has(name)
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && EVENT_NAMES.has(name)
}

/** The single IPC channel names the Electron transport uses. */
export const IPC_REQUEST_CHANNEL = 'tradedesk:request'
export const IPC_EVENT_CHANNEL = 'tradedesk:event'

export * from './result'
