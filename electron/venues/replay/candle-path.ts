import type { Tick } from '../../../shared/domain/market'
import { type Atoms, toNumber } from '../../../shared/trading/money'
import type { CandleRow } from './csv-readers'
import { exactAtoms } from './decimal'

/**
 * How a recorded candle is played as ticks. A candle only tells where the market opened,
 * closed and how far it went, so each one becomes a short deterministic path through
 * those four recorded prices; nothing in between is invented.
 */

/** The path's points sit at the candle's open and at each following quarter of its interval. */
const PATH_SLOTS = 4

export interface PathPoint {
  /** Milliseconds after the candle's open time: slot x interval / 4. */
  offset: number
  /** The recorded price, as its exact string. */
  price: string
}

/**
 * open -> the extreme nearer the open -> the other extreme -> close, the usual convention
 * of bar-based backtesters (the market reaches the nearer extreme first). When both are
 * equally near, a rising candle (close >= open) dips to its low first and a falling one
 * rises to its high first. A point equal to the one before it is dropped (open at the low,
 * a flat zero-volume bar), so consecutive ticks never repeat a price; the others keep
 * their slot, and the last one is always at the close price.
 */
export function candlePath(candle: CandleRow, intervalMs: number): PathPoint[] {
  const [open, high, low, close] = [candle.open, candle.high, candle.low, candle.close].map(exactAtoms) as [Atoms, Atoms, Atoms, Atoms]
  if (low > open || low > close || high < open || high < close) {
    throw new RangeError(`The candle at ${new Date(candle.openTime).toISOString()} has open or close outside [low, high]`)
  }
  const toHigh = high - open
  const toLow = open - low
  const highFirst = toHigh < toLow || (toHigh === toLow && close < open)
  const prices = highFirst ? [candle.open, candle.high, candle.low, candle.close] : [candle.open, candle.low, candle.high, candle.close]
  const values = highFirst ? [open, high, low, close] : [open, low, high, close]
  const points: PathPoint[] = []
  values.forEach((value, slot) => {
    if (slot > 0 && value === values[slot - 1]) return
    points.push({ offset: (slot * intervalMs) / PATH_SLOTS, price: prices[slot] as string })
  })
  return points
}

/**
 * Splits `volume` over `parts` ticks so the parts sum to it exactly: each gets an equal
 * whole number of `step`s, the first ones a step more where they do not divide evenly,
 * and the last one also whatever is finer than the step (older files record finer lots
 * than today's amount step).
 */
export function splitVolume(volume: Atoms, parts: number, step: Atoms): Atoms[] {
  if (parts < 1) throw new RangeError('A volume splits into at least one part')
  const steps = volume / step
  const each = steps / BigInt(parts)
  const extra = Number(steps % BigInt(parts))
  const shares = Array.from({ length: parts }, (_, i) => (each + (i < extra ? 1n : 0n)) * step)
  shares[parts - 1] = (shares[parts - 1] as Atoms) + (volume - steps * step)
  return shares
}

/** A market priced from the candles: its symbol and amount step (atoms), on which its volume is split. */
export interface PathListing {
  symbol: string
  amountStep: Atoms
}

/** A point of a candle's path as every listing priced from the candle trades it. */
export interface PlayedPoint {
  ts: number
  price: string
  /** Each listing's share of the candle volume, in `listings` order. */
  volumes: Atoms[]
}

/** A candle's path with its volume split per listing, each on its own amount step. */
export function playedPoints(candle: CandleRow, intervalMs: number, listings: readonly PathListing[]): PlayedPoint[] {
  const path = candlePath(candle, intervalMs)
  const volume = exactAtoms(candle.volume)
  const shares = listings.map((listing) => splitVolume(volume, path.length, listing.amountStep))
  return path.map((point, i) => ({ ts: candle.openTime + point.offset, price: point.price, volumes: shares.map((share) => share[i] as Atoms) }))
}

/**
 * The ticks one candle plays as, for each listing priced from it (a spot market and its
 * perpetual), point by point in `listings` order. Every tick lies inside the candle's
 * interval and has bid = ask = last: candles carry no book, so the engine quotes its
 * synthetic spread around the last price.
 */
export function candleTicks(candle: CandleRow, intervalMs: number, listings: readonly PathListing[]): Tick[] {
  return playedPoints(candle, intervalMs, listings).flatMap(({ ts, price, volumes }) => {
    const last = Number(price)
    return listings.map((listing, j) => ({ symbol: listing.symbol, ts, last, bid: last, ask: last, volume: toNumber(volumes[j] as Atoms) }))
  })
}
