import { describe, expect, it } from 'vitest'
import type { BookLevels } from '../../../electron/engine/paper/paper-exchange'
import { expectLedgerConsistent, paperHarness, refusal } from '../../support/paper'
import { useTempDirs } from '../../support/temp-dir'

const tempDir = useTempDirs()
const BTC = 'BTC/USDT:USDT'

/** A thin book around 60,000: 0.05, 0.1 and 0.2 BTC on each side. */
const BOOK: BookLevels = {
  bids: [
    [60_000, 0.05],
    [59_999, 0.1],
    [59_990, 0.2],
  ],
  asks: [
    [60_000.1, 0.05],
    [60_001, 0.1],
    [60_010, 0.2],
  ],
}

function setup(withDepth = true) {
  const h = paperHarness(tempDir(), undefined, undefined, withDepth ? { bookOf: () => BOOK } : {})
  const accountId = h.exchange.createAccount({ name: 'Depth' }).id
  h.tick(BTC, 60_000)
  return { h, accountId }
}

describe('market orders walk the book where the source has depth', () => {
  it('fill level by level at progressively worse prices', () => {
    const { h, accountId } = setup()
    const order = h.exchange.placeOrder({ accountId, symbol: BTC, side: 'buy', type: 'market', amount: '0.2' })
    // 0.05 at 60,000.1 + 0.1 at 60,001 + 0.05 at 60,010 = 12,000.605 / 0.2 = 60,003.025.
    expect(order).toMatchObject({ status: 'filled', averagePrice: '60003.025' })
    expect(h.exchange.listFills(accountId).map((f) => [f.price, f.amount]).reverse()).toEqual([
      ['60000.1', '0.05'],
      ['60001', '0.1'],
      ['60010', '0.05'],
    ])
    expect(h.exchange.listPositions(accountId)[0]).toMatchObject({ amount: '0.2', entryPrice: '60003.025' })
    expectLedgerConsistent(h)
    h.close()
  })

  it('a market order larger than the book fills what there is; the rest expires', () => {
    const { h, accountId } = setup()
    const order = h.exchange.placeOrder({ accountId, symbol: BTC, side: 'sell', type: 'market', amount: '0.5' })
    expect(order).toMatchObject({ status: 'expired', filled: '0.35', reason: 'Only 0.35 of 0.5 filled: the book had no more within reach' })
    expect(h.exchange.listPositions(accountId)[0]).toMatchObject({ side: 'short', amount: '0.35' })
    h.close()
  })

  it('a crossing limit takes the levels within its price and rests the rest; FOK is all or nothing', () => {
    const { h, accountId } = setup()
    const limit = h.exchange.placeOrder({ accountId, symbol: BTC, side: 'buy', type: 'limit', amount: '0.3', price: '60001' })
    expect(limit).toMatchObject({ status: 'partially_filled', filled: '0.15' })
    expect(h.exchange.listOrders(accountId, true)[0]).toMatchObject({ id: limit.id, filled: '0.15' })
    const fok = h.exchange.placeOrder({ accountId, symbol: BTC, side: 'sell', type: 'limit', amount: '0.2', price: '59999', timeInForce: 'FOK' })
    expect(fok).toMatchObject({ status: 'expired', filled: '0', reason: 'FOK: the book held 0.15 of the 0.2 wanted' })
    const ioc = h.exchange.placeOrder({ accountId, symbol: BTC, side: 'sell', type: 'limit', amount: '0.2', price: '59999', timeInForce: 'IOC' })
    expect(ioc).toMatchObject({ status: 'expired', filled: '0.15' })
    expectLedgerConsistent(h)
    h.close()
  })

  it('without depth, taker orders fill at the best bid or ask whatever their size', () => {
    const { h, accountId } = setup(false)
    expect(h.exchange.placeOrder({ accountId, symbol: BTC, side: 'buy', type: 'market', amount: '0.5' })).toMatchObject({ status: 'filled', averagePrice: '60000.1' })
    h.close()
  })
})

describe('sources without a real book', () => {
  it('quote the configured spread around the last trade', () => {
    const h = paperHarness(tempDir(), undefined, undefined, { fillModel: { syntheticSpread: '0.001' } })
    const accountId = h.exchange.createAccount({ name: 'Candles' }).id
    // A candle source: bid = ask = last. 0.1 % spread: 60,000 -> bid 59,970, ask 60,030.
    h.exchange.onTicks([{ symbol: BTC, ts: h.clock.now(), last: 60_000, bid: 60_000, ask: 60_000, volume: 1 }])
    expect(h.exchange.placeOrder({ accountId, symbol: BTC, side: 'buy', type: 'market', amount: '0.01' }).averagePrice).toBe('60030')
    expect(h.exchange.placeOrder({ accountId, symbol: BTC, side: 'sell', type: 'market', amount: '0.01' }).averagePrice).toBe('59970')
    h.close()
  })
})

describe('the fill model', () => {
  it('walks a synthetic book where the source has none: larger orders fill progressively worse', () => {
    // 0.1 % spread; a level every 0.1 % of price holding 6,000 USDT (0.099 BTC at ~60,000 on the 0.001 step).
    const fillModel = { syntheticSpread: '0.001', slippage: { levelStep: '0.001', depthPerLevel: '6000' } }
    const h = paperHarness(tempDir(), undefined, undefined, { fillModel })
    const accountId = h.exchange.createAccount({ name: 'Candles', startingBalance: '100000' }).id
    h.exchange.onTicks([{ symbol: BTC, ts: h.clock.now(), last: 60_000, bid: 60_000, ask: 60_000, volume: 1 }])
    // Asks 60,030, then +60.03 rounded up to the 0.1 tick (60,090.1), then +120.06 (60,150.1).
    const order = h.exchange.placeOrder({ accountId, symbol: BTC, side: 'buy', type: 'market', amount: '0.25' })
    expect(h.exchange.listFills(accountId).map((f) => [f.price, f.amount]).reverse()).toEqual([
      ['60030', '0.099'],
      ['60090.1', '0.099'],
      ['60150.1', '0.052'],
    ])
    // (5,942.97 + 5,948.9199 + 3,127.8052) / 0.25
    expect(order.averagePrice).toBe('60078.7804')
    expectLedgerConsistent(h)
    h.close()
  })

  it('a real top of book still fills at the bid or ask, whatever the size', () => {
    const h = paperHarness(tempDir(), undefined, undefined, { fillModel: { slippage: { levelStep: '0.001', depthPerLevel: '6000' } } })
    const accountId = h.exchange.createAccount({ name: 'Top', startingBalance: '100000' }).id
    h.tick(BTC, 60_000)
    expect(h.exchange.placeOrder({ accountId, symbol: BTC, side: 'buy', type: 'market', amount: '0.25' }).averagePrice).toBe('60000.1')
    h.close()
  })

  it('is changed by the trader, kept in the ledger across restarts, and refuses absurd rates without changing anything', () => {
    const h = paperHarness(tempDir())
    const accountId = h.exchange.createAccount({ name: 'Queue' }).id
    h.tick(BTC, 60_000)
    h.exchange.placeOrder({ accountId, symbol: BTC, side: 'buy', type: 'limit', amount: '0.01', price: '59000' })
    // A trade at the limit's price: last in the queue (the default), it does not fill.
    h.tick(BTC, 59_000, { volume: 1 })
    expect(h.exchange.listOrders(accountId, true)).toHaveLength(1)
    expect(h.exchange.setFillModel({ queue: 'touch' })).toMatchObject({ queue: 'touch', syntheticSpread: '0.0005' })
    expect(h.events.at(-1)).toMatchObject({ name: 'engine.fillModelChanged', payload: { queue: 'touch' } })
    const again = h.reopen()
    expect(again.exchange.getFillModel()).toEqual({ queue: 'touch', syntheticSpread: '0.0005', slippage: { levelStep: '0.0001', depthPerLevel: '25000' } })
    expect(refusal(() => again.exchange.setFillModel({ syntheticSpread: '0.2' })).message).toMatch(/at most 5 %/)
    expect(again.exchange.getFillModel().syntheticSpread).toBe('0.0005')
    again.tick(BTC, 59_000, { volume: 1 })
    expect(again.exchange.listOrders(accountId, true)).toHaveLength(0)
    expect(again.exchange.listFills(accountId)[0]).toMatchObject({ price: '59000', liquidity: 'maker' })
    again.close()
  })
})
