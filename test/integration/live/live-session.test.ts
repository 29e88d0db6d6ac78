import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { AppCore } from '../../../electron/core/app-core'
import type { Logger } from '../../../electron/core/log'
import { startFakeBinance, TRADING_RESTRICTIONS, type FakeBinance } from '../../support/fake-binance'
import { balances, KEY, SECRET } from '../../support/live-harness'
import { testCore } from '../../support/core'
import { useTempDirs } from '../../support/temp-dir'

// A whole live session through the app's typed contract (what the UI and the headless host's
// WebSocket carry), on the local Binance: then the secret is looked for everywhere it could leak.

const tempDir = useTempDirs()
let core: AppCore | undefined
let fake: FakeBinance | undefined
afterEach(async () => {
  core?.close()
  await fake?.close()
  core = fake = undefined
})

const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })

describe('a live session through the contract', () => {
  it('opens, arms, trades, cancels and stops an account; the secret is in no file, log line, reply or event', async () => {
    const dir = tempDir()
    fake = await startFakeBinance({ apiKey: KEY, secret: SECRET, restrictions: TRADING_RESTRICTIONS, balances: balances('0.50000000', '10000.00000000') })
    const logged: string[] = []
    const log: Logger = { info: (m) => logged.push(m), warn: (m) => logged.push(m), error: (m, e) => logged.push(`${m} ${e instanceof Error ? `${e.message} ${e.stack ?? ''}` : String(e)}`) }
    core = await testCore(dir, { exchangeApiHost: fake.url, source: { kind: 'exchange', venue: 'binance', symbols: ['BTC/USDT'] }, livePollMs: 100, log })
    const traffic: string[] = []
    core.subscribe((name, payload) => traffic.push(JSON.stringify([name, payload])))
    type Reply = { ok: boolean; value?: { id: number }; error?: { message: string } }
    const call = async (method: string, params: unknown): Promise<Reply> => {
      const reply = (await (core as AppCore).dispatch(method, params)) as Reply
      traffic.push(JSON.stringify(reply))
      return reply
    }

    expect(await call('exchanges.setKey', { venue: 'binance', label: 'main', apiKey: KEY, secret: SECRET })).toMatchObject({ ok: true })
    const created = await call('live.createAccount', { name: 'Binance main', venue: 'binance', keyLabel: 'main', maxOrderNotional: '2000', maxDailyLoss: '300' })
    expect(created).toMatchObject({ ok: true, value: { live: { venue: 'binance' }, startingBalance: '10000' } })
    const accountId = created.value!.id
    expect((await call('accounts.list', {})).value).toMatchObject([{ id: accountId, live: { venue: 'binance' } }])

    const buy = { accountId, symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: '0.01' }
    expect(await call('orders.place', buy)).toMatchObject({ ok: false, error: { message: expect.stringContaining('is not armed for live trading') } })
    expect(await call('live.arm', { accountId, confirmName: 'binance' })).toMatchObject({ ok: false })
    expect(await call('live.arm', { accountId, confirmName: 'Binance main' })).toMatchObject({ ok: true, value: { armed: true } })
    expect(await call('orders.place', { ...buy, amount: 'NaN' })).toMatchObject({ ok: false })
    expect(fake.orders).toEqual([])

    // Its orders are valued at the exchange's prices: wait for the first (polled every 2 s).
    await expect.poll(() => traffic.some((t) => t.startsWith('["market.ticked"')), { timeout: 10_000 }).toBe(true)
    const bought = await call('orders.place', buy)
    expect(bought, JSON.stringify(bought.error)).toMatchObject({ ok: true, value: { status: 'filled', averagePrice: '30000.01' } })
    const resting = await call('orders.place', { ...buy, type: 'limit', price: '29000' })
    expect(resting).toMatchObject({ ok: true, value: { status: 'open' } })
    expect(await call('orders.cancel', { accountId, orderId: resting.value!.id })).toMatchObject({ ok: true, value: { status: 'canceled' } })
    expect(await call('live.reconcile', { accountId })).toMatchObject({ ok: true, value: { exchangeBalances: [{ asset: 'BTC', total: '0.50999' }, { asset: 'USDT', total: '9699.9999' }] } })
    expect(await call('risk.killSwitch', { accountId, flatten: false, reason: 'End of session' })).toMatchObject({ ok: true, value: { halt: { by: 'kill_switch' } } })
    expect((await call('live.venues', {})).value).toMatchObject([{ venue: 'binance', state: 'ok', failures: 0, latencyMs: expect.any(Number) }])
    expect(fake.orders.map((o) => o.status)).toEqual(['FILLED', 'CANCELED'])
    expect(traffic.some((t) => t.includes('"live.accountUpdated"'))).toBe(true)

    core.close()
    core = undefined
    const files = filesUnder(dir)
    expect(files.some((f) => f.endsWith('-wal') || f.endsWith('.sqlite'))).toBe(true)
    for (const file of files) expect(readFileSync(file).includes(SECRET), file).toBe(false)
    expect(logged.some((line) => line.includes(SECRET))).toBe(false)
    expect(traffic.some((t) => t.includes(SECRET))).toBe(false)
  })
})
