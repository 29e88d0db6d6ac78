import { describeCondition, type Alert, type AlertDelivery } from '../../../../shared/domain/alerts'
import { formatUtcMinute } from '../history/history-format'
import type { ColumnDef } from '../trading-tables/table-model'

const STATUS_LABELS: Record<Alert['status'], string> = { active: 'Watching', triggered: 'Fired', paused: 'Paused' }

/** Alerts as the list shows them; the actions column is the screen's. */
export function alertColumns(accountName: (id: number) => string): ColumnDef<Alert>[] {
  return [
    { id: 'what', header: 'When', width: 260, grow: true, cell: (a) => describeCondition(a.condition, accountName), sortKey: (a) => describeCondition(a.condition, accountName) },
    { id: 'status', header: 'State', width: 80, cell: (a) => STATUS_LABELS[a.status], sortKey: (a) => a.status },
    {
      id: 'to',
      header: 'Delivered to',
      width: 150,
      cell: (a) => ['app', ...(a.telegram ? ['Telegram'] : []), ...(a.webhook ? ['webhook'] : [])].join(', ') + (a.repeat === 'rearm' ? ' · again' : ''),
    },
    { id: 'fired', header: 'Last fired (UTC)', width: 130, cell: (a) => (a.triggeredAt === undefined ? '—' : formatUtcMinute(a.triggeredAt)), sortKey: (a) => a.triggeredAt ?? 0 },
  ]
}

const DELIVERY_LABELS: Record<AlertDelivery['status'], string> = { sent: 'Sent', retrying: 'Retrying', failed: 'Failed' }

export const DELIVERY_COLUMNS: readonly ColumnDef<AlertDelivery>[] = [
  { id: 'time', header: 'Time (UTC)', width: 130, cell: (d) => formatUtcMinute(d.at), sortKey: (d) => d.at },
  { id: 'channel', header: 'To', width: 80, cell: (d) => d.channel, sortKey: (d) => d.channel },
  { id: 'status', header: 'Outcome', width: 110, cell: (d) => <span className={d.status === 'sent' ? 'up' : 'down'}>{`${DELIVERY_LABELS[d.status]} (${d.attempts} ${d.attempts === 1 ? 'try' : 'tries'})`}</span>, sortKey: (d) => d.status },
  { id: 'message', header: 'Message', width: 300, grow: true, cell: (d) => <span title={d.error ?? d.message}>{d.error === undefined ? d.message : `${d.error} — ${d.message}`}</span> },
]
