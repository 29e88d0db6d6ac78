import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { AppCore } from '../../../electron/core/app-core'
import { sourceFromSettings } from '../../../electron/core/data-source'
import type { Result } from '../../../shared/contract/result'
import type { MarketSummary } from '../../../shared/domain/market'
import type { Fill, Order } from '../../../shared/domain/trading'
import { testCore } from '../../support/core'
import { startFakeBinance, type FakeBinance } from '../../support/fake-binance'
import { useTempDirs } from '../../support/temp-dir'

// Paper trading on an exchange's live prices: the real ccxt client reads the local Binance's
// public market data (no key), and the same paper engine fills against its book.

const tempDir = useTempDirs()
let core: AppCore | undefined
let fake: FakeBinance | undefined
afterEach(async () => {
  core?.close()
  await fake?.close()
  core = fake = undefined
})

function value<T>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(result.error.message)
  return result.value as T
}

async function until(condition: () => Promise<boolean>, ms = 8000): Promise<void> {
  const end = Date.now() + ms
  while (!(await condition())) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

describe('paper trading on live exchange prices', () => {
  it("lists the exchange's markets, fills a market buy at its ask in a ledger of its own", async () => {
    fake = await startFakeBinance({ apiKey: 'unused-key-000', secret: 'unused-secret-000' })
    const dir = tempDir()
    core = await testCore(dir, { source: sourceFromSettings({ exchange: 'binance', symbols: 'BTC/USDT' }), exchangeApiHost: fake.url })
    const live = core
    await until(async () => value<MarketSummary[]>(await live.dispatch('markets.list', {}))[0]?.ask === 30000.01)
    const [btc] = value<MarketSummary[]>(await core.dispatch('markets.list', {}))
    expect(btc?.instrument).toMatchObject({ symbol: 'BTC/USDT', tickSize: '0.01', amountStep: '0.00001', sources: ['binance'] })
    expect(existsSync(join(dir, 'paper-binance.sqlite'))).toBe(true)
    expect(existsSync(join(dir, 'ledger.sqlite'))).toBe(false)

    const { id: accountId } = value<{ id: number }>(await core.dispatch('accounts.create', { name: 'On Binance prices' }))
    const order = value<Order>(await core.dispatch('orders.place', { accountId, symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: '0.01' }))
    expect(order).toMatchObject({ status: 'filled', filled: '0.01' })
    const [fill] = value<Fill[]>(await core.dispatch('fills.list', { accountId }))
    expect(fill).toMatchObject({ price: '30000.01', amount: '0.01' })

    const refused = await core.dispatch('orders.place', { accountId, symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: '0.000001' })
    expect(refused).toMatchObject({ ok: false })
    expect(fake.requests.some((r) => r.signed)).toBe(false)
    expect(fake.unknownPaths).toEqual([])
  })

  it('refuses flags that make no sense together, in words', () => {
    expect(() => sourceFromSettings({ exchange: 'kraken' })).toThrow('--exchange must be one of binance, okx, bybit, kucoin, got "kraken"')
    expect(() => sourceFromSettings({ exchange: 'binance', speed: '10' })).toThrow(/cannot be combined/)
    expect(() => sourceFromSettings({ symbols: 'BTC/USDT' })).toThrow('--symbols only applies to --exchange')
    expect(() => sourceFromSettings({ exchange: 'binance', symbols: 'BTC/USDT:USDT' })).toThrow(/spot markets like BTC\/USDT/)
    expect(sourceFromSettings({ exchange: 'OKX' })).toEqual({ kind: 'exchange', venue: 'okx', symbols: ['BTC/USDT', 'ETH/USDT'] })
  })
})
