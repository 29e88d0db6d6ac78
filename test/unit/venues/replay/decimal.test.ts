import { describe, expect, it } from 'vitest'
import { canonicalDecimal, exactAtoms, formatScaled } from '../../../../electron/venues/replay/decimal'

describe('decimal helpers for recorded data', () => {
  it('spells decimals canonically', () => {
    expect(['67784.0', '0.50', '007.10', '62000', '-0.0', '-1.50'].map(canonicalDecimal)).toEqual(['67784', '0.5', '7.1', '62000', '0', '-1.5'])
    expect(() => canonicalDecimal('1e5')).toThrow(RangeError)
  })

  it('converts to atoms only when exact', () => {
    expect(exactAtoms('1.00000001')).toBe(100_000_001n)
    expect(exactAtoms('1.000000010')).toBe(100_000_001n)
    expect(() => exactAtoms('1.000000001')).toThrow(/more than 8 decimals/)
  })

  it('formats scaled integers', () => {
    expect(formatScaled(1_505_000_000_000_000_000n, 16)).toBe('150.5')
    expect(formatScaled(1n, 16)).toBe('0.0000000000000001')
    expect(formatScaled(-25n, 1)).toBe('-2.5')
    expect(formatScaled(0n, 8)).toBe('0')
  })
})
