import type { Candle, Instrument, Tick } from '../../../shared/domain/market'
import type { Clock } from '../../engine/clock'
import type { MarketFeed } from '../feed'
import { LiveSimulator, simulateHistory, type SimulationState, startingState } from './market-simulator'
import { BUILT_IN_UNIVERSE, SIMULATOR_SOURCE, type SimulatedAsset, type SimulatedMarket, type SimulatedUniverse } from './markets'
import type { SimulatedBook } from './order-book'

export interface SimulatedFeedOptions {
  /**
   * Simulated ms per clock ms: 1 = real time (the default), 10 = ten times as fast,
   * Infinity = as fast as the consumer takes the ticks.
   */
  speed?: number
  /** Most ticks per onTicks call at speed Infinity; the feed yields to the event loop between batches (default 1000). */
  maxBatch?: number
  /** The markets simulated (default: the built-in BTC, ETH and SOL, spot and perpetual). */
  universe?: SimulatedUniverse
}

/**
 * The built-in market: deterministic for a seed, offline, no keys.
 *
 * Time: the simulated market starts at `from` (given to start()) and, at the first pump,
 * catches up to t0 = the clock's time when start() was called. From then on it runs at
 * `speed`: simulated time = t0 + speed x (clock.now() - t0), so at speed 1 tick timestamps
 * follow the clock as before; at speed 10 a clock second brings ten simulated seconds of
 * ticks, and tick timestamps run ahead of the clock (a tick's `ts` is simulated time, not
 * clock time). At speed Infinity the market is advanced batch by batch as fast as the
 * consumer takes them. `now()` is the simulated time reached, so the feed can serve as the
 * engine's clock at any speed (as the replay feed does). The ticks themselves do not depend
 * on the speed, the pump interval or the batching: only on the seed and the starting state.
 */
export class SimulatedFeed implements MarketFeed, Clock {
  readonly source = SIMULATOR_SOURCE
  readonly instruments: readonly Instrument[]
  private readonly assets: readonly SimulatedAsset[]
  private readonly markets: readonly SimulatedMarket[]
  private readonly speed: number
  private readonly maxBatch: number
  private timer: ReturnType<typeof setInterval> | undefined
  private immediate: ReturnType<typeof setImmediate> | undefined
  private running = false
  private simulator: LiveSimulator | undefined
  /** Where the latest backfill ended: a start from there continues its volatility, premium and funding accrual. */
  private history: SimulationState | undefined
  /** Funding rates the backfilled history settled, per perpetual. */
  private readonly historyFunding = new Map<string, Map<number, string>>()

  constructor(
    private readonly seed: number,
    private readonly clock: Clock,
    /** How often the live market is advanced to the clock's time. */
    private readonly pumpIntervalMs = 100,
    options: SimulatedFeedOptions = {},
  ) {
    const universe = options.universe ?? BUILT_IN_UNIVERSE
    this.assets = universe.assets
    this.markets = universe.markets
    this.instruments = this.markets.map((m) => m.instrument)
    this.speed = options.speed ?? 1
    if (!(this.speed > 0)) throw new RangeError(`Simulator speed must be positive, got ${this.speed}`)
    this.maxBatch = options.maxBatch ?? 1_000
    if (!(this.maxBatch >= 1)) throw new RangeError(`maxBatch must be at least 1, got ${this.maxBatch}`)
  }

  /** The simulated market's time: the clock's until start(), then the time the market has been simulated to. */
  now(): number {
    return this.simulator?.time ?? this.clock.now()
  }

  async backfill(from: number, to: number, lastCloses: ReadonlyMap<string, number>): Promise<Map<string, Candle[]>> {
    const start = startingState(from, this.assets, this.markets, lastCloses)
    const history = simulateHistory(this.assets, this.markets, this.seed, from, to, start)
    this.history = history.state
    for (const [symbol, rates] of history.fundingRates) {
      const known = this.historyFunding.get(symbol) ?? new Map<number, string>()
      for (const [time, rate] of rates) known.set(time, rate)
      this.historyFunding.set(symbol, known)
    }
    return history.candles
  }

  start(from: number, lastCloses: ReadonlyMap<string, number>, onTicks: (ticks: Tick[]) => void): void {
    if (this.running) throw new Error('Simulated feed already started')
    this.running = true
    const fromCloses = startingState(from, this.assets, this.markets, lastCloses)
    // Prices always continue from the ledger's closes; the latent state continues from a
    // backfill that ended exactly here, if there was one.
    const state: SimulationState =
      this.history?.time === from ? { ...this.history, prices: fromCloses.prices, basis: fromCloses.basis } : fromCloses
    const simulator = new LiveSimulator(this.assets, this.markets, this.seed, state)
    this.simulator = simulator
    if (this.speed === Infinity) {
      const pump = (): void => {
        this.immediate = undefined
        if (!this.running) return
        const ticks = simulator.advanceTo(Infinity, this.maxBatch)
        if (ticks.length > 0) onTicks(ticks)
        if (this.running) this.immediate = setImmediate(pump)
      }
      pump()
      return
    }
    const startedAt = this.clock.now()
    const pump = (): void => {
      const target = startedAt + (this.clock.now() - startedAt) * this.speed
      const ticks = simulator.advanceTo(target)
      if (ticks.length > 0) onTicks(ticks)
    }
    this.timer = setInterval(pump, this.pumpIntervalMs)
    pump()
  }

  stop(): void {
    this.running = false
    clearInterval(this.timer)
    this.timer = undefined
    if (this.immediate !== undefined) clearImmediate(this.immediate)
    this.immediate = undefined
  }

  /**
   * The book of `symbol` as of its latest tick: 10 levels a side, best first, the best
   * levels equal to the tick's bid and ask, prices on the tick grid, amounts on the amount
   * step. Undefined before the market's first tick.
   */
  bookSnapshot(symbol: string): SimulatedBook | undefined {
    return this.simulator?.book(symbol)
  }

  /**
   * The funding rate of a perpetual for the settlement at `fundingTime` (00:00, 08:00 or
   * 16:00 UTC), Binance style, as a decimal string with at most 8 decimals (positive = longs
   * pay shorts). Known once the simulated market has passed that time (live or backfilled);
   * undefined for spot symbols and settlements not simulated.
   */
  fundingRate(symbol: string, fundingTime: number): string | undefined {
    return this.simulator?.fundingRate(symbol, fundingTime) ?? this.historyFunding.get(symbol)?.get(fundingTime)
  }
}
