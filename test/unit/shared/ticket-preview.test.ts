import { describe, expect, it } from 'vitest'
import type { OrderSide } from '../../../shared/domain/trading'
import { atoms, formatAtoms, type Atoms } from '../../../shared/trading/money'
import {
  amountFromFraction,
  amountFromQuote,
  bracketFromFraction,
  checkTicket,
  feeRatesFor,
  floorToStep,
  orderPrice,
  positionAfterFill,
  previewTicket,
  requiredFunds,
  type TicketContext,
  type TicketOrder,
} from '../../../shared/trading/ticket-preview'
import { paperHarness, refusal } from '../../support/paper'
import { useTempDirs } from '../../support/temp-dir'
import { trailingTriggerPrice } from '../../../shared/trading/trailing'
import { BTC_PERP, BTC_SPOT } from '../../support/domain-fixtures'

const a = atoms
const show = (v: Atoms | null | undefined) => (v === undefined ? undefined : v === null ? null : formatAtoms(v))

/** The engine's worked example: bid 60,000.0, ask 60,000.1, an account of 10,000 USDT at 10x. */
const perp = (over: Partial<TicketContext> = {}): TicketContext => ({
  instrument: BTC_PERP,
  quote: { bid: a('60000'), ask: a('60000.1'), last: a('60000') },
  fees: feeRatesFor(BTC_PERP, undefined),
  accountMaxLeverage: 10,
  equity: a('10000'),
  available: a('10000'),
  ...over,
})
const spot = (over: Partial<TicketContext> = {}): TicketContext => ({
  instrument: BTC_SPOT,
  quote: { bid: a('60000'), ask: a('60000.01'), last: a('60000') },
  fees: feeRatesFor(BTC_SPOT, undefined),
  accountMaxLeverage: 10,
  equity: a('10000'),
  available: a('10000'),
  baseAvailable: 0n,
  baseHeld: 0n,
  ...over,
})
const order = (over: Partial<TicketOrder> = {}): TicketOrder => ({
  side: 'buy',
  type: 'market',
  amount: a('0.1'),
  triggerBy: 'last',
  leverage: 10,
  reduceOnly: false,
  postOnly: false,
  ...over,
})
const rules = (o: TicketOrder, c: TicketContext) => checkTicket(o, c).map((i) => `${i.severity}:${i.field}:${i.rule}`)

describe('ticket preview, worked by hand', () => {
  it('a BTC perpetual market buy of 0.1 at the ask 60,000.1, 10x', () => {
    const p = previewTicket(order({ stopLoss: a('59400'), takeProfit: a('61200.2') }), perp())!
    expect(show(p.price)).toBe('60000.1')
    expect(p.liquidity).toBe('taker')
    // Notional 0.1 x 60,000.1 = 6,000.01; margin 6,000.01 / 10 = 600.001; fee 0.05 % = 3.000005.
    expect(show(p.notional)).toBe('6000.01')
    expect(show(p.margin)).toBe('600.001')
    expect(show(p.fee)).toBe('3.000005')
    // What the engine requires free: margin plus the taker fee.
    expect(show(p.required)).toBe('603.001005')
    // Long, tier 1 (rate 0.4 %, amount 0): LP = (600.001 - 0.1 x 60,000.1) / (0.1 x 0.004 - 0.1)
    // = 5,400.009 / 0.0996 = 54,216.957831325..., rounded up (a long's is never shown later).
    expect(show(p.liquidation)).toBe('54216.95783133')
    // Stop-loss 59,400: (59,400 - 60,000.1) x 0.1 = -60.01; fees 3.000005 in, 5,940 x 0.05 % = 2.97 out.
    expect(show(p.risk)).toBe('65.980005')
    // Of an equity of 10,000: 0.0065980005, rounded up to the atom.
    expect(show(p.riskOfEquity)).toBe('0.00659801')
    // Take-profit 61,200.2: 120.01 less 3.000005 in and 6,120.02 x 0.05 % = 3.06001 out.
    expect(show(p.reward)).toBe('113.949985')
    // 113.949985 / 65.980005 = 1.727038..., rounded down.
    expect(show(p.rewardRisk)).toBe('1.72703813')
  })

  it('a short sells at the bid: 0.1 at 60,000 at 10x is liquidated at 65,737.05179282 (rounded down)', () => {
    const p = previewTicket(order({ side: 'sell' }), perp())!
    expect(show(p.price)).toBe('60000')
    expect(show(p.margin)).toBe('600')
    // (600 + 0.1 x 60,000) / (0.1 x 0.004 + 0.1) = 6,600 / 0.1004.
    expect(show(p.liquidation)).toBe('65737.05179282')
  })

  it('a resting limit pays the maker fee, a crossing one the taker fee; the account’s own rates win', () => {
    const resting = previewTicket(order({ type: 'limit', price: a('59000') }), perp())!
    expect(resting).toMatchObject({ crosses: false, liquidity: 'maker' })
    // 5,900 x 0.02 % = 1.18.
    expect(show(resting.fee)).toBe('1.18')
    // The engine checks funds with the taker fee: 590 + 2.95.
    expect(show(resting.required)).toBe('592.95')
    const crossing = previewTicket(order({ type: 'limit', price: a('60100') }), perp())!
    expect(crossing).toMatchObject({ crosses: true, liquidity: 'taker' })
    expect(show(crossing.fee)).toBe('3.005')
    const own = feeRatesFor(BTC_PERP, { makerFee: '-0.0001', takerFee: '0.0004' })
    expect([show(own.maker), show(own.taker)]).toEqual(['-0.0001', '0.0004'])
    // A rebate of 5,900 x 0.01 % = 0.59, rounded toward zero.
    expect(show(previewTicket(order({ type: 'limit', price: a('59000') }), perp({ fees: own }))!.fee)).toBe('-0.59')
  })

  it('stops are checked at their trigger (stop-limit at its limit), as the engine does', () => {
    expect(show(orderPrice(order({ type: 'stop_market', triggerPrice: a('61000') }), perp())!.price)).toBe('61000')
    expect(show(orderPrice(order({ type: 'stop_limit', triggerPrice: a('61000'), price: a('61010') }), perp())!.price)).toBe('61010')
    // Trailing sell 1 % below the last 60,000: 59,400; a buy 1 % above: 60,600.
    expect(show(orderPrice(order({ side: 'sell', type: 'trailing_stop_market', trailingPercent: a('0.01') }), perp())!.price)).toBe('59400')
    expect(show(orderPrice(order({ type: 'trailing_stop_market', trailingDistance: a('123.45') }), perp())!.price)).toBe('60123.5')
  })

  it('places a trailing trigger away from the watched price, on the tick, never closer than asked', () => {
    const tick = a('0.1')
    const at = (side: OrderSide, distance?: bigint, percent?: bigint) => show(trailingTriggerPrice(side, a('60000.3'), distance, percent, tick)!)
    // 60,000.3 -/+ 123.45 = 59,876.85 / 60,123.75, rounded away from the price.
    expect([at('sell', a('123.45')), at('buy', a('123.45'))]).toEqual(['59876.8', '60123.8'])
    // 1.23 % of 60,000.3 = 738.00369.
    expect([at('sell', undefined, a('0.0123')), at('buy', undefined, a('0.0123'))]).toEqual(['59262.2', '60738.4'])
    expect(trailingTriggerPrice('sell', a('60000.3'), a('70000'), undefined, tick)).toBeUndefined()
  })

  it('spot: cost is notional plus fee, no margin and no liquidation', () => {
    const buy = previewTicket(order({ amount: a('0.01'), leverage: 1 }), spot())!
    // 0.01 x 60,000.01 = 600.0001; fee 0.1 % = 0.6000001.
    expect([show(buy.notional), show(buy.fee), show(buy.spotTotal), show(buy.required)]).toEqual(['600.0001', '0.6000001', '600.6001001', '600.6001001'])
    expect(buy.liquidation).toBeUndefined()
    const sell = previewTicket(order({ side: 'sell', amount: a('0.01'), leverage: 1 }), spot({ baseAvailable: a('0.5') }))!
    expect([show(sell.notional), show(sell.spotTotal), show(sell.required)]).toEqual(['600', '599.4', '0'])
  })

  it('adding to, reducing and flipping a position: margin and liquidation of what results', () => {
    const long: TicketContext['position'] = { side: 'long', amount: a('0.1'), entryPrice: a('60000.1'), leverage: 10, margin: a('600.001') }
    // Adding 0.1 at 61,000.1 averages the entry to 60,500.1 and adds 610.001 of margin.
    expect(positionAfterFill(long, 'buy', a('0.1'), a('61000.1'), 10)).toEqual({ side: 'long', amount: a('0.2'), entryPrice: a('60500.1'), margin: a('1210.002') })
    // Selling half releases half the margin, rounded down.
    expect(positionAfterFill(long, 'sell', a('0.05'), a('61000'), 10)).toEqual({ side: 'long', amount: a('0.05'), entryPrice: a('60000.1'), margin: a('300.0005') })
    expect(positionAfterFill(long, 'sell', a('0.1'), a('61000'), 10)).toBeUndefined()
    // Selling 0.3 flips to a 0.2 short at the position's leverage.
    expect(positionAfterFill(long, 'sell', a('0.3'), a('61000'), 10)).toEqual({ side: 'short', amount: a('0.2'), entryPrice: a('61000'), margin: a('1220') })
    // A closing order opens nothing, so it needs only its fee.
    expect(show(requiredFunds(order({ side: 'sell', amount: a('0.1') }), a('60000'), perp({ position: long })))).toBe('3')
    const closing = previewTicket(order({ side: 'sell', amount: a('0.1'), reduceOnly: true }), perp({ position: long }))!
    expect([show(closing.margin), closing.liquidation, closing.positionAfter]).toEqual(['0', null, undefined])
  })
})

describe('amounts from quote or a share of what is available', () => {
  it('round down to the step, never above what was asked', () => {
    // 1,000 USDT at 60,000.1 = 0.0166664 BTC -> 0.016.
    expect(show(amountFromQuote(a('1000'), a('60000.1'), a('0.001')))).toBe('0.016')
    expect(show(floorToStep(a('0.0169'), a('0.001')))).toBe('0.016')
    expect(show(amountFromQuote(a('5'), a('60000.1'), a('0.001')))).toBe('0')
  })

  it('100 % of 10,000 at 10x: notional <= 10,000 x 10 / (1 + 10 x 0.0005) = 99,502.48..., so 1.658 BTC', () => {
    const c = perp()
    const all = amountFromFraction(a('1'), { side: 'buy', leverage: 10, reduceOnly: false }, a('60000.1'), c)
    expect(show(all)).toBe('1.658')
    // Margin 9,948.01658 + fee 49.7400829 = 9,997.7566629 fits in 10,000; one step more would not.
    expect(show(requiredFunds(order({ amount: all }), a('60000.1'), c))).toBe('9997.7566629')
    expect(requiredFunds(order({ amount: all + a('0.001') }), a('60000.1'), c) > a('10000')).toBe(true)
    expect(show(amountFromFraction(a('0.5'), { side: 'buy', leverage: 10, reduceOnly: false }, a('60000.1'), c))).toBe('0.829')
  })

  it('a spot sell is a share of the free coins; a reduce-only order a share of the position', () => {
    expect(show(amountFromFraction(a('0.25'), { side: 'sell', leverage: 1, reduceOnly: false }, a('60000'), spot({ baseAvailable: a('0.12345') })))).toBe('0.03086')
    const position = { side: 'short' as const, amount: a('0.3'), entryPrice: a('60000'), leverage: 5, margin: a('3600') }
    expect(show(amountFromFraction(a('0.5'), { side: 'buy', leverage: 5, reduceOnly: true }, a('60000.1'), perp({ position })))).toBe('0.15')
  })

  it('brackets by percent: on the tick, never nearer than asked (sizing.ts)', () => {
    // 1 % of 60,000.1 = 600.001: a long's stop 59,400.099 -> 59,400.0, its take-profit 60,600.101 -> 60,600.2.
    expect(show(bracketFromFraction(a('60000.1'), a('0.01'), 'buy', 'stop_loss', a('0.1')))).toBe('59400')
    expect(show(bracketFromFraction(a('60000.1'), a('0.01'), 'buy', 'take_profit', a('0.1')))).toBe('60600.2')
    expect(show(bracketFromFraction(a('60000'), a('0.02'), 'sell', 'stop_loss', a('0.1')))).toBe('61200')
  })
})

describe('checks before submit', () => {
  it('accepts the worked example', () => {
    expect(rules(order({ stopLoss: a('59400'), takeProfit: a('61200.2') }), perp())).toEqual([])
  })

  it('off the step or tick: refused, not rounded, with the grid points either side', () => {
    const issues = checkTicket(order({ amount: a('0.0015'), type: 'limit', price: a('59000.05') }), perp())
    expect(issues.map((i) => [i.field, i.rule, i.message])).toEqual([
      ['amount', 'amount_step', 'Not a multiple of the step 0.001 BTC: use 0.001 or 0.002.'],
      ['price', 'price_tick', 'Price is off the tick 0.1: use 59000 or 59000.1.'],
    ])
  })

  it('zero, below the minimum amount or value, by how much', () => {
    expect(rules(order({ amount: 0n }), perp())).toEqual(['error:amount:amount_positive'])
    const small = checkTicket(order({ amount: a('0.00002'), leverage: 1 }), spot())
    // 0.00002 x 60,000.01 = 1.2000002.
    expect(small.map((i) => i.message)).toEqual(['Order value 1.2000002 USDT is below the minimum of 5 USDT (short by 3.7999998).'])
    expect(checkTicket(order({ amount: a('0.0005') }), perp({ instrument: { ...BTC_PERP, amountStep: '0.0001' } }))[0]!.message).toBe(
      'Below the minimum of 0.001 BTC (short by 0.0005).',
    )
  })

  it('leverage above the account’s or the market’s limit, or the tier of the size; spot trades at 1x; locked while a position is open', () => {
    expect(checkTicket(order({ leverage: 20 }), perp())[0]!.message).toBe("20x is above this account's limit of 10x.")
    expect(checkTicket(order({ leverage: 150 }), perp({ accountMaxLeverage: 125 }))[0]!.message).toBe("150x is above BTC/USDT:USDT's maximum of 125x.")
    // 10 BTC = 600,001 USDT is in the third tier: at most 75x.
    expect(checkTicket(order({ leverage: 100, amount: a('10') }), perp({ accountMaxLeverage: 125, available: undefined }))[0]!.rule).toBe('tier_leverage')
    expect(rules(order({ leverage: 3, amount: a('0.01') }), spot())).toEqual(['error:leverage:spot_leverage'])
    const position = { side: 'long' as const, amount: a('0.1'), entryPrice: a('60000'), leverage: 5, margin: a('1200') }
    expect(rules(order({ leverage: 10 }), perp({ position }))).toEqual(['error:leverage:leverage_locked'])
  })

  it('stop-loss and take-profit on the wrong side of the entry', () => {
    expect(checkTicket(order({ stopLoss: a('60100'), takeProfit: a('59000') }), perp()).map((i) => i.message)).toEqual([
      "A long's stop-loss must be below the entry 60000.1.",
      "A long's take-profit must be above the entry 60000.1.",
    ])
    expect(rules(order({ side: 'sell', stopLoss: a('59000') }), perp())).toEqual(['error:stopLoss:stop_loss_side'])
    expect(rules(order({ side: 'sell', amount: a('0.01'), leverage: 1, stopLoss: a('59000') }), spot({ baseAvailable: a('1') }))).toEqual(['error:order:spot_brackets'])
  })

  it('insufficient funds, by how much', () => {
    const issues = checkTicket(order({ amount: a('10'), leverage: 1 }), perp())
    // 600,001 of margin at 1x + 300.0005 of fee.
    expect(issues.map((i) => i.message)).toEqual(['Needs 600301.0005 USDT (margin at 1x plus fee); 10000 is available (short by 590301.0005).'])
    expect(rules(order({ side: 'sell', amount: a('0.2'), leverage: 1 }), spot({ baseAvailable: a('0.1') }))).toEqual(['error:amount:insufficient_balance'])
  })

  it('triggers that would fire at once, post-only limits that would cross, reduce-only without a position', () => {
    expect(rules(order({ type: 'stop_market', triggerPrice: a('59000') }), perp())).toEqual(['error:trigger:trigger_side'])
    expect(rules(order({ type: 'stop_market', triggerPrice: a('61000') }), perp())).toEqual([])
    expect(rules(order({ type: 'limit', price: a('60100'), postOnly: true }), perp())).toEqual(['error:postOnly:post_only_cross'])
    expect(rules(order({ reduceOnly: true }), perp())).toEqual(['error:reduceOnly:reduce_only_increase'])
    expect(rules(order({ type: 'limit' }), perp())).toEqual(['error:price:price_required'])
  })

  it('the account’s position limit is a warning: the engine decides', () => {
    expect(rules(order(), perp({ maxPositionNotional: a('5000') }))).toEqual(['warning:order:max_position_notional'])
  })
})

describe('agrees with the paper exchange', () => {
  const tempDir = useTempDirs()
  const BTC = 'BTC/USDT:USDT'

  /** A fresh exchange at bid 60,000 / ask 60,000.1, and the ticket's view of it. */
  function setup() {
    const h = paperHarness(tempDir())
    const accountId = h.exchange.createAccount({ name: 'Ticket' }).id
    h.tick(BTC, 60_000)
    h.tick('BTC/USDT', 60_000, { spread: 0.01 })
    const context = (symbol: string): TicketContext => {
      const ctx = h.exchange.sizingContext(accountId, symbol)
      const balance = h.exchange.balance(accountId)
      const position = h.exchange.listPositions(accountId).find((p) => p.symbol === symbol)
      const holding = balance.holdings.find((x) => x.asset === ctx.instrument.base)
      return {
        instrument: ctx.instrument,
        quote: { bid: ctx.bid, ask: ctx.ask, last: a('60000') },
        fees: feeRatesFor(ctx.instrument, undefined),
        accountMaxLeverage: ctx.account.maxLeverage,
        equity: a(balance.equity),
        available: a(balance.available),
        baseAvailable: holding === undefined ? 0n : a(holding.available),
        ...(position === undefined
          ? {}
          : { position: { side: position.side, amount: a(position.amount), entryPrice: a(position.entryPrice), leverage: position.leverage, margin: a(position.margin) } }),
      }
    }
    const place = (symbol: string, o: TicketOrder) =>
      h.exchange.placeOrder({
        accountId,
        symbol,
        side: o.side,
        type: o.type,
        amount: formatAtoms(o.amount),
        ...(o.price === undefined ? {} : { price: formatAtoms(o.price) }),
        ...(o.triggerPrice === undefined ? {} : { triggerPrice: formatAtoms(o.triggerPrice) }),
        ...(o.postOnly ? { timeInForce: 'PO' as const } : {}),
        ...(o.reduceOnly ? { reduceOnly: true } : {}),
        ...(symbol === BTC || o.leverage !== 1 ? { leverage: o.leverage } : {}),
        ...(o.stopLoss === undefined ? {} : { stopLoss: formatAtoms(o.stopLoss) }),
        ...(o.takeProfit === undefined ? {} : { takeProfit: formatAtoms(o.takeProfit) }),
      })
    return { h, accountId, context, place }
  }

  it('a market buy fills as previewed: fee, margin and liquidation price', () => {
    const { h, accountId, context, place } = setup()
    const o = order({ stopLoss: a('59400'), takeProfit: a('61200.2') })
    const p = previewTicket(o, context(BTC))!
    expect(checkTicket(o, context(BTC))).toEqual([])
    expect(place(BTC, o).status).toBe('filled')
    const [fill] = h.exchange.listFills(accountId)
    const [position] = h.exchange.listPositions(accountId)
    expect([fill!.fee, position!.margin, position!.liquidationPrice]).toEqual([show(p.fee), show(p.margin), show(p.liquidation)])
    h.close()
  })

  const refused: Array<[string, string, Partial<TicketOrder>]> = [
    ['off the step', BTC, { amount: a('0.0015') }],
    ['below the minimum value', 'BTC/USDT', { amount: a('0.00001'), leverage: 1 }],
    ['off the tick', BTC, { type: 'limit', price: a('59000.05') }],
    ['leverage above the account limit', BTC, { leverage: 20 }],
    ['stop-loss above a long’s entry', BTC, { stopLoss: a('60000.2') }],
    ['take-profit below a short’s entry', BTC, { side: 'sell', takeProfit: a('60000') }],
    ['not enough margin at 1x', BTC, { amount: a('10'), leverage: 1 }],
    ['not enough USDT for a spot buy', 'BTC/USDT', { amount: a('1'), leverage: 1 }],
    ['selling coins the account does not hold', 'BTC/USDT', { side: 'sell', amount: a('0.01'), leverage: 1 }],
    ['a stop below the last price', BTC, { type: 'stop_market', triggerPrice: a('59999.9') }],
    ['a post-only limit through the ask', BTC, { type: 'limit', price: a('60000.1'), postOnly: true }],
    ['reduce-only without a position', BTC, { reduceOnly: true }],
    ['spot leverage', 'BTC/USDT', { amount: a('0.01'), leverage: 2 }],
  ]
  it.each(refused)('%s: the ticket blocks it with the rule the engine refuses it with', (_name, symbol, change) => {
    const { h, context, place } = setup()
    const o = order(change)
    const errors = checkTicket(o, context(symbol)).filter((i) => i.severity === 'error')
    const engine = refusal(() => place(symbol, o))
    expect(errors.map((i) => i.rule)).toContain((engine.details as { rule: string }).rule)
    h.close()
  })

  it('what the ticket lets through, the engine takes', () => {
    const { h, context, place } = setup()
    const accepted: Array<[string, Partial<TicketOrder>]> = [
      [BTC, { type: 'limit', price: a('59000'), postOnly: true, stopLoss: a('58000') }],
      [BTC, { side: 'sell', type: 'stop_market', triggerPrice: a('59000'), amount: a('0.05') }],
      [BTC, { type: 'stop_limit', triggerPrice: a('61000'), price: a('61010'), amount: a('0.01') }],
      ['BTC/USDT', { amount: a('0.01'), leverage: 1, stopLoss: a('59000'), takeProfit: a('61000') }],
      [BTC, { side: 'sell', amount: a('0.02'), reduceOnly: true }],
    ]
    // The last one reduces the long the first market buy opens.
    place(BTC, order({ amount: a('0.05') }))
    for (const [symbol, change] of accepted) {
      const o = order(change)
      expect(checkTicket(o, context(symbol)).filter((i) => i.severity === 'error')).toEqual([])
      expect(() => place(symbol, o)).not.toThrow()
    }
    h.close()
  })
})
