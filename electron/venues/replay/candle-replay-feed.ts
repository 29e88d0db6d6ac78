import type { Candle, Instrument, Tick } from '../../../shared/domain/market'
import { TIMEFRAME_MS } from '../../../shared/trading/candles'
import { atoms, type Atoms, toNumber } from '../../../shared/trading/money'
import type { Clock } from '../../engine/clock'
import type { MarketFeed } from '../feed'
import { SIMULATED_MARKETS } from '../simulator/markets'
import { candleTicks, type PathListing, playedPoints } from './candle-path'
import type { CandleMarketFiles, CandleReplaySet } from './candle-sets'
import { type CandleRow, lastCandleOpenTime, readCandles, readCandlesFrom, readFundingRates } from './csv-readers'
import { exactAtoms } from './decimal'
import { mergeSorted } from './merge-sorted'
import { Playback, type PlaybackOptions, type PlaybackRun, type ResumableReplay } from './playback'

/**
 * Replays recorded candles of one timeframe (several symbols) and perpetual funding as a
 * market feed, so a trader can paper-trade weeks or years of a real market again.
 *
 * Markets. Each candle file lists its spot market (BTC/USDT); a base with a funding file
 * also lists its USDT-margined perpetual (BTC/USDT:USDT). The perpetual's own prices were
 * not recorded, so it is priced from the same spot candles: a sandbox approximation with
 * no basis between the two. Grids, fees, leverage and margin tiers are the simulator's for
 * the same symbol. Funding settles at the recorded rates; before a contract's first
 * recorded funding (or for an unknown time) there is none.
 *
 * Ticks. Each candle plays as a short path through its recorded prices (candle-path.ts:
 * open, the nearer extreme, the other extreme, close, at quarters of its interval), with
 * the candle's volume split exactly over the path; bid = ask = last, so the engine quotes
 * its synthetic spread. The markets are merged in time order. A gap in the data (an
 * exchange outage) plays no ticks: replay time runs on through it and the next candle's
 * open is a jump, as it was.
 *
 * Timeline, as ReplayFeed's. The replay runs on the recording's clock: every time this
 * feed takes or gives (`from`, `to`, `now()`, Tick.ts) is epoch ms of the recorded data,
 * and no tick is stamped after `now()`. The injected clock only paces playback: replay
 * time = start + (clock - clock at start) x speed. Give the engine the feed itself as its
 * Clock. The replay starts at the options' `from` (aligned down to a candle), by default
 * where the last of the files starts, so every market has a price from the first tick; a
 * replay continuing on its ledger is put where the ledger stopped with seek().
 */

export interface CandleReplayOptions extends PlaybackOptions {
  /** Where the replay starts (epoch ms); default: where every file has begun. */
  from?: number
}

/** Where the replay sits on the recorded timeline. */
export interface CandleTimeline {
  /** The open time of the data's first candle (history before the start is backfilled from it). */
  dataStartMs: number
  /** The replay's start: the open time of its first candle. */
  startMs: number
  /** The close time of the data's last candle. */
  endMs: number
}

interface PlayedMarket {
  file: string
  /** The spot market, then the perpetual if listed: every tick of a candle in that order. */
  listings: PathListing[]
}

const MINUTE = TIMEFRAME_MS['1m']

export class CandleReplayFeed implements MarketFeed, Clock, ResumableReplay {
  readonly source: CandleReplaySet['source']
  readonly instruments: readonly Instrument[]
  private readonly intervalMs: number
  private readonly markets: PlayedMarket[]
  private readonly playback: Playback
  /** Where start() plays from: the timeline's start, or where seek() put it. */
  private startFloor: number

  private constructor(
    set: CandleReplaySet,
    clock: Clock,
    options: CandleReplayOptions,
    private readonly timelineOf: CandleTimeline,
    /** Recorded rates by perpetual symbol, then by settlement time. */
    private readonly fundingRates: ReadonlyMap<string, ReadonlyMap<number, string>>,
  ) {
    this.source = set.source
    this.intervalMs = TIMEFRAME_MS[set.timeframe]
    this.playback = new Playback(clock, options)
    this.playback.cue(timelineOf.startMs)
    this.startFloor = timelineOf.startMs
    const listed = set.markets.map((market) => listingsOf(market, set.source.id))
    this.instruments = listed.flat()
    this.markets = set.markets.map((market, i) => ({
      file: market.candles,
      listings: (listed[i] as Instrument[]).map((instrument) => ({ symbol: instrument.symbol, amountStep: atoms(instrument.amountStep) })),
    }))
  }

  /**
   * Reads where the files start and end and loads the funding rates (a few thousand rows
   * per contract), then gives a feed whose clock reads the replay's start.
   */
  static async open(set: CandleReplaySet, clock: Clock, options: CandleReplayOptions = {}): Promise<CandleReplayFeed> {
    const intervalMs = TIMEFRAME_MS[set.timeframe]
    if (set.markets.length === 0) throw new Error(`${set.source.name} has no candle files`)
    const funded = set.markets.flatMap((market) => (market.funding === undefined ? [] : [{ symbol: perpetualOf(market.base), file: market.funding }]))
    const [spans, funding] = await Promise.all([
      Promise.all(set.markets.map((market) => fileSpan(market.candles))),
      Promise.all(funded.map(async ({ symbol, file }) => [symbol, await loadFunding(file)] as const)),
    ])
    const first = Math.min(...spans.map((span) => span.first))
    const last = Math.max(...spans.map((span) => span.last))
    const from = options.from === undefined ? Math.max(...spans.map((span) => span.first)) : options.from - (options.from % intervalMs)
    if (from > last) {
      throw new RangeError(`${set.source.name}: the data ends ${new Date(last + intervalMs).toISOString()}, before the requested start ${new Date(from).toISOString()}`)
    }
    const timeline = { dataStartMs: first, startMs: Math.max(from, first), endMs: last + intervalMs }
    return new CandleReplayFeed(set, clock, options, timeline, new Map(funding))
  }

  timeline(): CandleTimeline {
    return this.timelineOf
  }

  /** The replay's current time: its start until playback moves it, then the time played up to. */
  now(): number {
    return this.playback.now()
  }

  /** Where start() plays from: the timeline's start, or where seek() put it. */
  startsAt(): number {
    return this.startFloor
  }

  /**
   * Puts the replay at `time` (at the earliest the data's first candle; unlike `from`, not
   * aligned to a candle) before start(), for a replay continuing where its ledger stopped:
   * now() reads it, and start() sends no tick before it.
   */
  seek(time: number): void {
    this.startFloor = Math.max(time, this.timelineOf.dataStartMs)
    this.playback.seek(this.startFloor)
  }

  /** The close of the data's last candle: nothing is left to play from there on. */
  endsAt(): number {
    return this.timelineOf.endMs
  }

  /** Settles when a started replay ends (data over or stop()); rejects if it failed. */
  finished(): Promise<void> {
    return this.playback.finished()
  }

  /** The recorded rate, exactly as the file spells it; undefined for spot and for times not recorded. */
  fundingRate(symbol: string, fundingTime: number): string | undefined {
    return this.fundingRates.get(symbol)?.get(fundingTime)
  }

  /**
   * The one-minute candles that playing [from, to) builds from this feed's ticks, so the
   * chart before the replay's start looks like the part played. For one-minute data these
   * are exactly the recorded candles. For coarser data each candle gives up to four sparse
   * one-minute candles (one per path point): charts at the data's timeframe or coarser
   * show the recorded candles exactly; no price is invented, only placed within its bar.
   * `lastCloses` is ignored: the recording is what it is.
   */
  async backfill(from: number, to: number, _lastCloses: ReadonlyMap<string, number>): Promise<Map<string, Candle[]>> {
    const history = new Map(this.instruments.map((instrument): [string, Candle[]] => [instrument.symbol, []]))
    if (from >= to || to <= this.timelineOf.dataStartMs || from >= this.timelineOf.endMs) return history
    // Symbols are independent here: each file is folded on its own, without merging.
    for (const market of this.markets) {
      const minutes = market.listings.map((listing) => new MinuteFolder(history.get(listing.symbol) as Candle[]))
      for await (const { candle } of marketCandles(market, this.intervalMs, from)) {
        if (candle.openTime >= to) break
        for (const point of playedPoints(candle, this.intervalMs, market.listings)) {
          if (point.ts < from || point.ts >= to) continue
          const price = Number(point.price)
          minutes.forEach((folder, j) => folder.add(point.ts, price, point.volumes[j] as Atoms))
        }
      }
      for (const folder of minutes) folder.close()
    }
    return history
  }

  /**
   * Plays the data from `from`: a `from` inside it seeks there (earlier ticks are not
   * sent); one before the replay's start (or where seek() put it) plays from there; one
   * after the data sends nothing. `onEnd` follows the last tick. `lastCloses` is ignored.
   */
  start(from: number, _lastCloses: ReadonlyMap<string, number>, onTicks: (ticks: Tick[]) => void, onEnd?: () => void): void {
    this.playback.start(onTicks, (run) => this.play(from, run), onEnd)
  }

  stop(): void {
    this.playback.stop()
  }

  private async play(from: number, run: PlaybackRun): Promise<void> {
    const startAt = Math.max(from, this.startFloor)
    run.begin(startAt)
    const groups = this.tickGroupsFrom(startAt)
    try {
      for await (const group of groups) {
        for (const tick of group) {
          if (!(await run.reach(tick.ts))) return
          await run.emit(tick)
        }
      }
      if (!run.stopped) run.flush()
    } finally {
      await groups.return(undefined)
    }
  }

  /**
   * Every market's ticks at or after `from`, a batch per candle open time: the ticks of the
   * candles opening then, in time order (on a tie, in file order). Merging candles rather
   * than ticks keeps the per-tick cost to plain loops. A backtest reads the replay here,
   * unpaced: the very ticks the paper sandbox plays.
   */
  async *tickGroupsFrom(from: number): AsyncGenerator<Tick[]> {
    const candles = mergeSorted(
      this.markets.map((market) => marketCandles(market, this.intervalMs, from)),
      (entry) => entry.candle.openTime,
    )
    let openTime: number | undefined
    let group: Tick[] = []
    // Stable: simultaneous ticks keep their file order, and spot before perpetual.
    const ordered = (): Tick[] => group.filter((tick) => tick.ts >= from).sort((a, b) => a.ts - b.ts)
    try {
      for await (const { market, candle } of candles) {
        if (candle.openTime !== openTime && group.length > 0) {
          yield ordered()
          group = []
        }
        openTime = candle.openTime
        group.push(...candleTicks(candle, this.intervalMs, market.listings))
      }
      if (group.length > 0) yield ordered()
    } finally {
      await candles.return(undefined)
    }
  }
}

/** Folds one symbol's points into one-minute candles, the volume summed exactly. */
class MinuteFolder {
  private forming: { candle: Candle; volume: Atoms } | undefined

  constructor(private readonly out: Candle[]) {}

  add(ts: number, price: number, volume: Atoms): void {
    const time = ts - (ts % MINUTE)
    const minute = this.forming
    if (minute === undefined || minute.candle.time !== time) {
      this.close()
      this.forming = { candle: { time, open: price, high: price, low: price, close: price, volume: 0 }, volume }
      return
    }
    minute.candle.high = Math.max(minute.candle.high, price)
    minute.candle.low = Math.min(minute.candle.low, price)
    minute.candle.close = price
    minute.volume += volume
  }

  close(): void {
    if (this.forming !== undefined) this.out.push({ ...this.forming.candle, volume: toNumber(this.forming.volume) })
    this.forming = undefined
  }
}

/** One file's candles that may play at or after `from`; refuses rows out of order or off the timeframe's grid. */
async function* marketCandles(market: PlayedMarket, intervalMs: number, from: number): AsyncGenerator<{ market: PlayedMarket; candle: CandleRow }> {
  let previous = -Infinity
  // The candle containing `from` may still have ticks at or after it.
  for await (const candle of readCandlesFrom(market.file, from - intervalMs + 1)) {
    if (candle.openTime % intervalMs !== 0 || candle.openTime <= previous) {
      throw new Error(`${market.file}: the candle at ${new Date(candle.openTime).toISOString()} is off the ${intervalMs / MINUTE}-minute grid or out of order`)
    }
    previous = candle.openTime
    yield { market, candle }
  }
}

/** The spot market of a base, and its perpetual when funding was recorded, shaped as the simulator's. */
function listingsOf(market: CandleMarketFiles, sourceId: string): Instrument[] {
  const spot = `${market.base}/USDT`
  const symbols = market.funding === undefined ? [spot] : [spot, perpetualOf(market.base)]
  return symbols.map((symbol) => {
    const template = SIMULATED_MARKETS.find((m) => m.instrument.symbol === symbol)?.instrument
    if (template === undefined) throw new Error(`No market shape for ${symbol}: the candle replay lists what the simulator lists`)
    return { ...template, sources: [sourceId] }
  })
}

/** ccxt's symbol of the USDT-margined perpetual on `base`. */
function perpetualOf(base: string): string {
  return `${base}/USDT:USDT`
}

/** The open times of a candle file's first and last rows. */
async function fileSpan(file: string): Promise<{ first: number; last: number }> {
  const rows = readCandles(file)
  const head = await rows.next()
  await rows.return(undefined)
  if (head.done === true) throw new Error(`${file} holds no candles`)
  return { first: head.value.openTime, last: await lastCandleOpenTime(file) }
}

/** A contract's recorded funding rates by settlement time; refuses a rate the ledger could not hold exactly. */
async function loadFunding(file: string): Promise<Map<number, string>> {
  const rates = new Map<number, string>()
  for await (const row of readFundingRates(file)) {
    exactAtoms(row.rate)
    rates.set(row.fundingTime, row.rate)
  }
  return rates
}
