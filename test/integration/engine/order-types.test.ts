import { describe, expect, it } from 'vitest'
import { expectLedgerConsistent, paperHarness, refusal } from '../../support/paper'
import { useTempDirs } from '../../support/temp-dir'

const tempDir = useTempDirs()
const BTC = 'BTC/USDT:USDT'

function setup() {
  const h = paperHarness(tempDir())
  const accountId = h.exchange.createAccount({ name: 'Types' }).id
  h.tick(BTC, 60_000)
  return { h, accountId }
}

describe('stop-limit and take-profit-limit', () => {
  it('triggers, then rests as a limit and fills as maker when traded through', () => {
    const { h, accountId } = setup()
    const order = h.exchange.placeOrder({ accountId, symbol: BTC, side: 'buy', type: 'stop_limit', amount: '0.01', triggerPrice: '60500', price: '60400' })
    expect(order).toMatchObject({ status: 'open', triggerBy: 'last' })
    h.tick(BTC, 60_600) // triggers; 60,400 does not cross the ask 60,600.1, so it rests
    expect(h.exchange.listOrders(accountId, true)[0]).toMatchObject({ id: order.id, triggeredAt: expect.any(Number), filled: '0' })
    h.tick(BTC, 60_399.9, { volume: 1 })
    expect(h.exchange.listOrders(accountId, false)[0]).toMatchObject({ status: 'filled', averagePrice: '60400' })
    expect(h.exchange.listFills(accountId)[0]).toMatchObject({ liquidity: 'maker' })
    const events = h.db.prepare('SELECT status, reason FROM order_events WHERE order_id = ? ORDER BY id').all(order.id)
    expect(events).toEqual([
      { status: 'open', reason: null },
      { status: 'open', reason: 'Triggered at 60500; now a limit at 60400' },
      { status: 'filled', reason: null },
    ])
    h.close()
  })

  it('a take-profit-limit whose price crosses when triggered trades at once', () => {
    const { h, accountId } = setup()
    h.exchange.placeOrder({ accountId, symbol: BTC, side: 'buy', type: 'market', amount: '0.01' })
    h.exchange.placeOrder({ accountId, symbol: BTC, side: 'sell', type: 'take_profit_limit', amount: '0.01', triggerPrice: '61000', price: '60900', reduceOnly: true })
    h.tick(BTC, 61_050)
    expect(h.exchange.listPositions(accountId)).toEqual([])
    expect(h.exchange.listFills(accountId)[0]).toMatchObject({ side: 'sell', price: '61050', liquidity: 'taker' })
    expectLedgerConsistent(h)
    h.close()
  })
})

describe('trailing stops', () => {
  it('follow the best price by a distance and trigger on the pullback', () => {
    const { h, accountId } = setup()
    h.exchange.placeOrder({ accountId, symbol: BTC, side: 'buy', type: 'market', amount: '0.01' })
    const trail = h.exchange.placeOrder({ accountId, symbol: BTC, side: 'sell', type: 'trailing_stop_market', amount: '0.01', trailingDistance: '500', reduceOnly: true })
    expect(trail.triggerPrice).toBe('59500')
    h.tick(BTC, 61_000)
    h.tick(BTC, 60_800) // not a new high: stays
    expect(h.exchange.listOrders(accountId, true)[0]?.triggerPrice).toBe('60500')
    h.tick(BTC, 62_000)
    expect(h.exchange.listOrders(accountId, true)[0]?.triggerPrice).toBe('61500')
    h.tick(BTC, 61_600)
    expect(h.exchange.listPositions(accountId)).toHaveLength(1)
    h.tick(BTC, 61_490)
    expect(h.exchange.listPositions(accountId)).toEqual([])
    expect(h.exchange.listFills(accountId)[0]).toMatchObject({ side: 'sell', price: '61490' })
    expectLedgerConsistent(h)
    h.close()
  })

  it('by a percentage, on the mark price, and the trail survives a restart', () => {
    const { h, accountId } = setup()
    h.exchange.placeOrder({ accountId, symbol: BTC, side: 'sell', type: 'market', amount: '0.01' })
    const trail = h.exchange.placeOrder({
      accountId,
      clientOrderId: 'trail-1',
      symbol: BTC,
      side: 'buy',
      type: 'trailing_stop_market',
      amount: '0.01',
      trailingPercent: '0.01',
      triggerBy: 'mark',
      reduceOnly: true,
    })
    // Mark 60,000.05; 1 % above, rounded up to the tick: 60,600.1.
    expect(trail.triggerPrice).toBe('60600.1')
    // Re-sending the same id returns the same order, not a conflict.
    expect(h.exchange.placeOrder({ accountId, clientOrderId: 'trail-1', symbol: BTC, side: 'buy', type: 'trailing_stop_market', amount: '0.01', trailingPercent: '0.01', triggerBy: 'mark', reduceOnly: true }).id).toBe(trail.id)
    h.tick(BTC, 59_000)
    const again = h.reopen()
    expect(again.exchange.listOrders(accountId, true)[0]?.triggerPrice).toBe('59590.1')
    again.tick(BTC, 59_600)
    expect(again.exchange.listPositions(accountId)).toEqual([])
    again.close()
  })
})

describe('amending orders', () => {
  it('moves a resting limit and changes its amount, recording what changed', () => {
    const { h, accountId } = setup()
    const order = h.exchange.placeOrder({ accountId, symbol: BTC, side: 'buy', type: 'limit', amount: '0.01', price: '59000' })
    const amended = h.exchange.amendOrder(accountId, order.id, { price: '59100', amount: '0.02' })
    expect(amended).toMatchObject({ price: '59100', amount: '0.02', status: 'open' })
    expect(h.db.prepare('SELECT reason FROM order_events WHERE order_id = ? ORDER BY id DESC LIMIT 1').get(order.id)).toEqual({
      reason: 'Amended: price 59000 -> 59100, amount 0.01 -> 0.02',
    })
    h.tick(BTC, 59_050, { volume: 1 })
    expect(h.exchange.listPositions(accountId)[0]).toMatchObject({ amount: '0.02', entryPrice: '59100' })
    h.close()
  })

  it('moves a stop trigger, and refuses what a new order would be refused', () => {
    const { h, accountId } = setup()
    h.exchange.placeOrder({ accountId, symbol: BTC, side: 'buy', type: 'market', amount: '0.01' })
    const stop = h.exchange.placeOrder({ accountId, symbol: BTC, side: 'sell', type: 'stop_market', amount: '0.01', triggerPrice: '59000', reduceOnly: true })
    expect(h.exchange.amendOrder(accountId, stop.id, { triggerPrice: '59500' }).triggerPrice).toBe('59500')
    expect(refusal(() => h.exchange.amendOrder(accountId, stop.id, { triggerPrice: '60500' })).details).toMatchObject({ rule: 'trigger_side' })
    expect(refusal(() => h.exchange.amendOrder(accountId, stop.id, { price: '59000' })).details).toMatchObject({ rule: 'price_not_allowed' })
    expect(refusal(() => h.exchange.amendOrder(accountId, stop.id, { triggerPrice: '59500.05' })).details).toMatchObject({ rule: 'price_tick' })
    const limit = h.exchange.placeOrder({ accountId, symbol: BTC, side: 'buy', type: 'limit', amount: '0.01', price: '50000' })
    expect(refusal(() => h.exchange.amendOrder(accountId, limit.id, { amount: '5' })).details).toMatchObject({ rule: 'insufficient_margin' })
    h.exchange.cancelOrder(accountId, limit.id)
    expect(refusal(() => h.exchange.amendOrder(accountId, limit.id, { price: '50100' })).details).toMatchObject({ rule: 'order_closed' })
    h.close()
  })

  it('a limit amended across the market trades at once', () => {
    const { h, accountId } = setup()
    const order = h.exchange.placeOrder({ accountId, symbol: BTC, side: 'sell', type: 'limit', amount: '0.01', price: '61000' })
    expect(h.exchange.amendOrder(accountId, order.id, { price: '59900' })).toMatchObject({ status: 'filled', averagePrice: '60000' })
    expectLedgerConsistent(h)
    h.close()
  })
})

describe('order shape', () => {
  it('refuses incomplete or contradictory new order types', () => {
    const { h, accountId } = setup()
    const place = (extra: object) => refusal(() => h.exchange.placeOrder({ accountId, symbol: BTC, side: 'sell', amount: '0.01', ...extra } as never))
    expect(place({ type: 'stop_limit', triggerPrice: '59000' }).details).toMatchObject({ rule: 'price_required' })
    expect(place({ type: 'trailing_stop_market' }).details).toMatchObject({ rule: 'trailing_distance' })
    expect(place({ type: 'trailing_stop_market', trailingDistance: '100', trailingPercent: '0.01' }).details).toMatchObject({ rule: 'trailing_distance' })
    expect(place({ type: 'trailing_stop_market', trailingDistance: '100', triggerPrice: '59000' }).details).toMatchObject({ rule: 'trigger_not_allowed' })
    expect(place({ type: 'trailing_stop_market', trailingDistance: '70000' }).details).toMatchObject({ rule: 'trailing_distance' })
    expect(place({ type: 'limit', price: '61000', trailingPercent: '0.01' }).details).toMatchObject({ rule: 'trailing_not_allowed' })
    h.close()
  })
})
