import { AppError } from '../../../shared/contract'
import type { Instrument } from '../../../shared/domain/market'
import type { OrderSide, OrderType, TimeInForce } from '../../../shared/domain/trading'
import { atoms, divRound, formatAtoms, mul, type Atoms } from '../../../shared/trading/money'
import { trailingTriggerPrice } from '../../../shared/trading/trailing'

/** Why the engine refused a command: `details.rule` is stable for UIs and bots. */
export function reject(rule: string, message: string, details: Record<string, unknown> = {}): never {
  throw new AppError('REJECTED', message, { rule, ...details })
}

export interface OrderRequest {
  symbol: string
  side: OrderSide
  type: OrderType
  amount: Atoms
  price: Atoms | undefined
  triggerPrice: Atoms | undefined
  timeInForce: TimeInForce
  reduceOnly: boolean
  stopLoss: Atoms | undefined
  takeProfit: Atoms | undefined
  triggerBy: 'last' | 'mark'
  trailingDistance: Atoms | undefined
  trailingPercent: Atoms | undefined
}

/** Orders that carry a limit price (a stop-limit's after it triggers). */
export const LIMIT_TYPES: ReadonlySet<OrderType> = new Set(['limit', 'stop_limit', 'take_profit_limit'])
/** Orders that wait for a trigger price. */
export const TRIGGERED_TYPES: ReadonlySet<OrderType> = new Set(['stop_market', 'take_profit_market', 'stop_limit', 'take_profit_limit'])

/** Whether a trigger fires as the price rises (a buy stop, a sell take-profit) or falls. */
export function triggersUpward(type: OrderType, side: OrderSide): boolean {
  const stop = type === 'stop_market' || type === 'stop_limit' || type === 'trailing_stop_market'
  return stop === (side === 'buy')
}

const isMultiple = (value: Atoms, step: Atoms): boolean => value % step === 0n

/**
 * The instrument's own rules. Amounts and prices off the step or tick are refused, never
 * rounded: a bot that sends 0.0015 where the step is 0.001 should learn it, not get 0.002.
 */
export function checkAgainstInstrument(order: OrderRequest, instrument: Instrument, referencePrice: Atoms): void {
  const { symbol } = instrument
  const step = atoms(instrument.amountStep)
  const tick = atoms(instrument.tickSize)
  if (!isMultiple(order.amount, step)) {
    reject('amount_step', `Amount ${formatAtoms(order.amount)} is not a multiple of ${symbol}'s step ${instrument.amountStep}.`, {
      step: instrument.amountStep,
    })
  }
  const minAmount = atoms(instrument.minAmount)
  if (order.amount < minAmount) {
    reject('min_amount', `Amount ${formatAtoms(order.amount)} is below ${symbol}'s minimum of ${instrument.minAmount} (short by ${formatAtoms(minAmount - order.amount)}).`, {
      minimum: instrument.minAmount,
    })
  }
  for (const [name, value] of [
    ['Price', order.price],
    ['Trigger price', order.triggerPrice],
    ['Stop-loss', order.stopLoss],
    ['Take-profit', order.takeProfit],
  ] as const) {
    if (value !== undefined && !isMultiple(value, tick)) {
      reject('price_tick', `${name} ${formatAtoms(value)} is not on ${symbol}'s tick of ${instrument.tickSize}.`, { tick: instrument.tickSize })
    }
  }
  const minNotional = atoms(instrument.minNotional)
  const orderNotional = divRound(order.amount * referencePrice, 10n ** 8n, 'down')
  if (!order.reduceOnly && orderNotional < minNotional) {
    reject(
      'min_notional',
      `Order value ${formatAtoms(orderNotional)} ${instrument.quote} is below ${symbol}'s minimum of ${instrument.minNotional} (short by ${formatAtoms(minNotional - orderNotional)}).`,
      { minimum: instrument.minNotional },
    )
  }
}

const name = (type: OrderType): string => type.replace(/_/g, ' ')

/** Which fields each order type needs, and which time-in-force it may use. */
export function checkShape(order: OrderRequest): void {
  const limit = LIMIT_TYPES.has(order.type)
  if (limit && order.price === undefined) reject('price_required', `A ${name(order.type)} order needs a limit price.`)
  if (!limit && order.price !== undefined) reject('price_not_allowed', `A ${name(order.type)} order takes no limit price.`)
  const triggered = TRIGGERED_TYPES.has(order.type)
  if (triggered && order.triggerPrice === undefined) reject('trigger_required', `A ${name(order.type)} order needs a trigger price.`)
  if (!triggered && order.triggerPrice !== undefined) reject('trigger_not_allowed', `A ${name(order.type)} order takes no trigger price.`)
  const trailing = order.type === 'trailing_stop_market'
  const distances = Number(order.trailingDistance !== undefined) + Number(order.trailingPercent !== undefined)
  if (trailing && distances !== 1) reject('trailing_distance', 'A trailing stop needs one distance: a price distance or a percentage.')
  if (!trailing && distances > 0) reject('trailing_not_allowed', `A ${name(order.type)} order takes no trailing distance.`)
  if (order.timeInForce === 'PO' && !limit) reject('post_only_limit', 'Post-only applies to limit orders only.')
  if (order.type === 'market' && order.timeInForce !== 'IOC' && order.timeInForce !== 'FOK') {
    reject('market_tif', 'A market order executes immediately: use IOC or FOK, or leave time in force empty.')
  }
}

/** A stop must wait on the far side of the price it watches, or it would trigger at once. */
export function checkTrigger(order: OrderRequest, reference: Atoms): void {
  if (order.triggerPrice === undefined) return
  const wantsAbove = triggersUpward(order.type, order.side)
  if ((order.triggerPrice > reference) !== wantsAbove || order.triggerPrice === reference) {
    reject(
      'trigger_side',
      `A ${order.side} ${name(order.type)} must trigger ${wantsAbove ? 'above' : 'below'} the ${order.triggerBy} price ` +
        `${formatAtoms(reference)}; ${formatAtoms(order.triggerPrice)} would trigger immediately.`,
    )
  }
}

/** A bracket's stop-loss must sit on the losing side of the entry and its take-profit on the winning side. */
export function checkBracket(order: OrderRequest, entry: Atoms): void {
  if (order.stopLoss === undefined && order.takeProfit === undefined) return
  if (order.reduceOnly) reject('bracket_reduce_only', 'A reduce-only order cannot carry a stop-loss or take-profit.')
  const long = order.side === 'buy'
  if (order.stopLoss !== undefined && (long ? order.stopLoss >= entry : order.stopLoss <= entry)) {
    reject(
      'stop_loss_side',
      `The stop-loss ${formatAtoms(order.stopLoss)} must be ${long ? 'below' : 'above'} the entry ${formatAtoms(entry)} of a ${long ? 'long' : 'short'}.`,
    )
  }
  if (order.takeProfit !== undefined && (long ? order.takeProfit <= entry : order.takeProfit >= entry)) {
    reject(
      'take_profit_side',
      `The take-profit ${formatAtoms(order.takeProfit)} must be ${long ? 'above' : 'below'} the entry ${formatAtoms(entry)} of a ${long ? 'long' : 'short'}.`,
    )
  }
}

/**
 * A trailing stop's trigger: its distance (a price, or a fraction of the anchor) from the
 * best price seen, on the tick and rounded away from the anchor, never closer than asked.
 */
export function trailingTrigger(side: OrderSide, anchor: Atoms, distance: Atoms | undefined, percent: Atoms | undefined, tick: Atoms): Atoms {
  const trigger = trailingTriggerPrice(side, anchor, distance, percent, tick)
  if (trigger === undefined) {
    reject('trailing_distance', `A trailing distance of ${formatAtoms(distance ?? mul(anchor, percent ?? 0n, 'half-up'))} is larger than the price ${formatAtoms(anchor)}.`)
  }
  return trigger
}

/**
 * Client order ids the engine makes (bracket legs, liquidations, generated ids) start with
 * "~", which the contract refuses in ids a client sends, so the two can never collide.
 */
export function engineOrderId(name: string): string {
  return `~${name}`
}
