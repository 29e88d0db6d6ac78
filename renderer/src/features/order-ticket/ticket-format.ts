/**
 * Exact decimals for the ticket's figures, in the user's locale: grouping and decimal mark
 * from Intl, digits from the atoms themselves (never through a float).
 */
import { atoms, divRound, type Atoms } from '../../../../shared/trading/money'
import type { Order } from '../../../../shared/domain/trading'
import { decimalsOf } from '../../../../shared/trading/format'
import { formatExactAtoms } from '../../format'

/** An exact amount with at least `minDecimals` decimals and at most `maxDecimals` (half-up beyond). */
export const formatExact = (value: Atoms, minDecimals = 0, maxDecimals = 8, locale?: string): string =>
  formatExactAtoms(value, { min: minDecimals, max: maxDecimals, ...(locale === undefined ? {} : { locale }) })

/** A price on the instrument's tick: exactly the tick's decimals. */
export const formatTickPrice = (value: Atoms, tickSize: string, locale?: string): string => formatExact(value, decimalsOf(tickSize), 8, locale)

/** A base amount with the step's decimals. */
export const formatBase = (value: Atoms, amountStep: string, locale?: string): string => formatExact(value, decimalsOf(amountStep), 8, locale)

/** Quote money: at least cents, every atom kept. */
export const formatQuote = (value: Atoms, locale?: string): string => formatExact(value, 2, 8, locale)

/** Quote money to the cent, rounded down: a balance never shown larger than it is. */
export const formatCents = (value: Atoms, locale?: string): string => formatExact(divRound(value, 1_000_000n, 'down') * 1_000_000n, 2, 2, locale)

/** A fraction (0.0005) as a percentage ("0.05 %"), exact up to 6 decimals of a percent. */
export function formatRate(fraction: Atoms, minDecimals = 2, locale?: string): string {
  return `${formatExact(fraction * 100n, minDecimals, 6, locale)} %`
}

/**
 * A price rounded to the tick on the side that protects the trader: a long's liquidation
 * shown no lower than it is, a short's no higher.
 */
export function formatTickCautious(value: Atoms, tickSize: string, side: 'long' | 'short', locale?: string): string {
  const tick = atoms(tickSize)
  const rounded = divRound(value, tick, side === 'long' ? 'up' : 'down') * tick
  return formatExact(rounded, decimalsOf(tickSize), 8, locale)
}

/** What the engine answered, in one line: the order, its status, how much filled at what. */
export function confirmation(order: Order, tickSize: string, amountStep: string): string {
  const what = `${order.side === 'buy' ? 'Buy' : 'Sell'} ${formatBase(atoms(order.amount), amountStep)} ${order.symbol}`
  const status = order.status.replace('_', ' ')
  const filled =
    order.averagePrice !== undefined && atoms(order.filled) > 0n
      ? ` at ${formatTickPrice(atoms(order.averagePrice), tickSize)}`
      : order.price !== undefined
        ? ` limit ${formatTickPrice(atoms(order.price), tickSize)}`
        : order.triggerPrice !== undefined
          ? ` trigger ${formatTickPrice(atoms(order.triggerPrice), tickSize)}`
          : ''
  const brackets = order.stopLoss !== undefined || order.takeProfit !== undefined ? ' · SL/TP attached' : ''
  const reason = order.reason !== undefined && (order.status === 'expired' || order.status === 'rejected' || order.status === 'canceled') ? `: ${order.reason}` : ''
  return `Order ${order.id} ${status}${reason} · ${what}${filled}${brackets}`
}
