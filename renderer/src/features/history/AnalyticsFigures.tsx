import type { TradeAnalytics } from '../../../../shared/domain/history'
import { formatDecimal } from '../balances/money-format'
import { signClass } from '../trading-tables/table-format'
import { formatFraction, formatRatio, formatUtcMinute } from './history-format'

interface Figure {
  id: string
  label: string
  value: string
  /** Hover text: the exact amount, or what the figure means. */
  title?: string
  tone?: 'up' | 'down' | ''
  /** Small print under the value. */
  note?: string
}

/** Money to the cent (exact, rounded half-up), the exact amount on hover; '—' where not defined. */
function money(id: string, label: string, value: string | null, signed = true): Figure {
  if (value === null) return { id, label, value: '—' }
  return { id, label, value: formatDecimal(value, { signed }), title: value, tone: signed ? signClass(value) : '' }
}

function figuresOf(a: TradeAnalytics): Figure[] {
  return [
    money('net', 'Net P&L', a.netPnl),
    money('gross', 'Gross P&L', a.grossPnl),
    money('fees', 'Fees', a.fees, false),
    { ...money('funding', 'Funding', a.funding, false), note: 'paid (− received)' },
    { id: 'trades', label: 'Trades', value: a.trades.toLocaleString(), note: `${a.openTrades.toLocaleString()} still open` },
    { id: 'win-rate', label: 'Win rate', value: formatFraction(a.winRate), note: `${a.wins} won · ${a.losses} lost · ${a.breakeven} even` },
    { id: 'profit-factor', label: 'Profit factor', value: formatRatio(a.profitFactor) },
    money('expectancy', 'Expectancy', a.expectancy),
    money('average-win', 'Avg. win', a.averageWin),
    money('average-loss', 'Avg. loss', a.averageLoss),
    { id: 'payoff', label: 'Payoff', value: formatRatio(a.payoffRatio), title: 'Average win / |average loss|' },
    {
      id: 'average-r',
      label: 'Avg. R',
      value: a.averageR === null ? '—' : `${formatRatio(a.averageR)} R`,
      note: `${a.rTrades.toLocaleString()} trades with a stop`,
      title: 'Net P&L / initial stop risk',
    },
    money('largest-win', 'Largest win', a.largestWin),
    money('largest-loss', 'Largest loss', a.largestLoss),
    { id: 'streaks', label: 'Longest streaks', value: `${a.longestWinStreak} W · ${a.longestLossStreak} L` },
    {
      id: 'max-drawdown',
      label: 'Max drawdown',
      value: formatDecimal(a.maxDrawdown),
      title: a.maxDrawdown,
      note: a.maxDrawdownPercent === null ? undefined : `${formatFraction(a.maxDrawdownPercent)} of peak`,
    },
    { id: 'sharpe', label: 'Sharpe', value: formatRatio(a.sharpe), title: 'Annualised, from daily returns' },
    { id: 'sortino', label: 'Sortino', value: formatRatio(a.sortino), title: 'Annualised, from daily returns' },
    { id: 'calmar', label: 'Calmar', value: formatRatio(a.calmar), title: 'Annual return / max drawdown %' },
    { id: 'exposure', label: 'Exposure', value: formatFraction(a.exposure), title: 'Share of the period with a position open' },
  ]
}

/** The performance figures of the filter in a compact grid, with how they are computed. */
export function AnalyticsFigures({ analytics }: { analytics: TradeAnalytics }) {
  const period = analytics.period
  return (
    <div className="hx-figures-block">
      <p className="hx-period" data-testid="analytics-period">
        {period === null
          ? 'No activity matches these filters.'
          : `${formatUtcMinute(period.from).slice(0, 10)} to ${formatUtcMinute(period.to - 1).slice(0, 10)} UTC · ${period.days.toLocaleString()} day${period.days === 1 ? '' : 's'} · from ${formatDecimal(analytics.startingEquity)}`}
      </p>
      <dl className="hx-figures" aria-label="Performance figures">
        {figuresOf(analytics).map((f) => (
          <div key={f.id} className="hx-figure" data-testid={`figure-${f.id}`}>
            <dt>{f.label}</dt>
            <dd className={f.tone ?? ''} title={f.title}>
              {f.value}
            </dd>
            {f.note !== undefined && <dd className="hx-figure-note">{f.note}</dd>}
          </div>
        ))}
      </dl>
      <details className="hx-method">
        <summary>How these are computed</summary>
        <p>{analytics.method}</p>
      </details>
    </div>
  )
}
