import { describe, expect, it } from 'vitest'
import type { Order, Position } from '../../../shared/domain/trading'
import { ageOf, closeAmount, liquidationOnTick, liveFigures, markOf, protectionOf } from '../../../renderer/src/features/trading-tables/live-position'
import { amendChanges, legAction } from '../../../renderer/src/features/trading-tables/order-edits'
import { bookLabel, formatAge, formatPercentText, ledgerKindLabel, signClass } from '../../../renderer/src/features/trading-tables/table-format'
import { checkDecimal } from '../../../renderer/src/features/trading-tables/validate'

const position = (over: Partial<Position> = {}): Position => ({
  accountId: 1,
  symbol: 'BTC/USDT:USDT',
  side: 'long',
  amount: '0.002',
  entryPrice: '60000',
  leverage: 10,
  margin: '12',
  maintenanceMargin: '0.48',
  markPrice: '60000',
  unrealizedPnl: '0',
  liquidationPrice: '54270.9',
  openedAt: 1_000,
  ...over,
})

const quote = (bid: number, ask: number, last = bid, ts = 61_000) => ({ bid, ask, last, ts })

const order = (id: number, over: Partial<Order>): Order => ({
  id,
  accountId: 1,
  clientOrderId: `c${id}`,
  symbol: 'BTC/USDT:USDT',
  side: 'sell',
  type: 'stop_market',
  timeInForce: 'GTC',
  triggerBy: 'last',
  amount: '0.002',
  filled: '0',
  leverage: 10,
  reduceOnly: true,
  status: 'open',
  createdAt: 0,
  updatedAt: 0,
  ...over,
})

describe('live mark, unrealized P&L and ROE', () => {
  it('marks at the midpoint of bid and ask, half-up to the atom as the engine does', () => {
    expect(markOf(quote(60100, 60100.1))).toBe(6_010_005_000_000n) // 60100.05
    // (1.00000001 + 1.00000002) / 2 = 1.000000015 -> 1.00000002
    expect(markOf(quote(1.00000001, 1.00000002))).toBe(100_000_002n)
    // No book (bid not below ask): the last price.
    expect(markOf(quote(60000, 60000, 60001.5))).toBe(6_000_150_000_000n)
    expect(markOf(undefined)).toBeUndefined()
  })

  it('computes a long: 0.002 BTC from 60,000 marked at 60,100.05 makes 0.2001, ROE 0.2001 / 12 = 1.6675 %', () => {
    const live = liveFigures(position(), quote(60100, 60100.1))
    expect(live).toEqual({ mark: '60100.05', unrealizedPnl: '0.2001', roePercent: '1.6675', live: true })
    expect(formatPercentText(live.roePercent as string)).toMatch(/^\+1[.,]67%$/)
  })

  it('computes a short with the opposite sign', () => {
    const live = liveFigures(position({ side: 'short' }), quote(60100, 60100.1))
    expect(live.unrealizedPnl).toBe('-0.2001')
    expect(live.roePercent).toBe('-1.6675')
  })

  it('rounds P&L down (toward minus infinity) like the engine, and ROE half-up', () => {
    // 0.3 x 0.00000001 = 0.000000003: a long books 0, a short -0.00000001.
    const tiny = { symbol: 'X', amount: '0.3', entryPrice: '1', margin: '0.3', markPrice: '1' }
    expect(liveFigures(position({ ...tiny }), quote(1.00000001, 1.00000001, 1.00000001)).unrealizedPnl).toBe('0')
    expect(liveFigures(position({ ...tiny, side: 'short' }), quote(1.00000001, 1.00000001, 1.00000001)).unrealizedPnl).toBe('-0.00000001')
    // ROE: -0.00000001 / 0.3 x 100 = -0.000003333... % -> -0.00000333
    expect(liveFigures(position({ ...tiny, side: 'short' }), quote(1.00000001, 1.00000001, 1.00000001)).roePercent).toBe('-0.00000333')
    // 1 / 3 x 100 = 33.333333333 -> 33.33333333 ; 2 / 3 x 100 -> 66.66666667 (half-up)
    const third = { symbol: 'SOL/USDT:USDT', amount: '1', entryPrice: '150', margin: '3' }
    expect(liveFigures(position(third), quote(151, 151, 151)).roePercent).toBe('33.33333333')
    expect(liveFigures(position(third), quote(152, 152, 152)).roePercent).toBe('66.66666667')
  })

  it("keeps the engine's figures until a quote is known", () => {
    const live = liveFigures(position({ markPrice: '60050', unrealizedPnl: '0.1' }), undefined)
    expect(live).toEqual({ mark: '60050', unrealizedPnl: '0.1', roePercent: '0.83333333', live: false })
  })

  it('ages a position in engine time', () => {
    expect(ageOf(1_000, 61_000)).toBe(60_000)
    expect(ageOf(1_000, undefined)).toBeUndefined()
    expect(formatAge(45_000)).toBe('45s')
    expect(formatAge(60_000 * 12 + 3_000)).toBe('12m 03s')
    expect(formatAge(3_600_000 * 3 + 60_000 * 5)).toBe('3h 05m')
    expect(formatAge(86_400_000 * 2 + 3_600_000 * 4)).toBe('2d 04h')
  })
})

describe('stop-loss and take-profit of a position', () => {
  it('finds the working reduce-only stop and take-profit on the closing side, the first to trigger', () => {
    const orders = [
      order(1, { triggerPrice: '58000' }),
      order(2, { triggerPrice: '59000' }),
      order(3, { type: 'take_profit_market', triggerPrice: '63000' }),
      order(4, { type: 'take_profit_market', triggerPrice: '62000' }),
      order(5, { triggerPrice: '59500', reduceOnly: false }), // not protective
      order(6, { triggerPrice: '61000', side: 'buy' }), // wrong side
      order(7, { triggerPrice: '59900', symbol: 'ETH/USDT:USDT' }),
      order(8, { type: 'limit', price: '65000' }),
    ]
    const p = protectionOf(position(), orders)
    expect(p.stopLoss?.id).toBe(2)
    expect(p.takeProfit?.id).toBe(4)
    expect(p.extraStops).toBe(1)
    expect(p.extraTakeProfits).toBe(1)
    // A short's stop is above: the lowest triggers first.
    const short = protectionOf(position({ side: 'short' }), [order(9, { side: 'buy', triggerPrice: '61000' }), order(10, { side: 'buy', triggerPrice: '62000' })])
    expect(short.stopLoss?.id).toBe(9)
    expect(short.takeProfit).toBeUndefined()
  })

  it('turns the dialog input into a cancel, an amend, a placement or nothing', () => {
    const sl = order(1, { triggerPrice: '59000' })
    expect(legAction(undefined, '')).toEqual({ kind: 'none' })
    expect(legAction(undefined, '58000')).toEqual({ kind: 'place', triggerPrice: '58000' })
    expect(legAction(sl, '')).toEqual({ kind: 'cancel', orderId: 1 })
    expect(legAction(sl, '59000.0')).toEqual({ kind: 'none' })
    expect(legAction(sl, '59100')).toEqual({ kind: 'amend', orderId: 1, triggerPrice: '59100' })
  })
})

describe('liquidation price on the tick', () => {
  it('rounds toward the price, so the level shown is reached no later than the exact one', () => {
    expect(liquidationOnTick('57878.61566265', '0.1', 'long')).toBe('57878.7')
    expect(liquidationOnTick('62121.38433735', '0.1', 'short')).toBe('62121.3')
    expect(liquidationOnTick('57878.6', '0.1', 'long')).toBe('57878.6')
  })
})

describe('closing and amending', () => {
  it('closes a part rounded down to the amount step', () => {
    expect(closeAmount('0.002', 50, '0.001')).toBe('0.001')
    expect(closeAmount('0.003', 50, '0.001')).toBe('0.001')
    expect(closeAmount('0.003', 75, '0.001')).toBe('0.002')
    expect(closeAmount('1.37', 25, '0.01')).toBe('0.34')
    expect(closeAmount('0.003', 100, '0.001')).toBe('0.003')
  })

  it('checks an amount before a round trip', () => {
    expect(checkDecimal('0.001', 'The amount', { step: '0.001', max: '0.002' })).toBeUndefined()
    expect(checkDecimal('', 'The amount')).toBe('The amount is empty.')
    expect(checkDecimal('1e3', 'The amount')).toMatch(/plain number/)
    expect(checkDecimal('0', 'The amount')).toMatch(/above zero/)
    expect(checkDecimal('0.0015', 'The amount', { step: '0.001' })).toMatch(/multiple of the step 0.001/)
    expect(checkDecimal('0.003', 'The amount', { max: '0.002', maxLabel: 'the position' })).toMatch(/more than the position/)
  })

  it('amends only what changed, compared exactly', () => {
    const limit = order(1, { type: 'limit', side: 'buy', price: '59000', triggerPrice: undefined, reduceOnly: false })
    expect(amendChanges(limit, { price: '59000.00', triggerPrice: '', amount: '0.002' })).toEqual({})
    expect(amendChanges(limit, { price: '58900', triggerPrice: '', amount: '0.002' })).toEqual({ price: '58900' })
    expect(amendChanges(limit, { price: '59000', triggerPrice: '', amount: '0.004' })).toEqual({ amount: '0.004' })
  })
})

describe('labels', () => {
  it('names ledger kinds and books in a trader’s words', () => {
    expect(ledgerKindLabel('margin_reserve')).toBe('Margin reserved')
    expect(ledgerKindLabel('liquidation_clearance')).toBe('Liquidation clearance')
    expect(ledgerKindLabel('something_new')).toBe('Something new')
    expect(bookLabel('wallet')).toBe('Wallet')
    expect(bookLabel('margin:BTC/USDT:USDT')).toBe('Margin · BTC/USDT:USDT')
  })

  it('colours by sign, zero uncoloured', () => {
    expect(signClass('0.2001')).toBe('up')
    expect(signClass('-0.00000001')).toBe('down')
    expect(signClass('0')).toBe('')
    expect(signClass('-0.00')).toBe('')
  })
})
