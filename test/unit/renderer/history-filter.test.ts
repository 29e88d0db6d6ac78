import { describe, expect, it } from 'vitest'
import { EMPTY_FORM, isFiltered, toHistoryFilter, utcDayStart } from '../../../renderer/src/features/history/history-filter'

describe('the history filter bar', () => {
  it('sends nothing for an empty form', () => {
    expect(toHistoryFilter(EMPTY_FORM)).toEqual({ filter: {} })
    expect(isFiltered(EMPTY_FORM)).toBe(false)
  })

  it('turns every field into the contract filter', () => {
    const form = { ...EMPTY_FORM, accountId: '7', venue: 'binance', symbol: 'BTC/USDT:USDT', side: 'short', source: 'imported', outcome: 'loss', tag: 'fomo', search: '  breakout ' } as const
    expect(toHistoryFilter(form)).toEqual({
      filter: { accountIds: [7], venues: ['binance'], symbols: ['BTC/USDT:USDT'], side: 'short', sources: ['imported'], outcome: 'loss', tag: 'fomo', search: 'breakout' },
    })
    expect(isFiltered(form)).toBe(true)
  })

  it('reads dates as UTC days, the end date included', () => {
    const { filter } = toHistoryFilter({ ...EMPTY_FORM, from: '2024-08-05', to: '2024-08-05' })
    expect(filter.from).toBe(Date.UTC(2024, 7, 5))
    expect(filter.to).toBe(Date.UTC(2024, 7, 6))
    expect(toHistoryFilter({ ...EMPTY_FORM, to: '2024-12-31' }).filter.to).toBe(Date.UTC(2025, 0, 1))
  })

  it('ignores dates that contradict each other, and says so', () => {
    const result = toHistoryFilter({ ...EMPTY_FORM, symbol: 'ETH/USDT', from: '2024-09-02', to: '2024-09-01' })
    expect(result.filter).toEqual({ symbols: ['ETH/USDT'] })
    expect(result.problem).toMatch(/start date is after the end date/)
  })

  it('refuses what is not a real date', () => {
    expect(utcDayStart('2024-02-29')).toBe(Date.UTC(2024, 1, 29))
    expect(utcDayStart('2025-02-29')).toBeUndefined()
    expect(utcDayStart('')).toBeUndefined()
    expect(utcDayStart('05/08/2024')).toBeUndefined()
  })
})
