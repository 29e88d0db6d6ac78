import { BadResponse, DuplicateOrderId, ExchangeError, InvalidNonce, OrderNotFound, RateLimitExceeded, DDoSProtection, type Exchange, type Order as CcxtOrder, type Trade as CcxtTrade } from 'ccxt'
import type { ExchangeVenue } from '../../../shared/domain/exchanges'
import type { VenueHealth } from '../../../shared/domain/live'
import { atoms, atomsOf, formatAtoms, type Atoms } from '../../../shared/trading/money'
import type { ExecutionVenue, PlaceOutcome, VenueAssetBalance, VenueOrderRequest, VenueOrderState, VenueOrderStatus, VenueTrade } from '../../engine/live/execution-venue'
import { retryAfterMs, toAppError } from './ccxt-errors'
import type { VenueGuard} from './venue-guard';
import { VenuePaused } from './venue-guard'

/** Added to an exchange's own request validity for clock differences and the time in flight. */
const CLOCK_SLACK_MS = 5_000
/** Exchanges whose ccxt class names no recvWindow: OKX and KuCoin refuse requests more than ~30 s old. */
const DEFAULT_VALIDITY_MS = 30_000

/**
 * An exchange account as the live engine sees it, through ccxt: orders placed with the
 * client order id the ledger stored first, looked up by it, trades with their fees, balances.
 * ccxt's floats become exact atoms here, once; every request goes through the venue's guard.
 */
export class CcxtVenue implements ExecutionVenue {
  readonly acceptanceWindowMs: number
  private markets: Promise<unknown> | undefined

  constructor(
    readonly venue: ExchangeVenue,
    private readonly exchange: Exchange,
    private readonly guard: VenueGuard,
  ) {
    const recvWindow = Number((exchange.options as Record<string, unknown>)['recvWindow'])
    this.acceptanceWindowMs = (Number.isFinite(recvWindow) && recvWindow > 0 ? recvWindow + 1_000 : DEFAULT_VALIDITY_MS) + CLOCK_SLACK_MS
  }

  get name(): string {
    return this.guard.name
  }

  precisionProblem(order: VenueOrderRequest): string | undefined {
    const market = this.exchange.markets?.[order.symbol]
    if (market === undefined) return undefined
    const amount = formatAtoms(order.amount)
    const sent = this.exchange.amountToPrecision(order.symbol, amount)
    if (Number(sent) !== Number(amount)) return `${this.name} would send the amount ${amount} as ${sent} (its step for ${order.symbol}); use an amount on the step.`
    if (order.price !== undefined) {
      const price = formatAtoms(order.price)
      const priced = this.exchange.priceToPrecision(order.symbol, price)
      if (Number(priced) !== Number(price)) return `${this.name} would send the price ${price} as ${priced} (its tick for ${order.symbol}); use a price on the tick.`
    }
    return undefined
  }

  async place(order: VenueOrderRequest): Promise<PlaceOutcome> {
    const params: Record<string, unknown> = { clientOrderId: order.clientOrderId }
    if (order.type === 'limit') {
      if (order.timeInForce === 'PO') params['postOnly'] = true
      else params['timeInForce'] = order.timeInForce
    }
    try {
      await this.loaded()
      const placed = await this.request(() =>
        this.exchange.createOrder(order.symbol, order.type, order.side, Number(formatAtoms(order.amount)), order.price === undefined ? undefined : Number(formatAtoms(order.price)), params),
      )
      return { outcome: 'accepted', order: this.stateOf(placed, order.symbol, order.clientOrderId) }
    } catch (error) {
      if (isDefinitelyRefused(error)) return { outcome: 'refused', message: this.explain(error, 'place the order') }
      return { outcome: 'unknown', message: this.explain(error, 'confirm the order') }
    }
  }

  async find(symbol: string, clientOrderId: string): Promise<VenueOrderState | undefined> {
    await this.loaded()
    try {
      const found = await this.request(() => this.exchange.fetchOrder('', symbol, { clientOrderId }))
      return this.stateOf(found, symbol, clientOrderId)
    } catch (error) {
      if (error instanceof OrderNotFound) return undefined
      throw error
    }
  }

  async cancel(symbol: string, venueOrderId: string): Promise<VenueOrderState | undefined> {
    await this.loaded()
    try {
      const canceled = await this.request(() => this.exchange.cancelOrder(venueOrderId, symbol))
      return this.stateOf(canceled, symbol, canceled.clientOrderId ?? '')
    } catch (error) {
      if (error instanceof OrderNotFound) return undefined
      throw error
    }
  }

  async trades(symbol: string, venueOrderId: string): Promise<VenueTrade[]> {
    await this.loaded()
    const trades = await this.request(() =>
      this.exchange.fetchOrderTrades(venueOrderId, symbol).then((list) => readable(list, list.every((t) => typeof t.id === 'string' && typeof t.price === 'number' && typeof t.amount === 'number'))),
    )
    return trades.map((t) => tradeOf(t, venueOrderId))
  }

  async openOrders(): Promise<VenueOrderState[]> {
    await this.loaded()
    const open = await this.request(() => this.exchange.fetchOpenOrders().then((orders) => readable(orders, orders.every((o) => isRecord(o.info) && typeof o.id === 'string' && typeof o.symbol === 'string'))))
    return open.map((o) => this.stateOf(o, o.symbol ?? '', o.clientOrderId ?? ''))
  }

  async balances(): Promise<VenueAssetBalance[]> {
    // ccxt turns an unreadable body into an empty balance; that must not read as "holds nothing".
    const balance = await this.request(() => this.exchange.fetchBalance().then((b) => readable(b, isRecord(b.info))))
    const totals = (balance.total ?? {}) as unknown as Record<string, number | undefined>
    const free = (balance.free ?? {}) as unknown as Record<string, number | undefined>
    const used = (balance.used ?? {}) as unknown as Record<string, number | undefined>
    return Object.keys(totals)
      .sort()
      .map((asset) => ({ asset, free: exact(free[asset]), used: exact(used[asset]), total: exact(totals[asset]) }))
  }

  pausedFor(): string | undefined {
    return this.guard.pausedFor()
  }

  /** Every request goes through the venue's guard, which also reads the Retry-After the exchange sent. */
  private request<T>(call: () => Promise<T>): Promise<T> {
    return this.guard.call(call, () => retryAfterMs(this.exchange))
  }

  health(): VenueHealth {
    return this.guard.health()
  }

  /** ccxt needs the exchange's markets before it can trade; a failed load is tried again next time. */
  private loaded(): Promise<unknown> {
    this.markets ??= this.request(() => this.exchange.loadMarkets()).catch((error: unknown) => {
      this.markets = undefined
      throw error
    })
    return this.markets
  }

  private stateOf(order: CcxtOrder, symbol: string, clientOrderId: string): VenueOrderState {
    const filled = exact(order.filled)
    return { venueOrderId: String(order.id), clientOrderId: order.clientOrderId ?? clientOrderId, symbol, status: statusOf(order.status, filled, exact(order.amount)), filled }
  }

  private explain(error: unknown, doing: string): string {
    if (error instanceof VenuePaused) return error.message
    return toAppError(error, this.exchange, doing).message
  }
}

const isRecord = (value: unknown): boolean => typeof value === 'object' && value !== null && !Array.isArray(value)

/** ccxt parses a garbled body into something shaped like an answer: refuse it as what it is. */
function readable<T>(value: T, ok: boolean): T {
  if (!ok) throw new BadResponse('the exchange answered with something that is not its API\'s reply')
  return value
}

/**
 * Whether the exchange certainly did not take the order: it answered with a refusal (a bad
 * order, no funds, a refused key, a stale timestamp, a rate limit), or the guard held it
 * back. A duplicate client id means an order with it exists: settled by looking it up.
 */
function isDefinitelyRefused(error: unknown): boolean {
  if (error instanceof VenuePaused) return true
  if (error instanceof DuplicateOrderId) return false
  if (error instanceof RateLimitExceeded || error instanceof DDoSProtection || error instanceof InvalidNonce) return true
  if (error instanceof BadResponse) return false
  return error instanceof ExchangeError
}

/** ccxt's unified status: 'closed' is filled; an open order with fills is partially filled. */
function statusOf(status: string | undefined, filled: Atoms, amount: Atoms): VenueOrderStatus {
  switch (status) {
    case 'closed':
      return 'filled'
    case 'canceled':
      return 'canceled'
    case 'expired':
      return 'expired'
    case 'rejected':
      return 'rejected'
    default:
      return filled > 0n && filled < amount ? 'partially_filled' : filled > 0n && filled === amount ? 'filled' : 'open'
  }
}

function tradeOf(t: CcxtTrade, venueOrderId: string): VenueTrade {
  return {
    tradeId: String(t.id),
    venueOrderId: t.order === undefined ? venueOrderId : String(t.order),
    price: exact(t.price),
    amount: exact(t.amount),
    fee: { asset: t.fee?.currency ?? '', amount: exact(t.fee?.cost) },
    liquidity: t.takerOrMaker === 'maker' ? 'maker' : 'taker',
    ts: t.timestamp ?? 0,
  }
}

/** ccxt's number (parsed from the exchange's decimal string) back to exact atoms; absent is zero. */
function exact(value: number | string | undefined | null): Atoms {
  if (value === undefined || value === null) return 0n
  return typeof value === 'string' ? atoms(value) : atomsOf(value)
}
