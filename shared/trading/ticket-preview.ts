/**
 * The order ticket's preview and pre-submit checks: what an order would cost, hold, charge
 * and risk, and why the paper exchange would refuse it, computed with the same pure
 * functions the engine books with (margin.ts, sizing.ts, money.ts). Pure: no clock, no I/O,
 * no floats; every amount is Atoms.
 *
 * The engine stays the authority. These checks mirror its placement rules
 * (electron/engine/paper/order-rules.ts and PaperExchange.placeOrder) so that a trader
 * learns before sending; the unit tests hold the two side by side. Account-wide risk rules
 * (halts, the position-notional limit) come back as warnings only: the engine decides.
 */
import type { Instrument } from '../domain/market'
import type { OrderSide, PositionSide } from '../domain/trading'
import {
  averageEntryPrice,
  initialMargin,
  liquidationPrice,
  maxLeverageFor,
  notional,
  realizedPnl,
  reduceIsolatedMargin,
  tradingFee,
  type MaintenanceTier,
} from './margin'
import { tiersFromText } from './margin-tiers'
import { atoms, div, divRound, formatAtoms, mul, ONE, type Atoms } from './money'
import { bracketPrice } from './sizing'
import { midpoint } from './mark'
import { trailingTriggerPrice } from './trailing'

/** The order types the ticket offers (take-profit entries are brackets here, not entries). */
export type TicketOrderType = 'market' | 'limit' | 'stop_market' | 'stop_limit' | 'trailing_stop_market'

export interface TicketQuote {
  bid: Atoms
  ask: Atoms
  last: Atoms
}

/** The account's open position in the ticket's symbol (perpetuals). */
export interface TicketPosition {
  side: PositionSide
  amount: Atoms
  entryPrice: Atoms
  leverage: number
  /** Isolated margin it holds. */
  margin: Atoms
}

/** Everything outside the order that the preview and the checks read. */
export interface TicketContext {
  instrument: Instrument
  quote: TicketQuote
  /** The account's own rates where it has them, else the instrument's (see feeRatesFor). */
  fees: { maker: Atoms; taker: Atoms }
  /** The account's leverage limit. */
  accountMaxLeverage: number
  /** Unknown while the balance loads: the checks that need it are skipped. */
  equity?: Atoms
  /** Quote the account may still commit (wallet less what working orders hold). */
  available?: Atoms
  /** Spot: the base asset free to sell. */
  baseAvailable?: Atoms
  /** Spot: all of the base asset held (what the position limit counts). */
  baseHeld?: Atoms
  position?: TicketPosition
  /** The account's position-notional limit (a warning: the engine decides). */
  maxPositionNotional?: Atoms
}

export interface TicketOrder {
  side: OrderSide
  type: TicketOrderType
  /** Base amount. */
  amount: Atoms
  price?: Atoms
  triggerPrice?: Atoms
  triggerBy: 'last' | 'mark'
  trailingDistance?: Atoms
  /** A fraction: 0.01 = 1 %. */
  trailingPercent?: Atoms
  leverage: number
  reduceOnly: boolean
  postOnly: boolean
  stopLoss?: Atoms
  takeProfit?: Atoms
}

/** Which input an issue belongs to, so the ticket can show it next to that input. */
export type TicketField = 'amount' | 'price' | 'trigger' | 'trailing' | 'leverage' | 'stopLoss' | 'takeProfit' | 'reduceOnly' | 'postOnly' | 'order'

export interface TicketIssue {
  field: TicketField
  /** The engine's `details.rule` where it has one for the same refusal. */
  rule: string
  message: string
  /** Errors block the submit; warnings are told and left to the engine. */
  severity: 'error' | 'warning'
}

export interface TicketPreview {
  /** The price the engine checks the order at: limit, else trigger, else the touch. */
  price: Atoms
  /** Would it trade at once (market, or a limit through the touch)? */
  crosses: boolean
  /** Whose fee the fill would pay: taker for market, crossing and stop orders, maker for a resting limit. */
  liquidity: 'maker' | 'taker'
  feeRate: Atoms
  notional: Atoms
  fee: Atoms
  /** Perpetuals: the initial margin of what the order opens (0 when it only reduces). */
  margin: Atoms
  /** What the engine requires free to accept it: margin (spot: cost) plus the taker fee. */
  required: Atoms
  /** Spot: what a buy costs in all (notional + fee), or a sell brings in (notional - fee). */
  spotTotal?: Atoms
  /** Perpetuals: the position's liquidation price after this order fills at `price`; null = none. */
  liquidation?: Atoms | null
  /** The position after the fill (perpetuals), or undefined when the order closes it. */
  positionAfter?: { side: PositionSide; amount: Atoms; entryPrice: Atoms; margin: Atoms }
  /** Loss if the stop-loss fills: price move plus entry and exit taker fees (positive). */
  risk?: Atoms
  /** risk / equity as a fraction (0.01 = 1 %). */
  riskOfEquity?: Atoms
  /** Gain if the take-profit fills, net of entry and exit fees. */
  reward?: Atoms
  /** reward / risk. */
  rewardRisk?: Atoms
}

const positionSideOf = (side: OrderSide): PositionSide => (side === 'buy' ? 'long' : 'short')
const LIMIT_TYPES: ReadonlySet<TicketOrderType> = new Set(['limit', 'stop_limit'])
const TRIGGERED_TYPES: ReadonlySet<TicketOrderType> = new Set(['stop_market', 'stop_limit'])

/** The fee rates the engine charges this account: its own tier where set, else the market's. */
export function feeRatesFor(instrument: Instrument, account: { makerFee?: string; takerFee?: string } | undefined): { maker: Atoms; taker: Atoms } {
  return {
    maker: atoms(account?.makerFee ?? instrument.makerFee),
    taker: atoms(account?.takerFee ?? instrument.takerFee),
  }
}

/** The instrument's maintenance tiers for the margin math; empty for spot. */
export function tiersOf(instrument: Instrument): MaintenanceTier[] {
  return instrument.maintenanceTiers === undefined ? [] : tiersFromText(instrument.maintenanceTiers)
}

/** Mid of the book, as the engine marks positions and watches 'mark' triggers. */
export const midPrice = (quote: TicketQuote): Atoms => midpoint(quote.bid, quote.ask)

/** What a stop watches. */
export const watchedPrice = (quote: TicketQuote, triggerBy: 'last' | 'mark'): Atoms => (triggerBy === 'mark' ? midPrice(quote) : quote.last)

/** The price a taker order meets first: the ask for a buy, the bid for a sell. */
export const touchPrice = (quote: TicketQuote, side: OrderSide): Atoms => (side === 'buy' ? quote.ask : quote.bid)

/**
 * The price the engine checks an order at (limit, else trigger, else the touch), whether it
 * would trade at once, and whose fee it would pay. Undefined while a needed price is missing.
 */
export function orderPrice(
  order: Pick<TicketOrder, 'side' | 'type' | 'price' | 'triggerPrice' | 'triggerBy' | 'trailingDistance' | 'trailingPercent' | 'postOnly'>,
  context: Pick<TicketContext, 'quote' | 'instrument'>,
): { price: Atoms; crosses: boolean; liquidity: 'maker' | 'taker' } | undefined {
  const at = rawOrderPrice(order, context)
  return at !== undefined && at.price > 0n ? at : undefined
}

function rawOrderPrice(
  order: Pick<TicketOrder, 'side' | 'type' | 'price' | 'triggerPrice' | 'triggerBy' | 'trailingDistance' | 'trailingPercent' | 'postOnly'>,
  context: Pick<TicketContext, 'quote' | 'instrument'>,
): { price: Atoms; crosses: boolean; liquidity: 'maker' | 'taker' } | undefined {
  const touch = touchPrice(context.quote, order.side)
  switch (order.type) {
    case 'market':
      return { price: touch, crosses: true, liquidity: 'taker' }
    case 'limit': {
      if (order.price === undefined) return undefined
      const crosses = order.side === 'buy' ? order.price >= context.quote.ask : order.price <= context.quote.bid
      return { price: order.price, crosses, liquidity: crosses ? 'taker' : 'maker' }
    }
    case 'stop_market':
      return order.triggerPrice === undefined ? undefined : { price: order.triggerPrice, crosses: false, liquidity: 'taker' }
    case 'stop_limit':
      // Once triggered its limit usually meets the market at once: counted as a taker, the dearer case.
      return order.price === undefined ? undefined : { price: order.price, crosses: false, liquidity: order.postOnly ? 'maker' : 'taker' }
    case 'trailing_stop_market': {
      if (order.trailingDistance === undefined && order.trailingPercent === undefined) return undefined
      const trigger = trailingTriggerPrice(
        order.side,
        watchedPrice(context.quote, order.triggerBy),
        order.trailingDistance,
        order.trailingPercent,
        atoms(context.instrument.tickSize),
      )
      return trigger === undefined ? undefined : { price: trigger, crosses: false, liquidity: 'taker' }
    }
  }
}

/** `value` rounded down to a whole number of `step`s: never more than was asked. */
export const floorToStep = (value: Atoms, step: Atoms): Atoms => (value <= 0n ? 0n : (value / step) * step)

/** The base amount a quote amount buys at `price`, rounded down to the step. */
export function amountFromQuote(quoteAmount: Atoms, price: Atoms, step: Atoms): Atoms {
  if (price <= 0n) return 0n
  return floorToStep(div(quoteAmount, price, 'down'), step)
}

/** Stop-loss or take-profit price `fraction` away from the entry, on the tick, never nearer than asked (sizing.ts). */
export function bracketFromFraction(entry: Atoms, fraction: Atoms, side: OrderSide, kind: 'stop_loss' | 'take_profit', tick: Atoms): Atoms {
  return bracketPrice(entry, fraction, positionSideOf(side), kind, tick)
}

/**
 * What the engine requires free to accept the order (PaperExchange.checkMargin): for a
 * perpetual the initial margin of what it opens plus the taker fee on all of it; for a spot
 * buy its cost plus the taker fee; nothing for reduce-only orders and spot sells (a sell
 * needs the coins instead).
 */
export function requiredFunds(
  order: Pick<TicketOrder, 'side' | 'amount' | 'leverage' | 'reduceOnly'>,
  price: Atoms,
  context: Pick<TicketContext, 'instrument' | 'fees' | 'position'>,
): Atoms {
  if (order.reduceOnly) return 0n
  const spot = context.instrument.type === 'spot'
  if (spot && order.side === 'sell') return 0n
  const position = spot ? undefined : context.position
  const closing = position !== undefined && position.side !== positionSideOf(order.side) ? (order.amount < position.amount ? order.amount : position.amount) : 0n
  const opening = order.amount - closing
  const leverage = spot ? 1 : (position?.leverage ?? order.leverage)
  const fee = tradingFee(notional(price, order.amount), context.fees.taker)
  return (opening > 0n ? initialMargin(notional(price, opening), leverage) : 0n) + fee
}

/**
 * The base amount for `fraction` (0 < f <= 1) of what is available, rounded down to the step:
 * a spot sell sells that share of the free coins; a reduce-only order closes that share of
 * the position; otherwise margin (spot: cost) plus the taker fee use that share of the
 * available quote: notional <= budget x leverage / (1 + leverage x fee), as sizing.ts caps
 * intents, then stepped down until the engine's own requirement fits.
 */
export function amountFromFraction(
  fraction: Atoms,
  order: Pick<TicketOrder, 'side' | 'leverage' | 'reduceOnly'>,
  price: Atoms,
  context: Pick<TicketContext, 'instrument' | 'fees' | 'position' | 'available' | 'baseAvailable'>,
): Atoms {
  const step = atoms(context.instrument.amountStep)
  const spot = context.instrument.type === 'spot'
  if (spot && order.side === 'sell') return floorToStep(mul(context.baseAvailable ?? 0n, fraction, 'down'), step)
  if (order.reduceOnly) return context.position === undefined ? 0n : floorToStep(mul(context.position.amount, fraction, 'down'), step)
  const budget = mul(context.available !== undefined && context.available > 0n ? context.available : 0n, fraction, 'down')
  if (budget <= 0n || price <= 0n || !Number.isSafeInteger(order.leverage) || order.leverage < 1) return 0n
  const leverage = BigInt(spot ? 1 : (context.position?.leverage ?? order.leverage))
  const cap = divRound(budget * leverage * ONE, ONE + leverage * context.fees.taker, 'down')
  let amount = amountFromQuote(cap, price, step)
  // Margin and fee round up by an atom each: step down until the requirement fits the budget.
  while (amount > 0n && requiredFunds({ ...order, amount }, price, context) > budget) amount -= step
  return amount
}

/** The perpetual position after `amount` fills at `price` (net mode), as settlement books it. */
export function positionAfterFill(
  position: TicketPosition | undefined,
  side: OrderSide,
  amount: Atoms,
  price: Atoms,
  leverage: number,
): TicketPreview['positionAfter'] {
  const orderSide = positionSideOf(side)
  if (position === undefined) return { side: orderSide, amount, entryPrice: price, margin: initialMargin(notional(price, amount), leverage) }
  if (position.side === orderSide) {
    return {
      side: orderSide,
      amount: position.amount + amount,
      entryPrice: averageEntryPrice(position.amount, position.entryPrice, amount, price),
      margin: position.margin + initialMargin(notional(price, amount), position.leverage),
    }
  }
  if (amount < position.amount) {
    const { remaining } = reduceIsolatedMargin(position.margin, position.amount, amount)
    return { side: position.side, amount: position.amount - amount, entryPrice: position.entryPrice, margin: remaining }
  }
  if (amount === position.amount) return undefined
  // A flip: the rest opens a new position at the old position's leverage.
  const rest = amount - position.amount
  return { side: orderSide, amount: rest, entryPrice: price, margin: initialMargin(notional(price, rest), position.leverage) }
}

/** Loss if a bracket at `exit` fills (positive = loss), with the entry fee and the exit's taker fee. */
function bracketOutcome(side: OrderSide, entry: Atoms, exit: Atoms, amount: Atoms, entryFee: Atoms, takerRate: Atoms): Atoms {
  const pnl = realizedPnl(positionSideOf(side), entry, exit, amount)
  return pnl - entryFee - tradingFee(notional(exit, amount), takerRate)
}

/**
 * The live preview. Undefined until the order has a positive amount and a price to check
 * it at. Risk and reward count the price move plus the entry fee and the bracket leg's
 * taker fee (bracket legs are stop and take-profit market orders).
 */
export function previewTicket(order: TicketOrder, context: TicketContext): TicketPreview | undefined {
  if (order.amount <= 0n || !Number.isSafeInteger(order.leverage) || order.leverage < 1) return undefined
  const at = orderPrice(order, context)
  if (at === undefined) return undefined
  const { price } = at
  const spot = context.instrument.type === 'spot'
  const feeRate = at.liquidity === 'maker' ? context.fees.maker : context.fees.taker
  const value = notional(price, order.amount)
  const fee = tradingFee(value, feeRate)
  const required = requiredFunds(order, price, context)
  const preview: TicketPreview = { price, crosses: at.crosses, liquidity: at.liquidity, feeRate, notional: value, fee, margin: 0n, required }
  if (spot) {
    preview.spotTotal = order.side === 'buy' ? value + fee : value - fee
  } else {
    const position = context.position
    const leverage = position?.leverage ?? order.leverage
    const closing = position !== undefined && position.side !== positionSideOf(order.side) ? (order.amount < position.amount ? order.amount : position.amount) : 0n
    const opening = order.reduceOnly ? 0n : order.amount - closing
    preview.margin = opening > 0n ? initialMargin(notional(price, opening), leverage) : 0n
    const tiers = tiersOf(context.instrument)
    const after = order.reduceOnly && position !== undefined && order.amount > position.amount ? undefined : positionAfterFill(position, order.side, order.amount, price, leverage)
    preview.positionAfter = after
    preview.liquidation = after === undefined || tiers.length === 0 ? null : liquidationPrice({ side: after.side, entryPrice: after.entryPrice, quantity: after.amount, isolatedMargin: after.margin, tiers })
  }
  const bracketable = !order.reduceOnly && !(spot && order.side === 'sell')
  if (bracketable && order.stopLoss !== undefined && order.stopLoss > 0n) {
    const outcome = bracketOutcome(order.side, price, order.stopLoss, order.amount, fee, context.fees.taker)
    preview.risk = outcome < 0n ? -outcome : 0n
    if (context.equity !== undefined && context.equity > 0n) preview.riskOfEquity = div(preview.risk, context.equity, 'up')
  }
  if (bracketable && order.takeProfit !== undefined && order.takeProfit > 0n) {
    preview.reward = bracketOutcome(order.side, price, order.takeProfit, order.amount, fee, context.fees.taker)
    if (preview.risk !== undefined && preview.risk > 0n) preview.rewardRisk = div(preview.reward, preview.risk, 'down')
  }
  return preview
}

const ruleName = (type: TicketOrderType): string => type.replace(/_/g, ' ')

/** The two grid points around an off-grid value, for a message that says what would do. */
function neighbours(value: Atoms, step: Atoms): string {
  const below = (value / step) * step
  const above = below + step
  return below > 0n ? `${formatAtoms(below)} or ${formatAtoms(above)}` : formatAtoms(above)
}

/**
 * Why the engine would refuse this order, field by field, before it is sent. Errors
 * mirror the engine's placement rules; warnings (account risk limits) are the engine's
 * call. Input that is not a number at all is the caller's to report (the ticket parses
 * text); here every given value is a parsed amount.
 */
export function checkTicket(order: TicketOrder, context: TicketContext): TicketIssue[] {
  const issues: TicketIssue[] = []
  const error = (field: TicketField, rule: string, message: string) => issues.push({ field, rule, message, severity: 'error' })
  const warning = (field: TicketField, rule: string, message: string) => issues.push({ field, rule, message, severity: 'warning' })
  const { instrument, quote, position } = context
  const spot = instrument.type === 'spot'
  const step = atoms(instrument.amountStep)
  const tick = atoms(instrument.tickSize)
  const q = instrument.quote
  const limitType = LIMIT_TYPES.has(order.type)

  // Shape: which prices each type needs.
  if (limitType && order.price === undefined) error('price', 'price_required', `A ${ruleName(order.type)} order needs a limit price.`)
  if (TRIGGERED_TYPES.has(order.type) && order.triggerPrice === undefined) error('trigger', 'trigger_required', `A ${ruleName(order.type)} order needs a trigger price.`)
  if (order.type === 'trailing_stop_market' && order.trailingDistance === undefined && order.trailingPercent === undefined) {
    error('trailing', 'trailing_distance', 'A trailing stop needs a distance: a price distance or a percentage.')
  }
  if (order.postOnly && !limitType) error('postOnly', 'post_only_limit', 'Post-only applies to limit orders only.')

  // Amount on the instrument's grid.
  if (order.amount <= 0n) {
    error('amount', 'amount_positive', 'Enter an amount greater than zero.')
  } else if (order.amount % step !== 0n) {
    error('amount', 'amount_step', `Not a multiple of the step ${instrument.amountStep} ${instrument.base}: use ${neighbours(order.amount, step)}.`)
  } else if (order.amount < atoms(instrument.minAmount)) {
    error('amount', 'min_amount', `Below the minimum of ${instrument.minAmount} ${instrument.base} (short by ${formatAtoms(atoms(instrument.minAmount) - order.amount)}).`)
  }

  // Prices on the tick.
  for (const [field, label, value] of [
    ['price', 'Price', order.price],
    ['trigger', 'Trigger', order.triggerPrice],
    ['stopLoss', 'Stop-loss', order.stopLoss],
    ['takeProfit', 'Take-profit', order.takeProfit],
  ] as const) {
    if (value === undefined) continue
    if (value <= 0n) error(field, 'price_positive', `${label} must be greater than zero.`)
    else if (value % tick !== 0n) error(field, 'price_tick', `${label} is off the tick ${instrument.tickSize}: use ${neighbours(value, tick)}.`)
  }

  const at = orderPrice(order, context)
  if (order.type === 'trailing_stop_market' && at === undefined && (order.trailingDistance !== undefined || order.trailingPercent !== undefined)) {
    error('trailing', 'trailing_distance', `The trailing distance is larger than the price ${formatAtoms(watchedPrice(quote, order.triggerBy))}.`)
  }
  if (order.trailingPercent !== undefined && (order.trailingPercent <= 0n || order.trailingPercent >= ONE)) {
    error('trailing', 'trailing_percent', 'A trailing percentage is between 0 and 100 %.')
  }

  // The value of the order at the price the engine checks it at.
  if (at !== undefined && order.amount > 0n) {
    const value = divRound(order.amount * at.price, ONE, 'down')
    const minNotional = atoms(instrument.minNotional)
    if (!order.reduceOnly && value < minNotional && !issues.some((i) => i.field === 'amount')) {
      error('amount', 'min_notional', `Order value ${formatAtoms(value)} ${q} is below the minimum of ${instrument.minNotional} ${q} (short by ${formatAtoms(minNotional - value)}).`)
    }
  }

  // A stop must wait on the far side of what it watches.
  if (order.triggerPrice !== undefined && TRIGGERED_TYPES.has(order.type) && order.triggerPrice > 0n) {
    const watched = watchedPrice(quote, order.triggerBy)
    const above = order.side === 'buy'
    if ((order.triggerPrice > watched) !== above || order.triggerPrice === watched) {
      error('trigger', 'trigger_side', `A ${order.side} stop triggers ${above ? 'above' : 'below'} the ${order.triggerBy} price ${formatAtoms(watched)}; this one would trigger at once.`)
    }
  }

  // Post-only must rest.
  if (order.postOnly && order.type === 'limit' && at?.crosses === true) {
    error('postOnly', 'post_only_cross', `Post-only: a ${order.side} at ${formatAtoms(order.price ?? 0n)} would trade at once against ${formatAtoms(touchPrice(quote, order.side))}.`)
  }

  // Leverage: spot trades without; perpetuals up to the account's and market's limit, fixed while a position is open.
  if (spot) {
    if (order.leverage !== 1) error('leverage', 'spot_leverage', `${instrument.symbol} is spot: it trades without leverage.`)
  } else if (!Number.isSafeInteger(order.leverage) || order.leverage < 1) {
    error('leverage', 'leverage_invalid', 'Leverage is a whole number from 1.')
  } else if (position !== undefined && order.leverage !== position.leverage) {
    error('leverage', 'leverage_locked', `The open position uses ${position.leverage}x; leverage cannot change while it is open.`)
  } else {
    const limit = Math.min(context.accountMaxLeverage, instrument.maxLeverage)
    if (order.leverage > limit) {
      const which = order.leverage > instrument.maxLeverage ? `${instrument.symbol}'s maximum of ${instrument.maxLeverage}x` : `this account's limit of ${context.accountMaxLeverage}x`
      error('leverage', 'max_leverage', `${order.leverage}x is above ${which}.`)
    } else if (at !== undefined && order.amount > 0n && !order.reduceOnly) {
      const current = position === undefined ? 0n : position.side === 'long' ? position.amount : -position.amount
      const after = current + (order.side === 'buy' ? order.amount : -order.amount)
      const tiers = tiersOf(instrument)
      if (after !== 0n && tiers.length > 0) {
        const value = notional(at.price, after < 0n ? -after : after)
        const allowed = maxLeverageFor(tiers, value)
        if (order.leverage > allowed) error('leverage', 'tier_leverage', `A position worth ${formatAtoms(value)} ${q} allows at most ${allowed}x; lower the leverage or the size.`)
      }
    }
  }

  // Reduce-only: perpetuals, against an opposite position, no larger than it.
  if (order.reduceOnly) {
    if (spot) error('reduceOnly', 'spot_reduce_only', 'Reduce-only applies to perpetuals; on spot, a sell simply sells what you hold.')
    else if (position === undefined || position.side === positionSideOf(order.side)) {
      error('reduceOnly', 'reduce_only_increase', `Reduce-only: there is no ${order.side === 'buy' ? 'short' : 'long'} position for this order to reduce.`)
    } else if (order.amount > position.amount) {
      error('amount', 'reduce_only_size', `Reduce-only: more than the open position of ${formatAtoms(position.amount)} ${instrument.base}.`)
    }
  }

  // Brackets: protect an entry, on the losing and winning sides of it.
  const brackets = order.stopLoss !== undefined || order.takeProfit !== undefined
  if (brackets && order.reduceOnly) error('order', 'bracket_reduce_only', 'A reduce-only order cannot carry a stop-loss or take-profit.')
  else if (brackets && spot && order.side === 'sell') error('order', 'spot_brackets', 'On spot, a stop-loss and take-profit protect a buy; for a sell, place a buy stop separately.')
  else if (at !== undefined) {
    const long = order.side === 'buy'
    const entry = formatAtoms(at.price)
    if (order.stopLoss !== undefined && order.stopLoss > 0n && (long ? order.stopLoss >= at.price : order.stopLoss <= at.price)) {
      error('stopLoss', 'stop_loss_side', `A ${long ? 'long' : 'short'}'s stop-loss must be ${long ? 'below' : 'above'} the entry ${entry}.`)
    }
    if (order.takeProfit !== undefined && order.takeProfit > 0n && (long ? order.takeProfit <= at.price : order.takeProfit >= at.price)) {
      error('takeProfit', 'take_profit_side', `A ${long ? 'long' : 'short'}'s take-profit must be ${long ? 'above' : 'below'} the entry ${entry}.`)
    }
  }

  // Funds, as the engine checks them (with the taker fee, whatever the fill turns out to be).
  const leverageOk = Number.isSafeInteger(order.leverage) && order.leverage >= 1
  if (at !== undefined && order.amount > 0n && !order.reduceOnly && leverageOk) {
    if (spot && order.side === 'sell') {
      if (context.baseAvailable !== undefined && order.amount > context.baseAvailable) {
        const held = context.baseHeld !== undefined && context.baseHeld > context.baseAvailable ? context.baseHeld - context.baseAvailable : 0n
        const reserved = held > 0n ? ` (${formatAtoms(held)} more is held by working sell orders)` : ''
        error('amount', 'insufficient_balance', `Not enough ${instrument.base}: ${formatAtoms(context.baseAvailable)} is free to sell${reserved}.`)
      }
    } else if (context.available !== undefined) {
      const needed = requiredFunds(order, at.price, context)
      if (needed > context.available) {
        const free = context.available < 0n ? 0n : context.available
        error(
          'amount',
          'insufficient_margin',
          `Needs ${formatAtoms(needed)} ${q} (${spot ? 'cost' : `margin at ${position?.leverage ?? order.leverage}x`} plus fee); ${formatAtoms(free)} is available (short by ${formatAtoms(needed - free)}).`,
        )
      }
    }
  }

  // The account's position limit: told here, decided by the engine.
  if (context.maxPositionNotional !== undefined && at !== undefined && order.amount > 0n && !order.reduceOnly) {
    const held = spot ? (context.baseHeld ?? 0n) : position === undefined ? 0n : position.side === 'long' ? position.amount : -position.amount
    const reduces = spot ? order.side === 'sell' : position !== undefined && position.side !== positionSideOf(order.side) && order.amount <= position.amount
    const signed = held + (order.side === 'buy' ? order.amount : -order.amount)
    if (!reduces && signed !== 0n) {
      const after = notional(at.price, signed < 0n ? -signed : signed)
      if (after > context.maxPositionNotional) {
        warning('order', 'max_position_notional', `The position would be worth ${formatAtoms(after)} ${q}, above this account's limit of ${formatAtoms(context.maxPositionNotional)}.`)
      }
    }
  }
  return issues
}
