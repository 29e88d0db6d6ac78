import { describe, expect, it } from 'vitest'
import type { Order, Position } from '../../../shared/domain/trading'
import { buildLines, orderAnchor, protectiveKind, remaining, titleAt } from '../../../renderer/src/features/chart/chart-lines'
import { formatPrice } from '../../../renderer/src/format'

const SYMBOL = 'BTC/USDT:USDT'
const instrument = { tickSize: '0.1', amountStep: '0.001', quote: 'USDT' }
const px = (v: number): string => formatPrice(v, '0.1')

let nextId = 1
const order = (fields: Partial<Order>): Order => ({
  id: nextId++,
  accountId: 1,
  clientOrderId: 'c',
  symbol: SYMBOL,
  side: 'buy',
  type: 'limit',
  timeInForce: 'GTC',
  triggerBy: 'last',
  amount: '0.01',
  filled: '0',
  leverage: 10,
  reduceOnly: false,
  status: 'open',
  createdAt: 0,
  updatedAt: 0,
  ...fields,
})

const long: Position = {
  accountId: 1,
  symbol: SYMBOL,
  side: 'long',
  amount: '0.01',
  entryPrice: '60000',
  leverage: 10,
  margin: '60',
  maintenanceMargin: '2.4',
  markPrice: '60010',
  unrealizedPnl: '0.1',
  liquidationPrice: '54300.5',
  openedAt: 0,
}

describe('chart price lines', () => {
  it('draws a position with its bracket: entry, stop-loss, take-profit and liquidation, with labels', () => {
    const sl = order({ side: 'sell', type: 'stop_market', triggerPrice: '58000', reduceOnly: true, parentOrderId: 1 })
    const tp = order({ side: 'sell', type: 'take_profit_market', triggerPrice: '63000', reduceOnly: true, parentOrderId: 1 })
    const lines = buildLines({ symbol: SYMBOL, instrument, position: long, orders: [tp, sl] })
    expect(lines.map((l) => l.kind)).toEqual(['entry', 'stop-loss', 'take-profit', 'liquidation'])
    const [entry, stop, take, liq] = lines
    expect(entry).toMatchObject({ id: 'entry', price: 60000, title: 'Long 0.010', tone: 'entry' })
    expect(entry?.amend).toBeUndefined()
    expect(entry?.label).toBe(`Entry long 0.010 @ ${px(60000)}`)
    // P&L at the level, exactly: (58000 - 60000) x 0.01 = -20.
    expect(stop).toMatchObject({ id: `order-${sl.id}`, orderId: sl.id, amend: 'triggerPrice', tone: 'stop-loss', title: 'SL \u221220.00' })
    expect(stop?.label).toBe(`SL ${px(58000)} · P&L \u221220.00 USDT`)
    expect(stop?.noun).toBe('stop-loss')
    expect(take).toMatchObject({ amend: 'triggerPrice', tone: 'take-profit', title: 'TP +30.00' })
    expect(liq).toMatchObject({ id: 'liquidation', title: 'Liq.', price: 54300.5, label: `Liq. ${px(54300.5)}` })
    expect(liq?.amend).toBeUndefined()
  })

  it('follows a dragged stop-loss with its P&L', () => {
    const sl = order({ side: 'sell', type: 'stop_market', triggerPrice: '58000', reduceOnly: true })
    const [, stop] = buildLines({ symbol: SYMBOL, instrument, position: long, orders: [sl] })
    expect(titleAt(stop!, '59000.7')).toBe('SL \u22129.99')
  })

  it('draws one line per other working order of the symbol, at its price or trigger, with what is left', () => {
    const limit = order({ side: 'buy', type: 'limit', price: '59000', amount: '0.02', filled: '0.005' })
    const stop = order({ side: 'sell', type: 'stop_market', triggerPrice: '57000' })
    const stopLimit = order({ side: 'buy', type: 'stop_limit', triggerPrice: '61000', price: '61100' })
    const triggered = order({ side: 'buy', type: 'stop_limit', triggerPrice: '61000', price: '61200', triggeredAt: 5 })
    const trailing = order({ side: 'sell', type: 'trailing_stop_market', triggerPrice: '59500', trailingPercent: '0.01' })
    const market = order({ type: 'market' })
    const elsewhere = order({ symbol: 'ETH/USDT:USDT', price: '3000' })
    const lines = buildLines({ symbol: SYMBOL, instrument, position: undefined, orders: [limit, stop, stopLimit, triggered, trailing, market, elsewhere] })
    expect(lines.map((l) => [l.title, l.priceText, l.amend])).toEqual([
      ['Limit buy 0.015', '59000', 'price'],
      ['Stop sell 0.010', '57000', 'triggerPrice'],
      ['Stop-limit buy 0.010', '61000', 'triggerPrice'],
      ['Limit buy 0.010', '61200', 'price'],
      ['Trailing stop sell 0.010', '59500', undefined],
    ])
    expect(lines[0]).toMatchObject({ kind: 'order', tone: 'buy', label: `Limit buy 0.015 @ ${px(59000)}`, noun: 'limit buy 0.015' })
    expect(lines[1]?.tone).toBe('sell')
  })

  it('treats spot bracket legs (not reduce-only) as stop-loss and take-profit, without a P&L', () => {
    const sl = order({ symbol: 'BTC/USDT', side: 'sell', type: 'stop_market', triggerPrice: '58000', parentOrderId: 3 })
    const lines = buildLines({ symbol: 'BTC/USDT', instrument, position: undefined, orders: [sl] })
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatchObject({ kind: 'stop-loss', title: 'SL 0.010', label: `SL ${px(58000)} · sell 0.010` })
    expect(lines[0]?.pnlBasis).toBeUndefined()
  })

  it('sizes a stop-loss P&L by what it would close: the smaller of its rest and the position', () => {
    const sl = order({ side: 'sell', type: 'stop_market', triggerPrice: '59000', reduceOnly: true, amount: '0.05' })
    const [, stop] = buildLines({ symbol: SYMBOL, instrument, position: long, orders: [sl] })
    expect(stop?.pnlBasis?.amount).toBe('0.01')
    expect(stop?.title).toBe('SL \u221210.00')
  })

  it('classifies and anchors orders', () => {
    expect(protectiveKind(order({ type: 'stop_market', reduceOnly: true }))).toBe('stop-loss')
    expect(protectiveKind(order({ type: 'take_profit_limit', parentOrderId: 2 }))).toBe('take-profit')
    expect(protectiveKind(order({ type: 'stop_market' }))).toBeUndefined()
    expect(protectiveKind(order({ type: 'limit', reduceOnly: true }))).toBeUndefined()
    expect(orderAnchor(order({ type: 'market' }))).toBeUndefined()
    expect(orderAnchor(order({ type: 'take_profit_limit', triggerPrice: '1', price: '2' }))).toEqual({ priceText: '1', amend: 'triggerPrice' })
    expect(remaining(order({ amount: '0.3', filled: '0.1' }))).toBe('0.2')
  })
})
