import type { Tick } from '../../../shared/domain/market'
import type { StepGrid } from '../../../shared/trading/precision'
import { SIMULATOR_MODEL } from './model'

/** A few levels of a book, best first: [price, amount] on the market's tick and amount grids. */
export interface SimulatedBook {
  bids: Array<[price: number, amount: number]>
  asks: Array<[price: number, amount: number]>
  /** Time of the tick the book belongs to (epoch ms). */
  ts: number
}

/** What the book of one market is derived from: its latest tick and the market's state then. */
export interface BookInputs {
  seed: number
  /** Index of the market in the simulator's list (keeps the books of different markets independent). */
  market: number
  tick: Tick
  price: StepGrid
  amount: StepGrid
  meanTradeSize: number
  /** Volatility multiple and stress at the tick. */
  multiple: number
  stress: number
}

const BID = 0x62
const ASK = 0x61
const PHASE = 0x70
const SIZE = 0x73
const TWO_32 = 4_294_967_296

/** murmur3's 32-bit finaliser: a fast, well-mixing integer hash. */
function mix(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** A uniform in (0, 1) that is a pure function of its integer inputs. */
function hashUnit(seed: number, market: number, kind: number, units: number, epoch: number): number {
  let h = mix(seed ^ Math.imul(market + 1, 0x9e3779b9))
  h = mix(h ^ kind)
  h = mix(h ^ (units % TWO_32))
  h = mix(h ^ Math.floor(units / TWO_32))
  h = mix(h ^ (epoch | 0))
  return (h + 0.5) / TWO_32
}

/**
 * The book behind a tick. Deterministic: a pure function of the seed, the market and its
 * latest tick and state, never of when or how often it is asked. The best levels are the
 * tick's bid and ask. Deeper price levels are populated or empty by a hash of (level,
 * epoch), each level re-drawn every `refreshMs` at its own phase, so the book holds still
 * between ticks and levels stay where they are while the price moves; gaps between levels
 * widen and sizes shrink in fast markets. Sizes grow on average away from the top.
 */
export function simulatedBook(inputs: BookInputs): SimulatedBook {
  const { tick, price } = inputs
  const { gapBp } = SIMULATOR_MODEL.book
  const ticksPerBp = (tick.bid * 1e-4) / price.fromUnits(1)
  const thin = Math.sqrt(inputs.multiple) * (1 + 0.5 * inputs.stress)
  const meanGap = Math.max(1, ticksPerBp * gapBp * thin)
  return {
    bids: side(inputs, BID, price.toUnits(tick.bid), -1, meanGap, thin),
    asks: side(inputs, ASK, price.toUnits(tick.ask), 1, meanGap, thin),
    ts: tick.ts,
  }
}

function side(
  inputs: BookInputs,
  kind: number,
  best: number,
  direction: 1 | -1,
  meanGap: number,
  thin: number,
): Array<[price: number, amount: number]> {
  const { seed, market, tick, price, amount, meanTradeSize } = inputs
  const { levels: count, refreshMs, topSizeInTrades, growthPerLevel, sizeDispersion } = SIMULATOR_MODEL.book
  const occupancy = 1 / meanGap
  const maxGap = Math.ceil(4 * meanGap)
  const epochOf = (units: number): number => Math.floor((tick.ts + hashUnit(seed, market, PHASE, units, 0) * refreshMs) / refreshMs)
  const sizeAt = (units: number, level: number): number => {
    // A log-normal factor with mean 1 (Box-Muller on two hashed uniforms).
    const epoch = epochOf(units)
    const u = hashUnit(seed, market, kind ^ SIZE, units, epoch)
    const v = hashUnit(seed, market, kind ^ SIZE ^ 0xff, units, epoch)
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
    const noise = Math.exp(sizeDispersion * z - (sizeDispersion * sizeDispersion) / 2)
    const size = (meanTradeSize * topSizeInTrades * (1 + growthPerLevel * level) * noise) / thin
    return amount.fromUnits(Math.max(1, amount.toUnits(size)))
  }
  const book: Array<[price: number, amount: number]> = [[price.fromUnits(best), sizeAt(best, 0)]]
  let units = best
  let gap = 0
  while (book.length < count) {
    units += direction
    gap += 1
    if (units <= 0) break
    if (gap >= maxGap || hashUnit(seed, market, kind, units, epochOf(units)) < occupancy) {
      book.push([price.fromUnits(units), sizeAt(units, book.length)])
      gap = 0
    }
  }
  return book
}
