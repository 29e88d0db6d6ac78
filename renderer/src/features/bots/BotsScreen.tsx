import { useEffect, useState } from 'react'
import { useApi } from '../../api/api-context'
import { useRequest } from '../../api/use-request'
import { formatDecimal } from '../balances/money-format'
import { useAppStore } from '../../store'
import '../strategies/strategy-screens.css'
import { DECISION_COLUMNS } from '../strategies/decision-columns'
import { AI_DECISION_COLUMNS } from '../ai/ai-columns'
import { formatUtcMinute } from '../history/history-format'
import { SIGNAL_COLUMNS } from '../signals/signal-columns'
import { SortedTable } from '../trading-tables/SortedTable'
import { BotForm } from './BotForm'
import { BotsTable, type BotAction } from './BotsTable'

/** Figures (P&L, position) move with the market: the list is read again this often while shown. */
const REFRESH_MS = 2_000

/** Bots: set one up, watch what each holds and earns, control them, read why they traded. */
export function BotsScreen() {
  const api = useApi()
  const revision = useAppStore((s) => s.revisions.bots)
  const signalsRevision = useAppStore((s) => s.revisions.signals)
  const [tick, setTick] = useState(0)
  const [selected, setSelected] = useState<number>()
  const [error, setError] = useState<string>()
  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), REFRESH_MS)
    return () => clearInterval(timer)
  }, [])
  const list = useRequest('bots.list', {}, `${revision}-${tick}`)
  const decisions = useRequest('bots.decisions', selected === undefined ? undefined : { id: selected }, `${revision}-${tick}`)
  const aiRevision = useAppStore((s) => s.revisions.ai)
  const bot = list.value?.find((b) => b.id === selected)
  const aiDecisions = useRequest('ai.decisions', bot?.strategy === 'ai-decision' ? { botId: bot.id, limit: 200 } : undefined, aiRevision)
  const log = useRequest('bots.log', selected === undefined ? undefined : { id: selected, limit: 200 }, `${revision}-${tick}`)
  const signals = useRequest('signals.list', selected === undefined ? undefined : { botId: selected, limit: 200 }, signalsRevision)

  const act = async (action: BotAction, id: number): Promise<void> => {
    const reply = await api.request(action, { id })
    setError(reply.ok ? undefined : reply.error.message)
    if (reply.ok && action === 'bots.delete' && selected === id) setSelected(undefined)
  }

  return (
    <div className="bt-screen">
      <BotForm onCreated={(created) => setSelected(created.id)} />
      <section className="panel bt-main" aria-label="Bots">
        <div className="panel-title">Bots</div>
        <div className="bt-main-body">
          {(error ?? list.error) !== undefined && (
            <p className="af-error" role="alert">
              {error ?? list.error}
            </p>
          )}
          {list.value === undefined ? (
            <p className="hx-muted">Reading the bots…</p>
          ) : (
            <BotsTable bots={list.value} selected={selected} onSelect={setSelected} onAction={(action, b) => void act(action, b.id)} />
          )}
          {bot !== undefined && (
            <section aria-label={`Decisions of ${bot.name}`}>
              <h2 className="bt-report-title">{bot.name}: decisions</h2>
              <p className="hx-muted bt-report-what">
                Every signal its strategy gave, with its reasoning; a refused one says why the account refused it. Equity {formatDecimal(bot.equity)} USDT on {bot.accountName}.
              </p>
              <div className="bt-table">
                <SortedTable
                  label="Bot decisions"
                  columns={DECISION_COLUMNS}
                  rows={decisions.value ?? []}
                  rowKey={(d) => d.id}
                  empty="No decision yet: it decides when a candle closes and its strategy sees a signal."
                  testId="bot-decisions"
                />
              </div>
              {bot.strategy === 'ai-decision' && (
                <>
                  <h2 className="bt-report-title">{bot.name}: what its models said</h2>
                  <p className="hx-muted bt-report-what">Each closed candle’s question: every model’s vote, the tokens and cost, and the verdict.</p>
                  <div className="bt-table">
                    <SortedTable label="AI decisions" columns={AI_DECISION_COLUMNS} rows={aiDecisions.value ?? []} rowKey={(d) => d.id} empty="No answer yet: the models are asked when a candle closes." testId="ai-decisions" />
                  </div>
                </>
              )}
              <h2 className="bt-report-title">{bot.name}: log</h2>
              <ul className="bt-log" data-testid="bot-log">
                {(log.value ?? []).map((entry) => (
                  <li key={entry.id}>
                    <time>{formatUtcMinute(entry.at)} UTC</time> {entry.message}
                  </li>
                ))}
              </ul>
              <h2 className="bt-report-title">{bot.name}: signals</h2>
              <p className="hx-muted bt-report-what">Signals sent to its channels from outside (Settings, Signals), accepted or refused, with why.</p>
              <div className="bt-table">
                <SortedTable
                  label="Bot signals"
                  columns={SIGNAL_COLUMNS}
                  rows={signals.value ?? []}
                  rowKey={(s) => s.id}
                  rowProps={(s) => ({ 'data-status': s.status })}
                  empty="No signal: make a channel for this bot under Settings, Signals."
                  testId="bot-signals"
                />
              </div>
            </section>
          )}
        </div>
      </section>
    </div>
  )
}
