import { describe, expect, it } from 'vitest'
import { expectLedgerConsistent, paperHarness, refusal } from '../../support/paper'
import { useTempDirs } from '../../support/temp-dir'

const tempDir = useTempDirs()
const SPOT = 'BTC/USDT'

function setup() {
  const h = paperHarness(tempDir())
  const accountId = h.exchange.createAccount({ name: 'Spot' }).id
  h.tick(SPOT, 60_000, { spread: 0.01 })
  return { h, accountId }
}

describe('spot paper trading', () => {
  it('a buy swaps USDT for BTC at the ask and pays the fee in USDT; a sell swaps back', () => {
    const { h, accountId } = setup()
    // 0.1 BTC at the ask 60,000.01 = 6,000.001 USDT, fee 0.1 % = 6.000001.
    const buy = h.exchange.placeOrder({ accountId, symbol: SPOT, side: 'buy', type: 'market', amount: '0.1' })
    expect(buy).toMatchObject({ status: 'filled', averagePrice: '60000.01', leverage: 1 })
    expect(h.exchange.balance(accountId)).toMatchObject({
      wallet: '3993.998999',
      marginUsed: '0',
      holdings: [{ asset: 'BTC', amount: '0.1', available: '0.1', value: '6000.0005' }],
    })
    expect(h.exchange.listPositions(accountId)).toEqual([])
    h.tick(SPOT, 61_000, { spread: 0.01 })
    // Equity values the BTC at mid: 3,993.998999 + 0.1 x 61,000.005.
    expect(h.exchange.balance(accountId).equity).toBe('10093.999499')
    h.exchange.closePosition(accountId, SPOT) // sells all free BTC at the bid 61,000
    expect(h.exchange.balance(accountId)).toMatchObject({ wallet: '10087.898999', holdings: [] })
    expectLedgerConsistent(h)
    h.close()
  })

  it('a sell needs free BTC: what working sell orders will deliver is not free', () => {
    const { h, accountId } = setup()
    h.exchange.placeOrder({ accountId, symbol: SPOT, side: 'buy', type: 'market', amount: '0.1' })
    h.exchange.placeOrder({ accountId, symbol: SPOT, side: 'sell', type: 'limit', amount: '0.06', price: '65000' })
    expect(h.exchange.balance(accountId).holdings[0]).toMatchObject({ amount: '0.1', available: '0.04' })
    expect(refusal(() => h.exchange.placeOrder({ accountId, symbol: SPOT, side: 'sell', type: 'market', amount: '0.05' })).message).toBe(
      'Not enough BTC: selling 0.05 needs that much, 0.04 is free.',
    )
    h.tick(SPOT, 65_000.5, { volume: 1 })
    expect(h.exchange.balance(accountId).holdings[0]).toMatchObject({ amount: '0.04', available: '0.04' })
    expectLedgerConsistent(h)
    h.close()
  })

  it('a sell stop protects a holding and sells no more than is left when it triggers', () => {
    const { h, accountId } = setup()
    h.exchange.placeOrder({ accountId, symbol: SPOT, side: 'buy', type: 'market', amount: '0.1' })
    h.exchange.placeOrder({ accountId, symbol: SPOT, side: 'sell', type: 'stop_market', amount: '0.1', triggerPrice: '58000' })
    h.tick(SPOT, 57_900, { spread: 0.01 })
    expect(h.exchange.balance(accountId).holdings).toEqual([])
    expect(h.exchange.listFills(accountId)[0]).toMatchObject({ side: 'sell', price: '57900', amount: '0.1' })
    expectLedgerConsistent(h)
    h.close()
  })

  it('a buy with a stop-loss and take-profit leaves a one-cancels-other pair selling what it bought', () => {
    const { h, accountId } = setup()
    const entry = h.exchange.placeOrder({ accountId, symbol: SPOT, side: 'buy', type: 'market', amount: '0.1', stopLoss: '58000', takeProfit: '65000' })
    const legs = h.exchange.listOrders(accountId, true)
    expect(legs.map((o) => [o.type, o.side, o.triggerPrice, o.amount, o.reduceOnly, o.parentOrderId])).toEqual([
      ['take_profit_market', 'sell', '65000', '0.1', false, entry.id],
      ['stop_market', 'sell', '58000', '0.1', false, entry.id],
    ])
    // The pair holds the 0.1 BTC once: none is free for another sell.
    expect(h.exchange.balance(accountId).holdings[0]).toMatchObject({ amount: '0.1', available: '0' })
    expect(refusal(() => h.exchange.placeOrder({ accountId, symbol: SPOT, side: 'sell', type: 'market', amount: '0.01' })).details).toMatchObject({
      rule: 'insufficient_balance',
    })
    // The take-profit triggers and sells at the bid; the stop-loss is canceled with it.
    h.tick(SPOT, 65_000.5, { spread: 0.01 })
    expect(h.exchange.listFills(accountId)[0]).toMatchObject({ side: 'sell', price: '65000.5', amount: '0.1' })
    expect(h.exchange.listOrders(accountId, false).find((o) => o.type === 'stop_market')).toMatchObject({
      status: 'canceled',
      reason: 'The other leg of its bracket executed',
    })
    expect(h.exchange.balance(accountId).holdings).toEqual([])
    expectLedgerConsistent(h)
    h.close()
  })

  it('refuses leverage, reduce-only and brackets on a spot sell, and reset removes holdings', () => {
    const { h, accountId } = setup()
    const order = (extra: object) => refusal(() => h.exchange.placeOrder({ accountId, symbol: SPOT, side: 'buy', type: 'market', amount: '0.01', ...extra }))
    expect(order({ leverage: 3 }).details).toMatchObject({ rule: 'spot_leverage' })
    expect(order({ reduceOnly: true }).details).toMatchObject({ rule: 'spot_reduce_only' })
    expect(refusal(() => h.exchange.placeOrder({ accountId, symbol: SPOT, side: 'sell', type: 'market', amount: '0.01', stopLoss: '70000' })).details).toMatchObject({
      rule: 'spot_brackets',
    })
    expect(order({ amount: '1' }).details).toMatchObject({ rule: 'insufficient_margin' })
    h.exchange.placeOrder({ accountId, symbol: SPOT, side: 'buy', type: 'market', amount: '0.01' })
    h.exchange.resetAccount(accountId)
    expect(h.exchange.balance(accountId)).toMatchObject({ wallet: '10000', equity: '10000', holdings: [] })
    expectLedgerConsistent(h)
    h.close()
  })
})
