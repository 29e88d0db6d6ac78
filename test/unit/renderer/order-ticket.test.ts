import { describe, expect, it } from 'vitest'
import type { Account, AccountBalance, Order, Position } from '../../../shared/domain/trading'
import { atoms, formatAtoms } from '../../../shared/trading/money'
import {
  buildTicket,
  defaultLeverage,
  effectiveTif,
  EMPTY_FORM,
  leverageRule,
  newClientOrderId,
  nudge,
  parseDecimal,
  ticketContext,
  type TicketForm,
} from '../../../renderer/src/features/order-ticket/ticket-form'
import { BTC_PERP, BTC_SPOT, marketSummary, paperAccount } from '../../support/domain-fixtures'
import { confirmation, formatCents, formatExact, formatRate, formatTickCautious } from '../../../renderer/src/features/order-ticket/ticket-format'

const summary = marketSummary
const account = paperAccount()
const balance: AccountBalance = {
  accountId: 1,
  asset: 'USDT',
  wallet: '10000',
  marginUsed: '0',
  unrealizedPnl: '0',
  equity: '10000',
  available: '10000',
  holdings: [{ asset: 'BTC', amount: '0.5', available: '0.4', value: '30000' }],
}
const perp = (over: { position?: Position; account?: Account } = {}) =>
  ticketContext({ summary: summary(BTC_PERP, 60_000, 60_000.1), account: over.account ?? account, balance, position: over.position })
const spot = () => ticketContext({ summary: summary(BTC_SPOT, 60_000, 60_000.01), account, balance, position: undefined })
const form = (over: Partial<TicketForm>): TicketForm => ({ ...EMPTY_FORM, ...over })

describe('typed numbers', () => {
  it('are exact atoms; a point is the decimal mark, a lone comma only where the locale uses it', () => {
    expect(parseDecimal('0.1')).toEqual({ kind: 'ok', value: atoms('0.1') })
    expect(parseDecimal(' 60 000.1 ')).toEqual({ kind: 'ok', value: atoms('60000.1') })
    expect(parseDecimal('.5')).toEqual({ kind: 'ok', value: atoms('0.5') })
    expect(parseDecimal('0,5', ',')).toEqual({ kind: 'ok', value: atoms('0.5') })
    expect(parseDecimal('')).toEqual({ kind: 'empty' })
    expect(parseDecimal('0,5')).toMatchObject({ kind: 'error', message: expect.stringMatching(/thousands separators/) })
    expect(parseDecimal('1,000.5', ',')).toMatchObject({ kind: 'error' })
    expect(parseDecimal('abc')).toEqual({ kind: 'error', message: 'Not a number' })
    expect(parseDecimal('NaN')).toEqual({ kind: 'error', message: 'Not a number' })
    expect(parseDecimal('1e3')).toEqual({ kind: 'error', message: 'Not a number' })
    expect(parseDecimal('-1')).toEqual({ kind: 'error', message: 'Must be greater than zero' })
    expect(parseDecimal('0.123456789')).toEqual({ kind: 'error', message: 'At most 8 decimals' })
    expect(parseDecimal('0.123456780')).toEqual({ kind: 'ok', value: atoms('0.12345678') })
    expect(parseDecimal('12345678901')).toEqual({ kind: 'error', message: 'Too large' })
  })

  it('arrow keys step along the grid', () => {
    expect(nudge('60000.1', '0.1', 1)).toBe('60000.2')
    expect(nudge('60000.15', '0.1', 1)).toBe('60000.2')
    expect(nudge('60000.15', '0.1', -1)).toBe('60000.1')
    expect(nudge('0.001', '0.001', -1)).toBe('0.001')
    expect(nudge('', '0.001', 1)).toBe('0.001')
  })
})

describe('the ticket form', () => {
  it('the worked example: 0.1 BTC perp at market, 10x, SL and TP by price', () => {
    const build = buildTicket(form({ amount: '0.1', stopLoss: '59400', takeProfit: '61200.2' }), perp())
    expect(build.issues).toEqual([])
    expect(build.params).toEqual({
      symbol: 'BTC/USDT:USDT',
      side: 'buy',
      type: 'market',
      amount: '0.1',
      timeInForce: 'IOC',
      leverage: 10,
      stopLoss: '59400',
      takeProfit: '61200.2',
    })
    const p = build.preview!
    expect([p.notional, p.margin, p.fee].map(formatAtoms)).toEqual(['6000.01', '600.001', '3.000005'])
  })

  it('amount in quote or as % of available becomes a base amount rounded down to the step', () => {
    const quote = buildTicket(form({ amount: '1000', amountUnit: 'quote' }), perp())
    expect(formatAtoms(quote.resolvedAmount!)).toBe('0.016')
    expect(quote.params?.amount).toBe('0.016')
    const all = buildTicket(form({ amount: '100', amountUnit: 'percent' }), perp())
    expect(all.params?.amount).toBe('1.658')
    const half = buildTicket(form({ amount: '50', amountUnit: 'percent', leverage: '5' }), perp())
    // 5,000 x 5 / (1 + 5 x 0.0005) = 24,937.65...; / 60,000.1 = 0.41562... -> 0.415.
    expect(half.params?.amount).toBe('0.415')
    // A spot sell of 50 % sells half the free coins (0.4 of the 0.5 held are free).
    expect(buildTicket(form({ side: 'sell', amount: '0.45' }), spot()).byField.amount?.message).toBe(
      'Not enough BTC: 0.4 is free to sell (0.1 more is held by working sell orders).',
    )
    expect(buildTicket(form({ side: 'sell', amount: '50', amountUnit: 'percent' }), spot()).params?.amount).toBe('0.2')
    const tiny = buildTicket(form({ amount: '1', amountUnit: 'quote' }), perp())
    expect(tiny.byField.amount?.message).toBe('Comes to less than one step of 0.001 BTC')
    expect(buildTicket(form({ amount: '120', amountUnit: 'percent' }), perp()).byField.amount?.message).toBe('A share of what is available is at most 100 %')
  })

  it('invalid amounts are explained at the amount and nothing is sent', () => {
    const cases: Array<[string, string]> = [
      ['abc', 'Amount: Not a number'],
      ['0', 'Enter an amount greater than zero.'],
      ['0.0005', 'Not a multiple of the step 0.001 BTC: use 0.001.'],
      ['0.0015', 'Not a multiple of the step 0.001 BTC: use 0.001 or 0.002.'],
      // 10 x 60,000.1 = 600,001: margin at 10x 60,000.1 plus fee 300.0005.
      ['10', 'Needs 60300.1005 USDT (margin at 10x plus fee); 10000 is available (short by 50300.1005).'],
    ]
    for (const [amount, message] of cases) {
      const build = buildTicket(form({ amount }), perp())
      expect(build.byField.amount?.message).toBe(message)
      expect(build.params).toBeUndefined()
    }
    // Nothing typed yet: no complaint, nothing to send.
    const empty = buildTicket(form({}), perp())
    expect([empty.issues, empty.params, empty.preview]).toEqual([[], undefined, undefined])
  })

  it('SL and TP by percent from the entry, on the tick', () => {
    const build = buildTicket(form({ amount: '0.1', stopLoss: '1', stopLossUnit: 'percent', takeProfit: '2', takeProfitUnit: 'percent' }), perp())
    // 1 % of 60,000.1 below: 59,400.099 -> 59,400.0; 2 % above: 61,200.102 -> 61,200.2.
    expect([build.params?.stopLoss, build.params?.takeProfit]).toEqual(['59400', '61200.2'])
    const short = buildTicket(form({ side: 'sell', amount: '0.1', stopLoss: '1', stopLossUnit: 'percent' }), perp())
    expect(short.params?.stopLoss).toBe('60600')
    expect(buildTicket(form({ amount: '0.1', stopLoss: '60100' }), perp()).byField.stopLoss?.message).toBe("A long's stop-loss must be below the entry 60000.1.")
  })

  it('limit, stop, stop-limit and trailing orders carry what the contract asks for', () => {
    expect(buildTicket(form({ type: 'limit', price: '59000', amount: '0.1', postOnly: true }), perp()).params).toMatchObject({
      type: 'limit',
      price: '59000',
      timeInForce: 'PO',
    })
    expect(buildTicket(form({ type: 'limit', price: '59000', amount: '0.1', timeInForce: 'IOC' }), perp()).params?.timeInForce).toBe('IOC')
    const stop = buildTicket(form({ side: 'sell', type: 'stop_market', trigger: '59000', triggerBy: 'mark', amount: '0.1' }), perp()).params
    expect(stop).toMatchObject({ type: 'stop_market', triggerPrice: '59000', triggerBy: 'mark' })
    expect(stop).not.toHaveProperty('timeInForce')
    expect(buildTicket(form({ type: 'stop_limit', trigger: '61000', price: '61010', amount: '0.1' }), perp()).params).toMatchObject({
      triggerPrice: '61000',
      price: '61010',
      timeInForce: 'GTC',
    })
    expect(buildTicket(form({ side: 'sell', type: 'trailing_stop_market', trailing: '1.5', amount: '0.1' }), perp()).params).toMatchObject({
      trailingPercent: '0.015',
    })
    expect(buildTicket(form({ side: 'sell', type: 'trailing_stop_market', trailing: '250', trailingUnit: 'price', amount: '0.1' }), perp()).params).toMatchObject({
      trailingDistance: '250',
    })
    expect(buildTicket(form({ type: 'limit', price: '59000.05', amount: '0.1' }), perp()).byField.price?.message).toBe('Price is off the tick 0.1: use 59000 or 59000.1.')
    expect(effectiveTif({ type: 'market', timeInForce: 'GTC', postOnly: false })).toBe('IOC')
    expect(effectiveTif({ type: 'trailing_stop_market', timeInForce: 'FOK', postOnly: false })).toBeUndefined()
  })

  it('leverage: the limit by default, typed up to it, locked while a position is open, 1x on spot', () => {
    expect(defaultLeverage(perp())).toBe(10)
    expect(buildTicket(form({ amount: '0.1', leverage: '25' }), perp()).byField.leverage?.message).toBe("25x is above this account's limit of 10x.")
    expect(buildTicket(form({ amount: '0.1', leverage: 'ten' }), perp()).byField.leverage?.message).toBe('Leverage is a whole number such as 10')
    const position: Position = {
      accountId: 1,
      symbol: 'BTC/USDT:USDT',
      side: 'long',
      amount: '0.1',
      entryPrice: '60000',
      leverage: 5,
      margin: '1200',
      maintenanceMargin: '24',
      markPrice: '60000',
      unrealizedPnl: '0',
      openedAt: 1,
    }
    expect(leverageRule(perp({ position }))).toEqual({ limit: 10, locked: 5, spot: false })
    // Whatever was typed, a locked leverage is the position's.
    expect(buildTicket(form({ amount: '0.1', leverage: '8' }), perp({ position })).params?.leverage).toBe(5)
    const spotBuild = buildTicket(form({ amount: '0.01' }), spot())
    expect(spotBuild.params).not.toHaveProperty('leverage')
    expect(spotBuild.params).not.toHaveProperty('reduceOnly')
  })

  it('a spot sell and a reduce-only order ignore what the disabled SL and TP fields still hold', () => {
    const sell = buildTicket(form({ side: 'sell', amount: '0.01', takeProfit: '5', takeProfitUnit: 'percent' }), spot())
    expect(sell.issues).toEqual([])
    expect(sell.params).not.toHaveProperty('takeProfit')
    const position: Position = {
      accountId: 1,
      symbol: 'BTC/USDT:USDT',
      side: 'long',
      amount: '0.1',
      entryPrice: '60000',
      leverage: 10,
      margin: '600',
      maintenanceMargin: '24',
      markPrice: '60000',
      unrealizedPnl: '0',
      openedAt: 1,
    }
    const close = buildTicket(form({ side: 'sell', amount: '0.1', reduceOnly: true, stopLoss: '59000' }), perp({ position }))
    expect(close.issues).toEqual([])
    expect(close.params).toEqual({ symbol: 'BTC/USDT:USDT', side: 'sell', type: 'market', amount: '0.1', timeInForce: 'IOC', reduceOnly: true, leverage: 10 })
  })

  it('zero prices and leverage are told, never thrown', () => {
    expect(buildTicket(form({ type: 'limit', price: '0', amount: '0.1' }), perp()).byField.price?.message).toBe('Price must be greater than zero.')
    expect(buildTicket(form({ amount: '0.1', stopLoss: '0' }), perp()).byField.stopLoss?.message).toBe('Stop-loss must be greater than zero.')
    const zero = buildTicket(form({ amount: '50', amountUnit: 'percent', leverage: '0' }), perp())
    expect(zero.byField.leverage?.message).toBe('Leverage is a whole number from 1.')
    expect([zero.preview, zero.params]).toEqual([undefined, undefined])
    const noQuote = ticketContext({ summary: summary(BTC_PERP, 0, 0, 0), account, balance, position: undefined })
    expect(buildTicket(form({ amount: '0.1' }), noQuote).params).toBeUndefined()
  })

  it('uses the account’s own fee rates when it has them', () => {
    const own = perp({ account: { ...account, takerFee: '0.0004' } })
    expect(formatAtoms(buildTicket(form({ amount: '0.1' }), own).preview!.fee)).toBe('2.400004')
  })

  it('the account’s position limit is a warning and does not block', () => {
    const limited = perp({ account: { ...account, risk: { breakerMode: 'block_entries', maxPositionNotional: '5000' } } })
    const build = buildTicket(form({ amount: '0.1' }), limited)
    expect(build.issues.map((i) => [i.severity, i.rule])).toEqual([['warning', 'max_position_notional']])
    expect(build.params).toBeDefined()
  })

  it('client order ids fit the contract', () => {
    const id = newClientOrderId(1_700_000_000_000, new Uint32Array([123456789, 42]))
    expect(id).toMatch(/^[A-Za-z0-9._:-]{1,64}$/)
  })
})

describe('ticket figures', () => {
  it('are exact, grouped, padded to the grid', () => {
    expect(formatExact(atoms('6000.01'), 2, 8, 'en-US')).toBe('6,000.01')
    expect(formatExact(atoms('3.000005'), 2, 8, 'en-US')).toBe('3.000005')
    expect(formatExact(atoms('1234567.5'), 2, 8, 'de-DE')).toBe('1.234.567,50')
    expect(formatExact(atoms('-65.980005'), 2, 2, 'en-US')).toBe('-65.98')
    expect(formatRate(atoms('0.0005'), 2, 'en-US')).toBe('0.05 %')
    // Available money to the cent, never shown larger than it is.
    expect(formatCents(atoms('9418.77399999'), 'en-US')).toBe('9,418.77')
    // A long's liquidation is shown rounded up to the tick, a short's down.
    expect(formatTickCautious(atoms('54216.95783133'), '0.1', 'long', 'en-US')).toBe('54,217.0')
    expect(formatTickCautious(atoms('65737.05179282'), '0.1', 'short', 'en-US')).toBe('65,737.0')
  })

  it('the confirmation says which order, its status and the fill', () => {
    const order: Order = {
      id: 7,
      accountId: 1,
      clientOrderId: 'tk-1',
      symbol: 'BTC/USDT:USDT',
      side: 'buy',
      type: 'market',
      timeInForce: 'IOC',
      triggerBy: 'last',
      amount: '0.1',
      filled: '0.1',
      averagePrice: '60000.1',
      leverage: 10,
      reduceOnly: false,
      status: 'filled',
      stopLoss: '59400',
      takeProfit: '61200.2',
      createdAt: 1,
      updatedAt: 1,
    }
    expect(confirmation(order, '0.1', '0.001')).toMatch(/^Order 7 filled · Buy 0.100 BTC\/USDT:USDT at 60.?000.1 · SL\/TP attached$/)
  })
})
