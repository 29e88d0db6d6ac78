import type { Tick } from '../../../shared/domain/market'
import type { Quote } from './exchange-state'

/**
 * The latest quote per market. A tick nothing depends on (no position, no working order,
 * no funding due) is kept as it came and converted to an exact quote (atoms, synthetic
 * spread) only when something reads it: a market nobody trades costs a map write per tick.
 */
export class QuoteBoard {
  private readonly quotes = new Map<string, Quote>()
  private readonly raw = new Map<string, Tick>()

  constructor(private readonly convert: (tick: Tick) => Quote) {}

  get(symbol: string): Quote | undefined {
    const tick = this.raw.get(symbol)
    if (tick === undefined) return this.quotes.get(symbol)
    this.raw.delete(symbol)
    const quote = this.convert(tick)
    this.quotes.set(symbol, quote)
    return quote
  }

  set(symbol: string, quote: Quote): void {
    this.raw.delete(symbol)
    this.quotes.set(symbol, quote)
  }

  defer(tick: Tick): void {
    this.raw.set(tick.symbol, tick)
  }

  /** Converts every deferred tick now, under the conversion's current rules (before they change). */
  settle(): void {
    for (const symbol of [...this.raw.keys()]) this.get(symbol)
  }
}
