import type { HistoryFilter } from '../../../../shared/domain/history'
import { AnalyticsFigures } from './AnalyticsFigures'
import './history-analytics.css'
import { EquityDrawdownChart } from './EquityDrawdownChart'
import { useRequest } from '../../api/use-request'
import { PnlBreakdown } from './PnlBreakdown'
import { PnlCalendar } from './PnlCalendar'

/** Performance of the trades the filter selects: figures, equity and drawdown, P&L by group and by day. */
export function AnalyticsPanel({ filter, revision }: { filter: HistoryFilter; revision: string }) {
  const { value: analytics, error, loading } = useRequest('history.analytics', { filter }, revision)
  return (
    <section className="panel hx-analytics" aria-label="Analytics" aria-busy={loading} data-testid="history-analytics">
      <div className="panel-title hx-analytics-title">
        Analytics
        {loading && <span className="hx-muted"> · updating…</span>}
      </div>
      <div className="hx-analytics-body">
        {error !== undefined && (
          <p className="hx-error-text" role="alert">
            {error}
          </p>
        )}
        {analytics !== undefined && (
          <>
            <AnalyticsFigures analytics={analytics} />
            <h3 className="hx-section-title">Equity and drawdown</h3>
            <EquityDrawdownChart points={analytics.equity} />
            <h3 className="hx-section-title">P&L by group</h3>
            <PnlBreakdown analytics={analytics} />
            <h3 className="hx-section-title">Daily P&L</h3>
            <PnlCalendar daily={analytics.daily} />
          </>
        )}
      </div>
    </section>
  )
}
