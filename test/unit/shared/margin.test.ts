import { describe, expect, it } from 'vitest'
import {
  averageEntryPrice,
  checkTierTable,
  initialMargin,
  isLiquidatable,
  liquidationPrice,
  maintenanceMargin,
  maintenanceTierFor,
  maxLeverageFor,
  notional,
  positionMaintenanceMargin,
  realizedPnl,
  reduceIsolatedMargin,
  tradingFee,
  unrealizedPnl,
  type MaintenanceTier,
  type Side,
} from '../../../shared/trading/margin'
import { BINANCE_USDM_MAINTENANCE_TIERS } from '../../../shared/trading/margin-tiers'
import { atoms, divRound, formatAtoms, ONE, type Atoms } from '../../../shared/trading/money'

const BTC = BINANCE_USDM_MAINTENANCE_TIERS.BTC
const a = atoms
const f = formatAtoms
/** Rounded to cents, the way Binance displays a USDT price. */
const cents = (value: Atoms | null): string => (value === null ? 'none' : f(divRound(value, 1_000_000n, 'half-up') * 1_000_000n))
const row = (cap: string | null, rate: string, amount: string, maxLeverage: number): MaintenanceTier => ({
  maxNotional: cap === null ? null : a(cap),
  maintenanceMarginRate: a(rate),
  maintenanceAmount: a(amount),
  maxLeverage,
})

/**
 * BTCUSDT brackets of Binance's announcement "Updates to Leverage and Margin Tiers of Binance
 * Futures Contracts (2021-03-18)" (binance.com/en/support/announcement/86cf9aa472574b8cb2e05bb751c2a9a6),
 * the table the FAQ examples below were written against. Maintenance amounts by the FAQ's
 * recurrence; its own worked line is level 3: 250,000 x (1% - 0.5%) + 50 = 1,300.
 */
const BTC_2021: MaintenanceTier[] = [
  row('50000', '0.004', '0', 125),
  row('250000', '0.005', '50', 100),
  row('1000000', '0.01', '1300', 50),
  row('10000000', '0.025', '16300', 20),
  row('20000000', '0.05', '266300', 10),
  row('50000000', '0.1', '1266300', 5),
  row('100000000', '0.125', '2516300', 4),
  row('200000000', '0.15', '5016300', 3),
  row('300000000', '0.25', '25016300', 2),
  row('500000000', '0.5', '100016300', 1),
]

describe('notional, fees and initial margin', () => {
  it('multiplies price by quantity exactly on exchange grids', () => {
    expect(f(notional(a('60000.1'), a('0.003')))).toBe('180.0003')
    expect(() => notional(a('60000'), 0n)).toThrow(RangeError)
    expect(() => notional(a('60000'), a('-1'))).toThrow(RangeError)
  })

  it('rounds fees up to the atom, so nothing is undercharged', () => {
    expect(f(tradingFee(a('180.0003'), a('0.0005')))).toBe('0.09000015') // exact
    // 60.000001 x 0.05 % = 0.0300000005: half-up would give 0.03, up gives 0.03000001
    expect(f(tradingFee(a('60.000001'), a('0.0005')))).toBe('0.03000001')
    // a maker rebate (negative rate) rounds toward zero: -0.0060000001 -> -0.006
    expect(f(tradingFee(a('60.000001'), a('-0.0001')))).toBe('-0.006')
    // spot buys pay the fee in the base asset: the same function on the quantity
    expect(f(tradingFee(a('0.123'), a('0.001')))).toBe('0.000123')
  })

  it('holds initial margin of notional / leverage, rounded up', () => {
    expect(f(initialMargin(a('30000'), 10))).toBe('3000')
    expect(f(initialMargin(a('100'), 3))).toBe('33.33333334')
    for (const bad of [0, -5, 1.5, Number.NaN]) expect(() => initialMargin(a('100'), bad)).toThrow(RangeError)
  })
})

describe('P&L and entry price', () => {
  it('averages the entry price by quantity when adding to a position', () => {
    expect(f(averageEntryPrice(a('1'), a('60000'), a('1'), a('62000')))).toBe('61000')
    // (0.003 x 60000.1 + 0.007 x 60000.2) / 0.01
    expect(f(averageEntryPrice(a('0.003'), a('60000.1'), a('0.007'), a('60000.2')))).toBe('60000.17')
    // (1 x 100 + 2 x 101) / 3 = 100.6666...: nearest atom by default, or as asked
    expect(f(averageEntryPrice(a('1'), a('100'), a('2'), a('101')))).toBe('100.66666667')
    expect(f(averageEntryPrice(a('1'), a('100'), a('2'), a('101'), 'down'))).toBe('100.66666666')
    expect(f(averageEntryPrice(0n, 0n, a('0.5'), a('60000')))).toBe('60000')
  })

  it('realizes P&L on the closed part of a position and marks the rest', () => {
    // long 0.5 @ 60,000; close 0.2 @ 61,500.5, mark the remaining 0.3 at 61,000
    expect(f(realizedPnl('long', a('60000'), a('61500.5'), a('0.2')))).toBe('300.1')
    expect(f(unrealizedPnl('long', a('60000'), a('61000'), a('0.3')))).toBe('300')
    // short 0.3 @ 60,000; close 0.1 @ 61,000
    expect(f(realizedPnl('short', a('60000'), a('61000'), a('0.1')))).toBe('-100')
    expect(f(unrealizedPnl('short', a('60000'), a('59000'), a('0.2')))).toBe('200')
  })

  it('rounds P&L down, so a close is never credited more than it earned', () => {
    // exact +-0.000000005
    expect(realizedPnl('long', a('100'), a('100.00000001'), a('0.5'))).toBe(0n)
    expect(realizedPnl('short', a('100'), a('100.00000001'), a('0.5'))).toBe(-1n)
  })

  it('releases isolated margin in proportion to the closed quantity', () => {
    expect(reduceIsolatedMargin(a('3000'), a('0.5'), a('0.2'))).toEqual({ released: a('1200'), remaining: a('1800') })
    expect(reduceIsolatedMargin(a('100'), a('3'), a('1'))).toEqual({ released: a('33.33333333'), remaining: a('66.66666667') })
    expect(reduceIsolatedMargin(a('100'), a('3'), a('3'))).toEqual({ released: a('100'), remaining: 0n })
    expect(() => reduceIsolatedMargin(a('100'), a('3'), a('3.1'))).toThrow(RangeError)
  })
})

describe('maintenance margin tiers', () => {
  it('ships Binance tables whose maintenance amounts follow Binance’s recurrence', () => {
    for (const tiers of Object.values(BINANCE_USDM_MAINTENANCE_TIERS)) expect(() => checkTierTable(tiers)).not.toThrow()
    expect(() => checkTierTable(BTC_2021)).not.toThrow()
    const broken = BTC_2021.map((tier, i) => (i === 2 ? { ...tier, maintenanceAmount: a('1250') } : tier))
    expect(() => checkTierTable(broken)).toThrow(/tier 3/)
  })

  it('reproduces the lookups of Binance’s liquidation-price FAQ', () => {
    // FAQ b3c689c1f50a44cabb3a84e663b81d93: a 264,000 USDT BTCUSDT position has a 1 % rate;
    // a 500,000 USDT one has a maintenance amount of 1,300 USDT.
    expect(f(maintenanceTierFor(BTC_2021, a('264000')).maintenanceMarginRate)).toBe('0.01')
    expect(f(maintenanceTierFor(BTC_2021, a('500000')).maintenanceAmount)).toBe('1300')
  })

  it('picks brackets as (previous cap, cap]', () => {
    expect(f(maintenanceTierFor(BTC, 0n).maintenanceMarginRate)).toBe('0.004')
    expect(f(maintenanceTierFor(BTC, a('50000')).maintenanceMarginRate)).toBe('0.004')
    expect(f(maintenanceTierFor(BTC, a('50000.00000001')).maintenanceMarginRate)).toBe('0.005')
    expect(f(maintenanceTierFor(BTC, a('5000000000')).maintenanceMarginRate)).toBe('0.5') // beyond the table
    expect(maxLeverageFor(BTC, a('50000'))).toBe(125)
    expect(maxLeverageFor(BTC, a('50001'))).toBe(100)
  })

  it('computes notional x rate - amount, continuous across a cap', () => {
    const [, tier2, tier3] = BTC as [MaintenanceTier, MaintenanceTier, MaintenanceTier]
    // 600,000 x 0.5 % - 50 = 2,950 = 600,000 x 0.65 % - 950
    expect(f(maintenanceMargin(a('600000'), tier2))).toBe('2950')
    expect(f(maintenanceMargin(a('600000'), tier3))).toBe('2950')
    expect(f(positionMaintenanceMargin(BTC, a('60000'), a('0.5')))).toBe('120') // 30,000 x 0.4 %
  })
})

describe('liquidation price (Binance USDⓈ-M, isolated, one-way mode)', () => {
  it('matches Binance’s example: 500 USDT behind a 1,000 USDT long at 50,000 liquidates at 25,100.40', () => {
    // FAQ 25edcd7fe0e544839d0847b8cbb2e400 ("how to avoid liquidation"): 0.02 BTC, tier 1.
    // (500 + 0 - 0.02 x 50,000) / (0.02 x 0.004 - 0.02) = 25,100.4016...
    const lp = liquidationPrice({ side: 'long', entryPrice: a('50000'), quantity: a('0.02'), isolatedMargin: a('500'), tiers: BTC })
    expect(f(lp as Atoms)).toBe('25100.40160643')
    expect(cents(lp)).toBe('25100.4')
  })

  it('matches Binance’s two-position example once TMM and UPNL are folded into the wallet balance', () => {
    // Liquidation-price FAQ (b3c689c1f50a44cabb3a84e663b81d93), cross margin: WB 1,535,443.01;
    // BTCUSDT long 109.488 @ 32,481.98 (2.5 %, cum 16,300) -> 26,316.89;
    // ETHUSDT long 3,683.979 @ 1,456.84 (10 %, cum 135,365) -> 1,153.26. For contract 1 the
    // cross formula is the isolated one with WB - TMM1 + UPNL1 as the wallet, TMM1/UPNL1 being
    // the other contract's maintenance margin and unrealized P&L (numbers as reproduced in
    // freqtrade's tests/exchange/test_binance.py).
    const wallet = a('1535443.01')
    const btc = liquidationPrice({
      side: 'long',
      entryPrice: a('32481.98'),
      quantity: a('109.488'),
      isolatedMargin: wallet - a('356512.508') + a('-448192.89'),
      tiers: BTC_2021, // the tier is chosen here: 109.488 x 26,316.89 = 2.88M is in (1M, 10M]
    })
    expect(cents(btc)).toBe('26316.89')
    const eth = liquidationPrice({
      side: 'long',
      entryPrice: a('1456.84'),
      quantity: a('3683.979'),
      isolatedMargin: wallet - a('71200.81144') + a('-56354.57'),
      tiers: [row(null, '0.1', '135365', 5)], // the example's tier
    })
    expect(cents(eth)).toBe('1153.26')
  })

  const btcAt = (side: Side, leverage: number): Atoms | null => {
    const quantity = a('0.5')
    const entryPrice = a('60000')
    const isolatedMargin = initialMargin(notional(entryPrice, quantity), leverage)
    return liquidationPrice({ side, entryPrice, quantity, isolatedMargin, tiers: BTC })
  }

  it('prices 0.5 BTC at 60,000 at 10x and 125x, rounding toward earlier liquidation', () => {
    // tier 1 (0.4 %, cum 0). Long: (M - 30,000) / (0.5 x (0.004 - 1)); short: (M + 30,000) / (0.5 x 1.004)
    expect(f(btcAt('long', 10) as Atoms)).toBe('54216.86746988') // 54,216.867469879... up
    expect(f(btcAt('short', 10) as Atoms)).toBe('65737.05179282') // 65,737.051792828... down
    expect(f(btcAt('long', 125) as Atoms)).toBe('59759.03614458') // 59,759.036144578... up
    expect(f(btcAt('short', 125) as Atoms)).toBe('60239.0438247') // 60,239.043824701... down
  })

  it('has no liquidation price for a fully collateralised long at 1x (a 1x short still has one)', () => {
    expect(btcAt('long', 1)).toBeNull()
    // (30,000 + 50 + 30,000) / (0.5 x 1.005): the notional there, 59,751.24, is already tier 2
    expect(f(btcAt('short', 1) as Atoms)).toBe('119502.48756218')
  })

  it('uses the tier of the notional at the liquidation price when it differs from the entry tier', () => {
    // Short 10 BTC @ 59,000 at 10x: 590,000 at entry is tier 2, but tier 2 would put the
    // liquidation at 64,582.09 where the notional (645,820.90) is already tier 3.
    const short = { side: 'short' as const, entryPrice: a('59000'), quantity: a('10'), isolatedMargin: a('59000') }
    expect(f(maintenanceTierFor(BTC, notional(short.entryPrice, short.quantity)).maintenanceMarginRate)).toBe('0.005')
    // tier 3: (59,000 + 950 + 590,000) / (10 x 1.0065) = 64,575.26080476...
    const lpShort = liquidationPrice({ ...short, tiers: BTC }) as Atoms
    expect(f(lpShort)).toBe('64575.26080476')
    expect(f(maintenanceTierFor(BTC, notional(lpShort, short.quantity)).maintenanceMarginRate)).toBe('0.0065')

    // Long 12 BTC @ 52,000 at 20x: 624,000 is tier 3 at entry, 595,728.64 (tier 2) at the liquidation price.
    // tier 2: (31,200 + 50 - 624,000) / (12 x (0.005 - 1)) = 49,644.05360134 -> up
    const lpLong = liquidationPrice({ side: 'long', entryPrice: a('52000'), quantity: a('12'), isolatedMargin: a('31200'), tiers: BTC }) as Atoms
    expect(f(lpLong)).toBe('49644.05360135')
    expect(f(maintenanceTierFor(BTC, notional(lpLong, a('12'))).maintenanceMarginRate)).toBe('0.005')
  })

  it('liquidates once the mark reaches the liquidation price', () => {
    const lp = btcAt('long', 10) as Atoms
    expect(isLiquidatable('long', lp, lp)).toBe(true)
    expect(isLiquidatable('long', lp + 1n, lp)).toBe(false)
    const lpShort = btcAt('short', 10) as Atoms
    expect(isLiquidatable('short', lpShort, lpShort)).toBe(true)
    expect(isLiquidatable('short', lpShort - 1n, lpShort)).toBe(false)
    expect(isLiquidatable('long', 1n, null)).toBe(false)
  })

})

describe('liquidation consistency (seeded sweep)', () => {
  // Park-Miller generator: a fixed, reproducible spread of positions across every tier.
  let seed = 20240701
  const next = (): number => (seed = (seed * 48271) % 2147483647)
  const leverages = [1, 2, 3, 5, 10, 20, 25, 50, 75, 100, 125]

  it('leaves margin balance at the maintenance margin, within rounding, at the liquidation price', () => {
    let checked = 0
    for (const [base, tiers] of Object.entries(BINANCE_USDM_MAINTENANCE_TIERS)) {
      for (let i = 0; i < 400; i++) {
        const side: Side = next() % 2 === 0 ? 'long' : 'short'
        const entryPrice = BigInt(10 + (next() % 1_500_000)) * (ONE / 10n) // 1.0 .. 150,000.9 on a 0.1 tick
        const quantity = BigInt(1 + (next() % 999)) * 10n ** BigInt(next() % 5) * (ONE / 1000n) // 0.001 .. 9,990, log-spread, on a 0.001 step
        const value = notional(entryPrice, quantity)
        const allowed = leverages.filter((l) => l <= maxLeverageFor(tiers, value))
        const leverage = allowed[next() % allowed.length] as number
        const isolatedMargin = initialMargin(value, leverage)
        const position = { side, entryPrice, quantity, isolatedMargin }
        const lp = liquidationPrice({ ...position, tiers })
        const label = `${base} ${side} ${f(quantity)} @ ${f(entryPrice)} x${leverage}`
        if (lp === null) {
          expect(side === 'long' && leverage === 1, label).toBe(true)
          continue
        }
        const balance = isolatedMargin + unrealizedPnl(side, entryPrice, lp, quantity)
        const required = positionMaintenanceMargin(tiers, lp, quantity)
        // One atom of price moves the gap by up to quantity x (1 + rate) atoms; a few more for the roundings.
        const tolerance = divRound(2n * quantity, ONE, 'up') + 3n
        // Rounded toward earlier liquidation, the balance is never below the requirement by more than rounding.
        expect(balance - required, label).toBeGreaterThanOrEqual(-3n)
        expect(balance - required, label).toBeLessThanOrEqual(tolerance)
        expect(isLiquidatable(side, lp, lp), label).toBe(true)
        checked++
      }
    }
    expect(checked).toBeGreaterThan(1000)
  })

  it('moves the liquidation price away as margin is added', () => {
    const base = { entryPrice: a('60000'), quantity: a('2'), tiers: BTC }
    const thin = liquidationPrice({ ...base, side: 'long', isolatedMargin: a('6000') }) as Atoms
    const thick = liquidationPrice({ ...base, side: 'long', isolatedMargin: a('12000') }) as Atoms
    expect(thick).toBeLessThan(thin)
    const thinShort = liquidationPrice({ ...base, side: 'short', isolatedMargin: a('6000') }) as Atoms
    const thickShort = liquidationPrice({ ...base, side: 'short', isolatedMargin: a('12000') }) as Atoms
    expect(thickShort).toBeGreaterThan(thinShort)
  })
})
