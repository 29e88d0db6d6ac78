import { useState, type FormEvent } from 'react'
import { IMPORT_VENUES, type ExchangeKeyInfo } from '../../../../shared/domain/exchanges'
import { useApi } from '../../api/api-context'
import { requestErrorText } from '../../api/request-error'
import { useRequest } from '../../api/use-request'
import { useAppStore } from '../../store'
import { describeKey, keyId, venueName } from '../settings/key-format'
import './exchange-import.css'
import { JobProgress, type JobTracker } from './HistoryJobs'

/** The contract's SymbolSchema shape (BASE/QUOTE, or BASE/QUOTE:SETTLE); a unit test keeps the two in step. */
const MARKET_SHAPE = /^[A-Z0-9]{1,15}\/[A-Z0-9]{1,15}(:[A-Z0-9]{1,15})?$/
export const MAX_MARKETS = 50
const DAY_MS = 86_400_000
/** EpochMsSchema's lower bound: 2009-01-01 UTC. */
const EARLIEST_MS = 1_230_768_000_000

/** The import request's parameters, as the dialog labels them. */
const FIELD_LABELS: Record<string, string> = {
  venue: 'Exchange',
  label: 'Key',
  accountName: 'Account name',
  symbols: 'Markets',
  since: 'Since (UTC)',
}

/** The account an import goes into unless the trader names one: "Binance main". */
export const defaultAccountName = (key: Pick<ExchangeKeyInfo, 'venue' | 'label'>): string => `${venueName(key.venue)} ${key.label}`

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string }

/**
 * Comma-separated ccxt symbols ("btc/usdt, ETH/USDT") as the request takes them: trimmed,
 * upper-cased, without blanks or repeats; names every entry that is not BASE/QUOTE.
 */
export function parseMarkets(text: string): Parsed<string[]> {
  const entries = text
    .split(',')
    .map((entry) => entry.trim().toUpperCase())
    .filter((entry) => entry !== '')
  if (entries.length === 0) return { ok: false, error: 'Enter at least one market, e.g. BTC/USDT' }
  const wrong = entries.filter((entry) => !MARKET_SHAPE.test(entry))
  if (wrong.length > 0) {
    const list = wrong.map((entry) => `"${entry}"`).join(', ')
    return { ok: false, error: `${list} ${wrong.length === 1 ? 'is not a market' : 'are not markets'} like BTC/USDT (BASE/QUOTE, or BASE/QUOTE:SETTLE for perpetuals)` }
  }
  const symbols = [...new Set(entries)]
  if (symbols.length > MAX_MARKETS) return { ok: false, error: `At most ${MAX_MARKETS} markets per import (${symbols.length} given)` }
  return { ok: true, value: symbols }
}

/** A UTC calendar day (yyyy-mm-dd) of an instant. */
export const utcDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10)

/** The since field's first value: 90 days before `now`, as a UTC day. */
export const defaultSince = (now: number): string => utcDay(now - 90 * DAY_MS)

/** A date input's value as the epoch ms of that day's UTC midnight: after 2009, not in the future. */
export function parseSince(day: string, now: number): Parsed<number> {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day)
  const ms = match === null ? NaN : Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))
  if (!Number.isFinite(ms) || utcDay(ms) !== day) return { ok: false, error: 'Choose the day to import from' }
  if (ms < EARLIEST_MS) return { ok: false, error: 'The import can start on 2009-01-01 at the earliest' }
  if (ms > now) return { ok: false, error: 'The start day is in the future' }
  return { ok: true, value: ms }
}

type ImportKey = ExchangeKeyInfo & { venue: (typeof IMPORT_VENUES)[number] }

/** Keys of exchanges whose fills the app can import. */
const importable = (keys: ExchangeKeyInfo[]): ImportKey[] => keys.filter((k): k is ImportKey => (IMPORT_VENUES as readonly string[]).includes(k.venue))

/**
 * The import dialog's "From an exchange" mode: an import of an account's fills through
 * ccxt with a key from the keychain (added and checked on the Settings screen), shown as a
 * job like a CSV import.
 */
export function ExchangeImport({ tracker, onClose }: { tracker: JobTracker; onClose(): void }) {
  const keys = useRequest('exchanges.keys', {})
  const list = importable(keys.value ?? [])
  return (
    <div className="ab-modal-body hx-exchange">
      {keys.error !== undefined && (
        <p className="hx-error-text" role="alert">
          {keys.error}
        </p>
      )}
      {keys.value !== undefined && list.length === 0 && (
        <p className="muted" data-testid="no-import-keys">
          No {IMPORT_VENUES.map(venueName).join(' or ')} key stored yet: add a read-only key on the Settings screen, then come back here.
        </p>
      )}
      <ImportForm keys={list} tracker={tracker} onClose={onClose} />
    </div>
  )
}

function ImportForm({ keys, tracker, onClose }: { keys: ImportKey[]; tracker: JobTracker; onClose(): void }) {
  const api = useApi()
  const [chosen, setChosen] = useState<string>()
  // Undefined until the trader types one: then it follows the chosen key.
  const [accountName, setAccountName] = useState<string>()
  const [markets, setMarkets] = useState('')
  const [since, setSince] = useState(() => defaultSince(Date.now()))
  // The latest day the date input offers, as of the dialog's opening.
  const [today] = useState(() => utcDay(Date.now()))
  const [sending, setSending] = useState(false)
  const [jobId, setJobId] = useState<string>()
  const [error, setError] = useState<string>()
  const job = useAppStore((s) => (jobId === undefined ? undefined : s.historyJobs[jobId]))
  const busy = sending || job?.state === 'running'

  const key = keys.find((k) => keyId(k) === chosen) ?? keys[0]
  const account = accountName ?? (key === undefined ? '' : defaultAccountName(key))

  const start = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    if (key === undefined) return setError('Add an exchange key on the Settings screen first')
    const symbols = parseMarkets(markets)
    if (!symbols.ok) return setError(`Markets: ${symbols.error}`)
    const from = parseSince(since, Date.now())
    if (!from.ok) return setError(`Since (UTC): ${from.error}`)
    if (account.trim() === '') return setError('Account name: give the account a name')
    setError(undefined)
    setJobId(undefined)
    setSending(true)
    const reply = await api.request('history.importExchange', { venue: key.venue, label: key.label, accountName: account.trim(), symbols: symbols.value, since: from.value })
    setSending(false)
    if (!reply.ok) return setError(requestErrorText(reply.error, FIELD_LABELS))
    tracker.track(reply.value)
    setJobId(reply.value.id)
  }

  const cancel = (): void => {
    if (job?.state === 'running') tracker.cancel(job)
  }

  return (
    <form className="hx-exchange-import" onSubmit={(e) => void start(e)} aria-labelledby="hx-exchange-import-title" noValidate>
      <h3 id="hx-exchange-import-title" className="hx-exchange-title">
        Import fills
      </h3>
      <div className="af-field">
        <label htmlFor="hx-exchange-key">Key</label>
        <select id="hx-exchange-key" value={key === undefined ? '' : keyId(key)} disabled={busy || keys.length === 0} onChange={(e) => setChosen(e.target.value)}>
          {keys.length === 0 && <option value="">No keys stored</option>}
          {keys.map((k) => (
            <option key={keyId(k)} value={keyId(k)}>
              {describeKey(k)}
            </option>
          ))}
        </select>
      </div>
      <div className="af-field">
        <label htmlFor="hx-exchange-account">Account name</label>
        <input id="hx-exchange-account" value={account} maxLength={60} disabled={busy} onChange={(e) => setAccountName(e.target.value)} />
        <p className="af-hint">Created, or added to when an account of that name exists.</p>
      </div>
      <div className="af-field">
        <label htmlFor="hx-exchange-markets">Markets</label>
        <input id="hx-exchange-markets" value={markets} placeholder="BTC/USDT, ETH/USDT" spellCheck={false} disabled={busy} onChange={(e) => setMarkets(e.target.value)} aria-describedby="hx-exchange-markets-hint" />
        <p className="af-hint" id="hx-exchange-markets-hint">
          Comma-separated, as ccxt names them: BTC/USDT for spot, BTC/USDT:USDT for perpetuals.
        </p>
      </div>
      <div className="af-field">
        <label htmlFor="hx-exchange-since">Since (UTC)</label>
        <input id="hx-exchange-since" type="date" value={since} min="2009-01-01" max={today} disabled={busy} onChange={(e) => setSince(e.target.value)} />
      </div>
      {job !== undefined && <JobProgress job={job} />}
      {error !== undefined && (
        <p className="ab-modal-error hx-exchange-error" role="alert" data-testid="import-error">
          {error}
        </p>
      )}
      <div className="ab-modal-actions hx-exchange-actions">
        {busy ? (
          <button type="button" onClick={cancel} disabled={job?.state !== 'running'}>
            Cancel import
          </button>
        ) : (
          <button type="button" onClick={onClose}>
            Close
          </button>
        )}
        <button type="submit" className="ab-btn-primary" disabled={busy || keys.length === 0}>
          Import from exchange
        </button>
      </div>
    </form>
  )
}
