import { z } from 'zod'
import type { AppInfo } from '../domain/app'
import type { Candle, FeedStatus, MarketSummary, Tick } from '../domain/market'
import { EpochMsSchema, NoParams, SymbolSchema, TimeframeSchema } from './schemas'

/** Declares a type that exists only at compile time (a request's result, an event's payload). */
const type = <T>(): T => undefined as T

/**
 * The one declaration of everything a renderer may ask and hear. The main-process IPC
 * registration, the preload bridge, the WebSocket server and the renderer client are all
 * derived from these two maps; a name that is not here is unreachable.
 */
export const requests = {
  'app.info': { params: NoParams, result: type<AppInfo>() },
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
} as const

export const events = {
  /** A batch of ticks, in time order, published as the feed advances. */
  'market.ticked': type<{ ticks: Tick[] }>(),
  /** Rolling 24h figures, refreshed whenever a one-minute candle closes. */
  'markets.summarized': type<{ summaries: MarketSummary[] }>(),
  'feed.statusChanged': type<FeedStatus>(),
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
