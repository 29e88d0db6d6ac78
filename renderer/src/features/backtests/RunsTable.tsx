import type { BacktestRun } from '../../../../shared/domain/backtests'
import { formatDecimal } from '../balances/money-format'
import { formatFraction, formatRatio } from '../history/history-format'
import { signClass } from '../trading-tables/table-format'
import { spanText, statusText, strategyName } from './backtest-format'

/** Every run with its headline figures: open one's report, tick several to compare them, cancel or delete. */
export function RunsTable({
  runs,
  selected,
  compared,
  onSelect,
  onCompare,
  onCancel,
  onDelete,
}: {
  runs: BacktestRun[]
  selected: number | undefined
  compared: ReadonlySet<number>
  onSelect(id: number): void
  onCompare(id: number, on: boolean): void
  onCancel(id: number): void
  onDelete(id: number): void
}) {
  if (runs.length === 0) return <p className="hx-muted bt-empty">No backtests yet: set one up on the left and run it.</p>
  return (
    <div className="bt-runs-scroll">
      <table className="bt-runs" aria-label="Backtest runs">
        <thead>
          <tr>
            <th scope="col">Compare</th>
            <th scope="col">Run</th>
            <th scope="col">Data</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">Trades</th>
            <th scope="col" className="num">Net P&amp;L</th>
            <th scope="col" className="num">Return</th>
            <th scope="col" className="num">Max DD</th>
            <th scope="col" className="num">Sharpe</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => {
            const s = run.summary
            return (
              <tr key={run.id} className={run.id === selected ? 'bt-selected' : ''} data-testid={`backtest-run-${run.id}`} data-status={run.status}>
                <td>
                  <input type="checkbox" aria-label={`Compare ${run.name}`} checked={compared.has(run.id)} disabled={run.status !== 'done'} onChange={(e) => onCompare(run.id, e.target.checked)} />
                </td>
                <td>
                  <button type="button" className="bt-link" disabled={run.status !== 'done'} onClick={() => onSelect(run.id)} title={`${strategyName(run)} on ${run.symbol} ${run.timeframe}`}>
                    {run.name}
                  </button>
                </td>
                <td className="bt-data-cell" title={run.data}>
                  {spanText(run)}
                </td>
                <td>
                  {run.status === 'running' ? (
                    <progress max={1} value={run.progress ?? 0} aria-label={`${run.name} progress`} />
                  ) : null}
                  <span className={run.status === 'failed' ? 'down' : ''} title={run.error}>
                    {statusText(run)}
                  </span>
                  {run.status === 'failed' && run.error !== undefined && <div className="bt-error-text">{run.error}</div>}
                </td>
                <td className="num">{s?.trades.toLocaleString() ?? '—'}</td>
                <td className={`num ${signClass(s?.netPnl)}`}>{s === undefined ? '—' : formatDecimal(s.netPnl, { signed: true })}</td>
                <td className={`num ${s === undefined ? '' : s.returnFraction >= 0 ? 'up' : 'down'}`}>{s === undefined ? '—' : formatFraction(s.returnFraction)}</td>
                <td className="num">{s === undefined ? '—' : formatFraction(s.maxDrawdownPercent)}</td>
                <td className="num">{s === undefined ? '—' : formatRatio(s.sharpe)}</td>
                <td>
                  {run.status === 'running' ? (
                    <button type="button" className="tt-btn" onClick={() => onCancel(run.id)}>
                      Cancel
                    </button>
                  ) : (
                    <button type="button" className="tt-btn" aria-label={`Delete ${run.name}`} onClick={() => onDelete(run.id)}>
                      Delete
                    </button>
                  )}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
