import {
  COMMISSION_RATE,
  affordable,
  bookLevels,
  minOf,
  rejected,
  sum,
  times,
  toUnits,
  units,
  type BinanceBalance,
  type BinanceQuote,
  type BinanceTrade,
  type Level,
  type SymbolSpec,
} from './fake-binance-protocol'

/**
 * The fake Binance's matching engine for one account: orders take liquidity from the book
 * GET /api/v3/depth shows (level by level, each at its own price), rest as maker until a
 * new quote crosses them, and move the account's balances exactly: a resting order holds
 * its funds in `locked`, every fill pays 0.1% commission in the asset received (no BNB
 * discount), and each fill becomes a trade of GET /api/v3/myTrades. The account's own
 * orders never trade with each other.
 */

export type Side = 'BUY' | 'SELL'
export type OrderType = 'LIMIT' | 'MARKET' | 'LIMIT_MAKER'
export type TimeInForce = 'GTC' | 'IOC' | 'FOK'
export type OrderStatus = 'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED' | 'EXPIRED'

/** A new order that passed its parameter and filter checks. */
export interface OrderRequest {
  spec: SymbolSpec
  side: Side
  type: OrderType
  timeInForce: TimeInForce
  /** The limit price; 0 for a MARKET order. */
  price: bigint
  /** Base quantity; undefined for a MARKET order by quoteOrderQty. */
  quantity: bigint | undefined
  quoteOrderQty: bigint | undefined
  clientOrderId: string
  selfTradePreventionMode: string
}

export interface OrderRecord {
  readonly spec: SymbolSpec
  readonly orderId: number
  readonly clientOrderId: string
  readonly side: Side
  readonly type: OrderType
  readonly timeInForce: TimeInForce
  readonly price: bigint
  /** For a MARKET order by quoteOrderQty, the quantity it came to. */
  origQty: bigint
  readonly origQuoteOrderQty: bigint
  executedQty: bigint
  cummulativeQuoteQty: bigint
  status: OrderStatus
  readonly time: number
  updateTime: number
  readonly selfTradePreventionMode: string
  /** What of the account's `locked` balance this order still holds. */
  locked: bigint
}

/** The account state the engine moves: the fake's own (a test may replace either). */
export interface AccountState {
  balances: BinanceBalance[]
  quotes: Record<string, BinanceQuote>
}

const OPEN: readonly OrderStatus[] = ['NEW', 'PARTIALLY_FILLED']
export const isOpen = (order: OrderRecord): boolean => OPEN.includes(order.status)

export class SpotMatchingEngine {
  readonly orders: OrderRecord[] = []
  readonly trades: BinanceTrade[]
  private nextOrderId: number
  private nextTradeId: number

  constructor(
    private readonly account: AccountState,
    seeded: readonly BinanceTrade[],
  ) {
    this.trades = [...seeded].sort(byTimeThenId)
    this.nextOrderId = Math.max(0, ...seeded.map((t) => t.orderId)) + 1
    this.nextTradeId = Math.max(0, ...seeded.map((t) => t.id)) + 1
  }

  /** Places an order: takes what crosses now, then rests, expires or fills, as its type says. */
  submit(request: OrderRequest, now: number): { order: OrderRecord; fills: BinanceTrade[] } {
    // Binance refuses an id in use by an open or recent order; here every order this fake made counts as recent.
    if (this.orders.some((o) => o.clientOrderId === request.clientOrderId)) throw rejected(-2010, 'Duplicate order sent.')
    const book = this.opposite(request.spec, request.side)
    const crosses = crossing(request.side, request.type === 'MARKET' ? undefined : request.price)
    if (request.type === 'LIMIT_MAKER' && book[0] !== undefined && crosses(book[0].price)) throw rejected(-2010, 'Order would immediately match and take.')
    const plan = request.type === 'LIMIT_MAKER' ? { fills: [], complete: false } : takerPlan(request, book, crosses)
    this.checkFunds(request, plan.fills)
    const order = this.record(request, now)
    const fills = plan.fills.map((level) => this.fill(order, level, false, now))
    this.settle(order, plan.complete)
    return { order, fills }
  }

  cancel(order: OrderRecord, now: number): void {
    this.release(order)
    order.status = 'CANCELED'
    order.updateTime = now
  }

  /** A new quote on `symbol`: resting orders it crosses fill as maker at their own price, best price first, then oldest. */
  requote(spec: SymbolSpec, now: number): BinanceTrade[] {
    const fills: BinanceTrade[] = []
    for (const side of ['BUY', 'SELL'] as const) {
      const book = this.opposite(spec, side)
      for (const order of this.resting(spec, side)) {
        const taken = sum(take(book, order.origQty - order.executedQty, crossing(side, order.price)).map((l) => l.qty))
        if (taken > 0n) fills.push(this.fill(order, { price: order.price, qty: taken }, true, now))
        if (order.executedQty === order.origQty) this.finish(order, 'FILLED')
        else if (taken > 0n) order.status = 'PARTIALLY_FILLED'
      }
    }
    return fills
  }

  /** The price Binance's filters compare with (its average price; here the last trade). */
  averagePrice(spec: SymbolSpec): bigint | undefined {
    const quote = this.account.quotes[spec.symbol]
    return quote === undefined ? undefined : toUnits(quote.last)
  }

  open(symbol?: string): OrderRecord[] {
    return this.orders.filter((o) => isOpen(o) && (symbol === undefined || o.spec.symbol === symbol))
  }

  /** The book levels an order on `side` takes from (asks for a buy), each a copy a walk may use up. */
  private opposite(spec: SymbolSpec, side: Side): Level[] {
    const quote = this.account.quotes[spec.symbol]
    if (quote === undefined) return []
    const { bids, asks } = bookLevels(spec, quote)
    return side === 'BUY' ? asks : bids
  }

  private resting(spec: SymbolSpec, side: Side): OrderRecord[] {
    const better = (a: OrderRecord, b: OrderRecord): number => (side === 'BUY' ? Number(b.price - a.price) : Number(a.price - b.price)) || a.orderId - b.orderId
    return this.open(spec.symbol)
      .filter((o) => o.side === side)
      .sort(better)
  }

  /** Binance checks the whole order against the free balance up front (a limit buy at its limit price). */
  private checkFunds(request: OrderRequest, fills: readonly Level[]): void {
    const { spec, side, type, price, quantity, quoteOrderQty } = request
    const walked = side === 'BUY' ? sum(fills.map((l) => times(l.price, l.qty))) : sum(fills.map((l) => l.qty))
    const needed = side === 'SELL' ? (quantity ?? walked) : type === 'MARKET' ? (quoteOrderQty ?? walked) : times(price, quantity ?? 0n)
    if (this.free(side === 'BUY' ? spec.quoteAsset : spec.baseAsset) < needed) throw rejected(-2010, 'Account has insufficient balance for requested action.')
  }

  private record(request: OrderRequest, now: number): OrderRecord {
    const { spec, side, type, timeInForce, price, clientOrderId, selfTradePreventionMode } = request
    const order: OrderRecord = {
      spec,
      orderId: this.nextOrderId++,
      clientOrderId,
      side,
      type,
      timeInForce,
      price,
      origQty: request.quantity ?? 0n,
      origQuoteOrderQty: request.quoteOrderQty ?? 0n,
      executedQty: 0n,
      cummulativeQuoteQty: 0n,
      status: 'NEW',
      time: now,
      updateTime: now,
      selfTradePreventionMode,
      locked: 0n,
    }
    this.orders.push(order)
    return order
  }

  /** One trade: the order gives quote (a buy) or base (a sell), and receives the other less commission. */
  private fill(order: OrderRecord, { price, qty }: Level, isMaker: boolean, now: number): BinanceTrade {
    const { baseAsset, quoteAsset } = order.spec
    const quoteQty = times(price, qty)
    const [givenAsset, given, receivedAsset, received] = order.side === 'BUY' ? [quoteAsset, quoteQty, baseAsset, qty] : [baseAsset, qty, quoteAsset, quoteQty]
    const commission = times(received, COMMISSION_RATE)
    const fromLocked = isMaker ? minOf(order.locked, given) : 0n
    order.locked -= fromLocked
    this.move(givenAsset, fromLocked - given, -fromLocked)
    this.move(receivedAsset, received - commission, 0n)
    order.executedQty += qty
    order.cummulativeQuoteQty += quoteQty
    order.updateTime = now
    const trade: BinanceTrade = {
      symbol: order.spec.symbol,
      id: this.nextTradeId++,
      orderId: order.orderId,
      orderListId: -1,
      price: units(price),
      qty: units(qty),
      quoteQty: units(quoteQty),
      commission: units(commission),
      commissionAsset: receivedAsset,
      time: now,
      isBuyer: order.side === 'BUY',
      isMaker,
      isBestMatch: true,
    }
    this.trades.push(trade)
    this.trades.sort(byTimeThenId)
    return trade
  }

  /** After the taker part: filled, expired (MARKET, IOC, FOK) or resting with its remainder locked. */
  private settle(order: OrderRecord, complete: boolean): void {
    if (order.origQuoteOrderQty > 0n) order.origQty = order.executedQty
    const filled = order.origQuoteOrderQty > 0n ? complete : order.executedQty === order.origQty
    if (filled) return this.finish(order, 'FILLED')
    if (order.type === 'MARKET' || order.timeInForce !== 'GTC') return this.finish(order, 'EXPIRED')
    const remaining = order.origQty - order.executedQty
    const [asset, amount] = order.side === 'BUY' ? [order.spec.quoteAsset, times(order.price, remaining)] : [order.spec.baseAsset, remaining]
    this.move(asset, -amount, amount)
    order.locked = amount
    order.status = order.executedQty > 0n ? 'PARTIALLY_FILLED' : 'NEW'
  }

  private finish(order: OrderRecord, status: OrderStatus): void {
    this.release(order)
    order.status = status
  }

  /** Gives back what the order still holds (rounding can leave a unit after its last fill). */
  private release(order: OrderRecord): void {
    const asset = order.side === 'BUY' ? order.spec.quoteAsset : order.spec.baseAsset
    this.move(asset, order.locked, -order.locked)
    order.locked = 0n
  }

  private free(asset: string): bigint {
    const balance = this.account.balances.find((b) => b.asset === asset)
    return balance === undefined ? 0n : toUnits(balance.free)
  }

  private move(asset: string, free: bigint, locked: bigint): void {
    if (free === 0n && locked === 0n) return
    const balances = this.account.balances
    const current = balances.find((b) => b.asset === asset) ?? { asset, free: '0.00000000', locked: '0.00000000' }
    const next = { asset, free: units(toUnits(current.free) + free), locked: units(toUnits(current.locked) + locked) }
    this.account.balances = balances.includes(current) ? balances.map((b) => (b === current ? next : b)) : [...balances, next]
  }
}

/** Whether a book level at `price` trades with an order on `side` limited at `limit` (any level, for a market order). */
function crossing(side: Side, limit: bigint | undefined): (price: bigint) => boolean {
  if (limit === undefined) return () => true
  return side === 'BUY' ? (price) => price <= limit : (price) => price >= limit
}

/** What an order takes now: level by level, FOK all or nothing; `complete` says a quote-sized MARKET order spent what it could. */
function takerPlan(request: OrderRequest, book: Level[], crosses: (price: bigint) => boolean): { fills: Level[]; complete: boolean } {
  if (request.quantity === undefined) {
    if (book.length === 0) throw rejected(-2010, 'Order book liquidity is less than symbol minimum quantity.')
    return spend(book, request.quoteOrderQty ?? 0n, toUnits(request.spec.stepSize))
  }
  const fills = take(book, request.quantity, crosses)
  const all = sum(fills.map((l) => l.qty)) === request.quantity
  return { fills: request.timeInForce === 'FOK' && !all ? [] : fills, complete: all }
}

/** Takes up to `wanted` from the crossing levels, best first, using up what it takes. */
function take(book: Level[], wanted: bigint, crosses: (price: bigint) => boolean): Level[] {
  const fills: Level[] = []
  let remaining = wanted
  for (const level of book) {
    if (remaining === 0n || !crosses(level.price)) break
    const qty = minOf(level.qty, remaining)
    if (qty === 0n) continue
    level.qty -= qty
    remaining -= qty
    fills.push({ price: level.price, qty })
  }
  return fills
}

/** A MARKET order by quoteOrderQty: as many steps as the budget buys (or sells for) level by level. */
function spend(book: Level[], budget: bigint, step: bigint): { fills: Level[]; complete: boolean } {
  const fills: Level[] = []
  let left = budget
  for (const level of book) {
    const qty = minOf(level.qty, affordable(left, level.price, step))
    if (qty === 0n) return { fills, complete: true }
    fills.push({ price: level.price, qty })
    left -= times(level.price, qty)
  }
  // The book ran out: complete only if what is left would not have bought another step anyway.
  const last = book.at(-1)
  return { fills, complete: last !== undefined && affordable(left, last.price, step) === 0n }
}

function byTimeThenId(a: BinanceTrade, b: BinanceTrade): number {
  return a.time - b.time || a.id - b.id
}
