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
  /** Streams ticks from `from` on, continuing from the ledger's last closes, in time order, in batches. */
  start(from: number, lastCloses: ReadonlyMap<string, number>, onTicks: (ticks: Tick[]) => void): void
  stop(): void
}
