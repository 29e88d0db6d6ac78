import { useState, type FormEvent } from 'react'
// Types only: the contract's schemas carry zod, which the renderer does not bundle.
import type { ExchangeKeyInfo, ExchangeVenue, ExchangeVenueInfo } from '../../../../shared/domain/exchanges'
import { useApi } from '../../api/api-context'
import { requestErrorText } from '../../api/request-error'

/** The request's parameters as the form labels them. */
const FIELD_LABELS: Record<string, string> = { venue: 'Exchange', label: 'Key name', apiKey: 'API key', secret: 'API secret', passphrase: 'Passphrase', testnet: 'Testnet' }

type Status = { state: 'checking' } | { state: 'error'; message: string }

/**
 * Adds a key, or replaces one (`replacing`: its exchange and name are fixed). The exchange
 * checks the key before it is stored; the key, secret and passphrase leave the form's state
 * as the request goes, and are never kept or shown again.
 */
export function KeyForm({
  venues,
  replacing,
  onSaved,
  onCancel,
}: {
  venues: ExchangeVenueInfo[]
  replacing?: Pick<ExchangeKeyInfo, 'venue' | 'label' | 'testnet'>
  onSaved(info: ExchangeKeyInfo): void
  onCancel(): void
}) {
  const api = useApi()
  const [venue, setVenue] = useState<ExchangeVenue>(replacing?.venue ?? venues[0]?.venue ?? 'binance')
  const [label, setLabel] = useState(replacing?.label ?? '')
  const [apiKey, setApiKey] = useState('')
  const [secret, setSecret] = useState('')
  const [passphrase, setPassphrase] = useState('')
  const [testnet, setTestnet] = useState(replacing?.testnet ?? false)
  const [status, setStatus] = useState<Status>()
  const info = venues.find((v) => v.venue === venue)
  const checking = status?.state === 'checking'
  const idPrefix = replacing === undefined ? 'st-new-key' : `st-replace-${replacing.venue}-${replacing.label.replace(/\W/g, '_')}`

  const save = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    const params = {
      venue,
      label: label.trim(),
      apiKey: apiKey.trim(),
      secret: secret.trim(),
      ...(info?.needsPassphrase === true ? { passphrase } : {}),
      ...(info?.hasTestnet === true ? { testnet } : {}),
    }
    setApiKey('')
    setSecret('')
    setPassphrase('')
    setStatus({ state: 'checking' })
    const reply = await api.request('exchanges.setKey', params)
    if (!reply.ok) {
      const again = info?.needsPassphrase === true ? 'API key, secret and passphrase' : 'API key and secret'
      return setStatus({ state: 'error', message: `${requestErrorText(reply.error, FIELD_LABELS)} Nothing was stored; enter the ${again} again.` })
    }
    setStatus(undefined)
    onSaved(reply.value)
  }

  const field = (name: string): string => `${idPrefix}-${name}`
  return (
    <form className="st-key-form" onSubmit={(e) => void save(e)} autoComplete="off" aria-label={replacing === undefined ? 'Add an exchange key' : `Replace ${venueLabel(venues, replacing.venue)} key ${replacing.label}`}>
      <div className="st-key-grid">
        <div className="af-field">
          <label htmlFor={field('venue')}>Exchange</label>
          <select id={field('venue')} value={venue} disabled={checking || replacing !== undefined} onChange={(e) => setVenue(e.target.value as ExchangeVenue)}>
            {venues.map((v) => (
              <option key={v.venue} value={v.venue}>
                {v.name}
              </option>
            ))}
          </select>
        </div>
        <div className="af-field">
          <label htmlFor={field('label')}>Key name</label>
          <input id={field('label')} value={label} required maxLength={40} placeholder="main" disabled={checking || replacing !== undefined} onChange={(e) => setLabel(e.target.value)} />
        </div>
        <div className="af-field">
          <label htmlFor={field('api')}>API key</label>
          <input id={field('api')} value={apiKey} required autoComplete="off" spellCheck={false} disabled={checking} onChange={(e) => setApiKey(e.target.value)} />
        </div>
        <div className="af-field">
          <label htmlFor={field('secret')}>API secret</label>
          <input id={field('secret')} type="password" value={secret} required autoComplete="off" spellCheck={false} disabled={checking} onChange={(e) => setSecret(e.target.value)} />
        </div>
        {info?.needsPassphrase === true && (
          <div className="af-field">
            <label htmlFor={field('passphrase')}>Passphrase</label>
            <input id={field('passphrase')} type="password" value={passphrase} required autoComplete="off" spellCheck={false} disabled={checking} onChange={(e) => setPassphrase(e.target.value)} />
          </div>
        )}
        {info?.hasTestnet === true && (
          <label className="st-check">
            <input type="checkbox" checked={testnet} disabled={checking} onChange={(e) => setTestnet(e.target.checked)} />
            Testnet (a key made on {info.name}&apos;s testnet or demo trading)
          </label>
        )}
      </div>
      <p className="af-hint">
        {info?.name ?? 'The exchange'} checks the key with a read-only request before it is saved. It is kept in the OS keychain; the app shows only its first and last characters.
      </p>
      <div className="st-inline">
        <button type="submit" className="tt-btn" disabled={checking}>
          {replacing === undefined ? 'Check and save' : 'Check and replace'}
        </button>
        <button type="button" className="tt-btn" disabled={checking} onClick={onCancel}>
          Cancel
        </button>
        {status !== undefined && (
          <span className={status.state === 'error' ? 'st-error' : 'st-busy'} role={status.state === 'error' ? 'alert' : 'status'} data-testid="key-form-status">
            {status.state === 'checking' ? `Checking the key with ${info?.name ?? 'the exchange'}…` : status.message}
          </span>
        )}
      </div>
    </form>
  )
}

const venueLabel = (venues: ExchangeVenueInfo[], venue: ExchangeVenue): string => venues.find((v) => v.venue === venue)?.name ?? venue
