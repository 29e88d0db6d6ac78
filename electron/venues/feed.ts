import type { Candle, Instrument, Tick } from '../../shared/domain/market'

export interface DataSource {
  id: string
  name: string
}

/**
 * A source of market data (the simulator, a replay, an exchange through ccxt). The market
 * data service owns one and never knows which kind it is.
 */
export interface MarketFeed {
  readonly source: DataSource
  readonly instruments: readonly Instrument[]
  /**
   * Closed one-minute candles for [from, to) per symbol, continuing from the last closes
   * the ledger already holds (absent for symbols it has none of).
   */
  backfill(from: number, to: number, lastCloses: ReadonlyMap<string, number>): Promise<Map<string, Candle[]>>
  /**
   * Streams ticks from `from` on (none stamped before it), continuing from the ledger's last
   * closes, in time order, in batches. A recording calls `onEnd` once when it has played
   * out (never after stop()); a live feed never does.
   */
  start(from: number, lastCloses: ReadonlyMap<string, number>, onTicks: (ticks: Tick[]) => void, onEnd?: () => void): void
  stop(): void
  /**
   * A live feed's promise: a tick at least this often (ms). Longer without one and the
   * feed is reported stale until ticks come again. Recordings and the simulator leave it out.
   */
  readonly staleAfterMs?: number
  /**
   * A recording's end (epoch ms on its timeline): from this time on it has nothing left to
   * play. Live feeds have no end.
   */
  endsAt?(): number
  /**
   * A few levels of the order book of `symbol` as of its latest tick, best first (bids
   * descending, asks ascending), prices on the tick grid, amounts on the amount step, the
   * best levels equal to that tick's bid and ask; undefined when the feed has none (yet).
   */
  bookSnapshot?(symbol: string): { bids: Array<[price: number, amount: number]>; asks: Array<[price: number, amount: number]>; ts: number } | undefined
  /**
   * The funding rate of a perpetual for the settlement at `fundingTime` (epoch ms; every 8 h
   * from 00:00 UTC), as a decimal string with at most 8 decimals, positive = longs pay
   * shorts; undefined for spot symbols and for settlements the feed does not know.
   */
  fundingRate?(symbol: string, fundingTime: number): string | undefined
}
