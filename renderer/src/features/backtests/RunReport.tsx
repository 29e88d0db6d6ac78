import type { RoundTrip } from '../../../../shared/domain/history'
import { useRequest } from '../../api/use-request'
import { formatDecimal } from '../balances/money-format'
import { AnalyticsFigures } from '../history/AnalyticsFigures'
import { EquityDrawdownChart } from '../history/EquityDrawdownChart'
import { formatUtcMinute } from '../history/history-format'
import { signClass } from '../trading-tables/table-format'
import { decimalKey, type ColumnDef } from '../trading-tables/table-model'
import { SortedTable } from '../trading-tables/SortedTable'
import { DECISION_COLUMNS } from '../strategies/decision-columns'
import { paramsText, strategyName } from './backtest-format'

const TRADE_COLUMNS: readonly ColumnDef<RoundTrip>[] = [
  { id: 'opened', header: 'Opened (UTC)', width: 130, cell: (t) => formatUtcMinute(t.openedAt), sortKey: (t) => t.openedAt },
  { id: 'closed', header: 'Closed (UTC)', width: 130, cell: (t) => (t.closedAt === undefined ? 'open' : formatUtcMinute(t.closedAt)), sortKey: (t) => t.closedAt ?? Infinity },
  { id: 'side', header: 'Side', width: 60, cell: (t) => <span className={t.side === 'long' ? 'up' : 'down'}>{t.side}</span>, sortKey: (t) => t.side },
  { id: 'size', header: 'Size', width: 90, align: 'right', cell: (t) => t.maxAmount, sortKey: (t) => decimalKey(t.maxAmount) },
  { id: 'entry', header: 'Entry', width: 100, align: 'right', cell: (t) => formatDecimal(t.entryPrice), sortKey: (t) => decimalKey(t.entryPrice) },
  { id: 'exit', header: 'Exit', width: 100, align: 'right', cell: (t) => formatDecimal(t.exitPrice), sortKey: (t) => decimalKey(t.exitPrice) },
  { id: 'fees', header: 'Fees', width: 80, align: 'right', cell: (t) => formatDecimal(t.fees), sortKey: (t) => decimalKey(t.fees) },
  { id: 'net', header: 'Net P&L', width: 100, grow: true, align: 'right', cell: (t) => <span className={signClass(t.netPnl)}>{formatDecimal(t.netPnl, { signed: true })}</span>, sortKey: (t) => decimalKey(t.netPnl) },
]

/** One finished run: what was tested, the history's analytics of its account, its trades and the strategy's decisions. */
export function RunReport({ id }: { id: number }) {
  const { value: report, error, loading } = useRequest('backtests.report', { id })
  if (error !== undefined) return <p className="af-error" role="alert">{error}</p>
  if (report === undefined) return <p className="hx-muted">{loading ? 'Reading the run…' : ''}</p>
  const { run } = report
  return (
    <section className="bt-report" aria-label={`Report of ${run.name}`} data-testid="backtest-report">
      <h2 className="bt-report-title">{run.name}</h2>
      <p className="hx-muted bt-report-what">
        {strategyName(run)} ({paramsText(run)}) on {run.symbol} {run.timeframe} candles · {run.data} · {formatDecimal(run.startingBalance)} USDT, {formatDecimal(String(Number(run.positionSize) * 100))} % of equity per entry
      </p>
      <AnalyticsFigures analytics={report.analytics} />
      <h3 className="hx-section-title">Equity and drawdown</h3>
      <EquityDrawdownChart points={report.analytics.equity} />
      <h3 className="hx-section-title">
        Trades{report.totalTrades > report.trades.length ? ` (the latest ${report.trades.length} of ${report.totalTrades.toLocaleString()})` : ''}
      </h3>
      <div className="bt-table">
        <SortedTable
          label="Backtest trades"
          columns={TRADE_COLUMNS}
          rows={report.trades}
          rowKey={(t) => t.id}
          empty="The strategy made no trade on this data."
          testId="backtest-trades"
        />
      </div>
      <h3 className="hx-section-title">Decisions (the latest {report.decisions.length})</h3>
      <div className="bt-table">
        <SortedTable
          label="Strategy decisions"
          columns={DECISION_COLUMNS}
          rows={report.decisions}
          rowKey={(d) => d.id}
          empty="The strategy made no decision on this data."
          testId="backtest-decisions"
        />
      </div>
    </section>
  )
}
