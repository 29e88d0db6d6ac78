import { useState, type CSSProperties } from 'react'
import type { PnlGroup, TradeAnalytics } from '../../../../shared/domain/history'
import { formatDecimal } from '../balances/money-format'
import { signClass } from '../trading-tables/table-format'
import { shareOfLargest } from './analytics-view'
import { formatFraction } from './history-format'

const VIEWS = [
  { id: 'symbol', label: 'By symbol', key: 'Symbol' },
  { id: 'weekday', label: 'By weekday', key: 'Weekday (UTC)' },
  { id: 'hour', label: 'By hour', key: 'Hour (UTC)' },
] as const
type ViewId = (typeof VIEWS)[number]['id']

const groupsOf = (a: TradeAnalytics, view: ViewId): PnlGroup[] => (view === 'symbol' ? a.bySymbol : view === 'weekday' ? a.byWeekday : a.byHour)

/** Closed trades' net P&L grouped by symbol, weekday or hour of close, as bars. */
export function PnlBreakdown({ analytics }: { analytics: TradeAnalytics }) {
  const [view, setView] = useState<ViewId>('symbol')
  const groups = groupsOf(analytics, view)
  const shares = shareOfLargest(groups.map((g) => g.netPnl))
  const current = VIEWS.find((v) => v.id === view) ?? VIEWS[0]
  return (
    <div className="hx-breakdown">
      <div className="hx-segmented" role="radiogroup" aria-label="Group P&L">
        {VIEWS.map((v) => (
          <label key={v.id} className={v.id === view ? 'hx-segment hx-segment-on' : 'hx-segment'}>
            <input type="radio" name="hx-breakdown" value={v.id} checked={v.id === view} onChange={() => setView(v.id)} />
            {v.label}
          </label>
        ))}
      </div>
      {groups.length === 0 ? (
        <p className="hx-muted">No closed trades.</p>
      ) : (
        <table className="hx-bars" aria-label={`Net P&L ${current.label.toLowerCase()}`} data-testid={`pnl-by-${view}`}>
          <thead>
            <tr>
              <th scope="col">{current.key}</th>
              <th scope="col" className="num">
                Trades
              </th>
              <th scope="col" className="num">
                Won
              </th>
              <th scope="col" className="hx-bar-head">
                Net P&L
              </th>
            </tr>
          </thead>
          <tbody>
            {groups.map((g, i) => {
              const tone = signClass(g.netPnl)
              return (
                <tr key={g.key} data-key={g.key}>
                  <th scope="row">{view === 'hour' ? `${g.key}:00` : g.key}</th>
                  <td className="num">{g.trades.toLocaleString()}</td>
                  <td className="num">{g.trades === 0 ? '—' : formatFraction(g.wins / g.trades)}</td>
                  <td className="hx-bar-cell">
                    <span className={`hx-bar hx-bar-${tone || 'flat'}`} style={{ '--hx-share': `${(shares[i] ?? 0) * 100}%` } as CSSProperties} aria-hidden="true" />
                    <span className={`hx-bar-value ${tone}`} title={g.netPnl}>
                      {formatDecimal(g.netPnl, { signed: true })}
                    </span>
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
    </div>
  )
}
