import { randomBytes } from 'node:crypto'
import { isOpen, type OrderRecord, type OrderRequest, type OrderStatus, type OrderType, type Side, type SpotMatchingEngine, type TimeInForce } from './fake-binance-matching'
import {
  BinanceError,
  LIMITS,
  decimalParam,
  eitherRequired,
  enumParam,
  filterFailure,
  mandatory,
  notRequired,
  optionalInteger,
  page,
  pageQuery,
  rejected,
  requiredParam,
  symbolSpec,
  times,
  toUnits,
  units,
  type BinanceTrade,
} from './fake-binance-protocol'

/**
 * Binance's SPOT order endpoints over the matching engine: POST/GET/DELETE /api/v3/order,
 * GET/DELETE /api/v3/openOrders and GET /api/v3/allOrders, with Binance's parameter
 * checks, symbol filters, error codes and response shapes (fields in Binance's order).
 */

/** An order as GET /api/v3/order (and openOrders, allOrders) answers it. */
export type BinanceOrder = {
  symbol: string
  orderId: number
  orderListId: number
  clientOrderId: string
  price: string
  origQty: string
  executedQty: string
  cummulativeQuoteQty: string
  status: OrderStatus
  timeInForce: TimeInForce
  type: OrderType
  side: Side
  stopPrice: string
  icebergQty: string
  time: number
  updateTime: number
  isWorking: boolean
  workingTime: number
  origQuoteOrderQty: string
  selfTradePreventionMode: string
}

/** Order types exchangeInfo lists but the fake does not match, and order features it does not model. */
const UNMATCHED_TYPES: readonly string[] = ['STOP_LOSS', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT']
const UNMODELLED_PARAMS: readonly string[] = ['icebergQty', 'strategyId', 'strategyType']

/** What of a new order the fake cannot honour ("type=STOP_LOSS", "icebergQty"), for the route to answer as not implemented. */
export function unimplementedPart(params: URLSearchParams): string | undefined {
  const type = params.get('type') ?? ''
  if (UNMATCHED_TYPES.includes(type)) return `type=${type}`
  return UNMODELLED_PARAMS.find((name) => params.has(name))
}

type ResponseType = 'ACK' | 'RESULT' | 'FULL'

// ---------------------------------------------------------------------------------------
// POST /api/v3/order
// ---------------------------------------------------------------------------------------

export function newOrder(engine: SpotMatchingEngine, params: URLSearchParams, now: number): Record<string, unknown> {
  const { request, responseType } = parseNewOrder(params)
  checkFilters(request, engine)
  const { order, fills } = engine.submit(request, now)
  if (responseType === 'ACK') return ack(order)
  if (responseType === 'RESULT') return result(order)
  return { ...result(order), fills: fills.map(fullFill) }
}

/** Every parameter POST /api/v3/order reads; anything else is -1104, as Binance answers. */
const ORDER_PARAMS = new Set([
  'symbol',
  'side',
  'type',
  'timeInForce',
  'quantity',
  'quoteOrderQty',
  'price',
  'newClientOrderId',
  'strategyId',
  'strategyType',
  'stopPrice',
  'trailingDelta',
  'icebergQty',
  'newOrderRespType',
  'selfTradePreventionMode',
  'recvWindow',
  'timestamp',
  'signature',
])

/** Per type: the parameters it must have and those it must not (Binance's table for POST /api/v3/order). */
const TYPE_RULES: Record<OrderType, { required: readonly string[]; refused: readonly string[] }> = {
  LIMIT: { required: ['timeInForce', 'quantity', 'price'], refused: ['quoteOrderQty', 'stopPrice', 'trailingDelta'] },
  LIMIT_MAKER: { required: ['quantity', 'price'], refused: ['timeInForce', 'quoteOrderQty', 'stopPrice', 'trailingDelta'] },
  MARKET: { required: [], refused: ['price', 'timeInForce', 'stopPrice', 'trailingDelta'] },
}

const CLIENT_ORDER_ID = /^[.A-Z:/a-z0-9_-]{1,36}$/
const STP_MODES = ['EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH', 'DECREMENT', 'NONE'] as const

function parseNewOrder(params: URLSearchParams): { request: OrderRequest; responseType: ResponseType } {
  const read = [...params.keys()].filter((name) => ORDER_PARAMS.has(name)).length
  if (read !== [...params.keys()].length) throw new BinanceError(400, -1104, `Not all sent parameters were read; read '${read}' parameter(s) but was sent '${[...params.keys()].length}'.`)
  const spec = symbolSpec(requiredParam(params, 'symbol'))
  const side = required(enumParam(params, 'side', ['BUY', 'SELL'] as const, new BinanceError(400, -1117, 'Invalid side.')), 'side')
  const type = required(enumParam(params, 'type', ['LIMIT', 'MARKET', 'LIMIT_MAKER'] as const, new BinanceError(400, -1116, 'Invalid orderType.')), 'type')
  const timeInForce = enumParam(params, 'timeInForce', ['GTC', 'IOC', 'FOK'] as const, new BinanceError(400, -1115, 'Invalid timeInForce.'))
  const quantity = decimalParam(params, 'quantity')
  const quoteOrderQty = decimalParam(params, 'quoteOrderQty')
  const price = decimalParam(params, 'price')
  checkTypeRules(params, type)
  if (type === 'MARKET' && quantity === undefined && quoteOrderQty === undefined) throw eitherRequired('quantity', 'quoteOrderQty')
  if (type === 'MARKET' && quantity !== undefined && quoteOrderQty !== undefined) throw notRequired('quoteOrderQty')
  const request: OrderRequest = {
    spec,
    side,
    type,
    timeInForce: timeInForce ?? 'GTC',
    price: price ?? 0n,
    quantity,
    quoteOrderQty,
    clientOrderId: clientOrderId(params, 'newClientOrderId'),
    selfTradePreventionMode: enumParam(params, 'selfTradePreventionMode', STP_MODES, invalidParameter('selfTradePreventionMode')) ?? 'EXPIRE_MAKER',
  }
  const responseType = enumParam(params, 'newOrderRespType', ['ACK', 'RESULT', 'FULL'] as const, invalidParameter('newOrderRespType')) ?? (type === 'LIMIT_MAKER' ? 'ACK' : 'FULL')
  return { request, responseType }
}

function checkTypeRules(params: URLSearchParams, type: OrderType): void {
  const rules = TYPE_RULES[type]
  for (const name of rules.required) if (params.get(name) === null) throw mandatory(name)
  for (const name of rules.refused) {
    if (params.get(name) === null) continue
    throw name === 'timeInForce' ? new BinanceError(400, -1114, 'TimeInForce parameter sent when not required.') : notRequired(name)
  }
}

function required<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw mandatory(name)
  return value
}

function invalidParameter(name: string): BinanceError {
  return new BinanceError(400, -1130, `Data sent for parameter '${name}' is not valid.`)
}

/** The given id (checked as Binance does), or one made like Binance's: 22 random letters and digits. */
function clientOrderId(params: URLSearchParams, name: string): string {
  const given = params.get(name)
  if (given === null) return randomId()
  if (given === '') throw new BinanceError(400, -1118, 'New client order ID was empty.')
  if (!CLIENT_ORDER_ID.test(given)) throw new BinanceError(400, -1100, `Illegal characters found in parameter '${name}'; legal range is '^[\\.A-Z\\:/a-z0-9_-]{1,36}$'.`)
  return given
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

function randomId(): string {
  return [...randomBytes(22)].map((byte) => ALPHABET[byte % ALPHABET.length]).join('')
}

// ---------------------------------------------------------------------------------------
// Symbol filters, in exchangeInfo's order; all are -1013 "Filter failure: <NAME>"
// ---------------------------------------------------------------------------------------

function checkFilters(request: OrderRequest, engine: SpotMatchingEngine): void {
  const { spec, type, quantity } = request
  const average = engine.averagePrice(spec)
  if (type !== 'MARKET') checkPrice(request, average)
  if (quantity !== undefined) checkQuantity(quantity, toUnits(spec.stepSize), type === 'MARKET')
  checkNotional(request, average)
  if (engine.open(spec.symbol).length >= LIMITS.maxNumOrders) throw filterFailure('MAX_NUM_ORDERS')
}

function checkPrice({ price, spec }: OrderRequest, average: bigint | undefined): void {
  const tick = toUnits(spec.tickSize)
  if (price < tick || price > toUnits(LIMITS.maxPrice) || price % tick !== 0n) throw filterFailure('PRICE_FILTER')
  if (average === undefined) return
  if (price > times(toUnits(LIMITS.multiplierUp), average) || price < times(toUnits(LIMITS.multiplierDown), average)) throw filterFailure('PERCENT_PRICE_BY_SIDE')
}

function checkQuantity(quantity: bigint, step: bigint, market: boolean): void {
  if (quantity < step || quantity > toUnits(LIMITS.maxQty) || quantity % step !== 0n) throw filterFailure('LOT_SIZE')
  if (market && quantity > toUnits(LIMITS.marketMaxQty)) throw filterFailure('MARKET_LOT_SIZE')
}

/** A limit order's price x quantity; a market order's quoteOrderQty, or its quantity at the average price. */
function checkNotional({ spec, type, price, quantity, quoteOrderQty }: OrderRequest, average: bigint | undefined): void {
  const value = type !== 'MARKET' ? times(price, quantity ?? 0n) : (quoteOrderQty ?? (average === undefined ? undefined : times(average, quantity ?? 0n)))
  if (value === undefined) return
  const filter = spec.legacyMinNotional === true ? 'MIN_NOTIONAL' : 'NOTIONAL'
  if (value < toUnits(spec.minNotional)) throw filterFailure(filter)
  if (filter === 'NOTIONAL' && type !== 'MARKET' && value > toUnits(LIMITS.maxNotional)) throw filterFailure(filter)
}

// ---------------------------------------------------------------------------------------
// GET /api/v3/order, DELETE /api/v3/order, GET/DELETE /api/v3/openOrders, GET /api/v3/allOrders
// ---------------------------------------------------------------------------------------

export function queryOrder(engine: SpotMatchingEngine, params: URLSearchParams): BinanceOrder {
  return orderView(findOrder(engine, params, new BinanceError(400, -2013, 'Order does not exist.')))
}

export function cancelOrder(engine: SpotMatchingEngine, params: URLSearchParams, now: number): Record<string, unknown> {
  const order = findOrder(engine, params, rejected(-2011, 'Unknown order sent.'))
  if (!isOpen(order)) throw rejected(-2011, 'Unknown order sent.')
  const cancelId = clientOrderId(params, 'newClientOrderId')
  engine.cancel(order, now)
  return canceled(order, cancelId, now)
}

export function cancelOpenOrders(engine: SpotMatchingEngine, params: URLSearchParams, now: number): Array<Record<string, unknown>> {
  const spec = symbolSpec(requiredParam(params, 'symbol'))
  const open = engine.open(spec.symbol)
  if (open.length === 0) throw rejected(-2011, 'Unknown order sent.')
  return open.map((order) => {
    engine.cancel(order, now)
    return canceled(order, randomId(), now)
  })
}

export function openOrders(engine: SpotMatchingEngine, params: URLSearchParams): BinanceOrder[] {
  const symbol = params.get('symbol')
  return engine.open(symbol === null ? undefined : symbolSpec(symbol).symbol).map(orderView)
}

export function allOrders(engine: SpotMatchingEngine, params: URLSearchParams): BinanceOrder[] {
  const spec = symbolSpec(requiredParam(params, 'symbol'))
  const query = pageQuery(params, 'orderId')
  const mine = engine.orders.filter((o) => o.spec === spec)
  return page(mine, query, (o) => o.orderId, (o) => o.time).map(orderView)
}

/** By orderId (which wins, and must then match origClientOrderId if that is sent too) or origClientOrderId. */
function findOrder(engine: SpotMatchingEngine, params: URLSearchParams, notFound: BinanceError): OrderRecord {
  const spec = symbolSpec(requiredParam(params, 'symbol'))
  const orderId = optionalInteger(params, 'orderId')
  const clientId = params.get('origClientOrderId')
  if (orderId === undefined && (clientId === null || clientId === '')) throw eitherRequired('origClientOrderId', 'orderId')
  const found = engine.orders.find(
    (o) => o.spec === spec && (orderId === undefined || o.orderId === orderId) && (clientId === null || o.clientOrderId === clientId),
  )
  if (found === undefined) throw notFound
  return found
}

// ---------------------------------------------------------------------------------------
// Response shapes
// ---------------------------------------------------------------------------------------

const terms = (o: OrderRecord) => ({ price: units(o.price), origQty: units(o.origQty), executedQty: units(o.executedQty) })
const kind = (o: OrderRecord) => ({ status: o.status, timeInForce: o.timeInForce, type: o.type, side: o.side })

function ack(o: OrderRecord): Record<string, unknown> {
  return { symbol: o.spec.symbol, orderId: o.orderId, orderListId: -1, clientOrderId: o.clientOrderId, transactTime: o.time }
}

function result(o: OrderRecord): Record<string, unknown> {
  return {
    ...ack(o),
    ...terms(o),
    origQuoteOrderQty: units(o.origQuoteOrderQty),
    cummulativeQuoteQty: units(o.cummulativeQuoteQty),
    ...kind(o),
    workingTime: o.time,
    selfTradePreventionMode: o.selfTradePreventionMode,
  }
}

function fullFill(t: BinanceTrade): Record<string, unknown> {
  return { price: t.price, qty: t.qty, commission: t.commission, commissionAsset: t.commissionAsset, tradeId: t.id }
}

export function orderView(o: OrderRecord): BinanceOrder {
  return {
    symbol: o.spec.symbol,
    orderId: o.orderId,
    orderListId: -1,
    clientOrderId: o.clientOrderId,
    ...terms(o),
    cummulativeQuoteQty: units(o.cummulativeQuoteQty),
    ...kind(o),
    // Neither stop nor iceberg orders are modelled: Binance shows zero for both.
    stopPrice: units(0n),
    icebergQty: units(0n),
    time: o.time,
    updateTime: o.updateTime,
    isWorking: true,
    workingTime: o.time,
    origQuoteOrderQty: units(o.origQuoteOrderQty),
    selfTradePreventionMode: o.selfTradePreventionMode,
  }
}

/** A cancel's answer: `clientOrderId` is the cancel's own id, the order's is `origClientOrderId`. */
function canceled(o: OrderRecord, cancelId: string, now: number): Record<string, unknown> {
  return {
    symbol: o.spec.symbol,
    origClientOrderId: o.clientOrderId,
    orderId: o.orderId,
    orderListId: -1,
    clientOrderId: cancelId,
    transactTime: now,
    ...terms(o),
    origQuoteOrderQty: units(o.origQuoteOrderQty),
    cummulativeQuoteQty: units(o.cummulativeQuoteQty),
    ...kind(o),
    selfTradePreventionMode: o.selfTradePreventionMode,
  }
}
