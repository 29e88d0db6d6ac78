import type { DailyPnl } from '../../../../shared/domain/history'
import { abs, atoms } from '../../../../shared/trading/money'
import { signClass } from '../trading-tables/table-format'

/** Each amount's size next to the largest magnitude among them (0 to 1), from the exact decimals: bar lengths, colour depth. */
export function shareOfLargest(values: readonly string[]): number[] {
  const magnitudes = values.map((value) => abs(atoms(value)))
  const largest = magnitudes.reduce((a, b) => (b > a ? b : a), 0n)
  return magnitudes.map((m) => (largest === 0n ? 0 : Number((m * 10_000n) / largest) / 10_000))
}

export interface CalendarDay {
  /** YYYY-MM-DD (UTC). */
  day: string
  /** Day of the month. */
  date: number
  /** The day's figures; absent on a day without activity. */
  pnl: DailyPnl | undefined
  /** Depth of its colour: |net P&L| next to the month's largest (0 to 1). */
  intensity: number
  tone: 'up' | 'down' | ''
  /** Cash flowed (funding) but no trade closed. */
  fundingOnly: boolean
}

/** A month's weeks, Monday first; null pads the days before the 1st and after the last. */
export type MonthWeeks = Array<Array<CalendarDay | null>>

const pad2 = (n: number): string => String(n).padStart(2, '0')

/** Every month (YYYY-MM) from the first to the last day with activity, oldest first; quiet months included. */
export function monthsSpanned(daily: readonly DailyPnl[]): string[] {
  const first = daily[0]?.day
  const last = daily.at(-1)?.day
  if (first === undefined || last === undefined) return []
  let year = Number(first.slice(0, 4))
  let month = Number(first.slice(5, 7))
  const end = last.slice(0, 7)
  const months: string[] = []
  for (;;) {
    const key = `${year}-${pad2(month)}`
    months.push(key)
    if (key >= end) return months
    month = month === 12 ? 1 : month + 1
    if (month === 1) year++
  }
}

/** The calendar of one month (YYYY-MM) with the days' P&L, coloured against the month's largest day. */
export function monthGrid(month: string, daily: readonly DailyPnl[]): MonthWeeks {
  const year = Number(month.slice(0, 4))
  const index = Number(month.slice(5, 7)) - 1
  const length = new Date(Date.UTC(year, index + 1, 0)).getUTCDate()
  // getUTCDay: Sunday 0; the grid starts on Monday.
  const lead = (new Date(Date.UTC(year, index, 1)).getUTCDay() + 6) % 7
  const byDay = new Map(daily.filter((d) => d.day.startsWith(`${month}-`)).map((d) => [d.day, d]))
  const days = Array.from({ length }, (_, i) => `${month}-${pad2(i + 1)}`)
  const shares = shareOfLargest(days.map((day) => byDay.get(day)?.netPnl ?? '0'))
  const cells: Array<CalendarDay | null> = Array.from({ length: lead }, () => null)
  days.forEach((day, i) => {
    const pnl = byDay.get(day)
    cells.push({
      day,
      date: i + 1,
      pnl,
      intensity: shares[i] ?? 0,
      tone: pnl === undefined ? '' : signClass(pnl.netPnl),
      fundingOnly: pnl !== undefined && pnl.trades === 0 && atoms(pnl.netPnl) !== 0n,
    })
  })
  while (cells.length % 7 !== 0) cells.push(null)
  const weeks: MonthWeeks = []
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7))
  return weeks
}
