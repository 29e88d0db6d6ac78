import type { SignalRecord } from '../../../../shared/domain/signals'
import { formatUtcMinute } from '../history/history-format'
import type { ColumnDef } from '../trading-tables/table-model'

/** Signals as a table lists them: when, from which channel, what, and what became of it. */
export const SIGNAL_COLUMNS: readonly ColumnDef<SignalRecord>[] = [
  { id: 'time', header: 'Time (UTC)', width: 130, cell: (s) => formatUtcMinute(s.receivedAt), sortKey: (s) => s.receivedAt },
  { id: 'channel', header: 'Channel', width: 130, cell: (s) => s.channelName, sortKey: (s) => s.channelName },
  { id: 'market', header: 'Market', width: 110, cell: (s) => s.symbol ?? '—', sortKey: (s) => s.symbol ?? '' },
  { id: 'action', header: 'Action', width: 60, cell: (s) => s.action ?? '—', sortKey: (s) => s.action ?? '' },
  {
    id: 'outcome',
    header: 'Outcome',
    width: 110,
    cell: (s) => <span className={s.status === 'refused' ? 'down' : 'up'}>{`${s.status} (${s.httpStatus})`}</span>,
    sortKey: (s) => s.httpStatus,
  },
  { id: 'why', header: 'Why', width: 280, grow: true, cell: (s) => <span title={s.reason}>{s.reason ?? (s.orderId === undefined ? '' : `Order #${s.orderId}`)}</span> },
  { id: 'from', header: 'From', width: 110, cell: (s) => s.from, sortKey: (s) => s.from },
]
