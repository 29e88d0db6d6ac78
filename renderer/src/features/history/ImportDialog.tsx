import { useEffect, useRef, useState, type FormEvent } from 'react'
import type { HistoryJob } from '../../../../shared/domain/history'
import { useApi } from '../../api/api-context'
import { Modal } from '../../components/Modal'
import { useAppStore } from '../../store'
import './history-dialogs.css'
import { formatProgress } from './history-format'
import { ExchangeImport } from './ExchangeImport'
import { JobProgress, type JobTracker } from './HistoryJobs'
import { errorText, uploadImport, type ImportRequest } from './import-upload'

const FORMATS: Array<{ value: ImportRequest['format']; label: string }> = [
  { value: 'tradedesk', label: 'TradeDesk CSV' },
  { value: 'binance', label: 'Binance CSV (trade history)' },
]

type ImportMode = 'csv' | 'exchange'

/**
 * Imports fills into a review-only account, from a CSV file or (through ccxt, with a key
 * kept in the keychain) from an exchange account.
 */
export function ImportDialog({ tracker, onClose }: { tracker: JobTracker; onClose(): void }) {
  const [mode, setMode] = useState<ImportMode>('csv')
  // A CSV upload in progress keeps the dialog on its file.
  const [csvBusy, setCsvBusy] = useState(false)
  return (
    <Modal title="Import trade history" onClose={onClose} look="ab-modal" className="hx-import-dialog" testId="import-dialog">
      <fieldset className="hx-import-mode" disabled={csvBusy}>
        <legend>Import</legend>
        <label>
          <input type="radio" name="hx-import-mode" value="csv" checked={mode === 'csv'} onChange={() => setMode('csv')} />
          From a CSV file
        </label>
        <label>
          <input type="radio" name="hx-import-mode" value="exchange" checked={mode === 'exchange'} onChange={() => setMode('exchange')} />
          From an exchange
        </label>
      </fieldset>
      {mode === 'csv' ? <CsvImport tracker={tracker} onClose={onClose} onBusy={setCsvBusy} /> : <ExchangeImport tracker={tracker} onClose={onClose} />}
    </Modal>
  )
}

/**
 * Imports fills from a CSV file into a review-only account: the file is sent in pieces,
 * then the core checks every row and books all of it or nothing. The screen refreshes
 * on the core's `history.changed`.
 */
function CsvImport({ tracker, onClose, onBusy }: { tracker: JobTracker; onClose(): void; onBusy(busy: boolean): void }) {
  const api = useApi()
  const [format, setFormat] = useState<ImportRequest['format']>('tradedesk')
  const [accountName, setAccountName] = useState('')
  const [venue, setVenue] = useState('binance')
  const [startingBalance, setStartingBalance] = useState('')
  const [file, setFile] = useState<File>()
  const [sending, setSending] = useState<{ sent: number; total: number }>()
  const [jobId, setJobId] = useState<string>()
  const [error, setError] = useState<string>()
  const canceled = useRef(false)
  const job = useAppStore((s) => (jobId === undefined ? undefined : s.historyJobs[jobId]))
  const busy = sending !== undefined && (job === undefined || job.state === 'running')
  useEffect(() => onBusy(busy), [busy, onBusy])

  const start = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    if (file === undefined) return setError('Choose the CSV file to import')
    setError(undefined)
    setJobId(undefined)
    canceled.current = false
    const text = await file.text()
    setSending({ sent: 0, total: text.length })
    const request: ImportRequest = { format, accountName: accountName.trim(), venue: venue.trim(), ...(startingBalance.trim() === '' ? {} : { startingBalance: startingBalance.trim() }) }
    let latest: HistoryJob | undefined
    const reply = await uploadImport(api, request, text, {
      onJob: (next) => {
        latest = next
        tracker.track(next)
        setJobId(next.id)
      },
      onSent: (sent, total) => setSending({ sent, total }),
      canceled: () => canceled.current,
    })
    if (!reply.ok) {
      setError(errorText(reply.error))
      setSending(undefined)
      // A refused chunk leaves the core waiting for more: let the job go.
      if (latest?.state === 'running') tracker.cancel(latest)
    }
  }

  const uploading = busy && sending !== undefined && sending.sent < sending.total
  // While chunks are being sent the upload cancels the job itself; once sent, the core is booking it.
  const cancel = (): void => {
    canceled.current = true
    if (!uploading && job?.state === 'running') tracker.cancel(job)
  }

  return (
    <form onSubmit={(e) => void start(e)}>
      <div className="ab-modal-body">
        <p className="muted">Fills from another app or exchange go into a review-only account of their own: they count in history and analytics, never in trading.</p>
        <div className="af-field">
          <label htmlFor="hx-import-format">Format</label>
          <select id="hx-import-format" value={format} disabled={busy} onChange={(e) => setFormat(e.target.value as ImportRequest['format'])}>
            {FORMATS.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
              </option>
            ))}
          </select>
        </div>
        <div className="af-field">
          <label htmlFor="hx-import-account">Account name</label>
          <input id="hx-import-account" value={accountName} required maxLength={60} disabled={busy} onChange={(e) => setAccountName(e.target.value)} data-autofocus="true" />
          <p className="af-hint">Created, or added to when an account of that name exists.</p>
        </div>
        <div className="af-field">
          <label htmlFor="hx-import-venue">Venue</label>
          <input id="hx-import-venue" value={venue} required maxLength={40} disabled={busy} onChange={(e) => setVenue(e.target.value)} />
        </div>
        <div className="af-field">
          <label htmlFor="hx-import-balance">Starting balance (optional)</label>
          <input id="hx-import-balance" inputMode="decimal" value={startingBalance} placeholder="10000" disabled={busy} onChange={(e) => setStartingBalance(e.target.value)} />
          <p className="af-hint">What the account&apos;s statistics start from.</p>
        </div>
        <div className="af-field">
          <label htmlFor="hx-import-file">CSV file</label>
          <input id="hx-import-file" type="file" accept=".csv,text/csv" disabled={busy} onChange={(e) => setFile(e.target.files?.[0])} />
        </div>
        {uploading && (
          <div className="hx-job">
            <span className="hx-job-label">Sending the file</span>
            <progress className="hx-progress" aria-label="Sending the file" max={sending.total} value={sending.sent} />
            <span className="hx-job-figure">{formatProgress(sending.sent, sending.total)}</span>
          </div>
        )}
        {job !== undefined && !uploading && <JobProgress job={job} />}
      </div>
      {error !== undefined && (
        <p className="ab-modal-error" role="alert" data-testid="import-error">
          {error}
        </p>
      )}
      <div className="ab-modal-actions">
        {busy ? (
          <button type="button" onClick={cancel}>
            Cancel import
          </button>
        ) : (
          <button type="button" onClick={onClose}>
            Close
          </button>
        )}
        <button type="submit" className="ab-btn-primary" disabled={busy}>
          {job === undefined || job.state === 'running' ? 'Import' : 'Import another file'}
        </button>
      </div>
    </form>
  )
}
