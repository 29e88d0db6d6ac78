/**
 * The simulated market's model: every parameter in one place, with the pure functions that
 * turn the latent state into what a market shows (volatility multiple, arrival rate, spread).
 * The values are calibrated on real Binance data (1m/5m BTC and ETH candles, the BTC/USDT
 * book ticker and depth capture, and the BTCUSDT/ETHUSDT funding history).
 */
import type { SimulatedAsset } from './markets'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
export const MS_PER_YEAR = 365 * DAY

export const SIMULATOR_MODEL = {
  /** The latent state (volatility, perpetual premium, arrival rates) moves on this grid of simulated time (UTC-aligned). */
  stepMs: 5_000,
  volatility: {
    /**
     * Log-volatility components shared by every asset (the market's regime): independent
     * Ornstein-Uhlenbeck processes, each with its timescale and stationary standard deviation.
     * Fast, intraday and multi-day components give the slowly decaying autocorrelation of
     * absolute returns seen on real crypto markets.
     */
    market: [
      { timescaleMs: 10 * MINUTE, sd: 0.3 },
      { timescaleMs: 3 * HOUR, sd: 0.3 },
      { timescaleMs: 3 * DAY, sd: 0.35 },
    ],
    /** Each asset's own log-volatility component on top of the market's. */
    idiosyncratic: { timescaleMs: 6 * HOUR, sd: 0.15 },
    /** Bounds of the volatility multiple (current / long-run average). */
    minMultiple: 0.05,
    maxMultiple: 12,
    /**
     * Intraday profile of volatility (multiple per UTC hour, 00:00 to 23:00), interpolated
     * between hour midpoints, and per weekday (Sunday first). Measured on two years of
     * Binance BTC/USDT 5m candles; normalised so the average variance stays the asset's.
     */
    hourly: [
      1.04, 1.06, 0.93, 0.79, 0.77, 0.73, 0.82, 0.79, 0.79, 0.76, 0.73, 0.74, 0.95, 1.17, 1.49, 1.31, 1.16, 1.16, 1.09, 1.05,
      1.11, 1.19, 1.01, 0.87,
    ],
    weekday: [0.77, 1.16, 1.08, 1.05, 1.04, 1.15, 0.65],
  },
  /** Correlation of an asset's diffusive returns with the common market factor, when the asset does not say. */
  defaultMarketLoading: 0.9,
  jumps: {
    /** Market-wide jumps (every asset moves, in the same direction) and each asset's own, per day. */
    marketPerDay: 2,
    idiosyncraticPerDay: 1,
    /**
     * Size of a jump (log return): sign +/- with equal odds, magnitude
     * scale x (minSize + Exp(meanExcess)), at most maxSize, where scale is the asset's
     * annualVolatility / referenceVolatility.
     */
    minSize: 0.002,
    meanExcess: 0.004,
    maxSize: 0.04,
    referenceVolatility: 0.8,
    /** A jump raises the asset's log-volatility by this much per 1 % of jump (at most maxVolKick), decaying over kickTimescaleMs. */
    volKickPerPercent: 0.3,
    maxVolKick: 1,
    kickTimescaleMs: 15 * MINUTE,
  },
  /** Right after a jump the market is stressed (spreads wide, books thin, trading hectic): stress units per 1 % of jump, decaying. */
  stress: { perPercent: 2, max: 6, timescaleMs: 30_000 },
  /** A perpetual's basis reverts to its premium over minutes; its noise scales with the volatility multiple. */
  basis: { timescaleMs: 10 * MINUTE, sd: 0.00025 },
  /**
   * The premium a perpetual's basis reverts to drifts over days: an Ornstein-Uhlenbeck process
   * around `mean`, pushed up by rallies and down by sell-offs (returnCoupling x log return).
   */
  premium: { mean: 0.0001, timescaleMs: 2 * DAY, sd: 0.0004, returnCoupling: 0.006 },
  /**
   * Funding (Binance USD-M style): every 8 h at 00:00, 08:00 and 16:00 UTC,
   * rate = P + clamp(interest - P, -premiumClamp, +premiumClamp), capped at +/- cap, where P is
   * the perpetual's premium (basis) averaged over the interval with weights growing linearly
   * with time, as Binance weights its minute premium indices. 8 decimals; positive = longs pay.
   */
  funding: { intervalMs: 8 * HOUR, interest: 0.0001, premiumClamp: 0.0005, cap: 0.003 },
  /** Trades arrive faster in fast markets: rate = base x vol multiple (normalised to average base) x (1 + perStress x stress), bounded. */
  arrivals: { perStress: 0.5, minMultiple: 0.25, maxMultiple: 8 },
  /**
   * The quoted spread is the market's spreadTicks plus floor(Exp(mean)) ticks, where the mean,
   * in basis points of the price, is perExcessVarianceBp x max(0, multiple^2 - varianceThreshold)
   * + perStressBp x stress: the minimum spread most of the time (as on Binance, where BTC/USDT
   * quotes one tick 89 % of the time), wider in the most volatile stretches and after jumps.
   */
  spread: { varianceThreshold: 2, perExcessVarianceBp: 0.05, perStressBp: 1 },
  book: {
    /** Levels per side. */
    levels: 10,
    /** Mean distance between populated price levels in basis points (at least one tick), wider in fast markets. */
    gapBp: 0.03,
    /** A level's presence and size are re-drawn about this often (each level at its own phase). */
    refreshMs: 4_000,
    /**
     * Mean size of the best level in mean trade sizes, growing by growthPerLevel per level away
     * from the top; each level's size is that times a log-normal factor (sizeDispersion = sd of its log).
     */
    topSizeInTrades: 10,
    growthPerLevel: 0.6,
    sizeDispersion: 0.7,
  },
} as const

/** The time-of-day and day-of-week volatility multiple at `time`, normalised to a mean square of 1 over a week. */
export function seasonality(time: number): number {
  return rawSeasonality(time) / SEASONALITY_NORM
}

function rawSeasonality(time: number): number {
  const { hourly, weekday } = SIMULATOR_MODEL.volatility
  const dayIndex = Math.floor(time / DAY)
  const hourOfDay = (time - dayIndex * DAY) / HOUR - 0.5
  const lower = Math.floor(hourOfDay)
  const weight = hourOfDay - lower
  const a = hourly[(lower + 24) % 24] as number
  const b = hourly[(lower + 25) % 24] as number
  // 1970-01-01 was a Thursday.
  return (a + (b - a) * weight) * (weekday[(dayIndex + 4) % 7] as number)
}

const SEASONALITY_NORM = (() => {
  let sum = 0
  const samples = 7 * 24 * 60
  for (let i = 0; i < samples; i++) sum += rawSeasonality(i * MINUTE) ** 2
  return Math.sqrt(sum / samples)
})()

const SEASONALITY_MEAN = (() => {
  let sum = 0
  const samples = 7 * 24 * 60
  for (let i = 0; i < samples; i++) sum += seasonality(i * MINUTE)
  return sum / samples
})()

/** Total stationary variance of the log-volatility components. */
export const LOG_VOL_VARIANCE =
  SIMULATOR_MODEL.volatility.market.reduce((sum, c) => sum + c.sd * c.sd, 0) + SIMULATOR_MODEL.volatility.idiosyncratic.sd ** 2

/**
 * Scales the arrival rate so it averages the market's ticksPerSecond: E[multiple] is
 * exp(-variance / 2) x the mean seasonality, for a multiple whose mean square is 1.
 */
export const ARRIVAL_NORMALISATION = Math.exp(LOG_VOL_VARIANCE / 2) / SEASONALITY_MEAN

/** The volatility multiple from the log-volatility sum and the seasonality: mean square 1 in the long run. */
export function volatilityMultiple(logVolatility: number, season: number): number {
  const { minMultiple, maxMultiple } = SIMULATOR_MODEL.volatility
  const multiple = season * Math.exp(logVolatility - LOG_VOL_VARIANCE)
  return multiple < minMultiple ? minMultiple : multiple > maxMultiple ? maxMultiple : multiple
}

/** Multiple of a market's base tick rate at this volatility multiple and stress. */
export function arrivalMultiple(multiple: number, stress: number): number {
  const { perStress, minMultiple, maxMultiple } = SIMULATOR_MODEL.arrivals
  const rate = multiple * ARRIVAL_NORMALISATION * (1 + perStress * stress)
  return rate < minMultiple ? minMultiple : rate > maxMultiple ? maxMultiple : rate
}

/** Mean extra spread, in basis points of the price, at this volatility multiple and stress. */
export function extraSpreadBp(multiple: number, stress: number): number {
  const { varianceThreshold, perExcessVarianceBp, perStressBp } = SIMULATOR_MODEL.spread
  const excess = multiple * multiple - varianceThreshold
  return (excess > 0 ? perExcessVarianceBp * excess : 0) + perStressBp * stress
}

/** Per-asset constants derived from the model. */
export interface AssetDynamics {
  /** Correlation with the market factor. */
  loading: number
  /** Multiplier of the jump sizes. */
  jumpScale: number
  /** Jumps per ms hitting this asset (market-wide and its own). */
  jumpRate: number
  /** Long-run diffusive variance per ms (the asset's variance minus what the jumps contribute). */
  diffusiveVariancePerMs: number
  /** Drift per ms that keeps the price a martingale despite the jumps. */
  jumpCompensationPerMs: number
}

export function assetDynamics(asset: SimulatedAsset): AssetDynamics {
  const { jumps } = SIMULATOR_MODEL
  const jumpScale = asset.annualVolatility / jumps.referenceVolatility
  const jumpRate = (jumps.marketPerDay + jumps.idiosyncraticPerDay) / DAY
  // E[(a + X)^2] for X ~ Exp(m): a^2 + 2am + 2m^2 (the cap at maxSize is rare enough to ignore).
  const a = jumps.minSize * jumpScale
  const m = jumps.meanExcess * jumpScale
  const jumpSquare = a * a + 2 * a * m + 2 * m * m
  const variancePerMs = (asset.annualVolatility * asset.annualVolatility) / MS_PER_YEAR
  const diffusiveVariancePerMs = Math.max(0.25 * variancePerMs, variancePerMs - jumpRate * jumpSquare)
  return {
    loading: asset.marketLoading ?? SIMULATOR_MODEL.defaultMarketLoading,
    jumpScale,
    jumpRate,
    diffusiveVariancePerMs,
    // E[e^J] - 1 for a symmetric J is about E[J^2] / 2.
    jumpCompensationPerMs: (jumpRate * jumpSquare) / 2,
  }
}
