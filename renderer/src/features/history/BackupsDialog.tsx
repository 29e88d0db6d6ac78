import { useState } from 'react'
import { useApi } from '../../api/api-context'
import { Modal } from '../../components/Modal'
import { useAppStore } from '../../store'
import { ConfirmDialog } from '../accounts/ConfirmDialog'
import './history-dialogs.css'
import { formatBytes, formatUtcMinute } from './history-format'
import { useRequest } from '../../api/use-request'
import { JobProgress, type JobTracker } from './HistoryJobs'

interface Backup {
  file: string
  size: number
  createdAt: number
}

/** Backs the ledger up (and saves the copy), lists the copies kept, and restores one after asking. */
export function BackupsDialog({ tracker, onClose }: { tracker: JobTracker; onClose(): void }) {
  const api = useApi()
  const [jobId, setJobId] = useState<string>()
  const job = useAppStore((s) => (jobId === undefined ? undefined : s.historyJobs[jobId]))
  // The list is read again once a new backup has finished.
  const backups = useRequest('ledger.backups', {}, job?.state === 'finished' ? job.id : '')
  const [error, setError] = useState<string>()
  const [restoring, setRestoring] = useState<Backup>()
  const [restoreBusy, setRestoreBusy] = useState(false)
  const [restoreError, setRestoreError] = useState<string>()
  const [outcome, setOutcome] = useState<string>()

  const backUp = async (): Promise<void> => {
    setError(undefined)
    const reply = await api.request('ledger.backup', {})
    if (!reply.ok) return setError(reply.error.message)
    tracker.track(reply.value, { save: true })
    setJobId(reply.value.id)
  }

  const restore = async (backup: Backup): Promise<void> => {
    setRestoreBusy(true)
    setRestoreError(undefined)
    const reply = await api.request('ledger.restore', { file: backup.file })
    setRestoreBusy(false)
    if (!reply.ok) return setRestoreError(reply.error.message)
    setRestoring(undefined)
    setOutcome(reply.value.message)
  }

  const list = backups.value ?? []
  return (
    <Modal title="Ledger backups" onClose={onClose} look="ab-modal" className="hx-backups-dialog" testId="backups-dialog">
      <div className="ab-modal-body">
        <p className="muted">A backup is a consistent copy of the whole ledger (accounts, orders, fills, journal), taken while the app runs. It is kept in the app&apos;s folder and saved to your downloads.</p>
        <div className="hx-inline">
          <button type="button" className="ab-btn-primary" onClick={() => void backUp()} disabled={job?.state === 'running'} data-autofocus="true">
            Back up ledger
          </button>
          {job !== undefined && <JobProgress job={job} onCancel={tracker.cancel} onDownload={tracker.download} />}
        </div>
        {outcome !== undefined && (
          <p className="hx-outcome-text" role="status" data-testid="restore-outcome">
            {outcome}
          </p>
        )}
        {[error, backups.error, tracker.error].map(
          (text, i) =>
            text !== undefined && (
              <p key={i} className="hx-error-text" role="alert">
                {text}
              </p>
            ),
        )}
        <table className="hx-backups" aria-label="Backups kept" data-testid="backups">
          <thead>
            <tr>
              <th scope="col">Taken (UTC)</th>
              <th scope="col">File</th>
              <th scope="col" className="num">
                Size
              </th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.length === 0 && (
              <tr>
                <td colSpan={4} className="hx-muted">
                  {backups.loading ? 'Reading…' : 'No backups yet.'}
                </td>
              </tr>
            )}
            {list.map((b) => (
              <tr key={b.file} data-file={b.file}>
                <td>{formatUtcMinute(b.createdAt)}</td>
                <td className="hx-file">{b.file}</td>
                <td className="num">{formatBytes(b.size)}</td>
                <td className="hx-row-actions">
                  <button type="button" onClick={() => tracker.download(b.file)} aria-label={`Download ${b.file}`}>
                    Download
                  </button>
                  <button type="button" onClick={() => setRestoring(b)} aria-label={`Restore ${b.file}`}>
                    Restore
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="ab-modal-actions">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      {restoring !== undefined && (
        <ConfirmDialog
          title="Restore this backup?"
          confirmLabel="Restore ledger"
          danger
          busy={restoreBusy}
          error={restoreError}
          onConfirm={() => void restore(restoring)}
          onClose={() => setRestoring(undefined)}
          testId="restore-confirm"
        >
          <p>
            The copy taken <strong>{formatUtcMinute(restoring.createdAt)} UTC</strong> ({restoring.file}) is checked, then put in place of the ledger: TradeDesk opens it at its next start.
          </p>
          <p>From then on, everything booked after the copy was taken — fills, orders, imports, notes and tags — is no longer in the ledger the app shows.</p>
          <p className="muted">The current ledger file is kept beside it; nothing is deleted.</p>
        </ConfirmDialog>
      )}
    </Modal>
  )
}
