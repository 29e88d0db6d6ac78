import { describe, expect, it } from 'vitest'
import type { DailyPnl } from '../../../shared/domain/history'
import { monthGrid, monthsSpanned, shareOfLargest } from '../../../renderer/src/features/history/analytics-view'

const day = (d: string, netPnl: string, trades: number): DailyPnl => ({ day: d, netPnl, trades })

describe('bar lengths and colour depth', () => {
  it('scales magnitudes against the largest, from exact decimals', () => {
    expect(shareOfLargest(['-200', '100', '0', '50.5'])).toEqual([1, 0.5, 0, 0.2525])
    expect(shareOfLargest(['0.00000001', '0.00000002'])).toEqual([0.5, 1])
    expect(shareOfLargest(['0', '0'])).toEqual([0, 0])
    expect(shareOfLargest([])).toEqual([])
  })
})

describe('the daily P&L calendar', () => {
  it('lays a month out Monday first, padded to whole weeks', () => {
    // 1 August 2024 was a Thursday; the month has 31 days and ends on a Saturday.
    const weeks = monthGrid('2024-08', [])
    expect(weeks).toHaveLength(5)
    expect(weeks[0]?.slice(0, 3)).toEqual([null, null, null])
    expect(weeks[0]?.[3]?.day).toBe('2024-08-01')
    expect(weeks[4]?.[5]?.day).toBe('2024-08-31')
    expect(weeks[4]?.[6]).toBeNull()
    expect(weeks.flat().filter((c) => c !== null)).toHaveLength(31)
  })

  it('handles a month that starts on Monday and a leap February', () => {
    const april = monthGrid('2024-04', [])
    expect(april[0]?.[0]?.day).toBe('2024-04-01')
    expect(monthGrid('2024-02', []).flat().filter((c) => c !== null)).toHaveLength(29)
  })

  it('colours days by their share of the month’s largest and marks funding-only days', () => {
    const daily = [day('2024-07-31', '-900', 3), day('2024-08-02', '120', 2), day('2024-08-03', '-60', 1), day('2024-08-04', '-1.25', 0), day('2024-08-05', '0', 1)]
    const cells = monthGrid('2024-08', daily).flat()
    const at = (d: string) => cells.find((c) => c?.day === d)
    expect(at('2024-08-02')).toMatchObject({ intensity: 1, tone: 'up', fundingOnly: false })
    // July's -900 is another month: it does not dim August.
    expect(at('2024-08-03')).toMatchObject({ intensity: 0.5, tone: 'down' })
    expect(at('2024-08-04')).toMatchObject({ tone: 'down', fundingOnly: true })
    expect(at('2024-08-05')).toMatchObject({ intensity: 0, tone: '', fundingOnly: false })
    expect(at('2024-08-06')).toMatchObject({ pnl: undefined, intensity: 0, tone: '' })
  })

  it('offers every month from the first to the last active day, quiet ones included', () => {
    expect(monthsSpanned([day('2023-11-30', '1', 1), day('2024-02-01', '1', 1)])).toEqual(['2023-11', '2023-12', '2024-01', '2024-02'])
    expect(monthsSpanned([day('2024-05-10', '1', 1)])).toEqual(['2024-05'])
    expect(monthsSpanned([])).toEqual([])
  })
})
