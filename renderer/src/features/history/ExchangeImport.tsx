import { useState, type FormEvent } from 'react'
// Types only: the contract's schemas carry zod, which the renderer does not bundle.
import type { ExchangeKeyInfo } from '../../../../shared/contract/exchanges'
import type { AppErrorShape } from '../../../../shared/contract/result'
import { useApi } from '../../api/api-context'
import { useAppStore } from '../../store'
import './exchange-import.css'
import { useRequest } from './history-hooks'
import { JobProgress, type JobTracker } from './HistoryJobs'

type Venue = ExchangeKeyInfo['venue']

/** The contract's EXCHANGE_VENUES with their names; a unit test keeps the two equal. */
export const VENUES: ReadonlyArray<{ value: Venue; label: string }> = [{ value: 'binance', label: 'Binance' }]

/** The contract's SymbolSchema shape (BASE/QUOTE, or BASE/QUOTE:SETTLE); a unit test keeps the two in step. */
const MARKET_SHAPE = /^[A-Z0-9]{1,15}\/[A-Z0-9]{1,15}(:[A-Z0-9]{1,15})?$/
export const MAX_MARKETS = 50
const DAY_MS = 86_400_000
/** EpochMsSchema's lower bound: 2009-01-01 UTC. */
const EARLIEST_MS = 1_230_768_000_000

/** Field names of the exchange requests, as the dialog labels them. */
const FIELD_LABELS: Record<string, string> = {
  venue: 'Exchange',
  label: 'Key name',
  apiKey: 'API key',
  secret: 'API secret',
  accountName: 'Account name',
  symbols: 'Markets',
  since: 'Since (UTC)',
}

/** How a stored key is identified in the select: labels never hold ':'. */
export const keyId = (key: Pick<ExchangeKeyInfo, 'venue' | 'label'>): string => `${key.venue}:${key.label}`

/** "binance · main · vmPU…A4Xs": the venue, the key's name and only the hint of its public part. */
export const describeKey = (key: ExchangeKeyInfo): string => `${key.venue} · ${key.label} · ${key.apiKeyHint}`

export function venueName(venue: string): string {
  return VENUES.find((v) => v.value === venue)?.label ?? venue.charAt(0).toUpperCase() + venue.slice(1)
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

/** A refusal in words, naming the dialog's fields where the core's checks name parameters. */
export function requestErrorText(error: AppErrorShape): string {
  const details = error.details as { issues?: unknown } | undefined
  if (error.code !== 'INVALID_PARAMS' || !Array.isArray(details?.issues)) return error.message
  const parts = (details.issues as Array<{ path?: unknown; message?: unknown }>).map((issue) => {
    const field = Array.isArray(issue.path) && typeof issue.path[0] === 'string' ? FIELD_LABELS[issue.path[0]] : undefined
    const message = typeof issue.message === 'string' ? issue.message : 'is not valid'
    return field === undefined ? message : `${field}: ${message}`
  })
  return parts.length === 0 ? error.message : parts.join('; ')
}

/**
 * The import dialog's "From an exchange" mode: the exchange keys kept in the OS keychain
 * (only a hint of each is ever shown: the secret is never read back), a form to add one,
 * and an import of an account's fills through ccxt, shown as a job like a CSV import.
 */
export function ExchangeImport({ tracker, onClose }: { tracker: JobTracker; onClose(): void }) {
  const [revision, setRevision] = useState(0)
  const keys = useRequest('exchanges.keys', {}, revision)
  const list = keys.value ?? []
  const reload = (): void => setRevision((n) => n + 1)
  return (
    <div className="ab-modal-body hx-exchange">
      <section className="hx-exchange-keys" aria-labelledby="hx-exchange-keys-title">
        <h3 id="hx-exchange-keys-title" className="hx-exchange-title">
          Exchange keys
        </h3>
        {keys.error !== undefined && (
          <p className="hx-error-text" role="alert">
            {keys.error}
          </p>
        )}
        {keys.value !== undefined && list.length === 0 && <p className="muted">No exchange keys stored yet. Add a read-only key below.</p>}
        <ul className="hx-key-list" data-testid="exchange-keys">
          {list.map((key) => (
            <StoredKey key={keyId(key)} info={key} onRemoved={reload} />
          ))}
        </ul>
        <AddKeyForm onSaved={reload} />
      </section>
      <ImportForm keys={list} tracker={tracker} onClose={onClose} />
    </div>
  )
}

function StoredKey({ info, onRemoved }: { info: ExchangeKeyInfo; onRemoved(): void }) {
  const api = useApi()
  const [confirming, setConfirming] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  const remove = async (): Promise<void> => {
    setBusy(true)
    setError(undefined)
    const reply = await api.request('exchanges.deleteKey', { venue: info.venue, label: info.label })
    setBusy(false)
    if (!reply.ok) return setError(requestErrorText(reply.error))
    setConfirming(false)
    onRemoved()
  }
  const name = `${info.venue} ${info.label}`
  return (
    <li className="hx-key" data-key={keyId(info)}>
      <span className="hx-key-text">{describeKey(info)}</span>
      {confirming ? (
        <span className="hx-inline" role="group" aria-label={`Remove ${name}?`}>
          <span>Remove this key from the keychain?</span>
          <button type="button" className="tt-btn tt-btn-danger" disabled={busy} onClick={() => void remove()}>
            Remove key
          </button>
          <button type="button" className="tt-btn" disabled={busy} onClick={() => setConfirming(false)}>
            Keep
          </button>
        </span>
      ) : (
        <button type="button" className="tt-btn" aria-label={`Remove ${name}`} onClick={() => setConfirming(true)}>
          Remove
        </button>
      )}
      {error !== undefined && (
        <span className="hx-error-text" role="alert">
          {error}
        </span>
      )}
    </li>
  )
}

type SaveStatus = { state: 'saving' } | { state: 'saved'; message: string } | { state: 'error'; message: string }

function AddKeyForm({ onSaved }: { onSaved(): void }) {
  const api = useApi()
  const [venue, setVenue] = useState<Venue>('binance')
  const [label, setLabel] = useState('')
  const [apiKey, setApiKey] = useState('')
  const [secret, setSecret] = useState('')
  const [status, setStatus] = useState<SaveStatus>()

  const save = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    const params = { venue, label: label.trim(), apiKey: apiKey.trim(), secret: secret.trim() }
    // The key and secret leave component state as the request goes: never kept, not even after a refusal.
    setApiKey('')
    setSecret('')
    setStatus({ state: 'saving' })
    const reply = await api.request('exchanges.setKey', params)
    if (!reply.ok) return setStatus({ state: 'error', message: `${requestErrorText(reply.error)}. Enter the API key and secret again.` })
    setLabel('')
    setStatus({ state: 'saved', message: `Saved ${describeKey(reply.value)} to the keychain` })
    onSaved()
  }

  const saving = status?.state === 'saving'
  return (
    <form className="hx-add-key" onSubmit={(e) => void save(e)} autoComplete="off" aria-labelledby="hx-add-key-title">
      <h4 id="hx-add-key-title" className="hx-exchange-subtitle">
        Add a key
      </h4>
      <div className="hx-add-key-grid">
        <div className="af-field">
          <label htmlFor="hx-key-venue">Exchange</label>
          <select id="hx-key-venue" value={venue} disabled={saving} onChange={(e) => setVenue(e.target.value as Venue)}>
            {VENUES.map((v) => (
              <option key={v.value} value={v.value}>
                {v.value}
              </option>
            ))}
          </select>
        </div>
        <div className="af-field">
          <label htmlFor="hx-key-label">Key name</label>
          <input id="hx-key-label" value={label} required maxLength={40} placeholder="main" disabled={saving} onChange={(e) => setLabel(e.target.value)} />
        </div>
        <div className="af-field">
          <label htmlFor="hx-key-api">API key</label>
          <input id="hx-key-api" value={apiKey} required autoComplete="off" spellCheck={false} disabled={saving} onChange={(e) => setApiKey(e.target.value)} />
        </div>
        <div className="af-field">
          <label htmlFor="hx-key-secret">API secret</label>
          <input id="hx-key-secret" type="password" value={secret} required autoComplete="off" spellCheck={false} disabled={saving} onChange={(e) => setSecret(e.target.value)} />
        </div>
      </div>
      <p className="af-hint">Use a read-only key. It is kept in the OS keychain; the app shows only its first and last characters.</p>
      <div className="hx-inline">
        <button type="submit" className="tt-btn" disabled={saving}>
          Save key
        </button>
        {status !== undefined && (
          <span className={status.state === 'error' ? 'hx-error-text' : 'hx-key-saved'} role={status.state === 'error' ? 'alert' : 'status'} data-testid="exchange-key-status" data-state={status.state}>
            {status.state === 'saving' ? 'Saving…' : status.message}
          </span>
        )}
      </div>
    </form>
  )
}

function ImportForm({ keys, tracker, onClose }: { keys: ExchangeKeyInfo[]; tracker: JobTracker; onClose(): void }) {
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
    if (key === undefined) return setError('Add an exchange key first')
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
    if (!reply.ok) return setError(requestErrorText(reply.error))
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
