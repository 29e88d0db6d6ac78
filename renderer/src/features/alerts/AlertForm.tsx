import { useState, type FormEvent } from 'react'
import type { AlertCondition, AlertKind } from '../../../../shared/domain/alerts'
import { useApi } from '../../api/api-context'
import { requestErrorText } from '../../api/request-error'
import { useAppStore } from '../../store'

const KINDS: ReadonlyArray<{ kind: AlertKind; label: string }> = [
  { kind: 'price_above', label: 'Price crosses above' },
  { kind: 'price_below', label: 'Price crosses below' },
  { kind: 'percent_move', label: 'Price moves by %' },
  { kind: 'drawdown', label: 'Account drawdown %' },
  { kind: 'margin_usage', label: 'Account margin usage %' },
  { kind: 'liquidation_distance', label: 'Position near liquidation %' },
]

const FIELD_LABELS = { 'condition.price': 'Price', 'condition.percent': 'Percent', 'condition.minutes': 'Minutes', symbol: 'Market' }

/** Sets an alert on a market or an account, delivered in the app and, if asked, to Telegram and the webhook. */
export function AlertForm() {
  const api = useApi()
  const summaries = useAppStore((s) => s.summaries)
  const accounts = useAppStore((s) => s.accounts)
  const selectedSymbol = useAppStore((s) => s.selectedSymbol)
  const selectedAccount = useAppStore((s) => s.selectedAccountId)
  const [kind, setKind] = useState<AlertKind>('price_above')
  const [symbol, setSymbol] = useState<string>()
  const [accountId, setAccountId] = useState<number>()
  const [price, setPrice] = useState('')
  const [percent, setPercent] = useState('5')
  const [minutes, setMinutes] = useState('60')
  const [telegram, setTelegram] = useState(false)
  const [webhook, setWebhook] = useState(false)
  const [repeat, setRepeat] = useState(false)
  const [status, setStatus] = useState<{ error: boolean; text: string }>()
  const market = symbol ?? selectedSymbol ?? Object.keys(summaries)[0] ?? ''
  const account = accountId ?? selectedAccount ?? Number(Object.keys(accounts)[0])
  const onMarket = kind === 'price_above' || kind === 'price_below' || kind === 'percent_move'

  const condition = (): AlertCondition => {
    if (kind === 'price_above' || kind === 'price_below') return { kind, symbol: market, price: price.trim() }
    if (kind === 'percent_move') return { kind, symbol: market, percent: percent.trim(), minutes: Number(minutes) }
    return { kind, accountId: account, percent: percent.trim() }
  }
  const create = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    const reply = await api.request('alerts.create', { condition: condition(), telegram, webhook, repeat: repeat ? 'rearm' : 'once' })
    setStatus(reply.ok ? { error: false, text: 'Alert set.' } : { error: true, text: requestErrorText(reply.error, FIELD_LABELS) })
  }

  return (
    <form className="al-form panel" onSubmit={(e) => void create(e)} aria-label="New alert">
      <div className="panel-title">New alert</div>
      <div className="af-field">
        <label htmlFor="al-kind">When</label>
        <select id="al-kind" value={kind} onChange={(e) => setKind(e.target.value as AlertKind)}>
          {KINDS.map((k) => (
            <option key={k.kind} value={k.kind}>
              {k.label}
            </option>
          ))}
        </select>
      </div>
      {onMarket ? (
        <div className="af-field">
          <label htmlFor="al-symbol">Market</label>
          <select id="al-symbol" value={market} onChange={(e) => setSymbol(e.target.value)}>
            {Object.keys(summaries).map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </div>
      ) : (
        <div className="af-field">
          <label htmlFor="al-account">Account</label>
          <select id="al-account" value={account} onChange={(e) => setAccountId(Number(e.target.value))}>
            {Object.values(accounts).map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {kind === 'price_above' || kind === 'price_below' ? (
        <div className="af-field">
          <label htmlFor="al-price">Price</label>
          <input id="al-price" inputMode="decimal" value={price} placeholder={String(summaries[market]?.last ?? '')} onChange={(e) => setPrice(e.target.value)} />
        </div>
      ) : (
        <div className="af-field">
          <label htmlFor="al-percent">Percent</label>
          <input id="al-percent" inputMode="decimal" value={percent} onChange={(e) => setPercent(e.target.value)} />
        </div>
      )}
      {kind === 'percent_move' && (
        <div className="af-field">
          <label htmlFor="al-minutes">Within minutes</label>
          <input id="al-minutes" inputMode="numeric" value={minutes} onChange={(e) => setMinutes(e.target.value)} />
        </div>
      )}
      <label className="st-check">
        <input type="checkbox" checked={repeat} onChange={(e) => setRepeat(e.target.checked)} />
        Again each time it happens
      </label>
      <label className="st-check">
        <input type="checkbox" checked={telegram} onChange={(e) => setTelegram(e.target.checked)} />
        Also to Telegram
      </label>
      <label className="st-check">
        <input type="checkbox" checked={webhook} onChange={(e) => setWebhook(e.target.checked)} />
        Also to the webhook
      </label>
      <button type="submit" className="tt-btn">
        Set alert
      </button>
      {status !== undefined && (
        <p className={status.error ? 'st-error' : 'st-saved'} role={status.error ? 'alert' : 'status'}>
          {status.text}
        </p>
      )}
    </form>
  )
}
