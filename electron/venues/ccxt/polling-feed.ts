import type { Exchange, Ticker } from 'ccxt'
import { AppError } from '../../../shared/contract/result'
import type { Candle, Instrument, Tick } from '../../../shared/domain/market'
import type { ExchangeVenue } from '../../../shared/domain/exchanges'
import { EXCHANGE_VENUE_NAMES } from '../../../shared/domain/exchanges'
import type { Clock } from '../../engine/clock'
import type { DataSource, MarketFeed } from '../feed'
import { isRateLimit, retryAfterMs, toAppError } from './ccxt-errors'
import { instrumentFromMarket } from './instruments'
import { candleOf } from './ohlcv'

/**
 * An exchange's public market data through ccxt's REST calls (no key): spot tickers and
 * the top of each order book, polled; one-minute candles backfilled with fetchOHLCV. A
 * failed poll waits longer each time (exponential, with jitter) and the feed goes quiet,
 * which the market-data service reports as stale.
 */

export interface PollingFeedOptions {
  pollMs?: number
  /** Reported stale after this long without a tick (default: three polls, at least 10 s). */
  staleAfterMs?: number
  /** Order-book levels kept per symbol. */
  depth?: number
  backoff?: { baseMs: number; maxMs: number }
  /** In [0, 1): the jitter's randomness (seeded in tests). */
  random?: () => number
}

type Book = { bids: Array<[number, number]>; asks: Array<[number, number]>; ts: number }

const DEFAULTS = { pollMs: 2_000, depth: 5, backoff: { baseMs: 1_000, maxMs: 60_000 } }
const MINUTE = 60_000
const OHLCV_PAGE = 1_000

export class ExchangePollingFeed implements MarketFeed {
  readonly source: DataSource
  readonly staleAfterMs: number
  private readonly books = new Map<string, Book>()
  private readonly volumes = new Map<string, number>()
  private timer: ReturnType<typeof setTimeout> | undefined
  private stopped = true
  private failures = 0
  private readonly options: Required<Omit<PollingFeedOptions, 'random' | 'staleAfterMs'>> & { random: () => number }

  private constructor(
    private readonly exchange: Exchange,
    readonly instruments: readonly Instrument[],
    private readonly clock: Clock,
    venue: ExchangeVenue,
    options: PollingFeedOptions,
  ) {
    this.source = { id: venue, name: `${EXCHANGE_VENUE_NAMES[venue]} (live prices)` }
    this.options = { ...DEFAULTS, random: Math.random, ...options }
    // Three missed polls, and never under ten seconds (ccxt's rate limiter spaces requests too).
    this.staleAfterMs = options.staleAfterMs ?? Math.max(10_000, 3 * this.options.pollMs)
  }

  /** Loads the exchange's markets; every one of `symbols` must be a spot market the engine can trade exactly. */
  static async open(exchange: Exchange, venue: ExchangeVenue, symbols: readonly string[], clock: Clock, options: PollingFeedOptions = {}): Promise<ExchangePollingFeed> {
    let markets: Awaited<ReturnType<Exchange['loadMarkets']>>
    try {
      markets = await exchange.loadMarkets()
    } catch (error) {
      throw toAppError(error, exchange, 'list its markets')
    }
    const instruments: Instrument[] = []
    for (const symbol of symbols) {
      const market = markets[symbol]
      const instrument = market === undefined ? undefined : instrumentFromMarket(market, exchange.precisionMode, venue)
      if (instrument === undefined) {
        throw new AppError('NOT_FOUND', `${EXCHANGE_VENUE_NAMES[venue]} has no spot market ${symbol} the app can trade (unknown, inactive, or priced finer than 8 decimals).`)
      }
      instruments.push(instrument)
    }
    return new ExchangePollingFeed(exchange, instruments, clock, venue, options)
  }

  async backfill(from: number, to: number): Promise<Map<string, Candle[]>> {
    const history = new Map<string, Candle[]>()
    for (const { symbol } of this.instruments) {
      const candles: Candle[] = []
      let since = from
      while (since < to) {
        const page = await this.exchange.fetchOHLCV(symbol, '1m', since, OHLCV_PAGE)
        const fresh = page.map(candleOf).filter((c): c is Candle => c !== undefined && c.time >= since && c.time < to)
        candles.push(...fresh)
        const last = fresh.at(-1)
        if (last === undefined || page.length < OHLCV_PAGE) break
        since = last.time + MINUTE
      }
      history.set(symbol, candles)
    }
    return history
  }

  start(from: number, _lastCloses: ReadonlyMap<string, number>, onTicks: (ticks: Tick[]) => void): void {
    this.stopped = false
    const loop = async (): Promise<void> => {
      let delay = this.options.pollMs
      try {
        const ticks = await this.poll()
        this.failures = 0
        if (!this.stopped) onTicks(ticks.filter((t) => t.ts >= from))
      } catch (error) {
        this.failures += 1
        delay = this.retryDelay(error)
      }
      if (!this.stopped) this.timer = setTimeout(() => void loop(), delay)
    }
    void loop()
  }

  stop(): void {
    this.stopped = true
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
  }

  bookSnapshot(symbol: string): Book | undefined {
    return this.books.get(symbol)
  }

  /** One round: every symbol's ticker, then its book; the tick's bid and ask are the book's best levels. */
  private async poll(): Promise<Tick[]> {
    const symbols = this.instruments.map((i) => i.symbol)
    const tickers = await this.exchange.fetchTickers(symbols)
    const ticks: Tick[] = []
    for (const symbol of symbols) {
      const ticker = tickers[symbol]
      const book = await this.exchange.fetchOrderBook(symbol, this.options.depth)
      // Stamped when its book arrived: the limiter spaces the book requests, so one time for the round would age the later ones.
      const now = this.clock.now()
      const bids = book.bids.map(level).filter(isLevel)
      const asks = book.asks.map(level).filter(isLevel)
      const bid = bids[0]?.[0]
      const ask = asks[0]?.[0]
      const last = ticker?.last
      if (bid === undefined || ask === undefined || last === undefined || !(last > 0) || bid >= ask) continue
      this.books.set(symbol, { bids, asks, ts: now })
      ticks.push({ symbol, ts: now, last, bid, ask, volume: this.volumeSince(symbol, ticker) })
    }
    return ticks
  }

  /**
   * Base volume traded since the previous poll, from the rolling 24h volume: an estimate
   * (the window also drops old trades), never negative.
   */
  private volumeSince(symbol: string, ticker: Ticker | undefined): number {
    const total = ticker?.baseVolume
    if (total === undefined || !Number.isFinite(total)) return 0
    const previous = this.volumes.get(symbol)
    this.volumes.set(symbol, total)
    return previous === undefined ? 0 : Math.max(0, total - previous)
  }

  /** base x 2^(failures-1), at least the exchange's Retry-After on a rate limit, at most max; with ±20 % jitter. */
  private retryDelay(error: unknown): number {
    const { baseMs, maxMs } = this.options.backoff
    const retryAfter = isRateLimit(error) ? retryAfterMs(this.exchange) : 0
    const wanted = Math.min(maxMs, Math.max(baseMs * 2 ** (this.failures - 1), retryAfter))
    return Math.round(wanted * (0.8 + 0.4 * this.options.random()))
  }
}

function level(entry: readonly (number | undefined)[]): [number, number] | undefined {
  const [price, amount] = entry
  return price !== undefined && amount !== undefined && price > 0 && amount > 0 ? [price, amount] : undefined
}

const isLevel = (entry: [number, number] | undefined): entry is [number, number] => entry !== undefined
