import { createHmac, timingSafeEqual } from 'node:crypto'
import type { Candle } from '../../shared/domain/market'
import { apiUrlsAt } from '../../electron/venues/ccxt/venues'
import { startJsonServer, withState, type ExchangeRequest, type Json, type JsonServer, type Reply } from './fake-exchange-server'

/**
 * A local stand-in for Binance's SPOT REST API: the subset ccxt calls for loadMarkets,
 * fetchBalance, fetchMyTrades and the key's API restrictions, with Binance's response shapes, its HMAC-SHA256 request signing, its
 * recvWindow timing rule and its error bodies, so the real ccxt client can be tested
 * without the network. Anything else is answered 404 and recorded in `unknownPaths`.
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

export interface FakeBinanceOptions {
  apiKey: string
  secret: string
  trades?: readonly BinanceTrade[]
  /** Added to the server's clock (ms): a skew the client's timestamps must fit in recvWindow. */
  clockOffsetMs?: number
  /**
   * Answer a startTime without endTime with only the trades of this long after it. Binance's
   * docs leave open whether it does (its startTime/endTime span is at most 24 hours).
   */
  startTimeWindowMs?: number
  /** Recorded candles served by GET /api/v3/klines, by Binance symbol ("BTCUSDT") and interval ("1h"). */
  klines?: Readonly<Record<string, Readonly<Record<string, readonly Candle[]>>>>
}

/** One asset of GET /api/v3/account's balances. */
export interface BinanceBalance {
  asset: string
  free: string
  locked: string
}

/** GET /sapi/v1/account/apiRestrictions as Binance answers it. */
export interface ApiRestrictions {
  ipRestrict: boolean
  enableReading: boolean
  enableWithdrawals: boolean
  enableSpotAndMarginTrading: boolean
  enableFutures: boolean
  enableMargin: boolean
  enableInternalTransfer: boolean
  permitsUniversalTransfer: boolean
  enableVanillaOptions: boolean
  enableFixApiTrade: boolean
  enableFixReadOnly: boolean
  enablePortfolioMarginTrading: boolean
}

/** A spot market's top of book and last trade, as exact 8-decimal strings ("30000.00000000"). */
export interface BinanceQuote {
  bid: string
  ask: string
  last: string
}

export interface FakeBinance extends JsonServer {
  clockOffsetMs: number
  /** By Binance symbol ("BTCUSDT"); change one and the next ticker, book and candle follow it. */
  quotes: Record<string, BinanceQuote>
  /** When set, public market-data requests fail with a 5xx (an exchange outage). */
  marketDown: boolean
  balances: BinanceBalance[]
  restrictions: ApiRestrictions
  /** When set, signed requests from other addresses are refused (-2015), as an IP-restricted key is. */
  allowedIps: string[] | undefined
  /** The next `count` requests are answered 429 with Binance's body and a Retry-After header. */
  rateLimitNext(count: number, retryAfterSeconds?: number): void
}

/**
 * ccxt's own binance API base URLs with the host swapped for the fake's, for
 * createExchange's `urls` option: every API family (sapi, fapi, ...) lands here, so a call
 * nobody expected shows up in `unknownPaths` instead of reaching the network.
 */
export function binanceUrlsAt(base: string): ReturnType<typeof apiUrlsAt> {
  return apiUrlsAt('binance', base)
}

class BinanceError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    msg: string,
  ) {
    super(msg)
  }
}

const DEFAULT_RECV_WINDOW = 5000
const MAX_RECV_WINDOW = 60_000
const DEFAULT_LIMIT = 500
const MAX_LIMIT = 1000
const DAY_MS = 24 * 60 * 60 * 1000

/** A read-only key, as Binance's key-management page creates one by default. */
export const READ_ONLY_RESTRICTIONS: ApiRestrictions = {
  ipRestrict: false,
  enableReading: true,
  enableWithdrawals: false,
  enableSpotAndMarginTrading: false,
  enableFutures: false,
  enableMargin: false,
  enableInternalTransfer: false,
  permitsUniversalTransfer: false,
  enableVanillaOptions: false,
  enableFixApiTrade: false,
  enableFixReadOnly: false,
  enablePortfolioMarginTrading: false,
}

export async function startFakeBinance(options: FakeBinanceOptions): Promise<FakeBinance> {
  const trades = [...(options.trades ?? [])].sort((a, b) => a.time - b.time || a.id - b.id)
  let limited = { count: 0, retryAfter: 1 }
  const state = {
    clockOffsetMs: options.clockOffsetMs ?? 0,
    balances: [
      { asset: 'BTC', free: '0.50000000', locked: '0.00000000' },
      { asset: 'USDT', free: '1200.00000000', locked: '300.00000000' },
      { asset: 'ETH', free: '0.00000000', locked: '0.00000000' },
    ] as BinanceBalance[],
    restrictions: READ_ONLY_RESTRICTIONS,
    allowedIps: undefined as string[] | undefined,
    quotes: {
      BTCUSDT: { bid: '30000.00000000', ask: '30000.01000000', last: '30000.00000000' },
      ETHUSDT: { bid: '2000.00000000', ask: '2000.01000000', last: '2000.00000000' },
    } as Record<string, BinanceQuote>,
    marketDown: false,
  }

  const route = (req: ExchangeRequest, unknown: (key: string) => Reply): Reply => {
    if (limited.count > 0) {
      limited = { ...limited, count: limited.count - 1 }
      return tooManyRequests(limited.retryAfter)
    }
    const now = Date.now() + state.clockOffsetMs
    const key = `${req.method} ${req.url.pathname}`
    const signed = (): void => authenticate(req, options, now, state.allowedIps)
    switch (key) {
      case 'GET /api/v3/ping':
        return { status: 200, body: {} }
      case 'GET /api/v3/time':
        return { status: 200, body: { serverTime: now } }
      case 'GET /api/v3/exchangeInfo':
        return { status: 200, body: exchangeInfo(now) }
      case 'GET /api/v3/ticker/24hr':
      case 'GET /api/v3/depth':
      case 'GET /api/v3/klines':
        if (state.marketDown) return { status: 503, body: { code: -1008, msg: 'Service Unavailable.' } }
        return { status: 200, body: recordedKlines(req.url.searchParams, options.klines) ?? marketData(key, req.url.searchParams, state.quotes, now) }
      case 'GET /api/v3/myTrades':
        signed()
        return { status: 200, body: myTrades(trades, req.url.searchParams, options.startTimeWindowMs) }
      case 'GET /api/v3/account':
        signed()
        return { status: 200, body: account(state.balances, state.restrictions, now) }
      case 'GET /sapi/v1/account/apiRestrictions':
        signed()
        return { status: 200, body: { ...state.restrictions, createTime: now - 30 * DAY_MS } }
      default:
        return unknown(key)
    }
  }

  const server = await startJsonServer({
    route,
    errorReply: (error) =>
      error instanceof BinanceError
        ? { status: error.status, body: { code: error.code, msg: error.message } }
        : { status: 500, body: { code: -1000, msg: 'An unknown error occurred while processing the request.' } },
    isSigned: (req) => req.url.searchParams.has('signature'),
  })

  return withState(server, state, {
    rateLimitNext(count: number, retryAfterSeconds = 1) {
      limited = { count, retryAfter: retryAfterSeconds }
    },
  })
}

function tooManyRequests(retryAfterSeconds: number): Reply {
  return {
    status: 429,
    headers: { 'Retry-After': String(retryAfterSeconds) },
    body: { code: -1003, msg: 'Too much request weight used; current limit is 6000 request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.' },
  }
}

// ---------------------------------------------------------------------------------------
// SIGNED endpoint security, as Binance documents it
// ---------------------------------------------------------------------------------------

/** API key (and its IP whitelist), then recvWindow and timestamp, then the signature; throws Binance's error. */
function authenticate(req: ExchangeRequest, options: FakeBinanceOptions, now: number, allowedIps: string[] | undefined): void {
  if (req.headers['x-mbx-apikey'] !== options.apiKey) throw new BinanceError(401, -2015, 'Invalid API-key, IP, or permissions for action.')
  if (allowedIps !== undefined && !allowedIps.includes(req.ip)) {
    throw new BinanceError(401, -2015, `Invalid API-key, IP, or permissions for action, request ip: ${req.ip}`)
  }
  const url = req.url
  const params = url.searchParams
  const recvWindow = optionalInteger(params, 'recvWindow') ?? DEFAULT_RECV_WINDOW
  if (recvWindow > MAX_RECV_WINDOW) throw new BinanceError(400, -1131, 'recvWindow must be less than 60000')
  const timestamp = optionalInteger(params, 'timestamp')
  if (timestamp === undefined) throw mandatory('timestamp')
  // Binance: accepted when timestamp < serverTime + 1000 and serverTime - timestamp <= recvWindow.
  if (!(timestamp < now + 1000 && now - timestamp <= recvWindow)) {
    throw new BinanceError(400, -1021, 'Timestamp for this request is outside of the recvWindow.')
  }
  if (!validSignature(url.search.slice(1), options.secret)) throw new BinanceError(400, -1022, 'Signature for this request is not valid.')
}

/** The signature covers the query string as sent, without the signature parameter. */
function validSignature(query: string, secret: string): boolean {
  const parts = query.split('&')
  const given = parts.find((p) => p.startsWith('signature='))?.slice('signature='.length) ?? ''
  const payload = parts.filter((p) => !p.startsWith('signature=')).join('&')
  const expected = createHmac('sha256', secret).update(payload).digest('hex')
  // HMAC signatures are not case-sensitive on Binance.
  const a = Buffer.from(given.toLowerCase())
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

function mandatory(name: string): BinanceError {
  return new BinanceError(400, -1102, `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`)
}

function optionalInteger(params: URLSearchParams, name: string): number | undefined {
  const text = params.get(name)
  if (text === null) return undefined
  if (!/^-?\d+$/.test(text)) throw new BinanceError(400, -1100, `Illegal characters found in parameter '${name}'; legal range is '^[0-9]{1,20}$'.`)
  return Number(text)
}

// ---------------------------------------------------------------------------------------
// GET /api/v3/myTrades
// ---------------------------------------------------------------------------------------

/**
 * Binance's supported combinations: symbol (+ startTime and/or endTime, at most 24 hours
 * apart) or symbol + fromId (ids >= fromId). Trades come oldest first; without fromId or
 * startTime the newest `limit` are returned.
 */
function myTrades(all: readonly BinanceTrade[], params: URLSearchParams, startTimeWindowMs?: number): BinanceTrade[] {
  const symbol = params.get('symbol')
  if (symbol === null || symbol === '') throw mandatory('symbol')
  if (!SYMBOLS.some((s) => s.symbol === symbol)) throw new BinanceError(400, -1121, 'Invalid symbol.')
  const limit = optionalInteger(params, 'limit') ?? DEFAULT_LIMIT
  if (limit < 1 || limit > MAX_LIMIT) throw new BinanceError(400, -1130, "Data sent for parameter 'limit' is not valid.")
  const startTime = optionalInteger(params, 'startTime')
  const endTime = optionalInteger(params, 'endTime') ?? (startTime === undefined || startTimeWindowMs === undefined ? undefined : startTime + startTimeWindowMs - 1)
  const fromId = optionalInteger(params, 'fromId')
  if (fromId !== undefined && (startTime !== undefined || endTime !== undefined)) throw new BinanceError(400, -1128, 'Combination of optional parameters invalid.')
  if (startTime !== undefined && endTime !== undefined && endTime - startTime > DAY_MS) {
    throw new BinanceError(400, -1127, 'More than 24 hours between startTime and endTime.')
  }
  const matching = all.filter(
    (t) => t.symbol === symbol && (fromId === undefined || t.id >= fromId) && (startTime === undefined || t.time >= startTime) && (endTime === undefined || t.time <= endTime),
  )
  const oldestFirst = fromId !== undefined || startTime !== undefined
  return oldestFirst ? matching.slice(0, limit) : matching.slice(-limit)
}

// ---------------------------------------------------------------------------------------
// Public market data: 24h tickers, order book, klines
// ---------------------------------------------------------------------------------------

function quoteOf(quotes: Record<string, BinanceQuote>, symbol: string | null): [string, BinanceQuote] {
  const quote = symbol === null ? undefined : quotes[symbol]
  if (symbol === null || quote === undefined) throw new BinanceError(400, -1121, 'Invalid symbol.')
  return [symbol, quote]
}

function marketData(key: string, params: URLSearchParams, quotes: Record<string, BinanceQuote>, now: number): Json {
  if (key === 'GET /api/v3/ticker/24hr') {
    const listed = params.get('symbols')
    const symbols = listed === null ? [params.get('symbol')] : (JSON.parse(listed) as string[])
    return symbols.map((symbol) => ticker24h(...quoteOf(quotes, symbol), now))
  }
  const [symbol, quote] = quoteOf(quotes, params.get('symbol'))
  if (key === 'GET /api/v3/depth') return depth(symbol, quote, optionalInteger(params, 'limit') ?? 100)
  return klines(quote, params, now)
}

function ticker24h(symbol: string, q: BinanceQuote, now: number): Json {
  return {
    symbol,
    priceChange: '0.00000000',
    priceChangePercent: '0.000',
    weightedAvgPrice: q.last,
    prevClosePrice: q.last,
    lastPrice: q.last,
    lastQty: '0.01000000',
    bidPrice: q.bid,
    bidQty: '1.00000000',
    askPrice: q.ask,
    askQty: '1.00000000',
    openPrice: q.last,
    highPrice: q.ask,
    lowPrice: q.bid,
    volume: '1000.00000000',
    quoteVolume: '1000000.00000000',
    openTime: now - DAY_MS,
    closeTime: now,
    firstId: 1,
    lastId: 1000,
    count: 1000,
  }
}

/** Five levels a tick apart on each side of the quote, 0.5 more base each level out. */
function depth(symbol: string, q: BinanceQuote, limit: number): Json {
  const spec = SYMBOLS.find((s) => s.symbol === symbol)
  const tick = Number(spec?.tickSize ?? '0.01')
  const levels = Math.min(limit, 5)
  const side = (best: string, sign: number): string[][] =>
    Array.from({ length: levels }, (_, i) => [(Number(best) + sign * i * tick).toFixed(8), (1 + i * 0.5).toFixed(8)])
  return { lastUpdateId: 1027024, bids: side(q.bid, -1), asks: side(q.ask, 1) }
}

/** Flat one-minute candles at the last price for every closed minute asked for (oldest first, at most `limit`). */
/** The recorded candles of a klines request (startTime, endTime, limit), if the server was given that symbol and interval. */
function recordedKlines(params: URLSearchParams, recorded: FakeBinanceOptions['klines']): Json | undefined {
  const candles = recorded?.[params.get('symbol') ?? '']?.[params.get('interval') ?? '']
  if (candles === undefined) return undefined
  const limit = Math.min(optionalInteger(params, 'limit') ?? 500, 1000)
  const start = optionalInteger(params, 'startTime') ?? 0
  const end = optionalInteger(params, 'endTime') ?? Infinity
  const step = (candles[1]?.time ?? 0) - (candles[0]?.time ?? 0)
  return candles
    .filter((c) => c.time >= start && c.time <= end)
    .slice(0, limit)
    .map((c) => [c.time, String(c.open), String(c.high), String(c.low), String(c.close), String(c.volume), c.time + step - 1, '0', 1, '0', '0', '0'])
}

function klines(q: BinanceQuote, params: URLSearchParams, now: number): Json {
  if (params.get('interval') !== '1m') throw new BinanceError(400, -1120, 'Invalid interval.')
  const limit = Math.min(optionalInteger(params, 'limit') ?? 500, 1000)
  const lastOpen = Math.floor(now / 60_000) * 60_000 - 60_000
  const start = optionalInteger(params, 'startTime') ?? lastOpen - (limit - 1) * 60_000
  const first = Math.ceil(start / 60_000) * 60_000
  const count = Math.max(0, Math.min(limit, Math.floor((lastOpen - first) / 60_000) + 1))
  return Array.from({ length: count }, (_, i) => {
    const open = first + i * 60_000
    return [open, q.last, q.last, q.last, q.last, '1.00000000', open + 59_999, q.last, 10, '0.50000000', (Number(q.last) / 2).toFixed(8), '0']
  })
}

// ---------------------------------------------------------------------------------------
// GET /api/v3/account
// ---------------------------------------------------------------------------------------

function account(balances: readonly BinanceBalance[], restrictions: ApiRestrictions, now: number): Json {
  return {
    makerCommission: 10,
    takerCommission: 10,
    buyerCommission: 0,
    sellerCommission: 0,
    commissionRates: { maker: '0.00100000', taker: '0.00100000', buyer: '0.00000000', seller: '0.00000000' },
    canTrade: restrictions.enableSpotAndMarginTrading,
    canWithdraw: restrictions.enableWithdrawals,
    canDeposit: true,
    brokered: false,
    requireSelfTradePrevention: false,
    preventSor: false,
    updateTime: now - 60_000,
    accountType: 'SPOT',
    balances,
    permissions: ['SPOT'],
    uid: 354937868,
  }
}

// ---------------------------------------------------------------------------------------
// GET /api/v3/exchangeInfo
// ---------------------------------------------------------------------------------------

interface SymbolSpec {
  symbol: string
  baseAsset: string
  quoteAsset: string
  tickSize: string
  stepSize: string
  minNotional: string
  /** Older symbols still carry MIN_NOTIONAL instead of NOTIONAL. */
  legacyMinNotional?: boolean
}

const SYMBOLS: readonly SymbolSpec[] = [
  { symbol: 'BTCUSDT', baseAsset: 'BTC', quoteAsset: 'USDT', tickSize: '0.01000000', stepSize: '0.00001000', minNotional: '5.00000000' },
  { symbol: 'ETHUSDT', baseAsset: 'ETH', quoteAsset: 'USDT', tickSize: '0.01000000', stepSize: '0.00010000', minNotional: '5.00000000' },
  { symbol: 'BNBBTC', baseAsset: 'BNB', quoteAsset: 'BTC', tickSize: '0.00000100', stepSize: '0.00100000', minNotional: '0.00010000', legacyMinNotional: true },
]

function exchangeInfo(serverTime: number): Json {
  return {
    timezone: 'UTC',
    serverTime,
    rateLimits: [
      { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 },
      { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 100 },
      { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: 200000 },
      { rateLimitType: 'RAW_REQUESTS', interval: 'MINUTE', intervalNum: 5, limit: 61000 },
    ],
    exchangeFilters: [],
    symbols: SYMBOLS.map(symbolInfo),
  }
}

function symbolInfo(s: SymbolSpec): Json {
  const notional = s.legacyMinNotional
    ? { filterType: 'MIN_NOTIONAL', minNotional: s.minNotional, applyToMarket: true, avgPriceMins: 5 }
    : { filterType: 'NOTIONAL', minNotional: s.minNotional, applyMinToMarket: true, maxNotional: '9000000.00000000', applyMaxToMarket: false, avgPriceMins: 5 }
  return {
    symbol: s.symbol,
    status: 'TRADING',
    baseAsset: s.baseAsset,
    baseAssetPrecision: 8,
    quoteAsset: s.quoteAsset,
    quotePrecision: 8,
    quoteAssetPrecision: 8,
    baseCommissionPrecision: 8,
    quoteCommissionPrecision: 8,
    orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT'],
    icebergAllowed: true,
    ocoAllowed: true,
    otoAllowed: true,
    quoteOrderQtyMarketAllowed: true,
    allowTrailingStop: true,
    cancelReplaceAllowed: true,
    amendAllowed: true,
    isSpotTradingAllowed: true,
    isMarginTradingAllowed: true,
    filters: [
      { filterType: 'PRICE_FILTER', minPrice: s.tickSize, maxPrice: '1000000.00000000', tickSize: s.tickSize },
      { filterType: 'LOT_SIZE', minQty: s.stepSize, maxQty: '9000.00000000', stepSize: s.stepSize },
      { filterType: 'ICEBERG_PARTS', limit: 10 },
      { filterType: 'MARKET_LOT_SIZE', minQty: '0.00000000', maxQty: '100.00000000', stepSize: '0.00000000' },
      { filterType: 'TRAILING_DELTA', minTrailingAboveDelta: 10, maxTrailingAboveDelta: 2000, minTrailingBelowDelta: 10, maxTrailingBelowDelta: 2000 },
      { filterType: 'PERCENT_PRICE_BY_SIDE', bidMultiplierUp: '5', bidMultiplierDown: '0.2', askMultiplierUp: '5', askMultiplierDown: '0.2', avgPriceMins: 5 },
      notional,
      { filterType: 'MAX_NUM_ORDERS', maxNumOrders: 200 },
      { filterType: 'MAX_NUM_ALGO_ORDERS', maxNumAlgoOrders: 5 },
    ],
    permissions: [],
    permissionSets: [['SPOT', 'MARGIN']],
    defaultSelfTradePreventionMode: 'EXPIRE_MAKER',
    allowedSelfTradePreventionModes: ['EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH', 'DECREMENT'],
  }
}

// ---------------------------------------------------------------------------------------
// Seeding
// ---------------------------------------------------------------------------------------

export interface SeedOptions {
  symbol: string
  count: number
  /** Time of the first trade (ms). */
  from: number
  /** Trades sharing one millisecond, so pages end inside a millisecond (startTime is inclusive). */
  perMillisecond?: number
  firstId?: number
}

/**
 * Deterministic trades with exact 8-decimal strings: prices on a 0.01 tick, quantities on
 * the step, commission 0.1% of the quantity (8 decimals); orders of three fills, alternating
 * buy/sell, some maker.
 */
export function seedTrades({ symbol, count, from, perMillisecond = 1, firstId = 1 }: SeedOptions): BinanceTrade[] {
  return Array.from({ length: count }, (_, i) => {
    const priceCents = 3_000_000n + BigInt((i * 7919) % 100_000)
    const qtyUnits = BigInt(100 + ((i * 131) % 9_900)) * 1000n // step 0.00001 in 1e-8 units
    const quoteUnits = (priceCents * qtyUnits) / 100n // price (1e-2) x qty (1e-8) -> 1e-8 units, exact
    // Three fills to an order; an order has one side (and here one liquidity).
    const order = Math.floor(i / 3)
    const isBuyer = order % 2 === 0
    return {
      symbol,
      id: firstId + i,
      orderId: 10_000 + order,
      orderListId: -1,
      price: units(priceCents * 1_000_000n),
      qty: units(qtyUnits),
      quoteQty: units(quoteUnits),
      commission: units(qtyUnits / 1000n),
      commissionAsset: isBuyer ? symbol.replace(/USDT$/, '') : 'USDT',
      time: from + Math.floor(i / perMillisecond),
      isBuyer,
      isMaker: order % 3 === 0,
      isBestMatch: true,
    }
  })
}

/** 1e-8 units as Binance prints them: always eight decimals ("0.00100000"). */
function units(value: bigint): string {
  const digits = value.toString().padStart(9, '0')
  return `${digits.slice(0, -8)}.${digits.slice(-8)}`
}
