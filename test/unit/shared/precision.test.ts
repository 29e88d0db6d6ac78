import { describe, expect, it } from 'vitest'
import { stepGrid } from '../../../shared/trading/precision'

describe('stepGrid', () => {
  it('rounds to the grid and yields the exact decimal, never float noise', () => {
    const cents = stepGrid('0.01')
    expect(cents.round(60000.014999)).toBe(60000.01)
    expect(String(cents.fromUnits(6_000_001))).toBe('60000.01')
    expect(String(stepGrid('0.1').fromUnits(3))).toBe('0.3')
    expect(String(stepGrid('0.00001').round(0.1 + 0.2))).toBe('0.3')
    expect(stepGrid('5').round(12)).toBe(10)
  })

  it('knows its decimals', () => {
    expect(stepGrid('0.001').decimals).toBe(3)
    expect(stepGrid('1').decimals).toBe(0)
  })

  it('refuses steps that are not positive decimals', () => {
    for (const bad of ['0', '-1', '1e-3', 'abc', '']) expect(() => stepGrid(bad)).toThrow()
  })
})
