import { useState, type FormEvent } from 'react'
import type { BacktestRun } from '../../../../shared/domain/backtests'
import type { Timeframe } from '../../../../shared/domain/market'
import { STRATEGY_SPECS } from '../../../../shared/domain/strategies'
import { useApi } from '../../api/api-context'
import { requestErrorText } from '../../api/request-error'
import { useAppStore } from '../../store'
import { MarketFields } from '../strategies/MarketFields'
import { DataFields, useDataChoice } from './DataFields'
import { StrategyPicker, useStrategyChoice } from '../strategies/StrategyPicker'
import { BACKTEST_STRATEGY_IDS } from '../../../../shared/domain/strategies'

const FIELD_LABELS: Record<string, string> = {
  name: 'Run name',
  choice: 'Strategy',
  grid: 'Sweep',
  params: 'Parameters',
  symbol: 'Market',
  timeframe: 'Timeframe',
  data: 'Data',
  startingBalance: 'Starting balance',
  positionSize: 'Position size',
}
const DECIMAL = /^\d{1,10}(\.\d{1,8})?$/

/** Position size as the percent a trader types, checked and turned into the fraction the request takes. */
function sizeFraction(percent: string): string | undefined {
  const value = Number(percent.trim())
  if (!DECIMAL.test(percent.trim()) || !(value > 0) || value > 100) return undefined
  const fraction = (value / 100).toFixed(8).replace(/0+$/, '').replace(/\.$/, '')
  return fraction === '0' ? undefined : fraction
}

/** Sets up and starts a backtest: a strategy with its parameters, a market and its data, and the account it trades. */
export function BacktestForm({ onStarted }: { onStarted(runs: BacktestRun[]): void }) {
  const api = useApi()
  const symbols = useAppStore((s) => s.symbols)
  const strategy = useStrategyChoice(BACKTEST_STRATEGY_IDS)
  const [symbol, setSymbol] = useState('')
  const [timeframe, setTimeframe] = useState<Timeframe>('15m')
  const data = useDataChoice()
  const [startingBalance, setStartingBalance] = useState('10000')
  const [sizePercent, setSizePercent] = useState('50')
  const [name, setName] = useState('')
  const [sweeping, setSweeping] = useState(false)
  const [problems, setProblems] = useState<Record<string, string>>({})
  const [status, setStatus] = useState<{ state: 'starting' } | { state: 'error'; message: string }>()
  const market = symbol !== '' ? symbol : data.kind === 'exchange' ? 'BTC/USDT' : (symbols[0] ?? '')
  const starting = status?.state === 'starting'
  const spec = STRATEGY_SPECS[strategy.strategy]

  const start = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    const found: Record<string, string> = {}
    const positionSize = sizeFraction(sizePercent)
    if (positionSize === undefined) found.positionSize = 'Position size must be a percent of equity above 0 and at most 100'
    if (!DECIMAL.test(startingBalance.trim()) || !(Number(startingBalance) > 0)) found.startingBalance = 'Starting balance must be an amount above 0, such as 10000'
    const chosen = data.check()
    const checked = sweeping ? strategy.checkSweep() : strategy.check()
    const strategyProblems = checked.problems
    setProblems(found)
    if (Object.keys(found).length > 0 || Object.keys(strategyProblems).length > 0 || positionSize === undefined || chosen === undefined) return setStatus(undefined)
    setStatus({ state: 'starting' })
    const shared = {
      ...(name.trim() === '' ? {} : { name: name.trim() }),
      symbol: market,
      timeframe,
      data: chosen,
      startingBalance: startingBalance.trim(),
      positionSize,
    }
    const reply =
      'grid' in checked && Object.keys(checked.grid).length > 0
        ? await api.request('backtests.sweep', { ...shared, strategy: checked.strategy, params: checked.params, grid: checked.grid })
        : await api.request('backtests.start', { ...shared, choice: { strategy: strategy.strategy, params: 'grid' in checked ? checked.params : checked.choice.params } as never }).then((r) =>
            r.ok ? { ok: true as const, value: [r.value] } : r,
          )
    if (!reply.ok) return setStatus({ state: 'error', message: requestErrorText(reply.error, FIELD_LABELS) })
    setStatus(undefined)
    onStarted(reply.value)
  }

  return (
    <form className="panel bt-form" aria-label="New backtest" onSubmit={(e) => void start(e)} noValidate>
      <div className="panel-title">New backtest</div>
      <div className="bt-form-body">
        <label className="bt-sweep">
          <input type="checkbox" checked={sweeping} disabled={starting} onChange={(e) => setSweeping(e.target.checked)} /> Sweep parameters (a run per combination, on worker threads)
        </label>
        <StrategyPicker state={strategy} disabled={starting} sweeping={sweeping} />
        <DataFields state={data} disabled={starting} />
        <MarketFields idPrefix="bt" symbols={data.kind === 'exchange' ? undefined : symbols} symbol={market} timeframe={timeframe} disabled={starting} onSymbol={setSymbol} onTimeframe={setTimeframe} />
        <div className="bt-row">
          <div className="af-field">
            <label htmlFor="bt-balance">Starting balance (USDT)</label>
            <input id="bt-balance" inputMode="decimal" value={startingBalance} disabled={starting} aria-invalid={problems.startingBalance !== undefined} onChange={(e) => setStartingBalance(e.target.value)} />
            {problems.startingBalance !== undefined && (
              <span className="af-error" role="alert">
                {problems.startingBalance}
              </span>
            )}
          </div>
          <div className="af-field">
            <label htmlFor="bt-size">Position size (% of equity)</label>
            <input id="bt-size" inputMode="decimal" value={sizePercent} disabled={starting} aria-invalid={problems.positionSize !== undefined} onChange={(e) => setSizePercent(e.target.value)} />
            {problems.positionSize !== undefined && (
              <span className="af-error" role="alert">
                {problems.positionSize}
              </span>
            )}
          </div>
        </div>
        <div className="af-field">
          <label htmlFor="bt-name">Run name (optional)</label>
          <input id="bt-name" value={name} maxLength={60} disabled={starting} placeholder={`${spec.name} ${market} ${timeframe}`} onChange={(e) => setName(e.target.value)} />
        </div>
        <p className="af-hint">Fills, fees, spread, slippage and funding are the paper sandbox&apos;s own: the run trades a fresh account through the same engine.</p>
        <div className="bt-actions">
          <button type="submit" className="tt-btn bt-run" disabled={starting || market === ''}>
            {sweeping ? 'Run sweep' : 'Run backtest'}
          </button>
          {status !== undefined && (
            <span className={status.state === 'error' ? 'af-error' : 'af-hint'} role={status.state === 'error' ? 'alert' : 'status'} data-testid="backtest-form-status">
              {status.state === 'starting' ? 'Reading the data…' : status.message}
            </span>
          )}
        </div>
      </div>
    </form>
  )
}
