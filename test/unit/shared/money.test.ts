import { describe, expect, it } from 'vitest'
import { atoms, atomsOf, div, divRound, formatAtoms, mul, ONE, toPlainDecimal } from '../../../shared/trading/money'

describe('exact money', () => {
  it('parses and formats decimals without floats', () => {
    expect(atoms('10000')).toBe(10_000n * ONE)
    expect(atoms('0.00000001')).toBe(1n)
    expect(atoms('-1.5')).toBe(-150_000_000n)
    expect(formatAtoms(atoms('60000.01'))).toBe('60000.01')
    expect(formatAtoms(-1n)).toBe('-0.00000001')
    expect(formatAtoms(0n)).toBe('0')
  })

  it('rounds digits beyond the eighth as asked', () => {
    expect(atoms('0.000000015')).toBe(2n)
    expect(atoms('0.000000014')).toBe(1n)
    expect(atoms('0.000000011', 'up')).toBe(2n)
    expect(atoms('0.000000019', 'down')).toBe(1n)
    expect(atoms('-0.000000015')).toBe(-2n)
  })

  it('refuses anything that is not a plain decimal', () => {
    for (const bad of ['', 'abc', '1e5', '1,5', 'NaN', 'Infinity', '--1', '1.']) expect(() => atoms(bad)).toThrow(RangeError)
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY]) expect(() => atomsOf(bad)).toThrow(RangeError)
  })

  it('turns grid numbers into the exact decimal they print as', () => {
    expect(atomsOf(0.1 + 0.2)).toBe(atoms('0.30000000'))
    expect(atomsOf(60000.01)).toBe(atoms('60000.01'))
    expect(toPlainDecimal(1e-7)).toBe('0.0000001')
    expect(toPlainDecimal(1.5e21)).toBe('1500000000000000000000')
    expect(atomsOf(1e-7)).toBe(10n)
  })

  it('multiplies and divides with explicit rounding', () => {
    // 0.001 BTC at 60,000.01 USDT = 60.00001 USDT
    expect(formatAtoms(mul(atoms('60000.01'), atoms('0.001')))).toBe('60.00001')
    // taker fee 0.05% on 60.00001 = 0.030000005 -> rounds to 8 decimals
    expect(formatAtoms(mul(atoms('60.00001'), atoms('0.0005')))).toBe('0.03000001')
    expect(formatAtoms(mul(atoms('60.00001'), atoms('0.0005'), 'down'))).toBe('0.03')
    expect(formatAtoms(div(atoms('100'), atoms('3')))).toBe('33.33333333')
    expect(formatAtoms(div(atoms('200'), atoms('3')))).toBe('66.66666667')
    expect(divRound(-5n, 2n, 'half-up')).toBe(-3n)
    expect(divRound(-5n, 2n, 'down')).toBe(-2n)
    expect(() => div(1n, 0n)).toThrow(RangeError)
  })
})
