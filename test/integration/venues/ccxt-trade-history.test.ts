import { afterEach, describe, expect, it, vi } from 'vitest'
import { AppError } from '../../../shared/contract/result'
import { atoms } from '../../../shared/trading/money'
import { fetchTradeHistory } from '../../../electron/venues/ccxt/trade-history'
import { createExchange, type ExchangeCredentials } from '../../../electron/venues/ccxt/venues'
import { binanceUrlsAt, seedTrades, startFakeBinance, type BinanceTrade, type FakeBinance } from '../../support/fake-binance'

// The real ccxt client against a local server that checks keys, signatures and timing as
// Binance does. Every ccxt API base URL is pointed at the fake, so nothing reaches the network.

const KEY = 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A'
const SECRET = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j'
const CREDENTIALS: ExchangeCredentials = { apiKey: KEY, secret: SECRET }
const START = Date.UTC(2026, 0, 5, 9, 30)
const FAST_BACKOFF = { backoff: { baseMs: 5, maxMs: 20 } }

let fake: FakeBinance | undefined
afterEach(async () => {
  await fake?.close()
  fake = undefined
})

async function serve(trades: BinanceTrade[], clockOffsetMs = 0): Promise<FakeBinance> {
  fake = await startFakeBinance({ apiKey: KEY, secret: SECRET, trades, clockOffsetMs })
  return fake
}

function importFrom(server: FakeBinance, credentials = CREDENTIALS, signal = new AbortController().signal, onProgress: (done: number) => void = () => {}) {
  const exchange = createExchange('binance', credentials, { urls: binanceUrlsAt(server.url), timeoutMs: 5000 })
  return fetchTradeHistory(exchange, ['BTC/USDT', 'ETH/USDT'], START, onProgress, signal, FAST_BACKOFF)
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(AppError)
  return error as AppError
}

function expectNoSecret(error: AppError): void {
  const everything = `${error.message} ${JSON.stringify(error.details ?? null)} ${error.stack ?? ''}`
  expect(everything).not.toContain(SECRET)
  expect(everything).not.toContain(SECRET.slice(0, 16))
}

/** 2,500 trades: 1,300 BTCUSDT and 1,200 ETHUSDT, three to a millisecond so pages end mid-millisecond. */
function history(): BinanceTrade[] {
  return [
    ...seedTrades({ symbol: 'BTCUSDT', count: 1300, from: START, perMillisecond: 3, firstId: 5_000_001 }),
    ...seedTrades({ symbol: 'ETHUSDT', count: 1200, from: START + 1, perMillisecond: 3, firstId: 7_000_001 }),
  ]
}

describe('fetchTradeHistory through ccxt (fake Binance)', () => {
  it('reads on by trade id when the exchange answers a start time with one day only, and over empty days', async () => {
    const days = [0, 3, 4].flatMap((day) => seedTrades({ symbol: 'BTCUSDT', count: 300, from: START + day * 86_400_000, firstId: 1 + day * 1000 }))
    fake = await startFakeBinance({ apiKey: KEY, secret: SECRET, trades: days, startTimeWindowMs: 86_400_000 })
    const exchange = createExchange('binance', CREDENTIALS, { urls: binanceUrlsAt(fake.url), timeoutMs: 5000 })
    const lateStart = await fetchTradeHistory(exchange, ['BTC/USDT'], START + 86_400_000, () => {}, new AbortController().signal, FAST_BACKOFF)
    expect(lateStart).toHaveLength(600) // days 3 and 4, found after two empty days
    const all = await fetchTradeHistory(exchange, ['BTC/USDT'], START, () => {}, new AbortController().signal, FAST_BACKOFF)
    expect(all).toHaveLength(900)
  })

  it('imports every trade exactly, in time order, over several signed pages', async () => {
    const seeded = history()
    const server = await serve(seeded)
    const progress: number[] = []

    const fills = await importFrom(server, CREDENTIALS, undefined, (done) => progress.push(done))

    expect(fills).toHaveLength(2500)
    expect(new Set(fills.map((f) => `${f.symbol}#${f.tradeId}`)).size).toBe(2500)
    expect(fills.every((f, i) => i === 0 || (fills[i - 1]?.ts ?? 0) <= f.ts)).toBe(true)
    const byId = new Map(seeded.map((t) => [String(t.id), t]))
    for (const fill of fills) {
      const t = byId.get(fill.tradeId)
      expect(t).toBeDefined()
      if (t === undefined) continue
      expect(fill).toEqual({
        line: 0,
        tradeId: String(t.id),
        orderId: String(t.orderId),
        ts: t.time,
        symbol: t.symbol === 'BTCUSDT' ? 'BTC/USDT' : 'ETH/USDT',
        side: t.isBuyer ? 'buy' : 'sell',
        price: atoms(t.price),
        amount: atoms(t.qty),
        fee: atoms(t.commission),
        feeAsset: t.commissionAsset,
        liquidity: t.isMaker ? 'maker' : 'taker',
      })
    }
    const pages = server.requests.filter((r) => r.path === '/api/v3/myTrades')
    expect(pages.length).toBeGreaterThanOrEqual(4)
    expect(pages.every((r) => r.signed && r.status === 200 && r.query['limit'] === '1000')).toBe(true)
    expect(server.unknownPaths).toEqual([])
    expect(progress.at(-1)).toBe(2500)
  })

  it('reports a wrong secret as a refused key (-1022), without the secret', async () => {
    const server = await serve(history())
    const wrong = `${SECRET.slice(0, -4)}XXXX`
    const logged = (['log', 'info', 'warn', 'error', 'debug'] as const).map((method) => vi.spyOn(console, method))
    const error = await rejection(importFrom(server, { apiKey: KEY, secret: wrong }))

    expect(logged.flatMap((spy) => spy.mock.calls).join(' ')).not.toContain(wrong.slice(0, 16))
    vi.restoreAllMocks()

    expect(error.code).toBe('REJECTED')
    expect(error.message).toMatch(/^Binance says the request's signature is wrong: the secret does not belong to this API key/)
    expect(error.message).toContain('Signature for this request is not valid.')
    expect(error.details).toEqual({ problem: 'wrong-secret' })
    expectNoSecret(error)
    expect(server.requests.at(-1)).toMatchObject({ path: '/api/v3/myTrades', signed: true, status: 400 })
  })

  it('reports an unknown API key as a refused key (-2015)', async () => {
    const server = await serve(history())
    const error = await rejection(importFrom(server, { apiKey: 'notTheRightKey0000', secret: SECRET }))

    expect(error.code).toBe('REJECTED')
    expect(error.message).toMatch(/^Binance refused the key: the key is wrong, this computer's IP address is not on its whitelist, or it lacks a permission/)
    expect(error.message).toContain('Invalid API-key, IP, or permissions for action.')
    expectNoSecret(error)
    expect(server.requests.at(-1)).toMatchObject({ path: '/api/v3/myTrades', status: 401 })
  })

  it('waits out two rate-limit answers (429) between pages and completes', async () => {
    const server = await serve(history())
    let limited = false
    const limitOnce = (): void => {
      if (!limited) server.rateLimitNext(2, 1)
      limited = true
    }

    const fills = await importFrom(server, CREDENTIALS, undefined, limitOnce)

    expect(fills).toHaveLength(2500)
    const refused = server.requests.filter((r) => r.status === 429)
    expect(refused).toHaveLength(2)
    expect(refused.every((r) => r.path === '/api/v3/myTrades')).toBe(true)
  })

  it('retries a rate-limited loadMarkets (ccxt would otherwise keep the failed load)', async () => {
    const server = await serve(history())
    server.rateLimitNext(1)

    await expect(importFrom(server)).resolves.toHaveLength(2500)
    expect(server.requests.slice(0, 2).map((r) => [r.path, r.status])).toEqual([
      ['/api/v3/exchangeInfo', 429],
      ['/api/v3/exchangeInfo', 200],
    ])
  })

  it('gives up after repeated rate limits with UNAVAILABLE', async () => {
    const server = await serve(history())
    server.rateLimitNext(100)

    const error = await rejection(importFrom(server))

    expect(error.code).toBe('UNAVAILABLE')
    expect(server.requests).toHaveLength(4) // the first try and three retries
  })

  it('stops with CANCELED when canceled between pages', async () => {
    const server = await serve(history())
    const controller = new AbortController()

    const error = await rejection(importFrom(server, CREDENTIALS, controller.signal, () => controller.abort()))

    expect(error.code).toBe('CANCELED')
    expect(server.requests.filter((r) => r.path === '/api/v3/myTrades')).toHaveLength(1)
  })

  it("explains a clock outside Binance's recvWindow (-1021)", async () => {
    const server = await serve(history(), 2 * 60_000)
    const error = await rejection(importFrom(server))

    expect(error.code).toBe('REJECTED')
    expect(error.message).toMatch(/^Your computer's clock is off/)
    expectNoSecret(error)
    expect(server.requests.at(-1)).toMatchObject({ path: '/api/v3/myTrades', status: 400 })
  })

  it('steps past a millisecond holding more than a page of trades', async () => {
    const server = await serve(seedTrades({ symbol: 'ETHUSDT', count: 1500, from: START, perMillisecond: 1500 }))
    const exchange = createExchange('binance', CREDENTIALS, { urls: binanceUrlsAt(server.url) })

    const fills = await fetchTradeHistory(exchange, ['ETH/USDT'], START, () => {}, new AbortController().signal)

    expect(fills.map((f) => Number(f.tradeId))).toEqual(Array.from({ length: 1500 }, (_, i) => i + 1))
    expect(server.requests.some((r) => r.query['fromId'] === '1001')).toBe(true)
  })
})
