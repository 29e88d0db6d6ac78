import { useState } from 'react'
import type { ExchangeKeyInfo, ExchangeVenueInfo } from '../../../../shared/domain/exchanges'
import { useApi } from '../../api/api-context'
import { requestErrorText } from '../../api/request-error'
import { useRequest } from '../../api/use-request'
import { KeyForm } from './KeyForm'
import { checkSummary, describeKey, keyId, permissionLabels } from './key-format'

/**
 * The exchange keys kept in the OS keychain: each shown by a hint only, with its last
 * check, what it may do and any warning; add, test, replace and remove.
 */
export function ExchangeKeysPanel() {
  const [revision, setRevision] = useState(0)
  const venues = useRequest('exchanges.venues', {})
  const keys = useRequest('exchanges.keys', {}, revision)
  const [adding, setAdding] = useState(false)
  const [saved, setSaved] = useState<string>()
  const reload = (): void => setRevision((n) => n + 1)
  const list = keys.value ?? []
  const error = venues.error ?? keys.error

  return (
    <section className="st-section" aria-labelledby="st-keys-title">
      <h2 id="st-keys-title" className="st-section-title">
        Exchange keys
      </h2>
      <p className="st-intro">
        Keys for reading balances and history, and later for live trading. Use keys without withdrawal permission, and restrict them to this computer&apos;s IP address where the exchange allows it.
      </p>
      {error !== undefined && (
        <p className="st-error" role="alert">
          {error}
        </p>
      )}
      {keys.value !== undefined && list.length === 0 && <p className="muted">No exchange keys stored.</p>}
      <ul className="st-key-list" data-testid="exchange-keys">
        {list.map((key) => (
          <StoredKey key={keyId(key)} info={key} venues={venues.value ?? []} onChanged={reload} />
        ))}
      </ul>
      {saved !== undefined && (
        <p className="st-saved" role="status" data-testid="key-saved">
          {saved}
        </p>
      )}
      {adding && venues.value !== undefined ? (
        <KeyForm
          venues={venues.value}
          onCancel={() => setAdding(false)}
          onSaved={(info) => {
            setAdding(false)
            setSaved(`Saved ${describeKey(info)} to the keychain.`)
            reload()
          }}
        />
      ) : (
        <button
          type="button"
          className="tt-btn"
          disabled={venues.value === undefined}
          onClick={() => {
            setSaved(undefined)
            setAdding(true)
          }}
        >
          Add a key
        </button>
      )}
    </section>
  )
}

type Mode = 'view' | 'replacing' | 'confirm-remove'

function StoredKey({ info, venues, onChanged }: { info: ExchangeKeyInfo; venues: ExchangeVenueInfo[]; onChanged(): void }) {
  const api = useApi()
  const [mode, setMode] = useState<Mode>('view')
  const [busy, setBusy] = useState<'testing' | 'removing'>()
  const [error, setError] = useState<string>()
  const name = describeKey(info)
  // "Checked 5 min ago" is as of the list's last render from the core, not a ticking clock.
  const [shownAt] = useState(Date.now)
  const summary = checkSummary(info.check, Math.max(shownAt, info.check?.at ?? 0))

  const run = async (what: 'testing' | 'removing'): Promise<void> => {
    setBusy(what)
    setError(undefined)
    const ref = { venue: info.venue, label: info.label }
    const reply = what === 'testing' ? await api.request('exchanges.testKey', ref) : await api.request('exchanges.deleteKey', ref)
    setBusy(undefined)
    if (!reply.ok) return setError(requestErrorText(reply.error))
    setMode('view')
    onChanged()
  }

  return (
    <li className="st-key" data-key={keyId(info)} aria-label={name}>
      <div className="st-key-head">
        <span className="st-key-name">{name}</span>
        {permissionLabels(info.check?.permissions).map((label) => (
          <span key={label} className={label === 'Can withdraw' ? 'st-badge st-badge-warn' : 'st-badge'}>
            {label}
          </span>
        ))}
        <span className="st-key-actions">
          <button type="button" className="tt-btn" disabled={busy !== undefined} aria-label={`Test ${name}`} onClick={() => void run('testing')}>
            {busy === 'testing' ? 'Testing…' : 'Test'}
          </button>
          <button type="button" className="tt-btn" disabled={busy !== undefined} aria-label={`Replace ${name}`} onClick={() => setMode('replacing')}>
            Replace
          </button>
          <button type="button" className="tt-btn" disabled={busy !== undefined} aria-label={`Remove ${name}`} onClick={() => setMode('confirm-remove')}>
            Remove
          </button>
        </span>
      </div>
      <p className={`st-check-line st-tone-${summary.tone}`} data-testid="key-check" data-tone={summary.tone}>
        {summary.text}
      </p>
      {(info.check?.warnings ?? []).map((warning) => (
        <p key={warning} className="st-warning" data-testid="key-warning">
          {warning}
        </p>
      ))}
      {mode === 'confirm-remove' && (
        <div className="st-inline" role="group" aria-label={`Remove ${name}?`}>
          <span>Remove this key from the keychain? The exchange keeps it; delete it there too if you no longer use it.</span>
          <button type="button" className="tt-btn tt-btn-danger" disabled={busy !== undefined} onClick={() => void run('removing')}>
            Remove key
          </button>
          <button type="button" className="tt-btn" disabled={busy !== undefined} onClick={() => setMode('view')}>
            Keep
          </button>
        </div>
      )}
      {mode === 'replacing' && (
        <KeyForm
          venues={venues}
          replacing={info}
          onCancel={() => setMode('view')}
          onSaved={() => {
            setMode('view')
            onChanged()
          }}
        />
      )}
      {error !== undefined && (
        <p className="st-error" role="alert">
          {error}
        </p>
      )}
    </li>
  )
}
