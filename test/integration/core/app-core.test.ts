import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import type { MarketSummary } from '../../../shared/domain/market'
import { LEDGER_FILE } from '../../../electron/core/app-core'
import { testCore } from '../../support/core'
import { useTempDirs } from '../../support/temp-dir'

const tempDir = useTempDirs()

describe('the app core', () => {
  it('serves the contract on a fresh data folder', async () => {
    const dataDir = tempDir()
    const core = await testCore(dataDir)
    const info = await core.dispatch('app.info', {})
    expect(info).toMatchObject({
      ok: true,
      value: { appName: 'TradeDesk', hostKind: 'headless', dataDir, keychain: { available: true }, feed: { state: 'live' } },
    })
    const markets = await core.dispatch('markets.list', undefined)
    expect(markets.ok && (markets.value as MarketSummary[]).map((m) => m.instrument.symbol)).toEqual([
      'BTC/USDT',
      'ETH/USDT',
      'SOL/USDT',
      'BTC/USDT:USDT',
      'ETH/USDT:USDT',
      'SOL/USDT:USDT',
    ])
    const perp = (markets as { value: MarketSummary[] }).value.find((m) => m.instrument.symbol === 'BTC/USDT:USDT')!
    expect(perp.instrument.maintenanceTiers?.[0]).toEqual({ maxNotional: '50000', maintenanceMarginRate: '0.004', maintenanceAmount: '0', maxLeverage: 125 })
    const candles = await core.dispatch('candles.history', { symbol: 'SOL/USDT', timeframe: '15m', limit: 50 })
    expect(candles.ok && (candles.value as unknown[]).length).toBe(50)
    core.close()
  })

  it('refuses bad requests with typed errors', async () => {
    const core = await testCore(tempDir())
    expect(await core.dispatch('candles.history', { symbol: 'DOGE/USDT', timeframe: '1m' })).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'DOGE/USDT is not listed on Simulator.' },
    })
    const bad = await core.dispatch('candles.history', { symbol: 'BTC/USDT', timeframe: '1m', limit: -5 })
    expect(!bad.ok && bad.error.code).toBe('INVALID_PARAMS')
    core.close()
  })

  it('trades a paper account through the contract, refusing malformed orders at the boundary', async () => {
    const core = await testCore(tempDir())
    await new Promise((resolve) => setTimeout(resolve, 200)) // first ticks
    const created = await core.dispatch('accounts.create', { name: 'Scalper', startingBalance: '2500' })
    expect(created).toMatchObject({ ok: true, value: { name: 'Scalper', startingBalance: '2500', maxLeverage: 10 } })
    const accountId = (created as { value: { id: number } }).value.id
    const placed = await core.dispatch('orders.place', { accountId, symbol: 'ETH/USDT:USDT', side: 'buy', type: 'market', amount: '0.1' })
    expect(placed).toMatchObject({ ok: true, value: { status: 'filled', filled: '0.1' } })
    const positions = await core.dispatch('positions.list', { accountId })
    expect(positions).toMatchObject({ ok: true, value: [{ symbol: 'ETH/USDT:USDT', side: 'long', amount: '0.1' }] })
    for (const amount of [Number.NaN, 0.1, '-1', '0', '1e3', 'NaN', 'Infinity', '12345678901', '0.000000001']) {
      const refused = await core.dispatch('orders.place', { accountId, symbol: 'ETH/USDT:USDT', side: 'buy', type: 'market', amount })
      expect(!refused.ok && refused.error.code, `amount ${String(amount)}`).toBe('INVALID_PARAMS')
    }
    const unknownAccount = await core.dispatch('balances.get', { accountId: 999 })
    expect(!unknownAccount.ok && unknownAccount.error.code).toBe('NOT_FOUND')
    const entries = await core.dispatch('ledger.entries', { accountId })
    expect(entries.ok && (entries.value as Array<{ kind: string }>).map((e) => e.kind)).toEqual(['fee', 'margin_reserve', 'margin_reserve', 'deposit'])
    core.close()
  })

  it("walks the simulator's order book: a large market order fills at several prices", async () => {
    const core = await testCore(tempDir())
    await new Promise((resolve) => setTimeout(resolve, 200))
    const created = await core.dispatch('accounts.create', { name: 'Whale', startingBalance: '100000000' })
    const accountId = (created as { value: { id: number } }).value.id
    const placed = await core.dispatch('orders.place', { accountId, symbol: 'BTC/USDT:USDT', side: 'buy', type: 'market', amount: '50' })
    expect(placed.ok).toBe(true)
    const fills = await core.dispatch('fills.list', { accountId })
    const prices = new Set((fills as { value: Array<{ price: string }> }).value.map((f) => f.price))
    expect(prices.size).toBeGreaterThan(1)
    core.close()
  })

  it('flushes the ledger into one file on close, and twice is harmless', async () => {
    const dataDir = tempDir()
    const core = await testCore(dataDir)
    core.close()
    core.close()
    const wal = join(dataDir, `${LEDGER_FILE}-wal`)
    expect(!existsSync(wal) || statSync(wal).size === 0).toBe(true)
    const db = new Database(join(dataDir, LEDGER_FILE), { readonly: true })
    expect((db.prepare('SELECT COUNT(*) AS n FROM candles').get() as { n: number }).n).toBeGreaterThan(50_000)
    db.close()
  })

  it('keeps one simulated market per install across restarts', async () => {
    const dataDir = tempDir()
    const first = await testCore(dataDir, { seed: undefined })
    first.close()
    const db = new Database(join(dataDir, LEDGER_FILE), { readonly: true })
    const seed = (db.prepare("SELECT value FROM app_meta WHERE key = 'simulator.seed'").get() as { value: string }).value
    db.close()
    const second = await testCore(dataDir, { seed: undefined })
    second.close()
    const again = new Database(join(dataDir, LEDGER_FILE), { readonly: true })
    expect((again.prepare("SELECT value FROM app_meta WHERE key = 'simulator.seed'").get() as { value: string }).value).toBe(seed)
    again.close()
  })

  it('still runs paper trading when the OS keychain cannot be opened', async () => {
    const core = await testCore(tempDir(), {
      openSecrets: () => {
        throw new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')
      },
    })
    expect(core.secrets).toBeUndefined()
    const info = await core.dispatch('app.info', {})
    expect(info.ok && info.value).toMatchObject({
      keychain: { available: false, detail: 'OS keychain unavailable: Cannot autolaunch D-Bus without X11 $DISPLAY' },
    })
    expect((await core.dispatch('markets.list', {})).ok).toBe(true)
    core.close()
  })
})
