import { afterEach, describe, expect, it } from 'vitest'
import {
  ArgumentsRequired,
  AuthenticationError,
  BadRequest,
  BadSymbol,
  DDoSProtection,
  ExchangeError,
  ExchangeNotAvailable,
  InsufficientFunds,
  InvalidOrder,
  NetworkError,
  OperationFailed,
  OrderImmediatelyFillable,
  OrderNotFound,
  RequestTimeout,
  type binance,
} from 'ccxt'
import { createExchange } from '../../../electron/venues/ccxt/venues'
import {
  binanceUrlsAt,
  mapErrorsAsProduction,
  READ_ONLY_RESTRICTIONS,
  seedTrades,
  startFakeBinance,
  TRADING_RESTRICTIONS,
  type BinanceBalance,
  type BinanceFault,
  type FakeBinance,
  type FakeBinanceOptions,
} from '../../support/fake-binance'

// The real ccxt client trading against the local Binance spot stand-in: its orders match
// against the book GET /api/v3/depth shows (asks 30000.01, 30000.02, ... holding 1, 1.5,
// 2, 2.5 and 3 BTC; bids 30000.00 down), and injected faults reach ccxt as Binance's
// network would deliver them.

const KEY = 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A'
const SECRET = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j'
const BTC = 'BTC/USDT'

const funded = (btc: string, usdt: string): BinanceBalance[] => [
  { asset: 'BTC', free: btc, locked: '0.00000000' },
  { asset: 'USDT', free: usdt, locked: '0.00000000' },
]
const RICH = funded('2.00000000', '100000.00000000')

let fake: FakeBinance | undefined
afterEach(async () => {
  await fake?.close()
  fake = undefined
})

/** A trading key's exchange and a ccxt client for it, markets loaded, raising production's error classes. */
async function trading(options: Partial<FakeBinanceOptions> = {}): Promise<{ fake: FakeBinance; exchange: binance }> {
  const server = await startFakeBinance({ apiKey: KEY, secret: SECRET, balances: RICH, restrictions: TRADING_RESTRICTIONS, ...options })
  fake = server
  const exchange = createExchange('binance', { apiKey: KEY, secret: SECRET }, { urls: binanceUrlsAt(server.url), timeoutMs: 1500 }) as binance
  await exchange.loadMarkets()
  return { fake: server, exchange: mapErrorsAsProduction(exchange, server.url) }
}

/** One asset of GET /api/v3/account as ccxt's fetchBalance received it: Binance's exact strings. */
async function balanceOf(exchange: binance, asset: string): Promise<Omit<BinanceBalance, 'asset'>> {
  const { info } = (await exchange.fetchBalance()) as unknown as { info: { balances: BinanceBalance[] } }
  const found = info.balances.find((b) => b.asset === asset)
  return { free: found?.free ?? 'none', locked: found?.locked ?? 'none' }
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  const outcome: unknown = await promise.then(
    () => 'no error',
    (e: unknown) => e,
  )
  expect(outcome).toBeInstanceOf(Error)
  return outcome as Error
}

/** Binance's orderId, as ccxt's order carries it. */
function idOf(order: { id?: string | undefined }): string {
  expect(order.id).toMatch(/^\d+$/)
  return order.id as string
}

/** The parameters of the requests made to `key` ("POST /api/v3/order"), oldest first. */
function sent(server: FakeBinance, key: string): Array<Record<string, string>> {
  return server.requests.filter((r) => `${r.method} ${r.path}` === key).map((r) => r.params)
}

describe('orders on the fake Binance, through ccxt', () => {
  it('fills a market buy at the ask, walking the book, with the fee in BTC and balances moved exactly', async () => {
    const { fake, exchange } = await trading()
    const book = await exchange.fetchOrderBook(BTC)
    const order = await exchange.createOrder(BTC, 'market', 'buy', 1.5)

    expect(order).toMatchObject({ status: 'closed', filled: 1.5, remaining: 0, cost: 45000.02, fee: { currency: 'BTC', cost: 0.0015 } })
    expect(order.trades.map((t) => [t.price, t.amount])).toEqual([
      [book.asks[0]?.[0], 1],
      [book.asks[1]?.[0], 0.5],
    ])
    expect(fake.trades.map((t) => [t.price, t.qty, t.commission, t.commissionAsset, t.isMaker])).toEqual([
      ['30000.01000000', '1.00000000', '0.00100000', 'BTC', false],
      ['30000.02000000', '0.50000000', '0.00050000', 'BTC', false],
    ])
    expect(await balanceOf(exchange, 'BTC')).toEqual({ free: '3.49850000', locked: '0.00000000' })
    expect(await balanceOf(exchange, 'USDT')).toEqual({ free: '54999.98000000', locked: '0.00000000' })
  })

  it('expires what a market order cannot fill: the ask side holds 10 BTC', async () => {
    const { fake, exchange } = await trading({ balances: funded('0.00000000', '1000000.00000000') })
    const order = await exchange.createOrder(BTC, 'market', 'buy', 12)

    expect(order).toMatchObject({ status: 'expired', filled: 10, remaining: 2 })
    expect(order.trades).toHaveLength(5)
    expect(fake.orders[0]?.status).toBe('EXPIRED')
    // 30000.01 + 1.5 x 30000.02 + 2 x 30000.03 + 2.5 x 30000.04 + 3 x 30000.05
    expect(await balanceOf(exchange, 'USDT')).toEqual({ free: '699999.65000000', locked: '0.00000000' })
    expect(await balanceOf(exchange, 'BTC')).toEqual({ free: '9.99000000', locked: '0.00000000' })
  })

  it('sells at the bid with the fee in USDT', async () => {
    const { exchange } = await trading()
    const order = await exchange.createOrder(BTC, 'market', 'sell', 0.5)

    expect(order).toMatchObject({ status: 'closed', price: 30000, cost: 15000, fee: { currency: 'USDT', cost: 15 } })
    expect(await balanceOf(exchange, 'USDT')).toEqual({ free: '114985.00000000', locked: '0.00000000' })
    expect(await balanceOf(exchange, 'BTC')).toEqual({ free: '1.50000000', locked: '0.00000000' })
  })

  it('spends a quote amount, which is also what ccxt sends for a market buy given a price', async () => {
    const { fake, exchange } = await trading()
    const byCost = await exchange.createMarketBuyOrderWithCost(BTC, 100)
    // 100 / 30000.01 is 0.0033333, cut to the 0.00001 step.
    expect(byCost).toMatchObject({ status: 'closed', filled: 0.00333, cost: 99.9000333 })

    const priced = await exchange.createOrder(BTC, 'market', 'buy', 0.001, 30000)
    expect(priced.filled).toBe(0.00099)
    const [first, second] = sent(fake, 'POST /api/v3/order')
    expect([first?.['quoteOrderQty'], first?.['quantity']]).toEqual(['100', undefined])
    expect([second?.['quoteOrderQty'], second?.['quantity']]).toEqual(['30', undefined])
    expect(fake.orders.map((o) => o.origQuoteOrderQty)).toEqual(['100.00000000', '30.00000000'])
  })

  it('rests a limit buy with its funds locked, then fills it as maker when the quote moves through it', async () => {
    const { fake, exchange } = await trading()
    const placed = await exchange.createOrder(BTC, 'limit', 'buy', 3, 29900)
    expect(placed).toMatchObject({ status: 'open', filled: 0, remaining: 3 })
    expect(await balanceOf(exchange, 'USDT')).toEqual({ free: '10300.00000000', locked: '89700.00000000' })

    // Asks from 29899.99: the levels at or under 29900 hold 2.5 BTC.
    const fills = fake.setQuote('BTCUSDT', { bid: '29899.98', ask: '29899.99', last: '29899.99' })
    expect(fills.map((t) => [t.price, t.qty, t.isMaker])).toEqual([['29900.00000000', '2.50000000', true]])
    const partial = await exchange.fetchOrder(idOf(placed), BTC)
    expect(partial).toMatchObject({ status: 'open', filled: 2.5, remaining: 0.5, info: { status: 'PARTIALLY_FILLED' } })
    expect(await balanceOf(exchange, 'USDT')).toEqual({ free: '10300.00000000', locked: '14950.00000000' })

    fake.setQuote('BTCUSDT', { bid: '29849.99', ask: '29850.00', last: '29850.00' })
    expect(await exchange.fetchOrder(idOf(placed), BTC)).toMatchObject({ status: 'closed', filled: 3, remaining: 0 })
    const trades = await exchange.fetchOrderTrades(idOf(placed), BTC)
    expect(trades.map((t) => [t.order, t.takerOrMaker, t.price, t.amount, t.fee?.cost])).toEqual([
      [placed.id, 'maker', 29900, 2.5, 0.0025],
      [placed.id, 'maker', 29900, 0.5, 0.0005],
    ])
    expect(await balanceOf(exchange, 'USDT')).toEqual({ free: '10300.00000000', locked: '0.00000000' })
    expect(await balanceOf(exchange, 'BTC')).toEqual({ free: '4.99700000', locked: '0.00000000' })
  })

  it('fills what a crossing limit sell reaches at once, and rests the rest with its BTC locked', async () => {
    const { fake, exchange } = await trading()
    const order = await exchange.createOrder(BTC, 'limit', 'sell', 2, 30000)

    expect(order).toMatchObject({ status: 'open', filled: 1, remaining: 1, info: { status: 'PARTIALLY_FILLED' } })
    expect(fake.trades.map((t) => [t.price, t.qty, t.isMaker])).toEqual([['30000.00000000', '1.00000000', false]])
    expect(await balanceOf(exchange, 'BTC')).toEqual({ free: '0.00000000', locked: '1.00000000' })
    expect(await balanceOf(exchange, 'USDT')).toEqual({ free: '129970.00000000', locked: '0.00000000' })
  })

  it('expires the rest of an IOC order, which ccxt reports as expired', async () => {
    const { exchange } = await trading()
    const order = await exchange.createOrder(BTC, 'limit', 'buy', 3, 30000.02, { timeInForce: 'IOC' })

    expect(order).toMatchObject({ status: 'expired', filled: 2.5, remaining: 0.5, info: { status: 'EXPIRED', timeInForce: 'IOC' } })
    // 30000.01 + 1.5 x 30000.02, nothing left locked.
    expect(await balanceOf(exchange, 'USDT')).toEqual({ free: '24999.96000000', locked: '0.00000000' })
  })

  it('fills a FOK order whole or not at all', async () => {
    const { fake, exchange } = await trading()
    const none = await exchange.createOrder(BTC, 'limit', 'buy', 3, 30000.02, { timeInForce: 'FOK' })
    expect(none).toMatchObject({ status: 'expired', filled: 0, remaining: 3 })
    expect(fake.trades).toEqual([])
    expect(await balanceOf(exchange, 'USDT')).toEqual({ free: '100000.00000000', locked: '0.00000000' })

    const all = await exchange.createOrder(BTC, 'limit', 'buy', 2.5, 30000.02, { timeInForce: 'FOK' })
    expect(all).toMatchObject({ status: 'closed', filled: 2.5 })
    expect(await balanceOf(exchange, 'USDT')).toEqual({ free: '24999.96000000', locked: '0.00000000' })
  })

  it('refuses a post-only (LIMIT_MAKER) order that would take, and rests one that would not', async () => {
    const { fake, exchange } = await trading()
    const taking = await failure(exchange.createOrder(BTC, 'limit', 'buy', 0.1, 30000.01, { postOnly: true }))
    expect(taking).toBeInstanceOf(OrderImmediatelyFillable)
    expect(taking.message).toContain('Order would immediately match and take.')
    expect(fake.orders).toEqual([])

    const making = await exchange.createOrder(BTC, 'limit', 'buy', 0.1, 30000, { postOnly: true })
    expect(making).toMatchObject({ status: 'open', postOnly: true, info: { type: 'LIMIT_MAKER' } })
    expect(await balanceOf(exchange, 'USDT')).toEqual({ free: '97000.00000000', locked: '3000.00000000' })
  })

  it('cancels by id, by client order id and all of a symbol, giving the funds back; a second cancel is OrderNotFound', async () => {
    const { fake, exchange } = await trading()
    const a = await exchange.createOrder(BTC, 'limit', 'buy', 0.1, 29000)
    await exchange.createOrder(BTC, 'limit', 'buy', 0.1, 29000, { clientOrderId: 'td-b' })
    await exchange.createOrder('ETH/USDT', 'limit', 'buy', 0.01, 1990)
    exchange.options['fetchOpenOrders'] = { ...exchange.options['fetchOpenOrders'], warnWithoutSymbol: false }
    expect((await exchange.fetchOpenOrders()).map((o) => o.symbol)).toEqual([BTC, BTC, 'ETH/USDT'])

    expect(await exchange.cancelOrder(idOf(a), BTC)).toMatchObject({ id: a.id, status: 'canceled' })
    const again = await failure(exchange.cancelOrder(idOf(a), BTC))
    expect(again).toBeInstanceOf(OrderNotFound)
    expect(again.message).toContain('-2011')

    expect(await exchange.cancelOrder('', BTC, { clientOrderId: 'td-b' })).toMatchObject({ status: 'canceled', info: { origClientOrderId: 'td-b' } })
    expect(sent(fake, 'DELETE /api/v3/order').at(-1)).toMatchObject({ origClientOrderId: 'td-b' })
    expect((await exchange.cancelAllOrders('ETH/USDT')).map((o) => o.status)).toEqual(['canceled'])
    expect(await exchange.fetchOpenOrders()).toEqual([])
    expect(await failure(exchange.cancelAllOrders(BTC))).toBeInstanceOf(OrderNotFound)
    expect(await balanceOf(exchange, 'USDT')).toEqual({ free: '100000.00000000', locked: '0.00000000' })
    expect((await exchange.fetchOrders(BTC)).map((o) => o.status)).toEqual(['canceled', 'canceled'])
  })

  it('finds an order by the client order id ccxt sent as newClientOrderId, asking with origClientOrderId', async () => {
    const { fake, exchange } = await trading()
    const placed = await exchange.createOrder(BTC, 'limit', 'buy', 0.1, 29000, { clientOrderId: 'td-0001' })
    await exchange.createOrder(BTC, 'limit', 'buy', 0.1, 29000)
    const [mine, generated] = sent(fake, 'POST /api/v3/order')
    expect(mine?.['newClientOrderId']).toBe('td-0001')
    // Without one, ccxt makes its own: its broker prefix and 22 hex digits.
    expect(generated?.['newClientOrderId']).toMatch(/^x-TKT5PX2F[0-9a-f]{22}$/)

    const found = await exchange.fetchOrder('', BTC, { clientOrderId: 'td-0001' })
    expect(found).toMatchObject({ id: placed.id, clientOrderId: 'td-0001', status: 'open' })
    expect(sent(fake, 'GET /api/v3/order').at(-1)).toMatchObject({ origClientOrderId: 'td-0001' })
    expect(sent(fake, 'GET /api/v3/order').at(-1)).not.toHaveProperty('orderId')

    const unknown = await failure(exchange.fetchOrder('', BTC, { clientOrderId: 'td-nope' }))
    expect(unknown).toBeInstanceOf(OrderNotFound)
    expect(unknown.message).toContain('Order does not exist.')
    const requests = fake.requests.length
    expect(await failure(exchange.fetchOrder(idOf(placed)))).toBeInstanceOf(ArgumentsRequired)
    expect(fake.requests).toHaveLength(requests)
  })

  it('refuses a client order id already used, leaving the first order and the balances alone', async () => {
    const { fake, exchange } = await trading()
    await exchange.createOrder(BTC, 'limit', 'buy', 0.1, 29000, { clientOrderId: 'td-dup' })
    const duplicate = await failure(exchange.createOrder(BTC, 'limit', 'buy', 0.2, 28000, { clientOrderId: 'td-dup' }))

    expect(duplicate).toBeInstanceOf(InvalidOrder)
    expect(duplicate.message).toContain('{"code":-2010,"msg":"Duplicate order sent."}')
    expect(fake.orders.map((o) => [o.clientOrderId, o.origQty])).toEqual([['td-dup', '0.10000000']])
    expect(await balanceOf(exchange, 'USDT')).toEqual({ free: '97100.00000000', locked: '2900.00000000' })
  })

  const LIMIT = { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC' }
  const refusals: Array<[string, (exchange: binance) => Promise<unknown>, typeof ExchangeError, string]> = [
    ['a notional under 5 USDT', (x) => x.createOrder(BTC, 'limit', 'buy', 0.0001, 29000), BadRequest, '"Filter failure: NOTIONAL"'],
    // ccxt rounds amounts and prices itself, so these go around it to the raw endpoint.
    ['a quantity off the lot step', (x) => x.privatePostOrder({ ...LIMIT, quantity: '0.000015', price: '29000' }), InvalidOrder, '"Filter failure: LOT_SIZE"'],
    ['a price off the tick', (x) => x.privatePostOrder({ ...LIMIT, quantity: '0.01', price: '29000.001' }), InvalidOrder, '"Filter failure: PRICE_FILTER"'],
    ['more than the free USDT', (x) => x.createOrder(BTC, 'limit', 'buy', 4, 29900), InsufficientFunds, 'Account has insufficient balance for requested action.'],
    ['an unknown symbol', (x) => x.createOrder(BTC, 'market', 'buy', 0.001, undefined, { symbol: 'FOOUSDT' }), BadSymbol, '{"code":-1121,"msg":"Invalid symbol."}'],
    ['a missing quantity', (x) => x.privatePostOrder({ ...LIMIT, price: '29000' }), BadRequest, `{"code":-1102,"msg":"Mandatory parameter 'quantity' was not sent`],
    ['a price that is not a number', (x) => x.privatePostOrder({ ...LIMIT, quantity: '0.01', price: 'abc' }), BadRequest, `{"code":-1100,"msg":"Illegal characters found in parameter 'price'`],
    ['quoteOrderQty on a limit', (x) => x.privatePostOrder({ ...LIMIT, quantity: '0.01', price: '29000', quoteOrderQty: '10' }), BadRequest, `{"code":-1106,"msg":"Parameter 'quoteOrderQty' sent when not required."}`],
  ]

  it.each(refusals)('refuses %s with Binance code and message', async (_name, place, errorClass, body) => {
    const { fake, exchange } = await trading()
    const error = await failure(place(exchange))
    expect(error.constructor).toBe(errorClass)
    expect(error.message).toContain(body)
    expect(fake.orders).toEqual([])
    expect(await balanceOf(exchange, 'USDT')).toEqual({ free: '100000.00000000', locked: '0.00000000' })
  })

  it('answers ACK, RESULT and FULL as asked; ccxt reads an ACK as an order with no status and nothing filled', async () => {
    const { exchange } = await trading()
    const market = { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.001' }
    const keys = async (newOrderRespType: string): Promise<string[]> => Object.keys(await exchange.privatePostOrder({ ...market, newOrderRespType }))
    const ack = ['symbol', 'orderId', 'orderListId', 'clientOrderId', 'transactTime']
    const result = [
      ...ack,
      ...['price', 'origQty', 'executedQty', 'origQuoteOrderQty', 'cummulativeQuoteQty', 'status', 'timeInForce', 'type', 'side', 'workingTime', 'selfTradePreventionMode'],
    ]
    expect(await keys('ACK')).toEqual(ack)
    expect(await keys('RESULT')).toEqual(result)
    expect(await keys('FULL')).toEqual([...result, 'fills'])

    // Even of a market order that filled at once.
    exchange.options['newOrderRespType'] = { market: 'ACK' }
    expect(await exchange.createOrder(BTC, 'market', 'buy', 0.001)).toMatchObject({ status: undefined, filled: 0 })
  })

  it('serves an order its own trades (fetchOrderTrades), and the account all of them beside the seeded history', async () => {
    const seeded = seedTrades({ symbol: 'BTCUSDT', count: 6, from: Date.now() - 60_000 })
    const { fake, exchange } = await trading({ trades: seeded })
    const order = await exchange.createOrder(BTC, 'market', 'buy', 1.5)

    const own = await exchange.fetchOrderTrades(idOf(order), BTC)
    expect(own.map((t) => [t.id, t.order, t.price])).toEqual(order.trades.map((t) => [t.id, order.id, t.price]))
    expect(own.map((t) => t.fee)).toEqual([
      { currency: 'BTC', cost: 0.001 },
      { currency: 'BTC', cost: 0.0005 },
    ])
    expect(sent(fake, 'GET /api/v3/myTrades').at(-1)).toMatchObject({ symbol: 'BTCUSDT', orderId: order.id })
    const all = await exchange.fetchMyTrades(BTC)
    expect(all.map((t) => t.id)).toEqual([...seeded.map((t) => String(t.id)), ...own.map((t) => t.id)])
    // New orders are numbered after the seeded ones, so their trades never mix.
    expect(Number(order.id)).toBeGreaterThan(Math.max(...seeded.map((t) => t.orderId)))
  })
})

describe('faults on the fake Binance, as ccxt meets them', () => {
  const refused: Array<[string, BinanceFault | BinanceFault['kind'], typeof ExchangeError | typeof NetworkError, string]> = [
    ['429', 429, DDoSProtection, '"code":-1003'],
    ['418', { kind: 418, retryAfterSeconds: 300 }, DDoSProtection, 'IP banned until'],
    ['502', 502, ExchangeNotAvailable, '502 Bad Gateway <!DOCTYPE HTML'],
    ['503', 503, OperationFailed, '"code":-1008'],
    ['503 -1007', { kind: 503, code: -1007 }, RequestTimeout, 'execution status unknown'],
    ['504', 504, RequestTimeout, '504 Gateway Timeout'],
    ['timeout', 'timeout', RequestTimeout, 'request timed out (1500 ms)'],
    ['drop', 'drop', NetworkError, 'fetch failed'],
  ]

  it.each(refused)('%s: ccxt raises the class it names, and no order is placed', async (_name, fault, errorClass, text) => {
    const { fake, exchange } = await trading()
    fake.failNext(fault, { on: 'POST /api/v3/order' })
    const error = await failure(exchange.createOrder(BTC, 'market', 'buy', 0.01, undefined, { clientOrderId: 'td-f' }))
    expect(error.constructor).toBe(errorClass)
    expect(error.message).toContain(text)
    expect(fake.orders).toEqual([])
    expect(await exchange.fetchOrder('', BTC, { clientOrderId: 'td-f' }).catch((e: unknown) => e)).toBeInstanceOf(OrderNotFound)

    // The fault was for one request: the same order goes through now.
    expect(await exchange.createOrder(BTC, 'market', 'buy', 0.01, undefined, { clientOrderId: 'td-f' })).toMatchObject({ status: 'closed' })
  })

  it("makes -1008 an ExchangeError at the fake's address, unless the client maps errors as at api.binance.com", async () => {
    const { fake, exchange } = await trading()
    const plain = createExchange('binance', { apiKey: KEY, secret: SECRET }, { urls: binanceUrlsAt(fake.url), timeoutMs: 1500 })
    fake.failNext(503, { on: 'GET /api/v3/account', count: 2 })
    expect((await failure(plain.fetchBalance())).constructor).toBe(ExchangeError)
    expect((await failure(exchange.fetchBalance())).constructor).toBe(OperationFailed)
  })

  it('lose-response: the order is placed and filled, ccxt hears nothing, and fetchOrder by client id finds it', async () => {
    const { fake, exchange } = await trading()
    fake.failNext('lose-response', { on: 'POST /api/v3/order' })
    const lost = await failure(exchange.createOrder(BTC, 'market', 'buy', 0.5, undefined, { clientOrderId: 'td-lost' }))
    expect(lost.constructor).toBe(NetworkError)

    expect(await exchange.fetchOrder('', BTC, { clientOrderId: 'td-lost' })).toMatchObject({ status: 'closed', filled: 0.5 })
    expect(await balanceOf(exchange, 'BTC')).toEqual({ free: '2.49950000', locked: '0.00000000' })

    // Held rather than dropped, the same loss is a timeout.
    fake.failNext({ kind: 'lose-response', then: 'hold' }, { on: 'POST /api/v3/order' })
    const held = await failure(exchange.createOrder(BTC, 'limit', 'buy', 0.1, 29000, { clientOrderId: 'td-held' }))
    expect(held.constructor).toBe(RequestTimeout)
    expect(await exchange.fetchOrder('', BTC, { clientOrderId: 'td-held' })).toMatchObject({ status: 'open' })
  })

  it('malformed: the order is placed but ccxt fails outside its error classes, and a malformed balance reads as empty', async () => {
    const { fake, exchange } = await trading()
    fake.failNext('malformed', { on: 'POST /api/v3/order' })
    const garbled = await failure(exchange.createOrder(BTC, 'market', 'buy', 0.01, undefined, { clientOrderId: 'td-garbled' }))
    // ccxt hands the unparsable text to parseOrder, which throws a TypeError.
    expect(garbled).toBeInstanceOf(TypeError)
    expect(garbled).not.toBeInstanceOf(ExchangeError)
    expect(fake.orders.map((o) => [o.clientOrderId, o.status])).toEqual([['td-garbled', 'FILLED']])

    fake.failNext('malformed', { on: 'GET /api/v3/account' })
    const balance = await exchange.fetchBalance()
    expect([balance.free, typeof balance.info]).toEqual([{}, 'string'])
  })

  it('offline: every request fails with NetworkError, a resting order fills meanwhile, and the fill shows after', async () => {
    const { fake, exchange } = await trading()
    const resting = await exchange.createOrder(BTC, 'limit', 'buy', 0.5, 29900, { clientOrderId: 'td-away' })
    fake.offline = true
    expect((await failure(exchange.fetchBalance())).constructor).toBe(NetworkError)
    expect((await failure(exchange.fetchOrder(idOf(resting), BTC))).constructor).toBe(NetworkError)
    const fills = fake.setQuote('BTCUSDT', { bid: '29850.00', ask: '29850.01', last: '29850.00' })
    expect(fills.map((t) => t.qty)).toEqual(['0.50000000'])
    expect(fake.requests.filter((r) => r.path === '/api/v3/account')).toHaveLength(0)

    fake.offline = false
    expect(await exchange.fetchOrder('', BTC, { clientOrderId: 'td-away' })).toMatchObject({ status: 'closed', filled: 0.5 })
    expect(await balanceOf(exchange, 'BTC')).toEqual({ free: '2.49950000', locked: '0.00000000' })
  })

  it('meets only the requests a fault names, as many as asked, until cleared; rateLimitNext still answers 429', async () => {
    const { fake, exchange } = await trading()
    fake.failNext(503, { on: 'POST /api/v3/order', count: 2 })
    await exchange.fetchBalance()
    for (const n of [1, 2]) expect((await failure(exchange.createOrder(BTC, 'market', 'buy', 0.01))).constructor, `order ${n}`).toBe(OperationFailed)
    expect(await exchange.createOrder(BTC, 'market', 'buy', 0.01)).toMatchObject({ status: 'closed' })

    fake.failNext('drop', { count: Infinity })
    expect((await failure(exchange.fetchBalance())).constructor).toBe(NetworkError)
    expect((await failure(exchange.fetchOpenOrders(BTC))).constructor).toBe(NetworkError)
    fake.clearFaults()
    expect(await exchange.fetchOpenOrders(BTC)).toEqual([])

    fake.rateLimitNext(1, 7)
    expect((await failure(exchange.fetchTicker(BTC))).constructor).toBe(DDoSProtection)
    expect(fake.requests.at(-1)).toMatchObject({ path: '/api/v3/ticker/24hr', status: 429, fault: 'reply' })
    expect((await exchange.fetchTicker(BTC)).bid).toBe(30000)
    expect(fake.requests.map((r) => r.fault ?? '-').filter((f) => f !== '-')).toEqual(['reply', 'reply', 'drop', 'drop', 'reply'])
  })

  it("refuses orders from a key that may not trade: AuthenticationError, but DDoSProtection once ccxt has authenticated", async () => {
    const { fake, exchange } = await trading({ restrictions: READ_ONLY_RESTRICTIONS })
    const first = await failure(exchange.createOrder(BTC, 'market', 'buy', 0.01))
    expect(first.constructor).toBe(AuthenticationError)
    await exchange.fetchBalance()
    // ccxt reads -2015 after a successful signed call as a temporary ban.
    expect((await failure(exchange.createOrder(BTC, 'market', 'buy', 0.01))).constructor).toBe(DDoSProtection)
    expect(fake.orders).toEqual([])
  })
})
