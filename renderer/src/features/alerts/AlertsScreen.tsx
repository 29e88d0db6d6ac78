import { useMemo, useState } from 'react'
import type { Alert } from '../../../../shared/domain/alerts'
import { useApi } from '../../api/api-context'
import { requestErrorText } from '../../api/request-error'
import { useRequest } from '../../api/use-request'
import { useAppStore } from '../../store'
import '../settings/settings.css'
import type { ColumnDef } from '../trading-tables/table-model'
import { SortedTable } from '../trading-tables/SortedTable'
import { AlertForm } from './AlertForm'
import { alertColumns, DELIVERY_COLUMNS } from './alert-columns'
import { DeliverySettings } from './DeliverySettings'
import './alerts.css'

/** Alerts: set one, see which watch and which fired, pause or delete them, and see every delivery. */
export function AlertsScreen() {
  const api = useApi()
  const revision = useAppStore((s) => s.revisions.alerts)
  const accounts = useAppStore((s) => s.accounts)
  const [settingsRevision, setSettingsRevision] = useState(0)
  const [error, setError] = useState<string>()
  const alerts = useRequest('alerts.list', {}, revision)
  const deliveries = useRequest('alerts.deliveries', { limit: 200 }, revision)
  const settings = useRequest('alerts.deliverySettings', {}, settingsRevision)

  const columns = useMemo((): ColumnDef<Alert>[] => {
    const act = async (alert: Alert, action: 'pause' | 'watch' | 'delete'): Promise<void> => {
      const reply = action === 'delete' ? await api.request('alerts.delete', { id: alert.id }) : await api.request('alerts.setActive', { id: alert.id, active: action === 'watch' })
      setError(reply.ok ? undefined : requestErrorText(reply.error))
    }
    const actions: ColumnDef<Alert> = {
      id: 'actions',
      header: '',
      width: 170,
      cell: (a) => (
        <span className="al-actions">
          {a.status === 'active' ? (
            <button type="button" className="tt-btn" onClick={() => void act(a, 'pause')}>
              Pause
            </button>
          ) : (
            <button type="button" className="tt-btn" onClick={() => void act(a, 'watch')}>
              {a.status === 'triggered' ? 'Re-arm' : 'Watch'}
            </button>
          )}
          <button type="button" className="tt-btn" onClick={() => void act(a, 'delete')}>
            Delete
          </button>
        </span>
      ),
    }
    return [...alertColumns((id) => accounts[id]?.name ?? `account ${id}`), actions]
  }, [api, accounts])

  return (
    <div className="al-screen">
      <div className="al-side">
        <AlertForm />
        {settings.value !== undefined && <DeliverySettings key={JSON.stringify(settings.value)} settings={settings.value} onChanged={() => setSettingsRevision((n) => n + 1)} />}
      </div>
      <section className="panel al-main" aria-label="Alerts">
        <div className="panel-title">Alerts</div>
        {(error ?? alerts.error) !== undefined && (
          <p className="st-error" role="alert">
            {error ?? alerts.error}
          </p>
        )}
        <div className="al-table">
          <SortedTable
            label="Alerts"
            columns={columns}
            rows={alerts.value ?? []}
            rowKey={(a) => a.id}
            rowProps={(a) => ({ 'data-status': a.status })}
            empty="No alert yet: set one here or from the chart."
            testId="alerts"
          />
        </div>
        <h2 className="st-section-title al-subtitle">Deliveries</h2>
        <div className="al-table">
          <SortedTable
            label="Alert deliveries"
            columns={DELIVERY_COLUMNS}
            rows={deliveries.value ?? []}
            rowKey={(d) => d.id}
            rowProps={(d) => ({ 'data-status': d.status })}
            empty="Nothing sent to Telegram or a webhook yet."
            testId="alert-deliveries"
          />
        </div>
      </section>
    </div>
  )
}
