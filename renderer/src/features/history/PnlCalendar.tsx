import { useMemo, useState, type CSSProperties } from 'react'
import type { DailyPnl } from '../../../../shared/domain/history'
import { formatDecimal } from '../balances/money-format'
import { monthGrid, monthsSpanned, type CalendarDay } from './analytics-view'

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']
const monthName = new Intl.DateTimeFormat(undefined, { month: 'long', year: 'numeric', timeZone: 'UTC' })

function dayTitle(cell: CalendarDay): string {
  if (cell.pnl === undefined) return `${cell.day}: no activity`
  const trades = cell.fundingOnly ? 'funding only' : `${cell.pnl.trades} trade${cell.pnl.trades === 1 ? '' : 's'} closed`
  return `${cell.day}: ${formatDecimal(cell.pnl.netPnl, { signed: true })} net, ${trades}`
}

function DayCell({ cell }: { cell: CalendarDay }) {
  const active = cell.pnl !== undefined
  const style = { '--hx-depth': `${Math.round(15 + cell.intensity * 60)}%` } as CSSProperties
  return (
    <td
      className={`hx-day ${active ? `hx-day-active hx-day-${cell.tone || 'flat'}` : ''} ${cell.fundingOnly ? 'hx-day-funding' : ''}`}
      style={active ? style : undefined}
      title={dayTitle(cell)}
      data-day={cell.day}
      data-net={cell.pnl?.netPnl}
    >
      <span className="hx-day-date">{cell.date}</span>
      {cell.pnl !== undefined && <span className="hx-day-pnl">{formatDecimal(cell.pnl.netPnl, { decimals: 0, signed: true })}</span>}
      {cell.fundingOnly && (
        <span className="hx-day-mark" aria-label="funding only">
          ƒ
        </span>
      )}
    </td>
  )
}

/** Net P&L per UTC day, a month at a time; colour depth follows the month's largest day. */
export function PnlCalendar({ daily }: { daily: DailyPnl[] }) {
  const months = useMemo(() => monthsSpanned(daily), [daily])
  const [chosen, setChosen] = useState<string>()
  // The newest month unless the trader moved, and that month is still in range.
  const month = chosen !== undefined && months.includes(chosen) ? chosen : months.at(-1)
  const weeks = useMemo(() => (month === undefined ? [] : monthGrid(month, daily)), [month, daily])
  if (month === undefined) return <p className="hx-muted">No days with activity.</p>
  const index = months.indexOf(month)
  const title = monthName.format(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1, 1))
  return (
    <div className="hx-calendar" data-testid="pnl-calendar" data-month={month}>
      <div className="hx-calendar-nav">
        <button type="button" className="hx-icon-btn" aria-label="Previous month" disabled={index <= 0} onClick={() => setChosen(months[index - 1])}>
          ‹
        </button>
        <span className="hx-calendar-title" aria-live="polite">
          {title}
        </span>
        <button type="button" className="hx-icon-btn" aria-label="Next month" disabled={index >= months.length - 1} onClick={() => setChosen(months[index + 1])}>
          ›
        </button>
      </div>
      <table className="hx-month" aria-label={`Daily net P&L, ${title} (UTC)`}>
        <thead>
          <tr>
            {WEEKDAYS.map((d) => (
              <th key={d} scope="col">
                {d}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week, w) => (
            <tr key={w}>
              {week.map((cell, d) => (cell === null ? <td key={d} className="hx-day hx-day-pad" /> : <DayCell key={d} cell={cell} />))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
