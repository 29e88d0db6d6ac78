import type { Candle, Tick, Timeframe } from '../../shared/domain/market'
import { bucketStart } from '../../shared/trading/candles'

export type CandleListener = (candle: Candle) => void

interface Watched {
  timeframe: Timeframe
  listener: CandleListener
  forming: Candle | undefined
  /** Candles opening before this were not seen whole: they are not given. */
  since: number
}

/**
 * Puts strategies' decisions at a fixed place in the tick stream: a candle closes when
 * the first tick of the next one arrives, and its listeners decide after the engine has
 * acted on every tick before that one and before it sees that one. So a decision meets
 * the market as it stood at the close (a market order fills at the closing quote), the
 * same whether the ticks come one by one (backtest) or in batches (paper, live).
 */
export class TickRouter {
  private readonly watched = new Map<string, Watched[]>()

  constructor(private readonly engine: { onTicks(ticks: readonly Tick[]): void }) {}

  /**
   * Calls `listener` with each closed candle of `symbol` in `timeframe` opening at or after
   * `since` (a watcher added mid-candle says so: that candle's first ticks were not seen);
   * returns the way to stop.
   */
  watch(symbol: string, timeframe: Timeframe, listener: CandleListener, since = -Infinity): () => void {
    const entry: Watched = { timeframe, listener, forming: undefined, since }
    const list = this.watched.get(symbol) ?? []
    list.push(entry)
    this.watched.set(symbol, list)
    return () => {
      const rest = (this.watched.get(symbol) ?? []).filter((e) => e !== entry)
      if (rest.length === 0) this.watched.delete(symbol)
      else this.watched.set(symbol, rest)
    }
  }

  onTicks(ticks: readonly Tick[]): void {
    let from = 0
    for (let i = 0; i < ticks.length; i++) {
      const tick = ticks[i] as Tick
      const list = this.watched.get(tick.symbol)
      if (list === undefined) continue
      for (const entry of list) {
        const { forming } = entry
        const time = bucketStart(tick.ts, entry.timeframe)
        if (forming !== undefined && time <= forming.time) {
          if (time === forming.time) fold(forming, tick)
          continue
        }
        if (forming !== undefined) {
          // The candle closed before this tick: the engine catches up to it, then the listener decides.
          if (i > from) this.engine.onTicks(ticks.slice(from, i))
          from = i
          if (forming.time >= entry.since) entry.listener(forming)
        }
        entry.forming = { time, open: tick.last, high: tick.last, low: tick.last, close: tick.last, volume: tick.volume }
      }
    }
    if (from < ticks.length) this.engine.onTicks(from === 0 ? ticks : ticks.slice(from))
  }
}

/** Adds a tick to the candle it falls in (in place: the router owns its forming candles). */
function fold(candle: Candle, tick: Tick): void {
  if (tick.last > candle.high) candle.high = tick.last
  if (tick.last < candle.low) candle.low = tick.last
  candle.close = tick.last
  candle.volume += tick.volume
}
