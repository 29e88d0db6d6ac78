import { useState } from 'react'
import type { HistoryFilter } from '../../../../shared/domain/history'
import { useApi } from '../../api/api-context'
import { BackupsDialog } from './BackupsDialog'
import { JobList, type JobTracker } from './HistoryJobs'
import { ImportDialog } from './ImportDialog'

const EXPORTS = [
  { what: 'trades', label: 'Trades CSV', title: 'Round-trip trades of the filter' },
  { what: 'fills', label: 'Fills CSV', title: 'Fills of the filter' },
  { what: 'ledger', label: 'Ledger CSV', title: 'Ledger entries of the filter' },
  { what: 'koinly', label: 'Koinly CSV', title: 'Fills in Koinly’s universal format, for tax reports' },
] as const

type Dialog = 'import' | 'backups' | undefined

/** Exports of the current filter, import and backups, and the progress of what they started. */
export function HistoryToolbar({ filter, tracker }: { filter: HistoryFilter; tracker: JobTracker }) {
  const api = useApi()
  const [dialog, setDialog] = useState<Dialog>()
  const [error, setError] = useState<string>()

  const exportCsv = async (what: (typeof EXPORTS)[number]['what']): Promise<void> => {
    setError(undefined)
    const reply = await api.request('history.export', { what, filter })
    if (reply.ok) tracker.track(reply.value, { save: true })
    else setError(reply.error.message)
  }

  return (
    <div className="hx-toolbar">
      <div className="hx-export" role="group" aria-label="Export the filtered history">
        <span className="hx-toolbar-label">Export</span>
        {EXPORTS.map((e) => (
          <button key={e.what} type="button" className="tt-btn" title={e.title} onClick={() => void exportCsv(e.what)}>
            {e.label}
          </button>
        ))}
      </div>
      <button type="button" className="tt-btn" onClick={() => setDialog('import')}>
        Import…
      </button>
      <button type="button" className="tt-btn" onClick={() => setDialog('backups')}>
        Backups…
      </button>
      {error !== undefined && (
        <span className="hx-error-text" role="alert">
          {error}
        </span>
      )}
      <JobList tracker={tracker} />
      {dialog === 'import' && <ImportDialog tracker={tracker} onClose={() => setDialog(undefined)} />}
      {dialog === 'backups' && <BackupsDialog tracker={tracker} onClose={() => setDialog(undefined)} />}
    </div>
  )
}
