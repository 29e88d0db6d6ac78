import { formatAtoms } from '../../../shared/trading/money'
import { SIMULATOR_MODEL } from './model'

const { intervalMs, interest, premiumClamp, cap } = SIMULATOR_MODEL.funding

/** The first funding settlement strictly after `time` (settlements every 8 h from 00:00 UTC). */
export function nextFundingTime(time: number): number {
  return Math.floor(time / intervalMs) * intervalMs + intervalMs
}

export const isFundingTime = (time: number): boolean => Number.isInteger(time) && time % intervalMs === 0

/**
 * Binance's USD-M funding formula: F = P + clamp(I - P, -0.05 %, +0.05 %), capped at +/- 0.3 %,
 * with I = 0.01 % per 8 h and P the average premium index. Rounded to 8 decimals.
 */
export function fundingRateOf(averagePremium: number): number {
  const premiumTerm = Math.min(premiumClamp, Math.max(-premiumClamp, interest - averagePremium))
  const rate = Math.min(cap, Math.max(-cap, averagePremium + premiumTerm))
  return Math.round(rate * 1e8) / 1e8
}

/** A rate as a plain decimal string with at most 8 decimals ("0.0001", "-0.00012345"). */
export function formatRate(rate: number): string {
  return formatAtoms(BigInt(Math.round(rate * 1e8)))
}

/** Premium accrued towards a funding settlement: sums weighted linearly over the interval. */
export interface FundingAccrual {
  /** Sum of premium x weight. */
  weighted: number
  /** Sum of weights. */
  weight: number
}

/**
 * Adds a premium held over [from, to) (inside one funding interval that ends at `settlesAt`)
 * with weights growing linearly from 0 at the interval's start to 1 at its end, the continuous
 * form of Binance's 1, 2, ..., n weights of its minute premium indices.
 */
export function accrue(accrual: FundingAccrual, premium: number, from: number, to: number, settlesAt: number): void {
  if (!(to > from)) return
  const start = settlesAt - intervalMs
  const a = from - start
  const b = to - start
  const weight = (b * b - a * a) / (2 * intervalMs)
  accrual.weighted += premium * weight
  accrual.weight += weight
}

/** The rate settled from an accrual; undefined when it covers no time at all. */
export function settle(accrual: FundingAccrual): string | undefined {
  if (!(accrual.weight > 0)) return undefined
  return formatRate(fundingRateOf(accrual.weighted / accrual.weight))
}
