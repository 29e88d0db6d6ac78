import { describe, expect, it } from 'vitest'
import { atoms, formatAtoms } from '../../../shared/trading/money'
import { bracketPrice, sizePosition, type SizingInput } from '../../../shared/trading/sizing'

const base: SizingInput = {
  method: 'ACCOUNT_PERCENTAGE',
  value: atoms('0.1'),
  confidence: atoms('1'),
  equity: atoms('10000'),
  available: atoms('10000'),
  price: atoms('60000'),
  leverage: 5,
  takerFee: atoms('0.0005'),
  amountStep: atoms('0.001'),
}
const show = (s: ReturnType<typeof sizePosition>) => ({ target: formatAtoms(s.target), notional: formatAtoms(s.notional), amount: formatAtoms(s.amount), capped: s.cappedByMargin })

describe('sizing trade intents', () => {
  it('ACCOUNT_PERCENTAGE: a share of equity as notional, rounded down to the step', () => {
    // 10 % of 10,000 = 1,000 notional; 1,000 / 60,000 = 0.01666 -> 0.016.
    expect(show(sizePosition(base))).toEqual({ target: '1000', notional: '1000', amount: '0.016', capped: false })
  })

  it('CONFIDENCE_BASED: confidence x the maximum share', () => {
    expect(show(sizePosition({ ...base, method: 'CONFIDENCE_BASED', value: atoms('0.2'), confidence: atoms('0.6') }))).toEqual({
      target: '1200',
      notional: '1200',
      amount: '0.02',
      capped: false,
    })
  })

  it('FIXED_USD and the notional override', () => {
    expect(sizePosition({ ...base, method: 'FIXED_USD', value: atoms('300') }).amount).toBe(atoms('0.005'))
    expect(sizePosition({ ...base, notionalOverride: atoms('6000') }).amount).toBe(atoms('0.1'))
  })

  it('caps margin plus fee at 95 % of the available balance', () => {
    // Budget 0.95 x 1,000 = 950; cap = 950 x 5 / (1 + 5 x 0.0005) = 4,738.15...
    const sized = sizePosition({ ...base, available: atoms('1000'), notionalOverride: atoms('50000') })
    expect(sized.cappedByMargin).toBe(true)
    expect(formatAtoms(sized.notional)).toBe('4738.15461346')
    const margin = sized.notional / 5n
    const fee = (sized.notional * atoms('0.0005')) / atoms('1')
    expect(margin + fee).toBeLessThanOrEqual(atoms('950'))
  })

  it('places brackets on the far side of the entry, on the tick, never closer than asked', () => {
    const tick = atoms('0.1')
    expect(formatAtoms(bracketPrice(atoms('60000'), atoms('0.02'), 'long', 'stop_loss', tick))).toBe('58800')
    expect(formatAtoms(bracketPrice(atoms('60000'), atoms('0.03'), 'long', 'take_profit', tick))).toBe('61800')
    expect(formatAtoms(bracketPrice(atoms('60000.05'), atoms('0.01'), 'short', 'stop_loss', tick))).toBe('60600.1')
    expect(formatAtoms(bracketPrice(atoms('60000.05'), atoms('0.01'), 'long', 'stop_loss', tick))).toBe('59400')
  })
})
