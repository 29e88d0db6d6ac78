import { createHmac, timingSafeEqual } from 'node:crypto'
import type { Exchange } from 'ccxt'
import type { Candle } from '../../shared/domain/market'
import { apiUrlsAt } from '../../electron/venues/ccxt/venues'
import { formBody, requestParams, startJsonServer, withState, type ExchangeRequest, type FaultScope, type Json, type JsonServer, type Reply } from './fake-exchange-server'
import { binanceFault, serverError, type BinanceFault } from './fake-binance-faults'
import { SpotMatchingEngine } from './fake-binance-matching'
import { allOrders, cancelOpenOrders, cancelOrder, newOrder, openOrders, orderView, queryOrder, unimplementedPart, type BinanceOrder } from './fake-binance-orders'
import {
  BinanceError,
  COMMISSION_RATE,
  DAY_MS,
  LIMITS,
  bookLevels,
  mandatory,
  optionalInteger,
  page,
  pageQuery,
  requiredParam,
  symbolSpec,
  SYMBOLS,
  units,
  type BinanceBalance,
  type BinanceQuote,
  type BinanceTrade,
  type SymbolSpec,
} from './fake-binance-protocol'

export type { BinanceBalance, BinanceQuote, BinanceTrade } from './fake-binance-protocol'
export type { BinanceFault, BinanceServerErrorCode } from './fake-binance-faults'
export type { BinanceOrder } from './fake-binance-orders'

/**
 * A local stand-in for Binance's SPOT REST API: the subset ccxt calls for loadMarkets,
 * fetchBalance, fetchMyTrades, the key's API restrictions, and trading (new, query and
 * cancel orders, open and all orders, the account's trades), with Binance's response
 * shapes, its HMAC-SHA256 request signing (query string and form body), its recvWindow
 * timing rule and its error bodies, so the real ccxt client can be tested without the
 * network. Orders match against the book GET /api/v3/depth shows (fake-binance-matching).
 * Faults a test injects (rate limits, bans, 5xx, lost connections) come back as Binance
 * and its network would give them. Anything else is answered 404 and recorded in
 * `unknownPaths`.
 */

export interface FakeBinanceOptions {
  apiKey: string
  secret: string
  trades?: readonly BinanceTrade[]
  /** The account's starting balances (default: 0.5 BTC, 1200 USDT free and 300 locked, no ETH). */
  balances?: readonly BinanceBalance[]
  /** What the key may do (default: read only, so orders are refused with -2015 as Binance refuses them). */
  restrictions?: ApiRestrictions
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

export interface FakeBinance extends JsonServer {
  clockOffsetMs: number
  /**
   * By Binance symbol ("BTCUSDT"); change one and the next ticker, book and candle follow it.
   * Assigning it does not match resting orders: `setQuote` does.
   */
  quotes: Record<string, BinanceQuote>
  /** When set, public market-data requests fail with a 5xx (an exchange outage). */
  marketDown: boolean
  /** The account's balances; fills and resting orders move them (`locked` holds what open orders need). */
  balances: BinanceBalance[]
  restrictions: ApiRestrictions
  /** When set, signed requests from other addresses are refused (-2015), as an IP-restricted key is. */
  allowedIps: string[] | undefined
  /** Every order the exchange accepted, oldest first, as GET /api/v3/order shows it now. */
  readonly orders: BinanceOrder[]
  /** The account's trades, oldest first: the seeded ones and every fill the matching made. */
  readonly trades: BinanceTrade[]
  /**
   * Moves a market's quote (and so its book) and fills the resting orders it crosses, as
   * maker at their own price; works while `offline` too. Returns the fills it made.
   */
  setQuote(symbol: string, quote: BinanceQuote): BinanceTrade[]
  /**
   * The next `scope.count` requests matching `scope.on` (default: the next one, any path)
   * meet `fault`: 429 or 418 with Retry-After, a 5xx, 'timeout', 'drop', 'malformed' or
   * 'lose-response' (see Fault in fake-exchange-server). `clearFaults()` drops what is left.
   */
  failNext(fault: BinanceFault | BinanceFault['kind'], scope?: FaultScope): void
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

/** The error table ccxt uses for each API family, which it tells by host (api.binance.com is spot, fapi. linear, ...). */
const ERROR_TABLES: Readonly<Record<string, string>> = { api: 'spot', sapi: 'spot', fapi: 'linear', dapi: 'inverse', eapi: 'option', papi: 'portfolioMargin' }

interface ErrorTables {
  exceptions: Record<string, Record<string, unknown> | undefined>
  getExceptionsByUrl(url: string | undefined, exactOrBroad: string): unknown
}

/**
 * ccxt maps Binance's error codes through a table chosen by the request's host
 * (https://api.binance.com/ gets the spot table, where -1008 is OperationFailed); at the
 * fake's address no host matches, so only the table shared by all families applies and
 * -1008 comes out a plain ExchangeError. This makes `exchange` choose by the fake's path
 * (/api/, /sapi/ spot, /fapi/ linear, ...), so it raises the classes it raises in production.
 */
export function mapErrorsAsProduction<E extends Exchange>(exchange: E, base: string): E {
  const client = exchange as unknown as ErrorTables
  const byHost = client.getExceptionsByUrl.bind(client)
  client.getExceptionsByUrl = (url, exactOrBroad) => {
    const family = url?.startsWith(`${base}/`) === true ? ERROR_TABLES[url.slice(base.length + 1).split('/')[0] ?? ''] : undefined
    if (family === undefined) return byHost(url, exactOrBroad)
    const table = client.exceptions[family] as Record<string, unknown> | undefined
    return table?.[exactOrBroad] ?? {}
  }
  return exchange
}

const DEFAULT_RECV_WINDOW = 5000
const MAX_RECV_WINDOW = 60_000

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

/** A key that may also trade spot (what live trading needs), still without withdrawals. */
export const TRADING_RESTRICTIONS: ApiRestrictions = { ...READ_ONLY_RESTRICTIONS, enableSpotAndMarginTrading: true }

const DEFAULT_BALANCES: readonly BinanceBalance[] = [
  { asset: 'BTC', free: '0.50000000', locked: '0.00000000' },
  { asset: 'USDT', free: '1200.00000000', locked: '300.00000000' },
  { asset: 'ETH', free: '0.00000000', locked: '0.00000000' },
]

export async function startFakeBinance(options: FakeBinanceOptions): Promise<FakeBinance> {
  const state = {
    clockOffsetMs: options.clockOffsetMs ?? 0,
    balances: [...(options.balances ?? DEFAULT_BALANCES)],
    restrictions: options.restrictions ?? READ_ONLY_RESTRICTIONS,
    allowedIps: undefined as string[] | undefined,
    quotes: {
      BTCUSDT: { bid: '30000.00000000', ask: '30000.01000000', last: '30000.00000000' },
      ETHUSDT: { bid: '2000.00000000', ask: '2000.01000000', last: '2000.00000000' },
    } as Record<string, BinanceQuote>,
    marketDown: false,
  }
  const engine = new SpotMatchingEngine(state, options.trades ?? [])
  const serverTime = (): number => Date.now() + state.clockOffsetMs

  const route = (req: ExchangeRequest, unknown: (key: string) => Reply): Reply => {
    const now = serverTime()
    const key = `${req.method} ${req.url.pathname}`
    const params = requestParams(req)
    const signed = (): void => authenticate(req, params, options, now, state.allowedIps)
    const trade = (): void => {
      signed()
      // A key without "Enable Spot & Margin Trading" is refused like a wrong key.
      if (!state.restrictions.enableSpotAndMarginTrading) throw new BinanceError(401, -2015, 'Invalid API-key, IP, or permissions for action.')
    }
    const ok = (body: Json): Reply => ({ status: 200, body })
    switch (key) {
      case 'GET /api/v3/ping':
        return ok({})
      case 'GET /api/v3/time':
        return ok({ serverTime: now })
      case 'GET /api/v3/exchangeInfo':
        return ok(exchangeInfo(now))
      case 'GET /api/v3/ticker/24hr':
      case 'GET /api/v3/depth':
      case 'GET /api/v3/klines':
        if (state.marketDown) return serverError(503)
        return ok(recordedKlines(params, options.klines) ?? marketData(key, params, state.quotes, now))
      case 'GET /api/v3/myTrades':
        signed()
        return ok(myTrades(engine.trades, params, options.startTimeWindowMs))
      case 'GET /api/v3/account':
        signed()
        return ok(account(state.balances, state.restrictions, now))
      case 'GET /sapi/v1/account/apiRestrictions':
        signed()
        return ok({ ...state.restrictions, createTime: now - 30 * DAY_MS })
      case 'POST /api/v3/order': {
        trade()
        const unimplemented = unimplementedPart(params)
        return unimplemented === undefined ? ok(newOrder(engine, params, now)) : unknown(`${key} ${unimplemented}`)
      }
      case 'GET /api/v3/order':
        signed()
        return ok(queryOrder(engine, params))
      case 'DELETE /api/v3/order':
        trade()
        return ok(cancelOrder(engine, params, now))
      case 'GET /api/v3/openOrders':
        signed()
        return ok(openOrders(engine, params))
      case 'DELETE /api/v3/openOrders':
        trade()
        return ok(cancelOpenOrders(engine, params, now))
      case 'GET /api/v3/allOrders':
        signed()
        return ok(allOrders(engine, params))
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
    isSigned: (req) => requestParams(req).has('signature'),
  })

  const failNext = (fault: BinanceFault | BinanceFault['kind'], scope?: FaultScope): void => server.injectFault(binanceFault(fault, serverTime()), scope)
  return withState(server, state, {
    get orders() {
      return engine.orders.map(orderView)
    },
    get trades() {
      return [...engine.trades]
    },
    setQuote(symbol: string, quote: BinanceQuote) {
      const spec = symbolSpec(symbol)
      state.quotes = { ...state.quotes, [symbol]: quote }
      return engine.requote(spec, serverTime())
    },
    failNext,
    rateLimitNext(count: number, retryAfterSeconds = 1) {
      failNext({ kind: 429, retryAfterSeconds }, { count })
    },
  })
}

// ---------------------------------------------------------------------------------------
// SIGNED endpoint security, as Binance documents it
// ---------------------------------------------------------------------------------------

/** API key (and its IP whitelist), then recvWindow and timestamp, then the signature; throws Binance's error. */
function authenticate(req: ExchangeRequest, params: URLSearchParams, options: FakeBinanceOptions, now: number, allowedIps: string[] | undefined): void {
  if (req.headers['x-mbx-apikey'] !== options.apiKey) throw new BinanceError(401, -2015, 'Invalid API-key, IP, or permissions for action.')
  if (allowedIps !== undefined && !allowedIps.includes(req.ip)) {
    throw new BinanceError(401, -2015, `Invalid API-key, IP, or permissions for action, request ip: ${req.ip}`)
  }
  const recvWindow = optionalInteger(params, 'recvWindow') ?? DEFAULT_RECV_WINDOW
  if (recvWindow > MAX_RECV_WINDOW) throw new BinanceError(400, -1131, 'recvWindow must be less than 60000')
  const timestamp = optionalInteger(params, 'timestamp')
  if (timestamp === undefined) throw mandatory('timestamp')
  // Binance: accepted when timestamp < serverTime + 1000 and serverTime - timestamp <= recvWindow.
  if (!(timestamp < now + 1000 && now - timestamp <= recvWindow)) {
    throw new BinanceError(400, -1021, 'Timestamp for this request is outside of the recvWindow.')
  }
  if (!validSignature(req, options.secret)) throw new BinanceError(400, -1022, 'Signature for this request is not valid.')
}

/**
 * The signature covers `totalParams`: the query string as sent, then the form body as
 * sent (no "&" between them), each without the signature parameter, which may be in either.
 */
function validSignature(req: ExchangeRequest, secret: string): boolean {
  const query = withoutSignature(req.url.search.slice(1))
  const body = withoutSignature(formBody(req))
  const expected = createHmac('sha256', secret).update(query.payload + body.payload).digest('hex')
  // HMAC signatures are not case-sensitive on Binance.
  const a = Buffer.from((query.signature ?? body.signature ?? '').toLowerCase())
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

function withoutSignature(encoded: string): { payload: string; signature: string | undefined } {
  const parts = encoded === '' ? [] : encoded.split('&')
  return { payload: parts.filter((p) => !p.startsWith('signature=')).join('&'), signature: parts.find((p) => p.startsWith('signature='))?.slice('signature='.length) }
}

// ---------------------------------------------------------------------------------------
// GET /api/v3/myTrades
// ---------------------------------------------------------------------------------------

/**
 * Binance's supported combinations: symbol (+ startTime and/or endTime, at most 24 hours
 * apart), symbol + fromId (ids >= fromId), symbol + orderId (+ fromId). Trades come oldest
 * first; without fromId or startTime the newest `limit` are returned.
 */
function myTrades(all: readonly BinanceTrade[], params: URLSearchParams, startTimeWindowMs?: number): BinanceTrade[] {
  const { symbol } = symbolSpec(requiredParam(params, 'symbol'))
  const query = pageQuery(params, 'fromId', startTimeWindowMs)
  const orderId = optionalInteger(params, 'orderId')
  const timed = query.startTime !== undefined || query.endTime !== undefined
  if (timed && (query.fromId !== undefined || orderId !== undefined)) throw new BinanceError(400, -1128, 'Combination of optional parameters invalid.')
  const mine = all.filter((t) => t.symbol === symbol && (orderId === undefined || t.orderId === orderId))
  return page(mine, query, (t) => t.id, (t) => t.time)
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

/** The book the matching trades against, `limit` levels deep (at most five). */
function depth(symbol: string, q: BinanceQuote, limit: number): Json {
  const { bids, asks } = bookLevels(symbolSpec(symbol), q)
  const levels = (side: typeof bids): string[][] => side.slice(0, Math.min(limit, 5)).map((l) => [units(l.price), units(l.qty)])
  return { lastUpdateId: 1027024, bids: levels(bids), asks: levels(asks) }
}

/** The recorded candles of a klines request (startTime, endTime, limit), if the server was given that symbol and interval. */
function recordedKlines(params: URLSearchParams, recorded: FakeBinanceOptions['klines']): Json | undefined {
  const candles = recorded?.[params.get('symbol') ?? '']?.[params.get('interval') ?? '']
  if (candles === undefined) return undefined
  const limit = klineLimit(params)
  const start = optionalInteger(params, 'startTime') ?? 0
  const end = optionalInteger(params, 'endTime') ?? Infinity
  const step = (candles[1]?.time ?? 0) - (candles[0]?.time ?? 0)
  return candles
    .filter((c) => c.time >= start && c.time <= end)
    .slice(0, limit)
    .map((c) => [c.time, String(c.open), String(c.high), String(c.low), String(c.close), String(c.volume), c.time + step - 1, '0', 1, '0', '0', '0'])
}

/** Binance's klines limit: 500 unless given, at most 1000. */
function klineLimit(params: URLSearchParams): number {
  return Math.min(optionalInteger(params, 'limit') ?? 500, 1000)
}

/** Flat one-minute candles at the last price for every closed minute asked for (oldest first, at most `limit`). */
function klines(q: BinanceQuote, params: URLSearchParams, now: number): Json {
  if (params.get('interval') !== '1m') throw new BinanceError(400, -1120, 'Invalid interval.')
  const limit = klineLimit(params)
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
    commissionRates: { maker: units(COMMISSION_RATE), taker: units(COMMISSION_RATE), buyer: '0.00000000', seller: '0.00000000' },
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
    : { filterType: 'NOTIONAL', minNotional: s.minNotional, applyMinToMarket: true, maxNotional: LIMITS.maxNotional, applyMaxToMarket: false, avgPriceMins: 5 }
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
      { filterType: 'PRICE_FILTER', minPrice: s.tickSize, maxPrice: LIMITS.maxPrice, tickSize: s.tickSize },
      { filterType: 'LOT_SIZE', minQty: s.stepSize, maxQty: LIMITS.maxQty, stepSize: s.stepSize },
      { filterType: 'ICEBERG_PARTS', limit: 10 },
      { filterType: 'MARKET_LOT_SIZE', minQty: '0.00000000', maxQty: LIMITS.marketMaxQty, stepSize: '0.00000000' },
      { filterType: 'TRAILING_DELTA', minTrailingAboveDelta: 10, maxTrailingAboveDelta: 2000, minTrailingBelowDelta: 10, maxTrailingBelowDelta: 2000 },
      {
        filterType: 'PERCENT_PRICE_BY_SIDE',
        bidMultiplierUp: LIMITS.multiplierUp,
        bidMultiplierDown: LIMITS.multiplierDown,
        askMultiplierUp: LIMITS.multiplierUp,
        askMultiplierDown: LIMITS.multiplierDown,
        avgPriceMins: 5,
      },
      notional,
      { filterType: 'MAX_NUM_ORDERS', maxNumOrders: LIMITS.maxNumOrders },
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
