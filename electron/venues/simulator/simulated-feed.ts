import type { Candle, Instrument, Tick } from '../../../shared/domain/market'
import type { Clock } from '../../engine/clock'
import type { MarketFeed } from '../feed'
import { LiveSimulator, simulateHistory, startingState } from './market-simulator'
import { SIMULATED_ASSETS, SIMULATED_MARKETS, SIMULATOR_SOURCE } from './markets'

/** The built-in market: deterministic for a seed, offline, no keys. */
export class SimulatedFeed implements MarketFeed {
  readonly source = SIMULATOR_SOURCE
  readonly instruments: readonly Instrument[] = SIMULATED_MARKETS.map((m) => m.instrument)
  private timer: ReturnType<typeof setInterval> | undefined

  constructor(
    private readonly seed: number,
    private readonly clock: Clock,
    /** How often the live market is advanced to the clock's time. */
    private readonly pumpIntervalMs = 100,
  ) {}

  async backfill(from: number, to: number, lastCloses: ReadonlyMap<string, number>): Promise<Map<string, Candle[]>> {
    const start = startingState(from, SIMULATED_ASSETS, SIMULATED_MARKETS, lastCloses)
    return simulateHistory(SIMULATED_ASSETS, SIMULATED_MARKETS, this.seed, from, to, start).candles
  }

  start(from: number, lastCloses: ReadonlyMap<string, number>, onTicks: (ticks: Tick[]) => void): void {
    if (this.timer !== undefined) throw new Error('Simulated feed already started')
    const state = startingState(from, SIMULATED_ASSETS, SIMULATED_MARKETS, lastCloses)
    const simulator = new LiveSimulator(SIMULATED_ASSETS, SIMULATED_MARKETS, this.seed, state)
    const pump = (): void => {
      const ticks = simulator.advanceTo(this.clock.now())
      if (ticks.length > 0) onTicks(ticks)
    }
    this.timer = setInterval(pump, this.pumpIntervalMs)
    pump()
  }

  stop(): void {
    clearInterval(this.timer)
    this.timer = undefined
  }
}
