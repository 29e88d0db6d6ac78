import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { expectLedgerConsistent } from '../../support/paper'
import { balances, BTC, liveHarness, refusalOf, SECRET, type LiveHarness } from '../../support/live-harness'
import { useTempDirs } from '../../support/temp-dir'

// The live engine against the local Binance, through the real ccxt client: the exchange
// decides fills, the ledger books them with the engine's own code. Its book asks 30000.01,
// 30000.02, ... (1, 1.5, 2 ... BTC); bids 30000.00 down; fees 0.1 % in the asset received.

const tempDir = useTempDirs()
let h: LiveHarness | undefined
afterEach(async () => {
  await h?.close()
  h = undefined
})

async function armedAccount(options: Parameters<typeof liveHarness>[1] = {}): Promise<{ h: LiveHarness; id: number }> {
  h = await liveHarness(tempDir(), options)
  const account = await h.exchange.createAccount({ name: 'Binance main', venue: 'binance', keyLabel: 'main', maxOrderNotional: '2000', maxDailyLoss: '500' })
  h.exchange.arm(account.id, 'Binance main')
  return { h, id: account.id }
}

const placedOrders = (h: LiveHarness) => h.fake.requests.filter((r) => r.method === 'POST' && r.path === '/api/v3/order')
const ledgerRows = (h: LiveHarness) => ({
  orders: h.db.prepare('SELECT * FROM orders').all(),
  fills: h.db.prepare('SELECT * FROM fills').all(),
  entries: h.db.prepare('SELECT * FROM ledger_entries').all(),
})

describe('a live account', () => {
  it('opens with what the exchange holds, and sends nothing until armed', async () => {
    h = await liveHarness(tempDir())
    const account = await h.exchange.createAccount({ name: 'Binance main', venue: 'binance', keyLabel: 'main', maxOrderNotional: '2000', maxDailyLoss: '500' })
    expect(account).toMatchObject({ live: { venue: 'binance' }, startingBalance: '10000' })
    expect(h.exchange.balance(account.id)).toMatchObject({ wallet: '10000', holdings: [{ asset: 'BTC', amount: '0.5' }] })
    expect(h.exchange.info(account.id)).toMatchObject({ armed: false, exchangeBalances: [{ asset: 'BTC', total: '0.5' }, { asset: 'USDT', total: '10000' }] })

    const before = ledgerRows(h)
    const refused = await refusalOf(h.exchange.placeOrder({ accountId: account.id, symbol: BTC, side: 'buy', type: 'market', amount: '0.01' }))
    expect(refused.details?.rule).toBe('live_not_armed')
    expect(refused.message).toBe('"Binance main" is not armed for live trading: arm it first (it sends real orders to Binance).')
    expect(await refusalOf(Promise.resolve().then(() => h!.exchange.arm(account.id, 'binance main')))).toMatchObject({ details: { rule: 'arm_confirmation' } })
    expect(placedOrders(h)).toEqual([])
    expect(ledgerRows(h)).toEqual(before)
    expectLedgerConsistent(h)
  })

  it('buys at the market: the exchange fills it, the ledger books its trades with the fee in BTC, and matches the exchange', async () => {
    const { h, id } = await armedAccount()
    // 1.2 BTC walks two levels of the exchange's book.
    const order = await h.exchange.placeOrder({ accountId: id, symbol: BTC, side: 'buy', type: 'market', amount: '0.01' })
    expect(order).toMatchObject({ status: 'filled', filled: '0.01', averagePrice: '30000.01' })
    const fills = h.exchange.listFills(id)
    expect(fills).toMatchObject([{ price: '30000.01', amount: '0.01', fee: '0.00001', feeAsset: 'BTC', liquidity: 'taker' }])
    expect(fills[0]?.tradeId).toBe(String(h.fake.trades.at(-1)?.id))
    expect(h.fake.orders).toHaveLength(1)
    expect(h.fake.orders[0]?.clientOrderId).toBe(order.clientOrderId)
    // 10000 - 300.0001 USDT; 0.5 + 0.01 - 0.00001 BTC: what the exchange now holds, with no adjustment booked.
    await h.exchange.reconcile(id)
    expect(h.exchange.balance(id)).toMatchObject({ wallet: '9699.9999', holdings: [{ asset: 'BTC', amount: '0.50999' }] })
    expect(h.exchange.info(id).exchangeBalances).toMatchObject([{ asset: 'BTC', total: '0.50999' }, { asset: 'USDT', total: '9699.9999' }])
    expect(h.exchange.ledgerEntries(id).filter((e) => e.kind === 'reconcile')).toEqual([])
    expectLedgerConsistent(h)
  })

  it('refuses what the paper engine refuses, and its own limits, in the same words, sending nothing', async () => {
    const { h, id } = await armedAccount()
    const before = ledgerRows(h)
    const cases: Array<[Record<string, string>, string]> = [
      [{ amount: '0.000011' }, 'amount_step'],
      [{ amount: '0.0001' }, 'min_notional'],
      [{ amount: '0.1' }, 'max_order_notional'],
      [{ type: 'stop_market', triggerPrice: '31000', amount: '0.01' }, 'live_order_type'],
    ]
    for (const [change, rule] of cases) {
      const refused = await refusalOf(h.exchange.placeOrder({ accountId: id, symbol: BTC, side: 'buy', type: 'market', amount: '0.01', ...change } as never))
      expect(refused.details?.rule, JSON.stringify(change)).toBe(rule)
    }
    const big = await refusalOf(h.exchange.placeOrder({ accountId: id, symbol: BTC, side: 'buy', type: 'market', amount: '0.1' }))
    expect(big.message).toBe('This order is worth 3000.001 USDT, above "Binance main"\'s limit of 2000 per order.')
    h.exchange.setLimits(id, { maxOrderNotional: '100000' })
    const oversold = await refusalOf(h.exchange.placeOrder({ accountId: id, symbol: BTC, side: 'sell', type: 'market', amount: '0.6' }))
    expect(oversold.message).toBe('Not enough BTC: selling 0.6 needs that much, 0.5 is free.')
    expect(placedOrders(h)).toEqual([])
    expect(ledgerRows(h)).toEqual(before)
  })

  it('rests a limit order at the exchange, books its maker fill when the market trades through it, and cancels another', async () => {
    const { h, id } = await armedAccount()
    const resting = await h.exchange.placeOrder({ accountId: id, symbol: BTC, side: 'buy', type: 'limit', price: '29900', amount: '0.02' })
    expect(resting.status).toBe('open')
    const other = await h.exchange.placeOrder({ accountId: id, symbol: BTC, side: 'buy', type: 'limit', price: '29000', amount: '0.01' })
    // USDT held by the two orders is not available for another.
    expect(h.exchange.balance(id).available).toBe(String(10000 - 29900 * 0.02 - 29000 * 0.01 - (29900 * 0.02 + 29000 * 0.01) * 0.001))

    h.fake.setQuote('BTCUSDT', { bid: '29890.00000000', ask: '29890.01000000', last: '29890.00000000' })
    await h.exchange.poll(id, false)
    expect(h.exchange.listOrders(id, false).find((o) => o.id === resting.id)).toMatchObject({ status: 'filled', averagePrice: '29900' })
    expect(h.exchange.listFills(id)).toMatchObject([{ price: '29900', amount: '0.02', fee: '0.00002', liquidity: 'maker' }])

    const canceled = await h.exchange.cancelOrder(id, other.id)
    expect(canceled.status).toBe('canceled')
    expect(h.fake.orders.find((o) => o.clientOrderId === other.clientOrderId)?.status).toBe('CANCELED')
    expect(h.exchange.listOrders(id, true)).toEqual([])
    expectLedgerConsistent(h)
  })
})

describe('an order whose answer is lost', () => {
  it('is unknown until found by its client order id, and is never sent twice', async () => {
    const { h, id } = await armedAccount()
    h.fake.failNext('lose-response', { on: 'POST /api/v3/order' })
    const order = await h.exchange.placeOrder({ accountId: id, symbol: BTC, side: 'buy', type: 'market', amount: '0.01' })
    expect(order.status).toBe('unknown')
    expect(order.reason).toMatch(/it is being looked up at Binance by its client order id \(it is never sent again\)\.$/)
    // The exchange took it and filled it; the ledger has booked nothing yet.
    expect(h.fake.orders).toMatchObject([{ clientOrderId: order.clientOrderId, status: 'FILLED' }])
    expect(h.exchange.listFills(id)).toEqual([])

    await h.exchange.poll(id, false)
    expect(h.exchange.listOrders(id, false)[0]).toMatchObject({ id: order.id, status: 'filled', filled: '0.01' })
    await h.exchange.poll(id, false)
    expect(h.exchange.listFills(id)).toHaveLength(1)
    expect(placedOrders(h)).toHaveLength(1)
    expect(h.fake.orders).toHaveLength(1)
    expectLedgerConsistent(h)
  })

  it('survives a restart in doubt: the next start finds it and books it once', async () => {
    const { h: first, id } = await armedAccount()
    first.fake.failNext('timeout', { on: 'POST /api/v3/order' })
    const order = await first.exchange.placeOrder({ accountId: id, symbol: BTC, side: 'buy', type: 'limit', price: '29000', amount: '0.01' })
    expect(order.status).toBe('unknown')
    const again = first.restart()
    h = again
    expect(again.exchange.listOrders(id, true)).toMatchObject([{ id: order.id, status: 'unknown' }])
    // The order the timeout hid is on the exchange (held, never answered) or not: either way one lookup settles it.
    const info = await again.exchange.reconcile(id)
    expect(info.lastSync).toMatchObject({ ok: true })
    const settled = again.exchange.listOrders(id, false)[0]
    const atExchange = again.fake.orders.filter((o) => o.clientOrderId === order.clientOrderId)
    expect(atExchange.length).toBeLessThanOrEqual(1)
    expect(settled?.status).toBe(atExchange.length === 1 ? 'open' : 'unknown')
    expect(placedOrders(again)).toHaveLength(1)
    expectLedgerConsistent(again)
  })

  it.each([
    ['the connection dropped before the exchange read it', 'drop'],
    ['the exchange failed with a 502', 502],
  ] as const)('is refused in the end when %s: the exchange never knew it, and its request has expired', async (_, fault) => {
    const { h, id } = await armedAccount()
    h.fake.failNext(fault, { on: 'POST /api/v3/order' })
    const order = await h.exchange.placeOrder({ accountId: id, symbol: BTC, side: 'buy', type: 'market', amount: '0.01' })
    expect(order.status).toBe('unknown')
    // Within the request's validity the exchange could still accept it: it stays in doubt.
    await h.exchange.poll(id, false)
    expect(h.exchange.listOrders(id, true)).toMatchObject([{ status: 'unknown' }])
    h.clock.ahead = 60_000
    await h.exchange.poll(id, false)
    expect(h.exchange.listOrders(id, false)[0]).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/^It never reached Binance/) })
    expect(h.fake.orders).toEqual([])
    expect(h.exchange.balance(id).available).toBe('10000')
    expectLedgerConsistent(h)
  })
})

describe('an exchange that pushes back or fails', () => {
  it('a 429 refuses the order (nothing placed) and holds requests back for the wait it asked', async () => {
    const { h, id } = await armedAccount()
    h.fake.failNext({ kind: 429, retryAfterSeconds: 30 }, { on: 'POST /api/v3/order' })
    const refused = await refusalOf(h.exchange.placeOrder({ accountId: id, symbol: BTC, side: 'buy', type: 'market', amount: '0.01' }))
    expect(refused).toMatchObject({ code: 'REJECTED', details: { rule: 'venue_refused' } })
    expect(h.exchange.listOrders(id, false)[0]).toMatchObject({ status: 'rejected' })
    const sent = h.fake.requests.length
    const paused = await refusalOf(h.exchange.placeOrder({ accountId: id, symbol: BTC, side: 'buy', type: 'market', amount: '0.01' }))
    expect(paused).toMatchObject({ details: { rule: 'venue_paused' } })
    expect(paused.message).toMatch(/^Binance asked the app to slow down \(too many requests\); requests resume in 30 s\.$/)
    expect(h.fake.requests.length).toBe(sent)
    expect(h.exchange.info(id).venueHealth).toMatchObject({ state: 'rate-limited', rateLimited: 1 })
    expect(h.fake.orders).toEqual([])
  })

  it('a 418 ban pauses the venue for as long as the exchange says', async () => {
    const { h, id } = await armedAccount()
    h.fake.failNext({ kind: 418, retryAfterSeconds: 600 }, { on: 'POST /api/v3/order' })
    await refusalOf(h.exchange.placeOrder({ accountId: id, symbol: BTC, side: 'buy', type: 'market', amount: '0.01' }))
    const health = h.exchange.info(id).venueHealth
    expect(health.state).toBe('rate-limited')
    expect(health.reason).toMatch(/banned this IP address/)
    expect((health.resumesAt ?? 0) - h.clock.now()).toBeGreaterThan(590_000)
  })

  it('trips the breaker after failures in a row, refusing orders until it cools down, then trades again', async () => {
    const { h, id } = await armedAccount({ guard: { failuresToTrip: 3, coolDownMs: 20_000 } })
    const resting = await h.exchange.placeOrder({ accountId: id, symbol: BTC, side: 'buy', type: 'limit', price: '29000', amount: '0.01' })
    h.fake.failNext(503, { on: 'GET /api/v3/order', count: 3 })
    for (let i = 0; i < 3; i++) await refusalOf(h.exchange.poll(id, false))
    expect(h.exchange.info(id).venueHealth).toMatchObject({ state: 'tripped', failures: 3 })
    const refused = await refusalOf(h.exchange.placeOrder({ accountId: id, symbol: BTC, side: 'buy', type: 'market', amount: '0.01' }))
    expect(refused.message).toMatch(/^Binance's API failed 3 times in a row \(last: .*\); trading on it is paused for 20 s, then tried again\.$/)
    h.clock.ahead = 21_000
    await h.exchange.poll(id, false)
    expect(h.exchange.info(id).venueHealth.state).toBe('ok')
    expect(h.exchange.listOrders(id, true)).toMatchObject([{ id: resting.id, status: 'open' }])
  })

  it('books a fill that happened while it was offline, once it can reach the exchange again', async () => {
    const { h: first, id } = await armedAccount()
    const resting = await first.exchange.placeOrder({ accountId: id, symbol: BTC, side: 'sell', type: 'limit', price: '30100', amount: '0.05' })
    first.fake.offline = true
    first.fake.setQuote('BTCUSDT', { bid: '30150.00000000', ask: '30150.01000000', last: '30150.00000000' })
    await refusalOf(first.exchange.poll(id, false))
    expect(first.exchange.listOrders(id, true)).toMatchObject([{ id: resting.id, status: 'open' }])
    first.fake.offline = false
    const restarted = (h = first.restart())
    await restarted.exchange.reconcile(id)
    expect(restarted.exchange.listOrders(id, false)[0]).toMatchObject({ status: 'filled', averagePrice: '30100' })
    // 0.5 - 0.05 BTC; 10000 + 1505 - 1.505 fee (in USDT, the asset received).
    expect(restarted.exchange.balance(id)).toMatchObject({ wallet: '11503.495', holdings: [{ asset: 'BTC', amount: '0.45' }] })
    expectLedgerConsistent(restarted)
  })
})

describe('safety', () => {
  it('the kill switch halts the account and cancels every open order on the exchange, also those placed elsewhere', async () => {
    const { h, id } = await armedAccount()
    await h.exchange.placeOrder({ accountId: id, symbol: BTC, side: 'buy', type: 'limit', price: '29000', amount: '0.01' })
    const account = await h.exchange.killSwitch(id, false, 'Leaving the desk')
    expect(account.halt).toMatchObject({ by: 'kill_switch' })
    expect(h.fake.orders.every((o) => o.status === 'CANCELED')).toBe(true)
    expect(h.exchange.listOrders(id, true)).toEqual([])
    const refused = await refusalOf(h.exchange.placeOrder({ accountId: id, symbol: BTC, side: 'buy', type: 'market', amount: '0.01' }))
    expect(refused.details?.rule).toBe('trading_halted')
  })

  it('the kill switch with flatten sells every holding down to the step, past the per-order limit, and the ledger matches the exchange', async () => {
    const { h, id } = await armedAccount()
    await h.exchange.placeOrder({ accountId: id, symbol: BTC, side: 'buy', type: 'market', amount: '0.03' })
    // 0.5 + 0.03 - 0.00003 fee = 0.52997 BTC: worth about 15,900 USDT, far above the 2000 limit per order.
    await h.exchange.killSwitch(id, true, 'Flatten everything')
    const sold = h.fake.orders.at(-1)!
    expect(sold).toMatchObject({ side: 'SELL', type: 'MARKET', status: 'FILLED', executedQty: '0.52997000' })
    expect(h.exchange.balance(id).holdings).toEqual([])
    expect(h.fake.balances.find((b) => b.asset === 'BTC')).toMatchObject({ free: '0.00000000' })
    expect(h.exchange.listAccounts()[0]!.halt).toMatchObject({ by: 'kill_switch', reason: 'Flatten everything (holdings sold)' })
    expectLedgerConsistent(h)
  })

  it('deposits made on the exchange are booked as such when it reconciles; the secret is nowhere in the ledger', async () => {
    const { h, id } = await armedAccount()
    h.fake.balances = balances('0.50000000', '10250.00000000')
    await h.exchange.reconcile(id)
    expect(h.exchange.balance(id).wallet).toBe('10250')
    expect(h.exchange.ledgerEntries(id).find((e) => e.kind === 'reconcile')).toMatchObject({ amount: '250' })
    expectLedgerConsistent(h)
    for (const file of [h.file, `${h.file}-wal`]) {
      let bytes: Buffer
      try {
        bytes = readFileSync(file)
      } catch {
        continue
      }
      expect(bytes.includes(Buffer.from(SECRET))).toBe(false)
    }
  })
})
