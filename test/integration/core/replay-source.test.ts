import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { AppInfo } from '../../../shared/domain/app'
import type { MarketSummary } from '../../../shared/domain/market'
import { testCore } from '../../support/core'
import { SHARED_DATA_DIR } from '../../support/shared-data'
import { useTempDirs } from '../../support/temp-dir'

const tempDir = useTempDirs()
const RECORDING_START = Date.UTC(2024, 7, 8, 23, 54)

describe('paper trading a recorded day', () => {
  it('replays the recording on its own timeline and ledger, and fills against the recorded book', async () => {
    const dataDir = tempDir()
    const core = await testCore(dataDir, { source: { kind: 'replay', folder: SHARED_DATA_DIR, speed: 50 } })
    const info = await core.dispatch('app.info', {})
    expect(info.ok && (info.value as AppInfo).feed).toMatchObject({ sourceName: 'Replay: Binance BTC/USDT 2024-08-08 23:54', state: 'live' })
    expect(existsSync(join(dataDir, 'replay.sqlite'))).toBe(true)
    expect(existsSync(join(dataDir, 'ledger.sqlite'))).toBe(false)

    const markets = await core.dispatch('markets.list', {})
    expect(markets.ok && (markets.value as MarketSummary[]).map((m) => m.instrument.symbol)).toEqual(['BTC/USDT'])
    const history = await core.dispatch('candles.history', { symbol: 'BTC/USDT', timeframe: '1m', limit: 30 })
    const candles = (history as { value: Array<{ time: number; close: number }> }).value
    expect(candles.every((c) => c.time >= RECORDING_START - 6 * 3_600_000 && c.time < RECORDING_START + 12 * 60_000)).toBe(true)

    // Let the replay run, then trade on it.
    await new Promise((resolve) => setTimeout(resolve, 800))
    const account = await core.dispatch('accounts.create', { name: 'Replay day' })
    const accountId = (account as { value: { id: number } }).value.id
    const order = await core.dispatch('orders.place', { accountId, symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: '0.1' })
    expect(order, JSON.stringify(order)).toMatchObject({ ok: true, value: { status: 'filled' } })
    const fills = (await core.dispatch('fills.list', { accountId })) as { value: Array<{ price: string; ts: number }> }
    for (const fill of fills.value) {
      expect(Number(fill.price)).toBeGreaterThan(61_000)
      expect(Number(fill.price)).toBeLessThan(62_500)
      expect(fill.ts).toBeGreaterThanOrEqual(RECORDING_START) // booked on the recording's clock
      expect(fill.ts).toBeLessThan(RECORDING_START + 12 * 60_000)
    }
    core.close()
  }, 30_000)
})
