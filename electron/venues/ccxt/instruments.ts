import type { MarketInterface } from 'ccxt'
import type { Instrument } from '../../../shared/domain/market'
import { atoms, formatAtoms, toPlainDecimal } from '../../../shared/trading/money'
import { exactAtoms } from '../replay/decimal'

/**
 * ccxt markets as the engine's instruments. ccxt's numbers are floats whose meaning
 * depends on the exchange's precision mode; here they become exact decimal strings once,
 * and a market the engine cannot trade exactly is left out rather than rounded.
 */

/** ccxt's precision modes (ccxt/js/src/base/functions/number: DECIMAL_PLACES, SIGNIFICANT_DIGITS, TICK_SIZE). */
export const PRECISION_MODE = { decimalPlaces: 2, significantDigits: 3, tickSize: 4 } as const

/** What an exchange that lists no leverage for a spot market gets. */
const SPOT_LEVERAGE = 1

/**
 * A step (tick or amount increment) as an exact decimal string: TICK_SIZE mode gives the
 * step itself (0.01), DECIMAL_PLACES mode a count of decimals (2). SIGNIFICANT_DIGITS has no
 * fixed step, so it is refused (undefined), as is anything finer than the ledger's 8 decimals.
 */
export function stepOf(precision: number | undefined, mode: number | undefined): string | undefined {
  if (precision === undefined || !Number.isFinite(precision) || precision <= 0) return undefined
  let step: string
  if (mode === PRECISION_MODE.tickSize) step = toPlainDecimal(precision)
  else if (mode === PRECISION_MODE.decimalPlaces && Number.isInteger(precision) && precision <= 8) step = precision === 0 ? '1' : `0.${'0'.repeat(precision - 1)}1`
  else return undefined
  return exactWithin8(step)
}

/** The engine's instrument for a ccxt spot market of `sourceId`, or undefined when it cannot be traded exactly. */
export function instrumentFromMarket(market: MarketInterface, precisionMode: number | undefined, sourceId: string): Instrument | undefined {
  if (market.spot !== true || market.active === false) return undefined
  const tickSize = stepOf(market.precision.price, precisionMode)
  const amountStep = stepOf(market.precision.amount, precisionMode)
  if (tickSize === undefined || amountStep === undefined) return undefined
  const minAmount = decimalAtLeast(market.limits.amount?.min, amountStep)
  const minNotional = decimalAtLeast(market.limits.cost?.min, '0')
  const makerFee = feeOf(market.maker)
  const takerFee = feeOf(market.taker)
  if (minAmount === undefined || minNotional === undefined || makerFee === undefined || takerFee === undefined) return undefined
  return {
    symbol: market.symbol,
    base: market.base,
    quote: market.quote,
    type: 'spot',
    tickSize,
    amountStep,
    minAmount,
    minNotional,
    maxLeverage: SPOT_LEVERAGE,
    makerFee,
    takerFee,
    sources: [sourceId],
  }
}

/** A limit as a decimal, never below `floor` (an exchange's minimum amount of 0 still means one step). */
function decimalAtLeast(value: number | undefined, floor: string): string | undefined {
  if (value === undefined || value === null) return floor
  if (!Number.isFinite(value) || value < 0) return undefined
  const exact = exactWithin8(toPlainDecimal(value))
  if (exact === undefined) return undefined
  return atoms(exact) < atoms(floor) ? floor : exact
}

function feeOf(rate: number | undefined): string | undefined {
  // ccxt leaves a market's fee out when the exchange does not publish it: assume the common 0.1 %.
  if (rate === undefined || rate === null) return '0.001'
  return Number.isFinite(rate) && rate >= 0 && rate < 1 ? exactWithin8(toPlainDecimal(rate)) : undefined
}

/** The decimal in its plain spelling when the ledger's 8 decimals hold it exactly, else undefined. */
function exactWithin8(text: string): string | undefined {
  try {
    return formatAtoms(exactAtoms(text))
  } catch {
    return undefined
  }
}
