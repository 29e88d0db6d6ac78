import { AppError } from '../../../shared/contract'
import type { Instrument } from '../../../shared/domain/market'
import type { Order, OrderSide, OrderType, TimeInForce } from '../../../shared/domain/trading'
import { initialMargin, maxLeverageFor, notional, tradingFee } from '../../../shared/trading/margin'
import { atoms, formatAtoms, type Atoms } from '../../../shared/trading/money'
import { toOrder, type OrderRow } from '../../ledger/repos/order-repo'
import type { PositionRow } from '../../ledger/repos/position-repo'
import { checkAgainstInstrument, checkBracket, checkShape, checkTrigger, reject, trailingTrigger, type OrderRequest } from './order-rules'
import { Execution } from './execution'
import { midpoint, sideOf, type AccountState, type Quote } from './exchange-state'

export interface PlaceOrderParams {
  accountId: number
  clientOrderId?: string
  symbol: string
  side: OrderSide
  type: OrderType
  amount: string
  price?: string
  triggerPrice?: string
  timeInForce?: TimeInForce
  reduceOnly?: boolean
  leverage?: number
  stopLoss?: string
  takeProfit?: string
  triggerBy?: 'last' | 'mark'
  trailingDistance?: string
  trailingPercent?: string
}

/** An order that passed every check, with what its execution needs to know. */
export interface VettedOrder {
  request: OrderRequest
  instrument: Instrument
  quote: Quote
  /** The best price a taker order of its side meets now. */
  takerPrice: Atoms
  /** The price its trigger watches now (last or mark). */
  watched: Atoms
  leverage: number
  /** It trades on arrival (a market order, or a limit through the book). */
  crosses: boolean
}

/** The contract's decimal strings as the engine's order request, with its defaults. */
export function orderRequestOf(params: PlaceOrderParams): OrderRequest {
  const optional = (value: string | undefined) => (value === undefined ? undefined : atoms(value))
  return {
    symbol: params.symbol,
    side: params.side,
    type: params.type,
    amount: atoms(params.amount),
    price: optional(params.price),
    triggerPrice: optional(params.triggerPrice),
    timeInForce: params.timeInForce ?? (params.type === 'market' ? 'IOC' : 'GTC'),
    reduceOnly: params.reduceOnly ?? false,
    stopLoss: optional(params.stopLoss),
    takeProfit: optional(params.takeProfit),
    triggerBy: params.triggerBy ?? 'last',
    trailingDistance: optional(params.trailingDistance),
    trailingPercent: optional(params.trailingPercent),
  }
}

/**
 * The checks an order passes before anything executes it, the same for paper and live
 * accounts (so both refuse in the same words): its shape, the instrument's tick, step and
 * minimums, triggers and brackets, positions, leverage and its tiers, risk limits and halts,
 * margin or balance. A refusal throws before anything is written.
 */
export class OrderChecks extends Execution {
  /** The first order of a re-sent client order id (CONFLICT when its parameters differ), or undefined for a new id. */
  protected resentOrder(account: AccountState, clientOrderId: string | undefined, request: OrderRequest, leverage: number | undefined): Order | undefined {
    if (clientOrderId === undefined) return undefined
    const existing = this.orders.byClientId(account.row.id, clientOrderId)
    return existing === undefined ? undefined : this.resent(existing, request, leverage)
  }

  /** Runs every check on a new order of `account`; a trailing stop's first trigger is set on `request`. */
  protected vetOrder(account: AccountState, request: OrderRequest, askedLeverage: number | undefined): VettedOrder {
    const { instrument } = this.tradable(request.symbol)
    checkShape(request)
    const quote = this.quote(request.symbol)
    const takerPrice = request.side === 'buy' ? quote.ask : quote.bid
    const watched = request.triggerBy === 'mark' ? midpoint(quote) : quote.last
    if (request.type === 'trailing_stop_market') {
      request.triggerPrice = trailingTrigger(request.side, watched, request.trailingDistance, request.trailingPercent, atoms(instrument.tickSize))
    }
    const price = request.price ?? request.triggerPrice ?? takerPrice
    checkAgainstInstrument(request, instrument, price)
    checkTrigger(request, watched)
    checkBracket(request, price)
    const position = account.positions.get(request.symbol)
    const leverage = this.leverageFor(account, instrument, position, askedLeverage)
    this.checkPosition(account, request, position)
    this.checkRisk(account, request, position, price)
    this.checkTierLeverage(request, position, leverage, price)
    this.checkMargin(account, instrument, request, position, leverage, price)
    const crosses = request.type === 'market' || (request.type === 'limit' && (request.side === 'buy' ? request.price! >= quote.ask : request.price! <= quote.bid))
    if (request.timeInForce === 'PO' && crosses) {
      reject('post_only_cross', `Post-only: a ${request.side} at ${formatAtoms(request.price!)} would trade at once against ${formatAtoms(takerPrice)}.`)
    }
    return { request, instrument, quote, takerPrice, watched, leverage, crosses }
  }

  private resent(existing: OrderRow, request: OrderRequest, leverage: number | undefined): Order {
    const same =
      existing.symbol === request.symbol &&
      existing.side === request.side &&
      existing.type === request.type &&
      existing.amount === request.amount &&
      existing.price === request.price &&
      // A trailing stop's trigger was computed when it was placed; its distance identifies it.
      (existing.type === 'trailing_stop_market' || existing.triggerPrice === request.triggerPrice) &&
      existing.timeInForce === request.timeInForce &&
      existing.reduceOnly === request.reduceOnly &&
      existing.stopLoss === request.stopLoss &&
      existing.triggerBy === request.triggerBy &&
      existing.trailingDistance === request.trailingDistance &&
      existing.trailingPercent === request.trailingPercent &&
      existing.takeProfit === request.takeProfit &&
      (leverage === undefined || leverage === existing.leverage)
    if (!same) {
      throw new AppError('CONFLICT', `Client order id "${existing.clientOrderId}" was already used for a different order (${existing.id}).`, {
        orderId: existing.id,
      })
    }
    return toOrder(existing)
  }

  private leverageFor(account: AccountState, instrument: Instrument, position: PositionRow | undefined, asked: number | undefined): number {
    if (instrument.type === 'spot') {
      if (asked !== undefined && asked !== 1) reject('spot_leverage', `${instrument.symbol} is spot: it trades without leverage (use the perpetual for leverage).`)
      return 1
    }
    const limit = Math.min(account.row.maxLeverage, instrument.maxLeverage)
    if (asked !== undefined && asked > limit) {
      const which = asked > instrument.maxLeverage ? `${instrument.symbol}'s maximum of ${instrument.maxLeverage}x` : `this account's limit of ${account.row.maxLeverage}x`
      reject('max_leverage', `Leverage ${asked}x is above ${which}.`, { maximum: limit })
    }
    if (position !== undefined) {
      if (asked !== undefined && asked !== position.leverage) {
        reject('leverage_locked', `The open ${position.symbol} position uses ${position.leverage}x; leverage cannot change while it is open.`)
      }
      return position.leverage
    }
    return asked ?? limit
  }

  protected checkPosition(account: AccountState, request: OrderRequest, position: PositionRow | undefined): void {
    if (this.tradable(request.symbol).instrument.type === 'spot') {
      if (request.reduceOnly) reject('spot_reduce_only', 'Reduce-only applies to perpetuals; on spot, a sell simply sells what you hold.')
      if (request.side === 'sell' && (request.stopLoss !== undefined || request.takeProfit !== undefined)) {
        reject('spot_brackets', 'On spot, an attached stop-loss and take-profit protect a buy (they sell what it bought); for a sell, place a buy stop separately.')
      }
      return
    }
    const reduces = position !== undefined && position.side !== sideOf(request.side)
    if (request.reduceOnly) {
      if (!reduces) reject('reduce_only_increase', `Reduce-only: there is no ${request.side === 'buy' ? 'short' : 'long'} ${request.symbol} position for this order to reduce.`)
      if (request.amount > position!.amount) {
        reject('reduce_only_size', `Reduce-only: ${formatAtoms(request.amount)} is more than the open position of ${formatAtoms(position!.amount)}.`)
      }
      return
    }
    const opensNew = position === undefined || (reduces && request.amount > position.amount)
    if (position === undefined && opensNew && account.positions.size >= account.row.maxOpenPositions) {
      reject('max_positions', `"${account.row.name}" already has ${account.positions.size} open positions, its limit.`, {
        maximum: account.row.maxOpenPositions,
      })
    }
  }

  /** As on Binance, a larger position allows less leverage: the tier of its notional sets the cap. */
  private checkTierLeverage(request: OrderRequest, position: PositionRow | undefined, leverage: number, price: Atoms): void {
    const { instrument, tiers } = this.tradable(request.symbol)
    if (instrument.type !== 'swap' || request.reduceOnly) return
    const current = position === undefined ? 0n : position.side === 'long' ? position.amount : -position.amount
    const after = current + (request.side === 'buy' ? request.amount : -request.amount)
    if (after === 0n) return
    const value = notional(price, after < 0n ? -after : after)
    const allowed = maxLeverageFor(tiers, value)
    if (leverage > allowed) {
      reject(
        'tier_leverage',
        `A ${request.symbol} position worth ${formatAtoms(value)} ${instrument.quote} allows at most ${allowed}x; lower the leverage or the size.`,
        { maximum: allowed },
      )
    }
  }

  /** Halts, breaker modes and the position-notional limit. */
  protected checkRisk(account: AccountState, request: OrderRequest, position: PositionRow | undefined, price: Atoms): void {
    const { row } = account
    const spot = this.tradable(request.symbol).instrument
    const held = spot.type === 'spot' ? (account.holdings.get(spot.base) ?? 0n) : 0n
    const reduces =
      spot.type === 'spot'
        ? request.side === 'sell'
        : position !== undefined && position.side !== sideOf(request.side) && request.amount <= position.amount
    if (row.halt !== undefined) {
      const onlyReduceOnly = row.halt.by === 'kill_switch' || row.breakerMode !== 'block_entries'
      // A spot sell only reduces what is held, so it passes wherever reduce-only orders do.
      const spotSell = spot.type === 'spot' && request.side === 'sell'
      const allowed = onlyReduceOnly ? request.reduceOnly || spotSell : request.reduceOnly || reduces
      if (!allowed) {
        const what = row.halt.by === 'kill_switch' ? 'the kill switch' : 'the circuit breaker'
        const only = onlyReduceOnly ? 'reduce-only orders' : 'orders that reduce a position'
        reject('trading_halted', `Trading is halted by ${what} (${row.halt.reason}); only ${only} are accepted until you resume.`)
      }
    }
    if (row.maxPositionNotional !== undefined && !request.reduceOnly && !reduces) {
      const current = spot.type === 'spot' ? held : position === undefined ? 0n : position.side === 'long' ? position.amount : -position.amount
      const signed = current + (request.side === 'buy' ? request.amount : -request.amount)
      const after = notional(price, signed < 0n ? -signed : signed)
      if (after > row.maxPositionNotional) {
        reject(
          'max_position_notional',
          `The ${request.symbol} position would be worth ${formatAtoms(after)} ${row.quote}, above this account's limit of ${formatAtoms(row.maxPositionNotional)}.`,
        )
      }
    }
  }

  /** `amending` is the working order being changed: what it holds now is available to it. */
  protected checkMargin(
    account: AccountState,
    instrument: Instrument,
    request: OrderRequest,
    position: PositionRow | undefined,
    leverage: number,
    price: Atoms,
    amending?: OrderRow,
  ): void {
    if (request.reduceOnly) return
    if (instrument.type === 'spot' && request.side === 'sell') {
      const own = amending === undefined ? 0n : amending.amount - amending.filled
      const free = this.freeHolding(account, instrument.base) + own
      if (request.amount > free) {
        reject('insufficient_balance', `Not enough ${instrument.base}: selling ${formatAtoms(request.amount)} needs that much, ${formatAtoms(free)} is free.`, {
          needed: formatAtoms(request.amount),
          available: formatAtoms(free),
        })
      }
      return
    }
    const closing = position !== undefined && position.side !== sideOf(request.side) ? (request.amount < position.amount ? request.amount : position.amount) : 0n
    const opening = request.amount - closing
    const fee = tradingFee(notional(price, request.amount), this.feeRates(account.row, instrument.symbol).taker)
    // An order that only closes (or shrinks) a position opens nothing and needs no margin.
    const needed = (opening > 0n ? initialMargin(notional(price, opening), leverage) : 0n) + fee
    const available = account.wallet - this.reservedByOrders(account) + (amending === undefined ? 0n : this.reservationOf(amending))
    if (needed > available) {
      reject(
        'insufficient_margin',
        `Not enough margin: this order needs ${formatAtoms(needed)} ${account.row.quote} (margin at ${leverage}x plus fee), ${formatAtoms(available < 0n ? 0n : available)} is available.`,
        { needed: formatAtoms(needed), available: formatAtoms(available) },
      )
    }
  }
}
