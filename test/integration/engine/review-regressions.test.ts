import { describe, expect, it } from 'vitest'
import type { BookLevels } from '../../../electron/engine/paper/paper-exchange'
import { expectLedgerConsistent, paperHarness, refusal } from '../../support/paper'
import { useTempDirs } from '../../support/temp-dir'

// Each case reproduces a defect found in review; each failed before its fix.
const tempDir = useTempDirs()
const BTC = 'BTC/USDT:USDT'
const ETH = 'ETH/USDT:USDT'

describe('regressions from review', () => {
  it('a flattening kill switch never leaves a new opposite position, even when the breaker trips mid-way', () => {
    const h = paperHarness(tempDir())
    const accountId = h.exchange.createAccount({ name: 'Flat' }).id
    h.exchange.setRisk(accountId, { dailyLossLimit: '5', breakerMode: 'flatten' })
    h.tick(BTC, 60_000)
    h.tick(ETH, 3_000)
    h.exchange.placeOrder({ accountId, symbol: BTC, side: 'buy', type: 'market', amount: '0.1' })
    h.exchange.placeOrder({ accountId, symbol: ETH, side: 'buy', type: 'market', amount: '0.1' })
    h.tick(BTC, 59_000)
    h.exchange.killSwitch(accountId, true)
    expect(h.exchange.listPositions(accountId)).toEqual([])
    expectLedgerConsistent(h)
    h.close()
  })

  it('an order the circuit breaker cancels stops walking the book', () => {
    const book: BookLevels = { bids: [[60_000, 0.05], [59_000, 0.05], [58_000, 1]], asks: [[60_000.1, 1]] }
    const h = paperHarness(tempDir(), undefined, undefined, { bookOf: () => book })
    const accountId = h.exchange.createAccount({ name: 'Walk' }).id
    h.exchange.setRisk(accountId, { dailyLossLimit: '4' })
    h.tick(BTC, 60_000)
    h.exchange.placeOrder({ accountId, symbol: BTC, side: 'buy', type: 'market', amount: '0.1' }) // fee 3.000005
    // The sale walks down; its first level (P&L -0.005, fee 1.5) trips the breaker, which cancels the order.
    const sale = h.exchange.placeOrder({ accountId, symbol: BTC, side: 'sell', type: 'market', amount: '0.25' })
    expect(sale.status).toBe('canceled')
    expect(h.exchange.listPositions(accountId).filter((p) => p.side === 'short')).toEqual([])
    const statuses = h.db.prepare('SELECT status FROM order_events WHERE order_id = ? ORDER BY id').all(sale.id) as Array<{ status: string }>
    expect(statuses.at(-1)?.status).toBe('canceled')
    expectLedgerConsistent(h)
    h.close()
  })

  it('a reduce-only limit never opens a position; closing the position ends it', () => {
    const h = paperHarness(tempDir())
    const accountId = h.exchange.createAccount({ name: 'Reduce' }).id
    h.tick(BTC, 60_000)
    h.exchange.placeOrder({ accountId, symbol: BTC, side: 'buy', type: 'market', amount: '0.01' })
    const take = h.exchange.placeOrder({ accountId, symbol: BTC, side: 'sell', type: 'limit', amount: '0.01', price: '62000', reduceOnly: true })
    h.exchange.closePosition(accountId, BTC)
    h.tick(BTC, 62_100, { volume: 1 })
    expect(h.exchange.listPositions(accountId)).toEqual([])
    expect(h.exchange.listOrders(accountId, false).find((o) => o.id === take.id)?.status).toBe('canceled')
    h.close()
  })

  it('spot holdings can be sold during a kill-switch halt, and a flattening kill switch sells them', () => {
    const h = paperHarness(tempDir())
    const accountId = h.exchange.createAccount({ name: 'Spot halt' }).id
    h.tick('BTC/USDT', 60_000, { spread: 0.01 })
    h.exchange.placeOrder({ accountId, symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: '0.1' })
    h.exchange.killSwitch(accountId, false)
    expect(refusal(() => h.exchange.placeOrder({ accountId, symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: '0.01' })).details).toMatchObject({
      rule: 'trading_halted',
    })
    h.exchange.placeOrder({ accountId, symbol: 'BTC/USDT', side: 'sell', type: 'market', amount: '0.05' })
    h.exchange.resume(accountId)
    h.exchange.killSwitch(accountId, true)
    expect(h.exchange.balance(accountId).holdings).toEqual([])
    expectLedgerConsistent(h)
    h.close()
  })

  it('amending a spot sell checks the coins held, not USDT', () => {
    const h = paperHarness(tempDir())
    const accountId = h.exchange.createAccount({ name: 'Amend spot' }).id
    h.tick('BTC/USDT', 60_000, { spread: 0.01 })
    h.exchange.placeOrder({ accountId, symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: '0.01' })
    const sell = h.exchange.placeOrder({ accountId, symbol: 'BTC/USDT', side: 'sell', type: 'limit', amount: '0.01', price: '65000' })
    expect(refusal(() => h.exchange.amendOrder(accountId, sell.id, { amount: '0.1' })).details).toMatchObject({ rule: 'insufficient_balance' })
    expect(h.exchange.amendOrder(accountId, sell.id, { price: '64000' }).price).toBe('64000')
    h.close()
  })

  it('amending runs the risk checks a new order would', () => {
    const h = paperHarness(tempDir())
    const accountId = h.exchange.createAccount({ name: 'Amend risk' }).id
    h.exchange.setRisk(accountId, { maxPositionNotional: '1000' })
    h.tick(BTC, 60_000)
    const order = h.exchange.placeOrder({ accountId, symbol: BTC, side: 'buy', type: 'limit', amount: '0.01', price: '59000' })
    expect(refusal(() => h.exchange.amendOrder(accountId, order.id, { amount: '1' })).details).toMatchObject({ rule: 'max_position_notional' })
    h.close()
  })

  it('a market order walking a thin book never spends more than the account has', () => {
    const book: BookLevels = { bids: [[60_000, 1]], asks: [[60_000.1, 0.001], [90_000, 1]] }
    const h = paperHarness(tempDir(), undefined, undefined, { bookOf: () => book })
    const accountId = h.exchange.createAccount({ name: 'Thin', startingBalance: '100' }).id
    h.tick('BTC/USDT', 60_000, { spread: 0.1 })
    const order = h.exchange.placeOrder({ accountId, symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: '0.00165' })
    expect(order.status).toBe('expired')
    expect(order.reason).toContain('the account had no more margin for it')
    expect(Number(h.exchange.balance(accountId).wallet)).toBeGreaterThanOrEqual(0)
    expectLedgerConsistent(h)
    h.close()
  })

  it('the daily loss limit counts funding paid, not only trades', () => {
    const h = paperHarness(tempDir(), undefined, undefined, { fundingRate: () => '0.003' })
    const accountId = h.exchange.createAccount({ name: 'Funding loss' }).id
    h.tick(BTC, 60_000)
    h.exchange.placeOrder({ accountId, symbol: BTC, side: 'buy', type: 'market', amount: '1', leverage: 10 }) // fee 30.00005
    h.exchange.setRisk(accountId, { dailyLossLimit: '200' })
    h.clock.set(h.clock.now() - (h.clock.now() % (8 * 3_600_000)) + 8 * 3_600_000)
    h.tick(BTC, 60_000) // pays 0.3 % of 60,000.05 = 180.00015; with the fee, 210 lost today
    h.exchange.placeOrder({ accountId, symbol: BTC, side: 'sell', type: 'market', amount: '0.1' })
    expect(h.exchange.listAccounts()[0]?.halt?.by).toBe('circuit_breaker')
    h.close()
  })

  it('a flip splits its fee between the closed position and the new one', () => {
    const h = paperHarness(tempDir())
    const accountId = h.exchange.createAccount({ name: 'Flip fees' }).id
    h.tick(BTC, 60_000)
    h.exchange.placeOrder({ accountId, symbol: BTC, side: 'buy', type: 'market', amount: '0.1' })
    h.exchange.placeOrder({ accountId, symbol: BTC, side: 'sell', type: 'market', amount: '0.3' })
    // Sell 0.3 at 60,000: fee 9. A third (3) closes the long, two thirds (6) open the short.
    const closed = h.db.prepare('SELECT fees FROM position_history').get() as { fees: number }
    const open = h.db.prepare('SELECT fees FROM positions').get() as { fees: number }
    expect([closed.fees, open.fees]).toEqual([300_000_000 + 300_000_500, 600_000_000])
    h.close()
  })

  it('funding is rounded against the trader on both sides', () => {
    const h = paperHarness(tempDir(), undefined, undefined, { fundingRate: () => '0.00000007' })
    const long = h.exchange.createAccount({ name: 'Pays' }).id
    const short = h.exchange.createAccount({ name: 'Receives' }).id
    h.tick(BTC, 60_000)
    h.exchange.placeOrder({ accountId: long, symbol: BTC, side: 'buy', type: 'market', amount: '0.001' })
    h.exchange.placeOrder({ accountId: short, symbol: BTC, side: 'sell', type: 'market', amount: '0.001' })
    h.clock.set(h.clock.now() - (h.clock.now() % (8 * 3_600_000)) + 8 * 3_600_000)
    h.tick(BTC, 60_000)
    // 60.00005 x 0.00000007 = 0.0000042000035: the payer pays 0.00000421, the receiver gets 0.0000042.
    expect(h.exchange.ledgerEntries(long, 1)[0]).toMatchObject({ kind: 'funding', amount: '-0.00000421' })
    expect(h.exchange.ledgerEntries(short, 1)[0]).toMatchObject({ kind: 'funding', amount: '0.0000042' })
    h.close()
  })

  it('a larger position allows less leverage (Binance tiers), and positions report maintenance margin', () => {
    const h = paperHarness(tempDir())
    const accountId = h.exchange.createAccount({ name: 'Tiers', startingBalance: '1000000', maxLeverage: 125 }).id
    h.tick(BTC, 60_000)
    // 1 BTC = 60,000 notional: past the 50,000 first tier, which alone allows 125x.
    expect(refusal(() => h.exchange.placeOrder({ accountId, symbol: BTC, side: 'buy', type: 'market', amount: '1', leverage: 125 })).details).toMatchObject({
      rule: 'tier_leverage',
      maximum: 100,
    })
    h.exchange.placeOrder({ accountId, symbol: BTC, side: 'buy', type: 'market', amount: '0.5', leverage: 125 })
    // 30,000.025 at mark x 0.4 % = 120.0001.
    expect(h.exchange.listPositions(accountId)[0]?.maintenanceMargin).toBe('120.0001')
    h.close()
  })

  it("one order the engine cannot process is canceled; everyone else's orders keep working", () => {
    const h = paperHarness(tempDir())
    const a = h.exchange.createAccount({ name: 'A' }).id
    const b = h.exchange.createAccount({ name: 'B' }).id
    h.tick(BTC, 60_000)
    const bad = h.exchange.placeOrder({ accountId: a, symbol: BTC, side: 'buy', type: 'limit', amount: '0.01', price: '59000' })
    const good = h.exchange.placeOrder({ accountId: b, symbol: BTC, side: 'buy', type: 'limit', amount: '0.01', price: '59000' })
    // Simulate a bug in booking that one order hits.
    const engine = h.exchange as unknown as { execute: (...args: unknown[]) => unknown }
    const execute = engine.execute.bind(h.exchange)
    engine.execute = (...args: unknown[]) => {
      if ((args[1] as { id: number }).id === bad.id) throw new Error('booking bug')
      return execute(...args)
    }
    h.tick(BTC, 58_999.9, { volume: 1 })
    h.tick(BTC, 58_999.9, { volume: 1 })
    expect(h.exchange.listOrders(a, false)[0]).toMatchObject({ id: bad.id, status: 'canceled', reason: 'The engine could not process this order (an internal error); it was canceled' })
    expect(h.exchange.listOrders(b, false)[0]).toMatchObject({ id: good.id, status: 'filled' })
    // The tick's first attempt (no savepoints) was undone and redone: B's fill happened, and was told, once.
    expect(h.events.filter((e) => e.name === 'order.filled')).toHaveLength(1)
    expect(h.db.prepare('SELECT COUNT(*) AS n FROM fills').get()).toEqual({ n: 1 })
    expectLedgerConsistent(h)
    h.close()
  })
})
