/**
 * Margin and P&L math for USDT-margined linear perpetuals (isolated margin, one-way mode),
 * plus the notional and fee arithmetic spot shares. Pure: no clock, no I/O, no floats.
 *
 * Units: every amount is Atoms (money.ts). Prices are quote per base unit, quantities are
 * base units (always positive; the side says long or short), rates are fractions
 * (0.004 = 0.4 %), leverage is a positive integer.
 *
 * Rounding: on exchange grids most products are exact (a 0.1 tick times a 0.001 step has
 * 4 decimals). Where a result has to be rounded to the atom, it is rounded against the
 * trader, so a sandbox never undercharges, never over-credits and never liquidates later
 * than the exact formula would. Each function says which way it rounds.
 */
import { divRound, formatAtoms, ONE, type Atoms, type Rounding } from './money'

/** Same union as PositionSide in shared/domain; kept here so the math needs no domain types. */
export type Side = 'long' | 'short'

/** One row of an exchange's maintenance-margin table (Binance: a "leverage bracket"). */
export interface MaintenanceTier {
  /** Upper bound of the bracket's position notional, inclusive; null = no upper bound. */
  readonly maxNotional: Atoms | null
  readonly maintenanceMarginRate: Atoms
  /** Binance's "cum": makes the tiered margin continuous from one bracket to the next. */
  readonly maintenanceAmount: Atoms
  /** Highest leverage allowed while the position notional is in this bracket. */
  readonly maxLeverage: number
}

/** An isolated position in one-way mode. */
export interface IsolatedPosition {
  readonly side: Side
  readonly entryPrice: Atoms
  readonly quantity: Atoms
  /** Wallet balance of the isolated position: margin put in, plus realized P&L, less fees. */
  readonly isolatedMargin: Atoms
}

function requirePositive(name: string, value: Atoms): void {
  if (value <= 0n) throw new RangeError(`${name} must be positive, got ${formatAtoms(value)}`)
}

function requireNonNegative(name: string, value: Atoms): void {
  if (value < 0n) throw new RangeError(`${name} must not be negative, got ${formatAtoms(value)}`)
}

function requireLeverage(leverage: number): void {
  if (!Number.isSafeInteger(leverage) || leverage < 1) throw new RangeError(`Leverage must be a positive integer, got ${leverage}`)
}

/** floor(n / d) for any signs; BigInt division truncates toward zero. */
function divFloor(n: bigint, d: bigint): bigint {
  const q = n / d
  return n % d !== 0n && n < 0n !== d < 0n ? q - 1n : q
}

/** ceil(n / d) for any signs. */
function divCeil(n: bigint, d: bigint): bigint {
  const q = n / d
  return n % d !== 0n && n < 0n === d < 0n ? q + 1n : q
}

const direction = (side: Side): bigint => (side === 'long' ? 1n : -1n)

// ---------------------------------------------------------------------------------------
// Notional, fees, initial margin
// ---------------------------------------------------------------------------------------

/**
 * price x quantity. Exact whenever the price and quantity decimals add up to 8 or fewer,
 * which holds on every exchange grid we trade; otherwise nearest atom (half-up).
 */
export function notional(price: Atoms, quantity: Atoms): Atoms {
  requirePositive('price', price)
  requirePositive('quantity', quantity)
  return divRound(price * quantity, ONE, 'half-up')
}

/**
 * Fee on a fill: amount x rate, where amount is what the fee is charged on (the quote
 * notional for perpetuals and spot sells, the base quantity for spot buys on Binance).
 * Rounded up (toward +infinity) so a sandbox never undercharges; a negative rate (maker
 * rebate) therefore rounds toward zero and never over-pays the rebate.
 */
export function tradingFee(amount: Atoms, rate: Atoms): Atoms {
  requireNonNegative('amount', amount)
  return divCeil(amount * rate, ONE)
}

/** notional / leverage, rounded up: the margin held is never less than the exact share. */
export function initialMargin(notionalValue: Atoms, leverage: number): Atoms {
  requireNonNegative('notional', notionalValue)
  requireLeverage(leverage)
  return divCeil(notionalValue, BigInt(leverage))
}

// ---------------------------------------------------------------------------------------
// P&L and entry price
// ---------------------------------------------------------------------------------------

/** Linear contract P&L: long (to - from) x qty, short (from - to) x qty; rounded down. */
function linearPnl(side: Side, from: Atoms, to: Atoms, quantity: Atoms): Atoms {
  requirePositive('price', from)
  requirePositive('price', to)
  requirePositive('quantity', quantity)
  return divFloor(direction(side) * (to - from) * quantity, ONE)
}

/**
 * P&L of the open quantity marked at markPrice. Rounded down (toward -infinity): equity
 * and margin checks never see more than the exact figure.
 */
export function unrealizedPnl(side: Side, entryPrice: Atoms, markPrice: Atoms, quantity: Atoms): Atoms {
  return linearPnl(side, entryPrice, markPrice, quantity)
}

/**
 * P&L booked when closedQuantity of the position is closed at exitPrice; rounded down
 * (toward -infinity) so a close is never credited more than the exact figure.
 */
export function realizedPnl(side: Side, entryPrice: Atoms, exitPrice: Atoms, closedQuantity: Atoms): Atoms {
  return linearPnl(side, entryPrice, exitPrice, closedQuantity)
}

/**
 * Quantity-weighted entry price after adding to a position:
 * (currentQty x currentEntry + addedQty x addedPrice) / (currentQty + addedQty).
 * The entry price is a reference, not a booked amount, so it rounds to the nearest atom
 * (half-up) by default; the error is at most half an atom of price, i.e. at most
 * quantity / 2 atoms of P&L, and every booked amount derived from it is itself rounded
 * against the trader. Pass another rounding to choose otherwise. currentQty may be 0.
 */
export function averageEntryPrice(
  currentQty: Atoms,
  currentEntry: Atoms,
  addedQty: Atoms,
  addedPrice: Atoms,
  rounding: Rounding = 'half-up',
): Atoms {
  requireNonNegative('current quantity', currentQty)
  requirePositive('added quantity', addedQty)
  requirePositive('added price', addedPrice)
  if (currentQty === 0n) return addedPrice
  requirePositive('current entry price', currentEntry)
  return divRound(currentQty * currentEntry + addedQty * addedPrice, currentQty + addedQty, rounding)
}

// ---------------------------------------------------------------------------------------
// Maintenance margin tiers
// ---------------------------------------------------------------------------------------

/**
 * The tier whose bracket (previous maxNotional, maxNotional] contains the notional; the
 * first bracket starts at 0 inclusive. Tiers must be sorted ascending. A notional above
 * the last cap (a short can outgrow the table as the price rises) gets the last tier:
 * the table's size limit is enforced when orders are placed, not here.
 */
export function maintenanceTierFor(tiers: readonly MaintenanceTier[], notionalValue: Atoms): MaintenanceTier {
  if (tiers.length === 0) throw new RangeError('No maintenance tiers')
  const found = tiers.find((tier) => tier.maxNotional === null || notionalValue <= tier.maxNotional)
  return found ?? (tiers[tiers.length - 1] as MaintenanceTier)
}

/**
 * Binance: maintenance margin = notional x rate - maintenance amount, with the rate and
 * amount of the notional's own tier. The product rounds up, so the margin required is
 * never below the exact figure.
 */
export function maintenanceMargin(notionalValue: Atoms, tier: MaintenanceTier): Atoms {
  return divCeil(notionalValue * tier.maintenanceMarginRate, ONE) - tier.maintenanceAmount
}

/** Maintenance margin of a position marked at markPrice, in the tier of its notional. */
export function positionMaintenanceMargin(tiers: readonly MaintenanceTier[], markPrice: Atoms, quantity: Atoms): Atoms {
  const value = notional(markPrice, quantity)
  return maintenanceMargin(value, maintenanceTierFor(tiers, value))
}

/** Highest leverage the exchange allows for a position of this notional. */
export function maxLeverageFor(tiers: readonly MaintenanceTier[], notionalValue: Atoms): number {
  return maintenanceTierFor(tiers, notionalValue).maxLeverage
}

/**
 * Throws unless the table is usable: caps strictly ascending, only the last may be null,
 * rates in (0, 1) and never falling, leverage a positive integer, and every maintenance
 * amount equal to Binance's published recurrence
 *   amount(n) = floor(n) x (rate(n) - rate(n-1)) + amount(n-1), amount(1) = 0,
 * which is what makes the maintenance margin continuous across brackets (the liquidation
 * price search below relies on it).
 */
export function checkTierTable(tiers: readonly MaintenanceTier[]): void {
  if (tiers.length === 0) throw new RangeError('No maintenance tiers')
  let floor = 0n
  let previous: MaintenanceTier | undefined
  tiers.forEach((tier, index) => {
    const where = `tier ${index + 1}`
    if (tier.maxNotional === null && index !== tiers.length - 1) throw new RangeError(`${where}: only the last tier may be unbounded`)
    if (tier.maxNotional !== null && tier.maxNotional <= floor) throw new RangeError(`${where}: caps must ascend`)
    if (tier.maintenanceMarginRate <= 0n || tier.maintenanceMarginRate >= ONE) throw new RangeError(`${where}: rate must be in (0, 1)`)
    if (previous !== undefined && tier.maintenanceMarginRate < previous.maintenanceMarginRate) throw new RangeError(`${where}: rates must not fall`)
    requireLeverage(tier.maxLeverage)
    const expected = previous === undefined ? 0n : divRound(floor * (tier.maintenanceMarginRate - previous.maintenanceMarginRate), ONE, 'half-up') + previous.maintenanceAmount
    if (tier.maintenanceAmount !== expected) throw new RangeError(`${where}: maintenance amount ${formatAtoms(tier.maintenanceAmount)}, expected ${formatAtoms(expected)}`)
    floor = tier.maxNotional ?? floor
    previous = tier
  })
}

// ---------------------------------------------------------------------------------------
// Liquidation (Binance USDⓈ-M, isolated margin, one-way mode)
// ---------------------------------------------------------------------------------------

/** An exact price n / d in quote units (d > 0), before rounding to atoms. */
interface ExactPrice {
  readonly n: bigint
  readonly d: bigint
}

/**
 * Binance's formula with TMM = UPNL = 0 (isolated), one position in one-way mode:
 *   LP = (WB + cumB - side x qty x EP) / (qty x MMR_B - side x qty), side = +1 long, -1 short
 * i.e. the price at which isolated margin + unrealized P&L = the tier's maintenance margin.
 * Numerator and denominator are both scaled by ONE^2 here, so n / d is the price itself.
 */
function exactLiquidationPrice(position: IsolatedPosition, tier: MaintenanceTier): ExactPrice {
  const side = direction(position.side)
  const n = (position.isolatedMargin + tier.maintenanceAmount) * ONE - side * position.quantity * position.entryPrice
  const d = position.quantity * tier.maintenanceMarginRate - side * position.quantity * ONE
  if (d === 0n) throw new RangeError('A maintenance margin rate of 1 leaves a long no liquidation price')
  return d < 0n ? { n: -n, d: -d } : { n, d }
}

/** Whether quantity x price lies in the bracket (lower, upper]; the first bracket includes 0. */
function notionalInBracket(price: ExactPrice, quantity: Atoms, lower: Atoms | null, upper: Atoms | null): boolean {
  // notional = (quantity / ONE) x (n / d) and a bound is bound / ONE, so compare quantity x n with bound x d.
  const scaled = quantity * price.n
  const aboveLower = lower === null ? scaled >= 0n : scaled > lower * price.d
  return aboveLower && (upper === null || scaled <= upper * price.d)
}

const isAbove = (a: ExactPrice, b: ExactPrice): boolean => a.n * b.d > b.n * a.d

/**
 * Binance picks the tier by the position's notional at the liquidation price, not at the
 * entry or mark price (its FAQ: when the two differ, recompute with the tier of the
 * notional at the liquidation price). So every tier is tried and the one whose bracket
 * contains its own LP x qty wins. With a continuous table (see checkTierTable) exactly one
 * does (both neighbours agree on a cap). Should none (a table with inconsistent amounts,
 * or a short whose LP notional outgrows the last cap), the most conservative candidate is
 * used: the highest price for a long, the lowest for a short, which for a continuous
 * table is the same answer, since its maintenance margin is the maximum of the tier lines.
 */
function solveLiquidationPrice(position: IsolatedPosition, tiers: readonly MaintenanceTier[]): ExactPrice {
  const candidates = tiers.map((tier, index) => ({
    price: exactLiquidationPrice(position, tier),
    lower: index === 0 ? null : (tiers[index - 1] as MaintenanceTier).maxNotional,
    upper: tier.maxNotional,
  }))
  const consistent = candidates.find((c) => notionalInBracket(c.price, position.quantity, c.lower, c.upper))
  if (consistent !== undefined) return consistent.price
  const prices = candidates.map((c) => c.price)
  const long = position.side === 'long'
  return prices.reduce((best, price) => (isAbove(price, best) === long ? price : best))
}

/**
 * Liquidation price of an isolated position (Binance USDⓈ-M, one-way mode), or null when
 * there is no positive one (e.g. a long at leverage 1 whose margin covers the notional).
 * Rounded to the atom in the conservative direction, so a price trigger fires no later
 * than the exact price: up for longs, down for shorts.
 */
export function liquidationPrice(input: IsolatedPosition & { readonly tiers: readonly MaintenanceTier[] }): Atoms | null {
  requirePositive('entry price', input.entryPrice)
  requirePositive('quantity', input.quantity)
  if (input.tiers.length === 0) throw new RangeError('No maintenance tiers')
  const exact = solveLiquidationPrice(input, input.tiers)
  const price = input.side === 'long' ? divCeil(exact.n * ONE, exact.d) : divFloor(exact.n * ONE, exact.d)
  return price > 0n ? price : null
}

/** Liquidation is due once the mark price reaches the liquidation price (inclusive). */
export function isLiquidatable(side: Side, markPrice: Atoms, liquidation: Atoms | null): boolean {
  if (liquidation === null) return false
  return side === 'long' ? markPrice <= liquidation : markPrice >= liquidation
}

/**
 * Isolated margin released when closedQuantity of a positionQuantity position is closed:
 * the proportional share, rounded down (never more than the share), and all of it on a
 * full close, so released + remaining is always exactly the margin held.
 */
export function reduceIsolatedMargin(
  isolatedMargin: Atoms,
  positionQuantity: Atoms,
  closedQuantity: Atoms,
): { released: Atoms; remaining: Atoms } {
  requireNonNegative('isolated margin', isolatedMargin)
  requirePositive('position quantity', positionQuantity)
  requirePositive('closed quantity', closedQuantity)
  if (closedQuantity > positionQuantity) throw new RangeError('Cannot close more than the position')
  const released = closedQuantity === positionQuantity ? isolatedMargin : divFloor(isolatedMargin * closedQuantity, positionQuantity)
  return { released, remaining: isolatedMargin - released }
}
