import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../../../electron/core/log'
import { EventBus } from '../../../electron/engine/bus'
import { systemClock } from '../../../electron/engine/clock'
import { MarketData } from '../../../electron/engine/market-data'
import { closeLedger, openLedger } from '../../../electron/ledger/db'
import { CandleRepo } from '../../../electron/ledger/repos/candle-repo'
import { ExchangePollingFeed } from '../../../electron/venues/ccxt/polling-feed'
import { createExchange } from '../../../electron/venues/ccxt/venues'
import type { Tick } from '../../../shared/domain/market'
import type { FeedStatus } from '../../../shared/domain/market'
import { binanceUrlsAt, startFakeBinance, type FakeBinance } from '../../support/fake-binance'
import { useTempDirs } from '../../support/temp-dir'

// Binance's public market data through the real ccxt client (no key), against the local
// Binance: its markets become the engine's instruments with exact steps, its tickers and
// books become ticks, its klines the candle backfill; an outage backs off and recovers.

const tempDir = useTempDirs()
let fake: FakeBinance | undefined
let feed: ExchangePollingFeed | undefined
afterEach(async () => {
  feed?.stop()
  await fake?.close()
  fake = feed = undefined
})

async function open(symbols = ['BTC/USDT', 'ETH/USDT'], backoff = { baseMs: 20, maxMs: 80 }, staleAfterMs?: number) {
  fake = await startFakeBinance({ apiKey: 'unused-key-000', secret: 'unused-secret-000' })
  const exchange = createExchange('binance', { apiKey: '', secret: '' }, { urls: binanceUrlsAt(fake.url), timeoutMs: 3000 })
  feed = await ExchangePollingFeed.open(exchange, 'binance', symbols, systemClock, { pollMs: 25, backoff, random: () => 0.5, ...(staleAfterMs === undefined ? {} : { staleAfterMs }) })
  return { fake, feed }
}

function collect(target: ExchangePollingFeed, from = 0): Tick[] {
  const ticks: Tick[] = []
  target.start(from, new Map(), (batch) => ticks.push(...batch))
  return ticks
}

async function until(condition: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

describe("an exchange's live prices through ccxt", () => {
  it("lists the exchange's markets with their exact tick, step, minimums and fees", async () => {
    const { feed } = await open()
    expect(feed.source).toEqual({ id: 'binance', name: 'Binance (live prices)' })
    expect(feed.instruments).toEqual([
      { symbol: 'BTC/USDT', base: 'BTC', quote: 'USDT', type: 'spot', tickSize: '0.01', amountStep: '0.00001', minAmount: '0.00001', minNotional: '5', maxLeverage: 1, makerFee: '0.001', takerFee: '0.001', sources: ['binance'] },
      { symbol: 'ETH/USDT', base: 'ETH', quote: 'USDT', type: 'spot', tickSize: '0.01', amountStep: '0.0001', minAmount: '0.0001', minNotional: '5', maxLeverage: 1, makerFee: '0.001', takerFee: '0.001', sources: ['binance'] },
    ])
  })

  it('refuses a market the exchange does not list, by name', async () => {
    await expect(open(['BTC/USDT', 'DOGE/USDT'])).rejects.toThrow('Binance has no spot market DOGE/USDT the app can trade')
  })

  it("ticks at the book's best bid and ask with the last trade, and keeps the book's levels", async () => {
    const { fake, feed } = await open()
    const ticks = collect(feed)
    await until(() => ticks.some((t) => t.symbol === 'ETH/USDT'))
    expect(ticks.find((t) => t.symbol === 'BTC/USDT')).toMatchObject({ last: 30000, bid: 30000, ask: 30000.01 })
    // Each tick is as old as its own book, not as the round's first reply (the status bar's latency reads it).
    const ethBook = fake.requests.find((r) => r.path === '/api/v3/depth' && r.query['symbol'] === 'ETHUSDT')
    expect(ticks.find((t) => t.symbol === 'ETH/USDT')?.ts).toBeGreaterThanOrEqual(ethBook?.at ?? Infinity)
    expect(feed.bookSnapshot('BTC/USDT')?.asks.slice(0, 2)).toEqual([
      [30000.01, 1],
      [30000.02, 1.5],
    ])
    fake.quotes = { ...fake.quotes, BTCUSDT: { bid: '30100.00000000', ask: '30100.05000000', last: '30100.02000000' } }
    await until(() => ticks.at(-2)?.last === 30100.02 || ticks.at(-1)?.last === 30100.02)
    expect(fake.unknownPaths).toEqual([])
    expect(fake.requests.some((r) => r.signed)).toBe(false)
  })

  it('backs off while the exchange is down, waiting longer each time, and resumes when it is back', async () => {
    const { fake, feed } = await open(['BTC/USDT'], { baseMs: 300, maxMs: 1_200 })
    const ticks = collect(feed)
    await until(() => ticks.length > 0)
    fake.marketDown = true
    const failedFrom = fake.requests.length
    await until(() => fake.requests.slice(failedFrom).length >= 4, 5_000)
    const failed = fake.requests.slice(failedFrom, failedFrom + 4)
    expect(failed.every((r) => r.status === 503)).toBe(true)
    // 300, 600, 1200 ms apart (the jitter is seeded to none), not every 25 ms.
    const gaps = failed.slice(1).map((r, i) => r.at - (failed[i] as { at: number }).at)
    expect(gaps[0]).toBeGreaterThanOrEqual(280)
    expect(gaps[1]).toBeGreaterThanOrEqual(580)
    expect(gaps[2]).toBeGreaterThanOrEqual(1_180)
    const seen = ticks.length
    fake.marketDown = false
    await until(() => ticks.length > seen, 3_000)
  })

  it('is reported stale, saying for how long, while the exchange is silent, and live again when prices return', async () => {
    const { fake, feed } = await open(['BTC/USDT'], { baseMs: 100, maxMs: 200 }, 600)
    const db = openLedger(join(tempDir(), 'ledger.sqlite'), { now: Date.now() })
    const bus = new EventBus(silentLogger)
    const statuses: FeedStatus[] = []
    bus.subscribe((name, payload) => {
      if (name === 'feed.statusChanged') statuses.push(payload as FeedStatus)
    })
    const market = new MarketData(feed, new CandleRepo(db), bus, systemClock)
    try {
      await market.start()
      await until(() => market.summaries()[0]?.last === 30000)
      fake.marketDown = true
      await until(() => market.feedStatus().state === 'stale', 4_000)
      expect(market.feedStatus().detail).toMatch(/^No prices from Binance \(live prices\) for \d+ s; still trying\.$/)
      fake.marketDown = false
      await until(() => market.feedStatus().state === 'live', 4_000)
      expect(statuses.map((s) => s.state)).toEqual(['live', 'stale', 'live'])
    } finally {
      market.stop()
      closeLedger(db)
    }
  })

  it('backfills closed one-minute candles from klines, page by page', async () => {
    const { feed } = await open(['BTC/USDT'])
    const to = Math.floor(Date.now() / 60_000) * 60_000
    const from = to - 1_500 * 60_000
    const history = await feed.backfill(from, to)
    const candles = history.get('BTC/USDT') ?? []
    expect(candles).toHaveLength(1_500)
    expect(candles[0]).toMatchObject({ time: from, open: 30000, close: 30000, volume: 1 })
    expect(candles.at(-1)?.time).toBe(to - 60_000)
  })
})
