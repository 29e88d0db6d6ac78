import { divRound, mul, ONE, type Atoms } from './money'

/** How an account turns a trade intent into a position size. */
export type SizingMethod = 'ACCOUNT_PERCENTAGE' | 'CONFIDENCE_BASED' | 'FIXED_USD'

/** Margin plus fee may use at most this share of the available balance. */
export const MAX_MARGIN_SHARE: Atoms = 95_000_000n // 0.95

export interface SizingInput {
  method: SizingMethod
  /** A fraction of equity (0.1 = 10 %) for the percentage methods, a notional for FIXED_USD. */
  value: Atoms
  /** 0..1, used by CONFIDENCE_BASED. */
  confidence: Atoms
  equity: Atoms
  available: Atoms
  price: Atoms
  leverage: number
  takerFee: Atoms
  amountStep: Atoms
  /** position_size_usd_override: the notional asked for, replacing the method. */
  notionalOverride?: Atoms
}

export interface Sizing {
  /** The notional the method asked for. */
  target: Atoms
  /** The notional after the margin cap. */
  notional: Atoms
  /** Base amount, rounded down to the step (never more than asked). */
  amount: Atoms
  /** True when 95 % of the available balance limited the size. */
  cappedByMargin: boolean
}

/**
 * Sizes a position: the method's notional, capped so margin + taker fee stay within 95 %
 * of the available balance (notional <= cap / (1/leverage + fee)), then converted to a
 * base amount rounded down to the instrument's step.
 */
export function sizePosition(input: SizingInput): Sizing {
  const target =
    input.notionalOverride ??
    (input.method === 'FIXED_USD'
      ? input.value
      : input.method === 'ACCOUNT_PERCENTAGE'
        ? mul(input.equity, input.value, 'down')
        : mul(mul(input.equity, input.value, 'down'), input.confidence, 'down'))
  const budget = mul(input.available > 0n ? input.available : 0n, MAX_MARGIN_SHARE, 'down')
  const leverage = BigInt(input.leverage)
  // cap = budget x leverage / (1 + leverage x fee), all in atoms.
  const cap = divRound(budget * leverage * ONE, ONE + leverage * input.takerFee, 'down')
  const notional = target < cap ? target : cap
  const rawAmount = divRound(notional * ONE, input.price, 'down')
  const amount = (rawAmount / input.amountStep) * input.amountStep
  return { target, notional, amount, cappedByMargin: target > cap }
}

/** A stop-loss or take-profit price at `fraction` away from `entry`, on the far side for `side`. */
export function bracketPrice(entry: Atoms, fraction: Atoms, side: 'long' | 'short', kind: 'stop_loss' | 'take_profit', tick: Atoms): Atoms {
  const below = (kind === 'stop_loss') === (side === 'long')
  const distance = mul(entry, fraction, 'half-up')
  const raw = below ? entry - distance : entry + distance
  // On the tick, rounded away from the entry so the distance is never smaller than asked.
  return below ? (raw / tick) * tick : divRound(raw, tick, 'up') * tick
}
