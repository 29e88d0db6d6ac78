import type { BacktestRun, BacktestSummary } from '../../../../shared/domain/backtests'
import { formatDecimal } from '../balances/money-format'
import { formatFraction, formatRatio } from '../history/history-format'
import { paramsText, spanText, strategyName } from './backtest-format'

interface Row {
  label: string
  value(run: BacktestRun, s: BacktestSummary): string
  /** Which way is better, to mark the best run of a row. */
  better?: 'high' | 'low'
  key?(s: BacktestSummary): number | null
}

const ROWS: readonly Row[] = [
  { label: 'Strategy', value: (r) => strategyName(r) },
  { label: 'Parameters', value: (r) => paramsText(r) },
  { label: 'Market', value: (r) => `${r.symbol} ${r.timeframe}` },
  { label: 'Data', value: (r) => `${r.data} (${spanText(r)})` },
  { label: 'Net P&L', value: (_, s) => formatDecimal(s.netPnl, { signed: true }), better: 'high', key: (s) => Number(s.netPnl) },
  { label: 'Return', value: (_, s) => formatFraction(s.returnFraction), better: 'high', key: (s) => s.returnFraction },
  { label: 'Final equity', value: (_, s) => formatDecimal(s.finalEquity) },
  { label: 'Trades', value: (_, s) => s.trades.toLocaleString() },
  { label: 'Win rate', value: (_, s) => formatFraction(s.winRate), better: 'high', key: (s) => s.winRate },
  { label: 'Profit factor', value: (_, s) => formatRatio(s.profitFactor), better: 'high', key: (s) => s.profitFactor },
  { label: 'Max drawdown', value: (_, s) => formatFraction(s.maxDrawdownPercent), better: 'low', key: (s) => s.maxDrawdownPercent },
  { label: 'Sharpe', value: (_, s) => formatRatio(s.sharpe), better: 'high', key: (s) => s.sharpe },
  { label: 'Fees', value: (_, s) => formatDecimal(s.fees) },
]

/** The index of the run a row ranks best, if it ranks them at all. */
function bestOf(row: Row, runs: readonly BacktestRun[]): number | undefined {
  if (row.better === undefined || row.key === undefined) return undefined
  let best: number | undefined
  let bestKey: number | undefined
  runs.forEach((run, i) => {
    const key = run.summary === undefined ? null : (row.key as NonNullable<Row['key']>)(run.summary)
    if (key === null || !Number.isFinite(key)) return
    if (bestKey === undefined || (row.better === 'high' ? key > bestKey : key < bestKey)) {
      best = i
      bestKey = key
    }
  })
  return best
}

/** Finished runs side by side, the best figure of each row marked. */
export function RunComparison({ runs }: { runs: BacktestRun[] }) {
  return (
    <section aria-label="Compare runs" data-testid="backtest-comparison">
      <h2 className="bt-report-title">Comparing {runs.length} runs</h2>
      <div className="bt-runs-scroll">
        <table className="bt-compare">
          <thead>
            <tr>
              <th scope="col">
                <span className="visually-hidden">Figure</span>
              </th>
              {runs.map((run) => (
                <th key={run.id} scope="col">
                  {run.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {ROWS.map((row) => {
              const best = bestOf(row, runs)
              return (
                <tr key={row.label}>
                  <th scope="row">{row.label}</th>
                  {runs.map((run, i) => (
                    <td key={run.id} className={i === best ? 'bt-best' : ''} data-best={i === best || undefined}>
                      {run.summary === undefined ? '—' : row.value(run, run.summary)}
                    </td>
                  ))}
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
    </section>
  )
}
