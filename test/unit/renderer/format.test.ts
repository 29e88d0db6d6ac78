import { describe, expect, it } from 'vitest'
import { atoms } from '../../../shared/trading/money'
import { formatExactAtoms } from '../../../renderer/src/format'

describe('exact amounts in the locale', () => {
  it('keeps every booked digit, pads to the decimals asked, and groups as the locale does', () => {
    expect(formatExactAtoms(atoms('12345678.12345678'), { locale: 'en-US' })).toBe('12,345,678.12345678')
    expect(formatExactAtoms(atoms('6000.01'), { min: 2, locale: 'en-US' })).toBe('6,000.01')
    expect(formatExactAtoms(atoms('10000'), { min: 2, locale: 'de-DE' })).toBe('10.000,00')
    expect(formatExactAtoms(atoms('1234567.5'), { min: 2, locale: 'en-IN' })).toBe('12,34,567.50')
  })

  it('rounds half away from zero beyond the decimals asked, never showing -0, and signs gains when asked', () => {
    expect(formatExactAtoms(atoms('12345678.905'), { min: 2, max: 2, locale: 'en-US' })).toBe('12,345,678.91')
    expect(formatExactAtoms(atoms('-0.005'), { min: 2, max: 2, locale: 'en-US' })).toBe('-0.01')
    expect(formatExactAtoms(atoms('-0.004'), { min: 2, max: 2, locale: 'en-US' })).toBe('0.00')
    expect(formatExactAtoms(atoms('80.25'), { min: 2, max: 2, sign: true, locale: 'en-US' })).toBe('+80.25')
    expect(formatExactAtoms(0n, { min: 2, sign: true, locale: 'en-US' })).toBe('0.00')
  })
})
