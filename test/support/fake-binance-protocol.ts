/**
 * What the parts of the fake Binance share: its error class and parameter rules, its
 * listed symbols and their filters, the order book it shows, and exact 8-decimal amounts
 * (bigint counts of 1e-8, so no float ever touches a balance).
 */

/** One trade as Binance's GET /api/v3/myTrades returns it (numbers as strings). */
export interface BinanceTrade {
  symbol: string
  id: number
  orderId: number
  orderListId: number
  price: string
  qty: string
  quoteQty: string
  commission: string
  commissionAsset: string
  time: number
  isBuyer: boolean
  isMaker: boolean
  isBestMatch: boolean
}

/** One asset of GET /api/v3/account's balances. */
export interface BinanceBalance {
  asset: string
  free: string
  locked: string
}

/** A spot market's top of book and last trade, as exact 8-decimal strings ("30000.00000000"). */
export interface BinanceQuote {
  bid: string
  ask: string
  last: string
}

export class BinanceError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    msg: string,
  ) {
    super(msg)
  }
}

export function mandatory(name: string): BinanceError {
  return new BinanceError(400, -1102, `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`)
}

export function eitherRequired(first: string, second: string): BinanceError {
  return new BinanceError(400, -1102, `Param '${first}' or '${second}' must be sent, but both were empty/null!`)
}

export function notRequired(name: string): BinanceError {
  return new BinanceError(400, -1106, `Parameter '${name}' sent when not required.`)
}

/** The matching engine's refusals (-2010 NEW_ORDER_REJECTED, -2011 CANCEL_REJECTED). */
export function rejected(code: -2010 | -2011, msg: string): BinanceError {
  return new BinanceError(400, code, msg)
}

export function filterFailure(filter: string): BinanceError {
  return new BinanceError(400, -1013, `Filter failure: ${filter}`)
}

export function requiredParam(params: URLSearchParams, name: string): string {
  const value = params.get(name)
  if (value === null || value === '') throw mandatory(name)
  return value
}

export function optionalInteger(params: URLSearchParams, name: string): number | undefined {
  const text = params.get(name)
  if (text === null) return undefined
  if (!/^-?\d+$/.test(text)) throw new BinanceError(400, -1100, `Illegal characters found in parameter '${name}'; legal range is '^[0-9]{1,20}$'.`)
  return Number(text)
}

/** One of an enum parameter's values, or Binance's error for that parameter. */
export function enumParam<T extends string>(params: URLSearchParams, name: string, values: readonly T[], invalid: BinanceError): T | undefined {
  const value = params.get(name)
  if (value === null) return undefined
  if (!(values as readonly string[]).includes(value)) throw invalid
  return value as T
}

// ---------------------------------------------------------------------------------------
// Exact amounts: bigint counts of 1e-8
// ---------------------------------------------------------------------------------------

export const ONE = 100_000_000n

/** 0.1% in 1e-8 units: the account's maker and taker rate (GET /api/v3/account's commissionRates). */
export const COMMISSION_RATE = 100_000n

/** A DECIMAL parameter as Binance validates it; more than 8 significant decimals is "too much precision". */
export function decimalParam(params: URLSearchParams, name: string): bigint | undefined {
  const text = params.get(name)
  if (text === null) return undefined
  const match = /^(\d{1,20})(?:\.(\d{1,20}))?$/.exec(text)
  if (match === null) throw new BinanceError(400, -1100, `Illegal characters found in parameter '${name}'; legal range is '^([0-9]{1,20})(\\.[0-9]{1,20})?$'.`)
  const fraction = match[2] ?? ''
  if (/[1-9]/.test(fraction.slice(8))) throw new BinanceError(400, -1111, `Parameter '${name}' has too much precision.`)
  return BigInt(match[1] as string) * ONE + BigInt(fraction.slice(0, 8).padEnd(8, '0'))
}

/** A decimal string the test itself gave (a quote, a balance): a mistake there is the test's, not the client's. */
export function toUnits(text: string): bigint {
  const match = /^(\d+)(?:\.(\d{1,8}))?$/.exec(text)
  if (match === null) throw new Error(`fake Binance: "${text}" is not a decimal with at most 8 places`)
  return BigInt(match[1] as string) * ONE + BigInt((match[2] ?? '').padEnd(8, '0'))
}

/** 1e-8 units as Binance prints them: always eight decimals ("0.00100000"). */
export function units(value: bigint): string {
  if (value < 0n) throw new Error(`fake Binance: negative amount ${value}`)
  const digits = value.toString().padStart(9, '0')
  return `${digits.slice(0, -8)}.${digits.slice(-8)}`
}

/** a x b / ONE, rounded half up to the 8th decimal (price x quantity; amount x rate). */
export function times(a: bigint, b: bigint): bigint {
  return (a * b + ONE / 2n) / ONE
}

/** How many `step`s of quantity `budget` buys at `price` (never more than it pays for). */
export function affordable(budget: bigint, price: bigint, step: bigint): bigint {
  const quantity = (budget * ONE) / price
  return quantity - (quantity % step)
}

export const minOf = (a: bigint, b: bigint): bigint => (a < b ? a : b)
export const sum = (values: readonly bigint[]): bigint => values.reduce((a, b) => a + b, 0n)

// ---------------------------------------------------------------------------------------
// Listed symbols, their filters (as GET /api/v3/exchangeInfo shows them) and book
// ---------------------------------------------------------------------------------------

export interface SymbolSpec {
  symbol: string
  baseAsset: string
  quoteAsset: string
  tickSize: string
  stepSize: string
  minNotional: string
  /** Older symbols still carry MIN_NOTIONAL instead of NOTIONAL. */
  legacyMinNotional?: boolean
}

export const SYMBOLS: readonly SymbolSpec[] = [
  { symbol: 'BTCUSDT', baseAsset: 'BTC', quoteAsset: 'USDT', tickSize: '0.01000000', stepSize: '0.00001000', minNotional: '5.00000000' },
  { symbol: 'ETHUSDT', baseAsset: 'ETH', quoteAsset: 'USDT', tickSize: '0.01000000', stepSize: '0.00010000', minNotional: '5.00000000' },
  { symbol: 'BNBBTC', baseAsset: 'BNB', quoteAsset: 'BTC', tickSize: '0.00000100', stepSize: '0.00100000', minNotional: '0.00010000', legacyMinNotional: true },
]

/** The filter values every listed symbol shares. */
export const LIMITS = {
  maxPrice: '1000000.00000000',
  maxQty: '9000.00000000',
  marketMaxQty: '100.00000000',
  maxNotional: '9000000.00000000',
  maxNumOrders: 200,
  /** PERCENT_PRICE_BY_SIDE: a buy within [0.2, 5] x the average price, a sell too. */
  multiplierUp: '5',
  multiplierDown: '0.2',
} as const

export function symbolSpec(symbol: string | null): SymbolSpec {
  const spec = SYMBOLS.find((s) => s.symbol === symbol)
  if (spec === undefined) throw new BinanceError(400, -1121, 'Invalid symbol.')
  return spec
}

export interface Level {
  price: bigint
  qty: bigint
}

const BOOK_DEPTH = 5

/** The market's book around its quote: five levels a tick apart each side, 1 base at the best and 0.5 more each level out. */
export function bookLevels(spec: SymbolSpec, quote: BinanceQuote): { bids: Level[]; asks: Level[] } {
  const tick = toUnits(spec.tickSize)
  const side = (best: bigint, sign: bigint): Level[] =>
    Array.from({ length: BOOK_DEPTH }, (_, i) => ({ price: best + sign * BigInt(i) * tick, qty: ONE + (BigInt(i) * ONE) / 2n })).filter((l) => l.price > 0n)
  return { bids: side(toUnits(quote.bid), -1n), asks: side(toUnits(quote.ask), 1n) }
}

// ---------------------------------------------------------------------------------------
// Lists by id or time (GET /api/v3/myTrades, GET /api/v3/allOrders)
// ---------------------------------------------------------------------------------------

const DEFAULT_LIMIT = 500
const MAX_LIMIT = 1000
export const DAY_MS = 24 * 60 * 60 * 1000

export interface PageQuery {
  limit: number
  startTime: number | undefined
  endTime: number | undefined
  /** Items with this id or above (`fromId` for trades, `orderId` for orders). */
  fromId: number | undefined
}

/** limit, startTime, endTime (at most 24 hours apart) and the id to start from; `defaultSpanMs` ends an open startTime. */
export function pageQuery(params: URLSearchParams, idParam: string, defaultSpanMs?: number): PageQuery {
  const limit = optionalInteger(params, 'limit') ?? DEFAULT_LIMIT
  if (limit < 1 || limit > MAX_LIMIT) throw new BinanceError(400, -1130, "Data sent for parameter 'limit' is not valid.")
  const startTime = optionalInteger(params, 'startTime')
  const endTime = optionalInteger(params, 'endTime') ?? (startTime === undefined || defaultSpanMs === undefined ? undefined : startTime + defaultSpanMs - 1)
  const fromId = optionalInteger(params, idParam)
  if (startTime !== undefined && endTime !== undefined && endTime - startTime > DAY_MS) {
    throw new BinanceError(400, -1127, 'More than 24 hours between startTime and endTime.')
  }
  return { limit, startTime, endTime, fromId }
}

/** Oldest first from an id or start time; otherwise the newest `limit`. */
export function page<T>(items: readonly T[], query: PageQuery, id: (item: T) => number, time: (item: T) => number): T[] {
  const { limit, startTime, endTime, fromId } = query
  const matching = items.filter((t) => (fromId === undefined || id(t) >= fromId) && (startTime === undefined || time(t) >= startTime) && (endTime === undefined || time(t) <= endTime))
  const oldestFirst = fromId !== undefined || startTime !== undefined
  return oldestFirst ? matching.slice(0, limit) : matching.slice(-limit)
}
