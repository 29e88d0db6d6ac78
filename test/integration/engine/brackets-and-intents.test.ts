import { describe, expect, it } from 'vitest'
import { silentLogger } from '../../../electron/core/log'
import { EventBus } from '../../../electron/engine/bus'
import { IntentDesk } from '../../../electron/engine/paper/intent-desk'
import { IntentRepo } from '../../../electron/ledger/repos/intent-repo'
import { expectLedgerConsistent, paperHarness, refusal } from '../../support/paper'
import { useTempDirs } from '../../support/temp-dir'

const tempDir = useTempDirs()
const BTC = 'BTC/USDT:USDT'

function setup(account: Parameters<ReturnType<typeof paperHarness>['exchange']['createAccount']>[0] = { name: 'Bot' }) {
  const h = paperHarness(tempDir())
  const accountId = h.exchange.createAccount(account).id
  h.tick(BTC, 60_000)
  const desk = new IntentDesk(h.db, h.exchange, new IntentRepo(h.db), new EventBus(silentLogger), h.clock)
  return { h, accountId, desk }
}


describe('brackets', () => {
  it('an entry with stop-loss and take-profit gets both once it fills, and one cancels the other', () => {
    const { h, accountId } = setup()
    const entry = h.exchange.placeOrder({ accountId, symbol: BTC, side: 'buy', type: 'market', amount: '0.1', stopLoss: '58000', takeProfit: '63000' })
    const legs = h.exchange.listOrders(accountId, true)
    expect(legs.map((o) => [o.type, o.side, o.triggerPrice, o.amount, o.reduceOnly, o.parentOrderId])).toEqual([
      ['take_profit_market', 'sell', '63000', '0.1', true, entry.id],
      ['stop_market', 'sell', '58000', '0.1', true, entry.id],
    ])
    h.tick(BTC, 63_100)
    expect(h.exchange.listPositions(accountId)).toEqual([])
    const orders = h.exchange.listOrders(accountId, false)
    expect(orders.find((o) => o.type === 'take_profit_market')).toMatchObject({ status: 'filled' })
    expect(orders.find((o) => o.type === 'stop_market')).toMatchObject({ status: 'canceled', reason: 'Its position was closed, so this reduce-only order is no longer needed' })
    expectLedgerConsistent(h)
    h.close()
  })

  it('a resting limit entry arms its bracket only when it fills, and closing by hand cancels the bracket', () => {
    const { h, accountId } = setup()
    h.exchange.placeOrder({ accountId, symbol: BTC, side: 'sell', type: 'limit', amount: '0.05', price: '60500', stopLoss: '61500' })
    expect(h.exchange.listOrders(accountId, true)).toHaveLength(1)
    h.tick(BTC, 60_500.1, { volume: 1 })
    expect(h.exchange.listOrders(accountId, true).map((o) => [o.type, o.side, o.triggerPrice])).toEqual([['stop_market', 'buy', '61500']])
    h.exchange.closePosition(accountId, BTC)
    expect(h.exchange.listOrders(accountId, true)).toEqual([])
    expectLedgerConsistent(h)
    h.close()
  })

  it('refuses a stop-loss or take-profit on the wrong side of the entry', () => {
    const { h, accountId } = setup()
    expect(refusal(() => h.exchange.placeOrder({ accountId, symbol: BTC, side: 'buy', type: 'market', amount: '0.1', stopLoss: '61000' })).message).toBe(
      'The stop-loss 61000 must be below the entry 60000.1 of a long.',
    )
    expect(refusal(() => h.exchange.placeOrder({ accountId, symbol: BTC, side: 'sell', type: 'market', amount: '0.1', takeProfit: '61000' })).details).toMatchObject({
      rule: 'take_profit_side',
    })
    expect(refusal(() => h.exchange.placeOrder({ accountId, symbol: BTC, side: 'buy', type: 'market', amount: '0.1', stopLoss: '58000.05' })).details).toMatchObject({
      rule: 'price_tick',
    })
    h.close()
  })
})

describe('trade intents', () => {
  it('sizes a long by account percentage, applies default brackets, and records the reasoning', () => {
    const { h, accountId, desk } = setup({ name: 'Percent', maxLeverage: 5, defaultStopLoss: '0.02', defaultTakeProfit: '0.04' })
    const decision = desk.submit({ account: accountId, symbol: BTC, action: 'long', confidence: 0.8, reasoning: 'EMA cross up on 1h' })
    expect(decision).toMatchObject({ status: 'accepted', action: 'long', confidence: 0.8, reasoning: 'EMA cross up on 1h' })
    // 10 % of 10,000 = 1,000 notional at the ask 60,000.1 -> 0.016 BTC; leverage clamped to the account's 5x.
    expect(h.exchange.listPositions(accountId)[0]).toMatchObject({ side: 'long', amount: '0.016', leverage: 5 })
    // Defaults: stop 2 % below 60,000.1 -> 58,800 (rounded away from entry); take-profit 4 % above -> 62,400.2.
    expect(h.exchange.listOrders(accountId, true).map((o) => [o.type, o.triggerPrice]).sort()).toEqual([
      ['stop_market', '58800'],
      ['take_profit_market', '62400.2'],
    ])
    expect(desk.list(accountId)).toEqual([decision])
    h.close()
  })

  it('CONFIDENCE_BASED and overrides, with leverage clamped to the account limit', () => {
    const { h, accountId, desk } = setup({ name: 'Conf', sizingMethod: 'CONFIDENCE_BASED', sizingValue: '0.5', maxLeverage: 20 })
    desk.submit({ account: accountId, symbol: BTC, action: 'short', confidence: 0.25, leverage_override: 50, stop_loss_price: 61_234.56 })
    // 0.25 x 50 % x 10,000 = 1,250 at the bid 60,000 -> 0.02; 50x asked, 20x allowed; stop to the nearest tick.
    expect(h.exchange.listPositions(accountId)[0]).toMatchObject({ side: 'short', amount: '0.02', leverage: 20 })
    expect(h.exchange.listOrders(accountId, true)[0]).toMatchObject({ type: 'stop_market', triggerPrice: '61234.6' })
    desk.submit({ account: accountId, symbol: BTC, action: 'long', confidence: 1, position_size_usd_override: '600' })
    // Flips: closes the 0.02 short and opens 600 / 60,000.1 -> 0.009 long.
    expect(h.exchange.listPositions(accountId)[0]).toMatchObject({ side: 'long', amount: '0.009' })
    expectLedgerConsistent(h)
    h.close()
  })

  it('records refusals with the reason: below minimum, already in position, no position to close, bad stop', () => {
    const { h, accountId, desk } = setup({ name: 'Tiny', startingBalance: '40' })
    const tiny = desk.submit({ account: accountId, symbol: BTC, action: 'long', confidence: 1 })
    expect(tiny.status).toBe('refused')
    expect(tiny.reason).toBe(
      "Sized at 0 BTC (0 USDT) by ACCOUNT_PERCENTAGE: below BTC/USDT:USDT's minimum of 0.001 BTC and 5 USDT.",
    )
    expect(desk.submit({ account: accountId, symbol: BTC, action: 'close', confidence: 1 })).toMatchObject({
      status: 'refused',
      reason: 'There is no open BTC/USDT:USDT position in "Tiny".',
    })
    desk.submit({ account: accountId, symbol: BTC, action: 'long', confidence: 1, position_size_usd_override: 100 })
    expect(desk.submit({ account: accountId, symbol: BTC, action: 'long', confidence: 1 })).toMatchObject({
      status: 'refused',
      reason: 'Already long 0.001 BTC/USDT:USDT; the intent would add to it.',
    })
    expect(desk.submit({ account: accountId, symbol: BTC, action: 'close', confidence: 1, reasoning: 'take profit' })).toMatchObject({ status: 'accepted' })
    const refusedBadStop = desk.submit({ account: accountId, symbol: BTC, action: 'short', confidence: 1, position_size_usd_override: 100, stop_loss_price: 50_000 })
    expect(refusedBadStop).toMatchObject({ status: 'refused', reason: 'The stop-loss 50000 must be above the entry 60000 of a short.' })
    expect(desk.list(accountId).map((d) => d.status)).toEqual(['refused', 'accepted', 'refused', 'accepted', 'refused', 'refused'])
    expect(refusal(() => desk.submit({ account: 99, symbol: BTC, action: 'long', confidence: 1 })).code).toBe('NOT_FOUND')
    expectLedgerConsistent(h)
    h.close()
  })

  it('sizes on equity that includes spot holdings', () => {
    const { h, accountId, desk } = setup({ name: 'Holder' })
    h.tick('BTC/USDT', 60_000, { spread: 0.01 })
    h.exchange.placeOrder({ accountId, symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: '0.1' })
    desk.submit({ account: accountId, symbol: BTC, action: 'long', confidence: 1 })
    // Equity ~9,994 (3,994 USDT + 0.1 BTC): 10 % = 999.4 notional -> 0.016. Regression: the
    // holdings were left out, sizing 10 % of 3,994 -> 0.006.
    expect(h.exchange.listPositions(accountId)[0]).toMatchObject({ amount: '0.016' })
    h.close()
  })

  it('caps the margin at 95 % of what is available', () => {
    const { h, accountId, desk } = setup({ name: 'Capped', startingBalance: '1000', maxLeverage: 2 })
    desk.submit({ account: accountId, symbol: BTC, action: 'long', confidence: 1, position_size_usd_override: 100_000 })
    const balance = h.exchange.balance(accountId)
    // Margin + fee within 950 of the 1,000 available.
    expect(1000 - Number(balance.wallet)).toBeLessThanOrEqual(950)
    expect(Number(balance.marginUsed)).toBeGreaterThan(900)
    h.close()
  })
})
