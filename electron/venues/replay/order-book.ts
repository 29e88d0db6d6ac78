import { type Atoms, divRound, formatAtoms, min } from '../../../shared/trading/money'
import type { BookSide, DepthEvent, DepthSnapshot } from './csv-readers'
import { exactAtoms, formatScaled } from './decimal'

/** A price level of the book, exact decimal strings (canonical spelling: "62000", "0.5"). */
export interface BookLevel {
  price: string
  quantity: string
}

/** What a market order of some base quantity would take from the book, level by level. */
export interface BookWalk {
  side: 'buy' | 'sell'
  requested: string
  fills: BookLevel[]
  filled: string
  /** What the book was too thin to fill. */
  unfilled: string
  /** Sum of price x quantity over the fills, exact (up to 16 decimals). */
  notional: string
  /** notional / filled, rounded half-up to 8 decimals; undefined when nothing filled. */
  averagePrice: string | undefined
}

/** The queries of a book; what a replay hands out, so callers cannot apply events to it. */
export interface ReadonlyOrderBook {
  readonly lastUpdateId: number
  bestBid(): BookLevel | undefined
  bestAsk(): BookLevel | undefined
  /** The best `n` levels of a side, best first. */
  levels(side: BookSide, n: number): BookLevel[]
  /** Number of price levels on a side. */
  depth(side: BookSide): number
  /** The fills of a market order; never changes the book. */
  walk(side: 'buy' | 'sell', quantity: string | Atoms): BookWalk
}

/** A diff-depth event that does not continue the book: events were lost, the book is wrong. */
export class DepthGapError extends Error {
  constructor(
    readonly expectedFirstUpdateId: number,
    readonly event: Pick<DepthEvent, 'firstUpdateId' | 'lastUpdateId' | 'line'>,
    synced: boolean,
  ) {
    super(
      `Depth gap: the book is at update ${expectedFirstUpdateId - 1}, so the ${synced ? 'next event must start at' : 'first event must cover'} ` +
        `update ${expectedFirstUpdateId}, but got U=${event.firstUpdateId} u=${event.lastUpdateId}` +
        `${event.line > 0 ? ` (line ${event.line})` : ''}. Events are missing: resynchronise from a new snapshot.`,
    )
    this.name = 'DepthGapError'
  }
}

/**
 * One side's levels as two parallel arrays sorted worst price first, so the best level is
 * the last element: most updates touch the top of the book, and an insert or delete there
 * moves only the few slots after it. Prices and quantities are integer atoms held in
 * doubles (exact below 2^53 atoms, i.e. 90 million units): number compares keep the binary
 * search fast, and walk() switches to bigint for products.
 */
class SideLevels {
  /** Price atoms, worst first: descending for asks, ascending for bids. */
  readonly prices: number[] = []
  readonly quantities: number[] = []

  constructor(private readonly side: BookSide) {}

  /** Number of levels. */
  get size(): number {
    return this.prices.length
  }

  /** The i-th best level (0 = best). */
  price(i: number): number {
    return this.prices[this.prices.length - 1 - i] as number
  }

  quantity(i: number): number {
    return this.quantities[this.quantities.length - 1 - i] as number
  }

  /** Sets a level's absolute quantity; 0 removes it (absent levels may be removed: that is normal). */
  set(price: number, quantity: number): void {
    const i = this.position(price)
    const found = i < this.prices.length && this.prices[i] === price
    if (quantity === 0) {
      if (found) {
        this.prices.splice(i, 1)
        this.quantities.splice(i, 1)
      }
    } else if (found) {
      this.quantities[i] = quantity
    } else {
      this.prices.splice(i, 0, price)
      this.quantities.splice(i, 0, quantity)
    }
  }

  /** Index of the first level not worse than `price` (where it is, or would be inserted). */
  private position(price: number): number {
    const prices = this.prices
    // "a is worse than b": a higher ask, a lower bid.
    const worse = this.side === 'ask' ? (a: number, b: number) => a > b : (a: number, b: number) => a < b
    let lo = 0
    let hi = prices.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (worse(prices[mid] as number, price)) lo = mid + 1
      else hi = mid
    }
    return lo
  }
}

const LEVEL_DECIMAL = /^(\d+)(?:\.(\d{1,8}))?$/

/** A price or quantity string as integer atoms in a double; refuses anything it could not hold exactly. */
export function levelAtoms(text: string): number {
  const match = LEVEL_DECIMAL.exec(text)
  const value = match === null ? NaN : Number(match[1]) * 1e8 + Number((match[2] ?? '').padEnd(8, '0'))
  if (!Number.isSafeInteger(value)) throw new RangeError(`"${text}" is not a price or quantity with at most 8 decimals below 90 million`)
  return value
}

/**
 * An L2 order book (price -> quantity per side, exact) kept from a depth snapshot and
 * Binance diff-depth events with Binance's sequencing rule: drop events with
 * u <= lastUpdateId; the first applied event must have U <= lastUpdateId + 1 <= u; every
 * later one must start at the previous u + 1. Anything else is a gap, and throws.
 *
 * Levels beyond the snapshot's depth (1,000 per side) are known only once an update
 * touches them, so a walk that deep sees a thinner book than the exchange had.
 */
export class OrderBook implements ReadonlyOrderBook {
  private readonly bids = new SideLevels('bid')
  private readonly asks = new SideLevels('ask')
  private updateId: number
  private synced = false

  private constructor(lastUpdateId: number) {
    this.updateId = lastUpdateId
  }

  static fromSnapshot(snapshot: DepthSnapshot): OrderBook {
    const book = new OrderBook(snapshot.lastUpdateId)
    for (const { price, qty } of snapshot.bids) book.bids.set(levelAtoms(price), levelAtoms(qty))
    for (const { price, qty } of snapshot.asks) book.asks.set(levelAtoms(price), levelAtoms(qty))
    return book
  }

  /** The last update id the book reflects (the snapshot's, then each applied event's u). */
  get lastUpdateId(): number {
    return this.updateId
  }

  /**
   * Applies one diff-depth event. Returns false for an event the book already contains
   * (u <= lastUpdateId, e.g. buffered before the snapshot), true when applied; throws
   * DepthGapError when events are missing.
   */
  apply(event: Pick<DepthEvent, 'firstUpdateId' | 'lastUpdateId' | 'changes'> & Partial<Pick<DepthEvent, 'line'>>): boolean {
    if (event.lastUpdateId <= this.updateId) return false
    const next = this.updateId + 1
    const continues = this.synced ? event.firstUpdateId === next : event.firstUpdateId <= next
    if (!continues) throw new DepthGapError(next, { ...event, line: event.line ?? 0 }, this.synced)
    // Parse every change before touching the book, so a bad number leaves it as it was.
    const parsed = event.changes.map(({ side, price, qty }) => ({ side, price: levelAtoms(price), qty: levelAtoms(qty) }))
    for (const { side, price, qty } of parsed) (side === 'bid' ? this.bids : this.asks).set(price, qty)
    this.updateId = event.lastUpdateId
    this.synced = true
    return true
  }

  bestBid(): BookLevel | undefined {
    return this.levels('bid', 1)[0]
  }

  bestAsk(): BookLevel | undefined {
    return this.levels('ask', 1)[0]
  }

  levels(side: BookSide, n: number): BookLevel[] {
    const levels = this.side(side)
    const out: BookLevel[] = []
    for (let i = 0; i < Math.min(n, levels.size); i++) {
      out.push({ price: formatAtoms(BigInt(levels.price(i))), quantity: formatAtoms(BigInt(levels.quantity(i))) })
    }
    return out
  }

  depth(side: BookSide): number {
    return this.side(side).size
  }

  walk(side: 'buy' | 'sell', quantity: string | Atoms): BookWalk {
    const requested = typeof quantity === 'string' ? exactAtoms(quantity) : quantity
    if (requested <= 0n) throw new RangeError(`A market order needs a positive quantity, got ${formatAtoms(requested)}`)
    // A buy lifts the asks, a sell hits the bids.
    const levels = side === 'buy' ? this.asks : this.bids
    const fills: BookLevel[] = []
    let remaining = requested
    // price atoms x quantity atoms: the notional at 16 decimals, exact.
    let notional = 0n
    for (let i = 0; i < levels.size && remaining > 0n; i++) {
      const price = BigInt(levels.price(i))
      const take = min(remaining, BigInt(levels.quantity(i)))
      fills.push({ price: formatAtoms(price), quantity: formatAtoms(take) })
      notional += price * take
      remaining -= take
    }
    const filled = requested - remaining
    return {
      side,
      requested: formatAtoms(requested),
      fills,
      filled: formatAtoms(filled),
      unfilled: formatAtoms(remaining),
      notional: formatScaled(notional, 16),
      averagePrice: filled === 0n ? undefined : formatAtoms(divRound(notional, filled, 'half-up')),
    }
  }

  private side(side: BookSide): SideLevels {
    return side === 'bid' ? this.bids : this.asks
  }
}
