import { join } from 'node:path'
import type { Candle, Instrument, Tick } from '../../../shared/domain/market'
import type { Clock } from '../../engine/clock'
import type { DataSource, MarketFeed } from '../feed'
import {
  type BookTickerRow,
  type DepthEvent,
  type DepthSnapshot,
  readBookTicker,
  readCandles,
  readDepthEvents,
  readDepthSnapshot,
  readTrades,
  type TradeRow,
} from './csv-readers'
import { mergeSorted } from './merge-sorted'
import { OrderBook, type ReadonlyOrderBook } from './order-book'
import { Playback, type PlaybackOptions, type PlaybackRun, type ResumableReplay } from './playback'
import { tradesToCandles } from './trade-candles'

/**
 * Replays the recorded Binance BTC/USDT spot capture (trades, best bid/ask and the L2
 * book, 2024-08-08 23:54 to 2024-08-09 00:05 UTC) as a market feed, so a trader can
 * paper-trade that window again and market orders can walk the book as it was.
 *
 * Timeline. The replay runs on the recording's clock, not the wall clock: every time this
 * feed takes or gives (`from`, `to`, `now()`, Tick.ts) is epoch ms of the recorded window.
 * The three streams are merged in capture order (the collector's receive time, the only
 * clock they share); an event's replay time is its receive time plus the capture clock's
 * lag, estimated as the largest (trade time - receive time) over all trades (about 1.28 s;
 * the collector ran behind the exchange). So no tick is ever stamped after `now()`.
 * The injected clock only paces playback: replay time = start + (clock - clock at start) x speed.
 * Give the engine the feed itself as its Clock (`now()`), so candles and orders live on
 * the replayed timeline. A replay continuing on its ledger is put where the ledger stopped
 * with seek().
 */

export const REPLAY_SOURCE: DataSource = {
  id: 'replay:binance-btcusdt-2024-08-08',
  name: 'Replay: Binance BTC/USDT 2024-08-08 23:54',
}

/** Binance spot BTC/USDT, with the simulator's grid and fees. */
export const REPLAY_INSTRUMENT: Instrument = {
  symbol: 'BTC/USDT',
  base: 'BTC',
  quote: 'USDT',
  type: 'spot',
  tickSize: '0.01',
  amountStep: '0.00001',
  minAmount: '0.00001',
  minNotional: '5',
  maxLeverage: 1,
  makerFee: '0.001',
  takerFee: '0.001',
  sources: [REPLAY_SOURCE.id],
}

/** The recording's files (paths); see SOURCES.md in the data folder. */
export interface ReplayFiles {
  trades: string
  bookTicker: string
  depthSnapshot: string
  depthUpdates: string
  /** One-minute candles around the recording, for the history before it. */
  candles1m: string
}

/** The recording's files inside the team's data folder (given by the caller). */
export function replayFiles(dataDir: string): ReplayFiles {
  const ticks = join(dataDir, 'ticks')
  return {
    trades: join(ticks, 'binance_spot_BTCUSDT_trades_2024-08-08T2354Z_2024-08-09T0005Z.csv'),
    bookTicker: join(ticks, 'binance_spot_BTCUSDT_bookticker_2024-08-08T2354Z_2024-08-09T0005Z.csv'),
    depthSnapshot: join(ticks, 'binance_spot_BTCUSDT_depth_snapshot_2024-08-08T235414Z.csv'),
    depthUpdates: join(ticks, 'binance_spot_BTCUSDT_depth_updates_2024-08-08T2354Z_2024-08-09T0005Z.csv.gz'),
    candles1m: join(dataDir, 'candles', 'binance_spot_BTCUSDT_1m_2024-07-26_2024-08-25.csv'),
  }
}

export interface ReplayOptions extends PlaybackOptions {
  /** How much one-minute history before the replay backfill() offers (default 6 h). */
  contextMs?: number
}

const MINUTE = 60_000
const NS_PER_MS = 1_000_000n

/** Where the recording sits on its own timeline. */
export interface ReplayTimeline {
  /** Replay time = floor(receive ns / 1e6) + lagMs. */
  lagMs: number
  /** Replay time of the first recorded event. */
  startMs: number
  /** Replay time of the last recorded trade. */
  endMs: number
}

type ReplayEvent =
  | { kind: 'snapshot'; recvNs: bigint; snapshot: DepthSnapshot }
  | { kind: 'depth'; recvNs: bigint; event: DepthEvent }
  | { kind: 'quote'; recvNs: bigint; row: BookTickerRow }
  | { kind: 'trade'; recvNs: bigint; row: TradeRow }

export class ReplayFeed implements MarketFeed, Clock, ResumableReplay {
  readonly source = REPLAY_SOURCE
  readonly instruments: readonly Instrument[] = [REPLAY_INSTRUMENT]
  private readonly contextMs: number
  private readonly playback: Playback
  private timelinePromise: Promise<ReplayTimeline> | undefined
  private loaded: ReplayTimeline | undefined
  /** Where playback starts when seek() moved it (a replay continuing on its ledger). */
  private seekedTo: number | undefined
  private orderBook: OrderBook | undefined
  private quote: BookTickerRow | undefined

  constructor(
    private readonly files: ReplayFiles,
    /** Paces playback only; the replay's own time is `now()`. */
    clock: Clock,
    options: ReplayOptions = {},
  ) {
    this.playback = new Playback(clock, options)
    this.contextMs = options.contextMs ?? 6 * 60 * MINUTE
  }

  /** A feed whose clock already reads the recording's start, ready to hand to the engine as its Clock. */
  static async open(files: ReplayFiles, clock: Clock, options: ReplayOptions = {}): Promise<ReplayFeed> {
    const feed = new ReplayFeed(files, clock, options)
    await feed.timeline()
    return feed
  }

  /** Scans the recording once for its time lag and span. */
  timeline(): Promise<ReplayTimeline> {
    this.timelinePromise ??= loadTimeline(this.files).then((timeline) => {
      this.loaded = timeline
      this.playback.cue(timeline.startMs)
      return timeline
    })
    return this.timelinePromise
  }

  /** Where start() plays from: the recording's start, or where seek() put it. NaN until the recording is scanned. */
  startsAt(): number {
    return this.seekedTo ?? this.loaded?.startMs ?? NaN
  }

  /**
   * Puts the replay at `time` (at the earliest the recording's start) before start(), for
   * a replay continuing where its ledger stopped: now() reads it, and start() sends no
   * trade stamped or received before it.
   */
  seek(time: number): void {
    const at = Math.max(time, this.loaded?.startMs ?? -Infinity)
    this.playback.seek(at)
    this.seekedTo = at
  }

  /** Just after the last recorded trade: nothing is left to play from there on. Infinity until the recording is scanned. */
  endsAt(): number {
    return this.loaded === undefined ? Infinity : this.loaded.endMs + 1
  }

  /** The recorded book as the engine reads books: best first, as numbers (exact decimals round-trip). */
  bookSnapshot(symbol: string): { bids: Array<[number, number]>; asks: Array<[number, number]>; ts: number } | undefined {
    const book = this.orderBook
    if (symbol !== REPLAY_INSTRUMENT.symbol || book === undefined) return undefined
    const side = (name: 'bid' | 'ask') => book.levels(name, 50).map((l): [number, number] => [Number(l.price), Number(l.quantity)])
    return { bids: side('bid'), asks: side('ask'), ts: this.now() }
  }

  /**
   * The replay's current time (epoch ms on the recording's timeline): the recording's
   * start until playback moves it, then the time played up to. NaN until the recording
   * has been scanned (use ReplayFeed.open(), or await timeline()).
   */
  now(): number {
    return this.playback.now()
  }

  /**
   * The L2 book as of the last replayed event; undefined until the snapshot's receive time
   * (the first 0.27 s of the recording, which holds one trade).
   */
  book(): ReadonlyOrderBook | undefined {
    return this.orderBook
  }

  /** Settles when a started replay ends (recording over or stop()); rejects if it failed. */
  finished(): Promise<void> {
    return this.playback.finished()
  }

  /**
   * The one-minute candles in [from, to). Before the replay's first minute: the recorded
   * candles, at most `contextMs` of them, the history a chart shows before the replay.
   * From its first minute on: the minutes the recorded trades build, as playing them
   * builds them (the first one is partial: the capture starts at 23:54:13), which a replay
   * continuing on its ledger needs for the minute it stopped in. `lastCloses` is ignored:
   * the recording is what it is.
   */
  async backfill(from: number, to: number, _lastCloses: ReadonlyMap<string, number>): Promise<Map<string, Candle[]>> {
    const { startMs } = await this.timeline()
    const firstReplayMinute = startMs - (startMs % MINUTE)
    const lo = Math.max(from, firstReplayMinute - this.contextMs)
    const hi = Math.min(to, firstReplayMinute)
    const candles: Candle[] = []
    if (lo < hi) {
      for await (const row of readCandles(this.files.candles1m)) {
        if (row.openTime >= hi) break
        if (row.openTime < lo) continue
        const { openTime: time, open, high, low, close, volume } = row
        candles.push({ time, open: Number(open), high: Number(high), low: Number(low), close: Number(close), volume: Number(volume) })
      }
    }
    const played = Math.max(from, firstReplayMinute)
    if (played < to) {
      for await (const candle of tradesToCandles(readTrades(this.files.trades), MINUTE)) {
        if (candle.time >= to) break
        if (candle.time < played) continue
        const { time, open, high, low, close, volume } = candle
        candles.push({ time, open: Number(open), high: Number(high), low: Number(low), close: Number(close), volume: Number(volume) })
      }
    }
    return new Map([[REPLAY_INSTRUMENT.symbol, candles]])
  }

  /**
   * Plays the recording from `from` (or from where seek() put it, if later): a `from`
   * inside the recording seeks there (the book and quote are brought up to date; no trade
   * received or stamped before it is sent); one before it plays from the start; one after
   * it sends nothing. `onEnd` follows the last event. `lastCloses` is ignored.
   */
  start(from: number, _lastCloses: ReadonlyMap<string, number>, onTicks: (ticks: Tick[]) => void, onEnd?: () => void): void {
    this.playback.start(onTicks, (run) => this.play(from, run), onEnd)
  }

  stop(): void {
    this.playback.stop()
  }

  private async play(from: number, run: PlaybackRun): Promise<void> {
    // A restart replays from scratch; a stopped run touches nothing after its next await.
    this.orderBook = undefined
    this.quote = undefined
    const timeline = await this.timeline()
    const startAt = Math.max(from, this.seekedTo ?? timeline.startMs)
    const sendFrom = Math.max(from, this.seekedTo ?? -Infinity)
    run.begin(startAt)
    const timeOf = (recvNs: bigint): number => Number(recvNs / NS_PER_MS) + timeline.lagMs
    const snapshot = await readDepthSnapshot(this.files.depthSnapshot)
    // Depth events received before the snapshot wait for it, as a live client buffers them.
    const buffered: DepthEvent[] = []
    // On a tie the earlier stream wins, so a book update or quote is in place before a trade received with it.
    const events = mergeSorted<ReplayEvent, bigint>([
      single<ReplayEvent>({ kind: 'snapshot', recvNs: snapshot.localRecvNs, snapshot }),
      tag(readDepthEvents(this.files.depthUpdates), (event) => ({ kind: 'depth', recvNs: event.localRecvNs, event })),
      tag(readBookTicker(this.files.bookTicker), (row) => ({ kind: 'quote', recvNs: row.localRecvNs, row })),
      tag(readTrades(this.files.trades), (row) => ({ kind: 'trade', recvNs: row.localRecvNs, row })),
    ], (event) => event.recvNs)
    try {
      for await (const event of events) {
        const time = timeOf(event.recvNs)
        if (!(await run.reach(time))) return
        if (event.kind === 'snapshot') {
          this.orderBook = OrderBook.fromSnapshot(event.snapshot)
          for (const pending of buffered.splice(0)) this.orderBook.apply(pending)
        } else if (event.kind === 'depth') {
          if (this.orderBook === undefined) buffered.push(event.event)
          else this.orderBook.apply(event.event)
        } else if (event.kind === 'quote') {
          this.quote = event.row
        } else if (time >= startAt && event.row.tradeTime >= sendFrom) {
          // A trade is stamped before it is received: one received after `from` but traded
          // before it belongs to a minute already played (or skipped), and is not sent.
          await run.emit(this.tickOf(event.row))
        }
      }
      if (!run.stopped) run.flush()
    } finally {
      await events.return(undefined)
    }
  }

  /**
   * A trade as a Tick: bid/ask from the latest best bid/ask received before it. The trade
   * stream reaches the collector after the book ticker that already shows the trade's
   * effect (a sweep's levels gone, new quotes inside), so `last` is often outside
   * [bid, ask]: 43 % of the recorded ticks by more than one tick. That is the data, kept.
   */
  private tickOf(trade: TradeRow): Tick {
    const last = Number(trade.price)
    const bid = this.quote?.bidPrice ?? this.orderBook?.bestBid()?.price
    const ask = this.quote?.askPrice ?? this.orderBook?.bestAsk()?.price
    return {
      symbol: REPLAY_INSTRUMENT.symbol,
      ts: trade.tradeTime,
      last,
      bid: bid === undefined ? last : Number(bid),
      ask: ask === undefined ? last : Number(ask),
      volume: Number(trade.qty),
    }
  }
}

async function loadTimeline(files: ReplayFiles): Promise<ReplayTimeline> {
  // The lag: receive time = trade time - lag + network latency, so the largest
  // (trade time - receive time) is the lag less the smallest latency seen.
  let lagMs = -Infinity
  let firstTrade: bigint | undefined
  let endTrade: TradeRow | undefined
  for await (const trade of readTrades(files.trades)) {
    lagMs = Math.max(lagMs, trade.tradeTime - Number(trade.localRecvNs / NS_PER_MS))
    firstTrade ??= trade.localRecvNs
    endTrade = trade
  }
  if (firstTrade === undefined || endTrade === undefined) throw new Error(`${files.trades} holds no trades`)
  let first = firstTrade
  for (const rows of [readBookTicker(files.bookTicker), readDepthEvents(files.depthUpdates)]) {
    const head = await rows.next()
    await rows.return(undefined)
    if (head.done !== true && head.value.localRecvNs < first) first = head.value.localRecvNs
  }
  const snapshot = await readDepthSnapshot(files.depthSnapshot)
  if (snapshot.localRecvNs < first) first = snapshot.localRecvNs
  const toTime = (recvNs: bigint): number => Number(recvNs / NS_PER_MS) + lagMs
  return { lagMs, startMs: toTime(first), endMs: toTime(endTrade.localRecvNs) }
}

async function* single<T>(value: T): AsyncGenerator<T> {
  yield value
}

async function* tag<R>(rows: AsyncIterable<R>, toEvent: (row: R) => ReplayEvent): AsyncGenerator<ReplayEvent> {
  for await (const row of rows) yield toEvent(row)
}
