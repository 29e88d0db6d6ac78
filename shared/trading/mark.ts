import { atomsOf, divRound, type Atoms } from './money'

/** The mark the engine values positions and holdings at: the bid/ask midpoint, half-up to the atom. */
export const midpoint = (bid: Atoms, ask: Atoms): Atoms => divRound(bid + ask, 2n, 'half-up')

/**
 * The engine's mark for a quote as the screen receives it (decimal numbers). A source with no
 * real book (bid not below ask: trades or candles only) is quoted by the engine's synthetic
 * spread around the last price, whose midpoint is the last price to within a tick: the last
 * price stands in for it.
 */
export function liveMark(quote: { last: number; bid: number; ask: number } | undefined): Atoms | undefined {
  if (quote === undefined) return undefined
  if (quote.bid > 0 && quote.ask > quote.bid) return midpoint(atomsOf(quote.bid), atomsOf(quote.ask))
  return quote.last > 0 ? atomsOf(quote.last) : undefined
}
