import { useState, type FormEvent } from 'react'
import type { SignalIntakeStatus } from '../../../../shared/domain/signals'
import { useApi } from '../../api/api-context'
import { requestErrorText } from '../../api/request-error'

/** Turns the endpoint on or off, on which port, and whether other computers may reach it. */
export function EndpointSettings({ status }: { status: SignalIntakeStatus }) {
  const api = useApi()
  const [port, setPort] = useState(String(status.port))
  const [allowRemote, setAllowRemote] = useState(status.allowRemote)
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)

  const apply = async (change: { enabled?: boolean; port?: number; allowRemote?: boolean }): Promise<void> => {
    setBusy(true)
    const reply = await api.request('signals.configure', change)
    setBusy(false)
    setError(reply.ok ? undefined : requestErrorText(reply.error, { port: 'Port' }))
  }
  const save = (e: FormEvent): void => {
    e.preventDefault()
    void apply({ port: Number(port), allowRemote })
  }

  return (
    <form className="st-key-form" onSubmit={save} aria-label="Signal endpoint">
      <p className={status.listening ? 'st-tone-ok' : status.error !== undefined ? 'st-error' : 'st-busy'} role="status" data-testid="signal-endpoint-status">
        {status.listening
          ? `Listening at ${status.url ?? ''}${status.allowRemote ? ' and on this computer’s network addresses' : ' (this computer only)'}.`
          : (status.error ?? 'Off: nothing listens for signals.')}
        {status.rateLimited > 0 && ` ${status.rateLimited} requests were turned away for coming too fast.`}
      </p>
      <div className="st-inline">
        <button type="button" className="tt-btn" disabled={busy} onClick={() => void apply({ enabled: !status.enabled })}>
          {status.enabled ? 'Turn signals off' : 'Turn signals on'}
        </button>
        <label htmlFor="sg-port">Port</label>
        <input id="sg-port" className="sg-port" inputMode="numeric" value={port} disabled={busy} onChange={(e) => setPort(e.target.value)} />
        <label className="st-check">
          <input type="checkbox" checked={allowRemote} disabled={busy} onChange={(e) => setAllowRemote(e.target.checked)} />
          Accept signals from other computers
        </label>
        <button type="submit" className="tt-btn" disabled={busy || (port === String(status.port) && allowRemote === status.allowRemote)}>
          Apply
        </button>
      </div>
      {allowRemote && <p className="st-warning">Other computers on your network can then reach the endpoint; each request still needs its channel’s secret.</p>}
      {error !== undefined && (
        <p className="st-error" role="alert">
          {error}
        </p>
      )}
    </form>
  )
}
