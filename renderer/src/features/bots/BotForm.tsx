import { useState, type FormEvent } from 'react'
import type { Bot } from '../../../../shared/domain/bots'
import type { Timeframe } from '../../../../shared/domain/market'
import { STRATEGY_SPECS } from '../../../../shared/domain/strategies'
import { useApi } from '../../api/api-context'
import { requestErrorText } from '../../api/request-error'
import { useAppStore } from '../../store'
import { MarketFields } from '../strategies/MarketFields'
import { StrategyPicker, useStrategyChoice } from '../strategies/StrategyPicker'

const FIELD_LABELS: Record<string, string> = {
  name: 'Bot name',
  choice: 'Strategy',
  symbol: 'Market',
  timeframe: 'Candles',
  accountId: 'Account',
  'risk.maxDailyLoss': 'Daily loss limit',
  'risk.maxConsecutiveLosses': 'Losing trades in a row',
}

/** Sets up a bot (strategy, market, candles, the paper account it trades) and starts it. */
export function BotForm({ onCreated }: { onCreated(bot: Bot): void }) {
  const api = useApi()
  const symbols = useAppStore((s) => s.symbols)
  const accounts = useAppStore((s) => s.accounts)
  const strategy = useStrategyChoice()
  const [symbol, setSymbol] = useState('')
  const [timeframe, setTimeframe] = useState<Timeframe>('1m')
  const [accountId, setAccountId] = useState<number>()
  const [name, setName] = useState('')
  const [maxDailyLoss, setMaxDailyLoss] = useState('')
  const [maxLosses, setMaxLosses] = useState('')
  const [status, setStatus] = useState<{ state: 'creating' } | { state: 'error'; message: string }>()
  const active = Object.values(accounts).filter((a) => a.status === 'active')
  const market = symbol !== '' ? symbol : (symbols[0] ?? '')
  const account = accountId ?? active[0]?.id
  const busy = status?.state === 'creating'

  const create = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    const checked = strategy.check()
    if (Object.keys(checked.problems).length > 0 || account === undefined) return setStatus(undefined)
    setStatus({ state: 'creating' })
    const created = await api.request('bots.create', {
      ...(name.trim() === '' ? {} : { name: name.trim() }),
      choice: checked.choice as never,
      symbol: market,
      timeframe,
      accountId: account,
      risk: {
        ...(maxDailyLoss.trim() === '' ? {} : { maxDailyLoss: maxDailyLoss.trim() }),
        ...(maxLosses.trim() === '' ? {} : { maxConsecutiveLosses: Number(maxLosses) }),
      },
    })
    if (!created.ok) return setStatus({ state: 'error', message: requestErrorText(created.error, FIELD_LABELS) })
    const started = await api.request('bots.start', { id: created.value.id })
    if (!started.ok) return setStatus({ state: 'error', message: `Created, but not started: ${started.error.message}` })
    setStatus(undefined)
    onCreated(started.value)
  }

  return (
    <form className="panel bt-form" aria-label="New bot" onSubmit={(e) => void create(e)} noValidate>
      <div className="panel-title">New bot</div>
      <div className="bt-form-body">
        <StrategyPicker state={strategy} disabled={busy} />
        <MarketFields idPrefix="bot" symbols={symbols} symbol={market} timeframe={timeframe} disabled={busy} onSymbol={setSymbol} onTimeframe={setTimeframe} />
        <div className="af-field">
          <label htmlFor="bot-account">Account</label>
          <select id="bot-account" value={account ?? ''} disabled={busy || active.length === 0} onChange={(e) => setAccountId(Number(e.target.value))}>
            {active.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
          <span className="af-hint">
            {active.length === 0 ? 'Create a paper account first (top bar).' : 'Its sizing, default stops and risk limits apply to the bot’s trades; its kill switch and circuit breaker stop the bot.'}
          </span>
        </div>
        <div className="af-field">
          <label htmlFor="bot-daily-loss">Stop after a daily loss of (optional)</label>
          <input id="bot-daily-loss" inputMode="decimal" value={maxDailyLoss} disabled={busy} placeholder="e.g. 200" onChange={(e) => setMaxDailyLoss(e.target.value)} />
        </div>
        <div className="af-field">
          <label htmlFor="bot-losses">Stop after losing trades in a row (optional)</label>
          <input id="bot-losses" inputMode="numeric" value={maxLosses} disabled={busy} placeholder="e.g. 3" onChange={(e) => setMaxLosses(e.target.value)} />
          <span className="af-hint">The bot’s own circuit breaker, on its market (fees included); it stops the bot and says why.</span>
        </div>
        <div className="af-field">
          <label htmlFor="bot-name">Bot name (optional)</label>
          <input id="bot-name" value={name} maxLength={60} disabled={busy} placeholder={`${STRATEGY_SPECS[strategy.strategy].name} ${market} ${timeframe}`} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="bt-actions">
          <button type="submit" className="tt-btn bt-run" disabled={busy || market === '' || account === undefined}>
            Create and start
          </button>
          {status !== undefined && (
            <span className={status.state === 'error' ? 'af-error' : 'af-hint'} role={status.state === 'error' ? 'alert' : 'status'} data-testid="bot-form-status">
              {status.state === 'creating' ? 'Warming the strategy up on the history…' : status.message}
            </span>
          )}
        </div>
      </div>
    </form>
  )
}
