import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ServerMessage } from '../../../shared/contract/wire'
import { packageBin } from '../../../scripts/package-bin.mjs'
import { startHeadlessHost } from '../../support/headless-process'
import { expectLedgerConsistent, paperHarness } from '../../support/paper'
import { useTempDirs } from '../../support/temp-dir'
import { openProbe } from '../../support/ws-client'

const tempDir = useTempDirs()
const ROUNDS = 4

beforeAll(() => {
  // The real app, as `npm run serve` runs it.
  const build = spawnSync(process.execPath, [packageBin('electron-vite', 'electron-vite'), 'build'], { stdio: 'ignore' })
  expect(build.status).toBe(0)
}, 60_000)

/** Fires a burst of orders at the host without waiting for answers, then kills it mid-flight. */
async function burstThenKill(dataDir: string, round: number): Promise<number> {
  const host = await startHeadlessHost(dataDir)
  const probe = await openProbe(host.port, { token: new URL(host.url).hash.replace('#token=', '') })
  let id = 0
  const ask = (method: string, params: unknown) => {
    id += 1
    probe.ws.send(JSON.stringify({ id, method, params }))
    return id
  }
  const replyTo = (n: number) => probe.next((m: ServerMessage) => m.type === 'reply' && m.id === n)
  if (round === 0) await replyTo(ask('accounts.create', { name: 'Crash test', maxLeverage: 50 }))
  await probe.next((m) => m.type === 'event' && m.name === 'market.ticked')
  const accountId = 1
  const symbols = ['BTC/USDT:USDT', 'ETH/USDT:USDT', 'SOL/USDT:USDT']
  for (let i = 0; i < 60; i++) {
    const symbol = symbols[i % 3]!
    const amount = symbol.startsWith('BTC') ? '0.002' : symbol.startsWith('ETH') ? '0.05' : '1'
    ask('orders.place', { accountId, symbol, side: i % 2 === 0 ? 'buy' : 'sell', type: 'market', amount, leverage: 20 })
    if (i % 7 === 0) ask('orders.place', { accountId, symbol, side: 'buy', type: 'limit', amount, price: symbol.startsWith('BTC') ? '30000' : '1' })
  }
  // Let some of the burst commit, then pull the plug with work in flight.
  await new Promise((resolve) => setTimeout(resolve, 40 + round * 35))
  await host.kill()
  probe.ws.terminate()
  return 60 + Math.ceil(60 / 7) // orders sent this round
}

describe('crash safety', () => {
  it('after kill -9 mid-burst, every restart finds a consistent ledger and rebuilds from it', async () => {
    const dataDir = tempDir()
    const file = join(dataDir, 'ledger.sqlite')
    let fills = 0
    let sent = 0
    let cutShort = 0
    for (let round = 0; round < ROUNDS; round++) {
      sent += await burstThenKill(dataDir, round)
      // What the engine rebuilds from the ledger left behind by the killed process.
      const h = paperHarness(tempDir(), file)
      expectLedgerConsistent(h)
      const orders = h.exchange.listOrders(1, false, 10_000)
      if (orders.length < sent) cutShort += 1
      expect(orders.every((o) => Number(o.filled) <= Number(o.amount))).toBe(true)
      expect(h.exchange.listOrders(1, true).every((o) => o.type === 'limit')).toBe(true)
      fills = (h.db.prepare('SELECT COUNT(*) AS n FROM fills').get() as { n: number }).n
      h.close()
    }
    expect(fills).toBeGreaterThan(10)
    // The plug was pulled with orders still in flight, not after everything had landed.
    expect(cutShort).toBeGreaterThan(0)

    // And the app itself starts on that ledger and serves the same state.
    const host = await startHeadlessHost(dataDir)
    const probe = await openProbe(host.port, { token: new URL(host.url).hash.replace('#token=', '') })
    probe.ws.send(JSON.stringify({ id: 1, method: 'orders.list', params: { accountId: 1, open: true } }))
    const reply = await probe.next((m) => m.type === 'reply' && m.id === 1)
    expect(reply).toMatchObject({ result: { ok: true } })
    probe.ws.close()
    await host.stop()
  }, 90_000)
})
