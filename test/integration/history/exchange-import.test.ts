import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { AppCore } from '../../../electron/core/app-core'
import type { HistoryJob } from '../../../shared/domain/history'
import { seedTrades, startFakeBinance, type FakeBinance } from '../../support/fake-binance'
import { testCore } from '../../support/core'
import { useTempDirs } from '../../support/temp-dir'

const tempDir = useTempDirs()
const KEY = 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A'
const SECRET = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j'
const START = Date.UTC(2026, 0, 5, 9, 30)

let core: AppCore | undefined
let fake: FakeBinance | undefined
afterEach(async () => {
  core?.close()
  await fake?.close()
  core = fake = undefined
})

async function setup() {
  const dir = tempDir()
  fake = await startFakeBinance({ apiKey: KEY, secret: SECRET, trades: [...seedTrades({ symbol: 'BTCUSDT', count: 1_200, from: START })] })
  core = await testCore(dir, { exchangeApiHost: fake.url })
  const traffic: string[] = []
  core.subscribe((name, payload) => traffic.push(JSON.stringify([name, payload])))
  const call = async (method: string, params: unknown) => {
    const result = await (core as AppCore).dispatch(method, params)
    traffic.push(JSON.stringify(result))
    return result
  }
  const settled = async (id: string): Promise<HistoryJob> => {
    for (let i = 0; i < 500; i++) {
      const last = traffic.map((t) => JSON.parse(t) as unknown).filter((t): t is [string, HistoryJob] => Array.isArray(t) && t[0] === 'history.jobUpdated' && (t[1] as HistoryJob).id === id).at(-1)
      if (last !== undefined && last[1].state !== 'running') return last[1]
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    throw new Error('the import never finished')
  }
  return { dir, call, settled, traffic }
}

describe('importing an exchange account through ccxt', () => {
  it('reads every fill once with the key from the keychain, and the secret goes nowhere else', async () => {
    const { dir, call, settled, traffic } = await setup()
    expect(await call('exchanges.setKey', { venue: 'binance', label: 'main', apiKey: KEY, secret: SECRET })).toMatchObject({
      ok: true,
      value: { venue: 'binance', label: 'main', apiKeyHint: 'vmPU…Eh8A', check: { ok: true } },
    })
    const params = { venue: 'binance', label: 'main', accountName: 'Binance main', symbols: ['BTC/USDT'], since: START }
    const started = await call('history.importExchange', params)
    const job = await settled((started as { value: HistoryJob }).value.id)
    expect(job).toMatchObject({ state: 'finished', message: 'Imported 1,200 fills from binance (main) into Binance main.' })
    expect(fake?.requests.filter((r) => r.path === '/api/v3/myTrades' && r.signed).length).toBeGreaterThanOrEqual(2)

    const again = await settled(((await call('history.importExchange', params)) as { value: HistoryJob }).value.id)
    expect(again.message).toBe('Imported 0 fills from binance (main) into Binance main; 1,200 were already in the ledger and were skipped.')
    const fills = await call('history.fills', { filter: { sources: ['imported'] }, offset: 0, limit: 1 })
    expect(fills).toMatchObject({ ok: true, value: { total: 1_200 } })

    core?.close()
    core = undefined
    const files = ['ledger.sqlite', 'ledger.sqlite-wal'].map((f) => join(dir, f)).filter((f) => existsSync(f))
    for (const file of files) expect(readFileSync(file).includes(SECRET), file).toBe(false)
    expect(traffic.some((t) => t.includes(SECRET))).toBe(false)
  })

  it('says what is wrong, in words: no such key, or a key the exchange refuses', async () => {
    const { call, settled } = await setup()
    const params = { venue: 'binance', label: 'main', accountName: 'Binance main', symbols: ['BTC/USDT'], since: START }
    const missing = await settled(((await call('history.importExchange', params)) as { value: HistoryJob }).value.id)
    expect(missing).toMatchObject({ state: 'failed', message: 'There is no binance key named "main" in the keychain; add it first.' })
    await call('exchanges.setKey', { venue: 'binance', label: 'main', apiKey: KEY, secret: SECRET })
    // The key was fine when stored; the exchange now refuses it (an IP whitelist added on Binance).
    ;(fake as FakeBinance).allowedIps = ['203.0.113.7']
    const refused = await settled(((await call('history.importExchange', params)) as { value: HistoryJob }).value.id)
    expect(refused.state).toBe('failed')
    expect(refused.message).toMatch(/^Binance refused the key/)
    expect(await call('exchanges.deleteKey', { venue: 'binance', label: 'main' })).toEqual({ ok: true, value: { deleted: true } })
    expect(await call('exchanges.keys', {})).toEqual({ ok: true, value: [] })
    expect(await call('exchanges.setKey', { venue: 'kraken', label: 'main', apiKey: KEY, secret: SECRET })).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS' } })
    await call('exchanges.setKey', { venue: 'binance', label: 'main', apiKey: KEY, secret: SECRET })
    expect(await call('history.importExchange', { ...params, venue: 'okx' })).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS', message: expect.stringContaining('binance') } })
  })
})
