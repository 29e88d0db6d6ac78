import { AppError } from '../../shared/contract'
import type { Candle, FeedState, FeedStatus, MarketSummary, Tick, Timeframe } from '../../shared/domain/market'
import { aggregateCandles, bucketStart, foldTrade, TIMEFRAME_MS } from '../../shared/trading/candles'
import type { CandleRepo } from '../ledger/repos/candle-repo'
import type { MarketFeed } from '../venues/feed'
import { silentLogger, type Logger } from '../core/log'
import type { EventBus } from './bus'
import type { Clock } from './clock'

const MINUTE = TIMEFRAME_MS['1m']
const DAY = TIMEFRAME_MS['1d']
/** How much one-minute history a fresh ledger is given, and the longest gap filled at start-up. */
export const HISTORY_WINDOW_MS = 7 * DAY
const DEFAULT_HISTORY_LIMIT = 1_000

interface SymbolState {
  /** Closed one-minute candles of the last 24 hours, ascending. */
  recent: Candle[]
  /** The one-minute candle still forming. */
  forming: Candle | undefined
  last: Tick | undefined
}

/**
 * Turns a feed into what the app shows: per-symbol summaries, one-minute candles kept in
 * the ledger's cache, and history in any timeframe. A closed candle is committed to the
 * ledger, and tick listeners (the engine) have acted, before the ticks are published.
 */
export class MarketData {
  private readonly symbols = new Map<string, SymbolState>()
  private readonly tickListeners: Array<(ticks: Tick[]) => void> = []
  private status: FeedStatus
  private lastTickAt = 0
  private watchdog: ReturnType<typeof setInterval> | undefined

  constructor(
    private readonly feed: MarketFeed,
    private readonly candles: CandleRepo,
    private readonly bus: EventBus,
    private readonly clock: Clock,
    private readonly log: Logger = silentLogger,
  ) {
    this.status = { sourceId: feed.source.id, sourceName: feed.source.name, state: 'connecting', since: clock.now() }
  }

  /**
   * Fills the candle cache up to the current minute, then starts the live feed; a
   * recording already at or past its end is not started, and reports `ended`.
   */
  async start(): Promise<void> {
    const now = this.clock.now()
    const liveFrom = bucketStart(now, '1m')
    const windowStart = liveFrom - HISTORY_WINDOW_MS
    const lastCloses = new Map<string, number>()
    let backfillFrom = liveFrom
    for (const { symbol } of this.feed.instruments) {
      const latest = this.candles.latest(this.key(symbol))
      if (latest !== undefined) lastCloses.set(symbol, latest.close)
      backfillFrom = Math.min(backfillFrom, Math.max(windowStart, latest === undefined ? windowStart : latest.time + MINUTE))
    }
    if (backfillFrom < liveFrom) {
      const history = await this.feed.backfill(backfillFrom, liveFrom, lastCloses)
      this.candles.upsert(
        [...history].flatMap(([symbol, candles]) => candles.map((candle) => ({ ...this.key(symbol), candle }))),
      )
    }
    for (const { symbol } of this.feed.instruments) {
      const recent = this.candles.range(this.key(symbol), liveFrom - DAY, liveFrom)
      this.symbols.set(symbol, { recent, forming: undefined, last: undefined })
      const close = recent.at(-1)?.close ?? this.candles.latest(this.key(symbol))?.close
      if (close !== undefined) lastCloses.set(symbol, close)
    }
    const end = this.feed.endsAt?.()
    if (end !== undefined && liveFrom >= end) {
      this.ended(`The recording ended at ${isoMinute(end)} and this ledger has played it to its end: nothing is left to play. To replay it again, start with a fresh data folder.`)
      return
    }
    this.feed.start(
      liveFrom,
      lastCloses,
      (ticks) => this.ingest(ticks),
      () => this.ended(`The recording has played to its end (${isoMinute(this.clock.now())}): nothing more will come. To replay it again, start with a fresh data folder.`),
    )
    this.setState('live')
    this.watchForSilence()
  }

  /** A live feed that stops ticking is reported stale (with how long), and live again on its next tick. */
  private watchForSilence(): void {
    const limit = this.feed.staleAfterMs
    if (limit === undefined) return
    this.lastTickAt = this.clock.now()
    this.watchdog = setInterval(() => {
      const silent = this.clock.now() - this.lastTickAt
      if (this.status.state === 'live' && silent > limit) {
        this.setState('stale', `No prices from ${this.feed.source.name} for ${Math.round(silent / 1000)} s; still trying.`)
      }
    }, Math.max(100, Math.floor(limit / 4)))
  }

  /** Lets the engine act on ticks (fills, triggers) before they are published. */
  onTicks(listener: (ticks: Tick[]) => void): void {
    this.tickListeners.push(listener)
  }

  stop(): void {
    if (this.watchdog !== undefined) clearInterval(this.watchdog)
    this.feed.stop()
    if (this.status.state !== 'ended') this.setState('down')
  }

  feedStatus(): FeedStatus {
    return this.status
  }

  summaries(): MarketSummary[] {
    return this.feed.instruments.map((instrument) => {
      const state = this.stateOf(instrument.symbol)
      const window = state.forming === undefined ? state.recent : [...state.recent, state.forming]
      const first = window[0]
      const lastCandle = window.at(-1)
      const last = state.last?.last ?? lastCandle?.close ?? 0
      let high = -Infinity
      let low = Infinity
      let volume = 0
      for (const c of window) {
        high = Math.max(high, c.high)
        low = Math.min(low, c.low)
        volume += c.volume
      }
      return {
        instrument,
        last,
        bid: state.last?.bid ?? last,
        ask: state.last?.ask ?? last,
        open24h: first?.open ?? last,
        high24h: Number.isFinite(high) ? high : last,
        low24h: Number.isFinite(low) ? low : last,
        volume24h: volume,
        ts: state.last?.ts ?? lastCandle?.time ?? 0,
      }
    })
  }

  /** The most recent `limit` candles of `timeframe` that open before `before` (default: now, forming one included). */
  history(symbol: string, timeframe: Timeframe, limit = DEFAULT_HISTORY_LIMIT, before?: number): Candle[] {
    const state = this.stateOf(symbol)
    const size = TIMEFRAME_MS[timeframe]
    const end = before === undefined ? Infinity : bucketStart(before - 1, timeframe) + size
    const upper = Math.min(end, state.forming?.time ?? bucketStart(this.clock.now(), '1m') + MINUTE)
    const from = bucketStart(upper - 1, timeframe) - (limit - 1) * size
    const minutes = this.candles.range(this.key(symbol), from, upper)
    if (state.forming !== undefined && state.forming.time < end) minutes.push(state.forming)
    return aggregateCandles(minutes, timeframe).slice(-limit)
  }

  private ingest(ticks: Tick[]): void {
    if (ticks.length > 0) {
      this.lastTickAt = this.clock.now()
      if (this.status.state === 'stale') this.setState('live')
    }
    const closed: Array<{ symbol: string; candle: Candle }> = []
    for (const tick of ticks) {
      const state = this.symbols.get(tick.symbol)
      if (state === undefined) continue
      const { candle, opened } = foldTrade(state.forming, tick.ts, tick.last, tick.volume, '1m')
      if (opened && state.forming !== undefined) {
        closed.push({ symbol: tick.symbol, candle: state.forming })
        state.recent.push(state.forming)
        const cutoff = candle.time - DAY
        while ((state.recent[0]?.time ?? Infinity) < cutoff) state.recent.shift()
      }
      state.forming = candle
      state.last = tick
    }
    if (closed.length > 0) this.candles.upsert(closed.map(({ symbol, candle }) => ({ ...this.key(symbol), candle })))
    for (const listener of this.tickListeners) {
      // The engine rolls back what a failed batch did; the feed and the other listeners go on.
      try {
        listener(ticks)
      } catch (error) {
        this.log.error('the engine failed on a batch of ticks (its changes were rolled back)', error)
      }
    }
    this.bus.publish('market.ticked', { ticks })
    if (closed.length > 0) this.bus.publish('markets.summarized', { summaries: this.summaries() })
  }

  private stateOf(symbol: string): SymbolState {
    const state = this.symbols.get(symbol)
    if (state === undefined) {
      throw new AppError('NOT_FOUND', `${symbol} is not listed on ${this.feed.source.name}.`)
    }
    return state
  }

  private key(symbol: string): { source: string; symbol: string; timeframe: '1m' } {
    return { source: this.feed.source.id, symbol, timeframe: '1m' }
  }

  /**
   * A recording has played out: its last minutes will get no more ticks, so they close
   * (committed like any closed minute), and the feed reports `ended`.
   */
  private ended(detail: string): void {
    const closed: Array<{ symbol: string; candle: Candle }> = []
    for (const [symbol, state] of this.symbols) {
      if (state.forming === undefined) continue
      closed.push({ symbol, candle: state.forming })
      state.recent.push(state.forming)
      state.forming = undefined
    }
    if (closed.length > 0) {
      this.candles.upsert(closed.map(({ symbol, candle }) => ({ ...this.key(symbol), candle })))
      this.bus.publish('markets.summarized', { summaries: this.summaries() })
    }
    this.log.info(`${this.feed.source.name}: ${detail}`)
    this.setState('ended', detail)
  }

  private setState(state: FeedState, detail?: string): void {
    const { sourceId, sourceName } = this.status
    this.status = { sourceId, sourceName, state, since: this.clock.now(), ...(detail === undefined ? {} : { detail }) }
    this.bus.publish('feed.statusChanged', this.status)
  }
}

/** A time as the minute it falls in, UTC ("2024-08-25 14:24 UTC"). */
function isoMinute(time: number): string {
  return `${new Date(time).toISOString().slice(0, 16).replace('T', ' ')} UTC`
}
