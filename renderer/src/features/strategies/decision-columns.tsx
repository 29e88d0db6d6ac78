import type { IntentDecision } from '../../../../shared/domain/trading'
import { formatUtcMinute } from '../history/history-format'
import type { ColumnDef } from '../trading-tables/table-model'

/** A strategy's decisions as a table lists them: when, what, accepted or refused, and why. */
export const DECISION_COLUMNS: readonly ColumnDef<IntentDecision>[] = [
  { id: 'time', header: 'Time (UTC)', width: 130, cell: (d) => formatUtcMinute(d.ts), sortKey: (d) => d.ts },
  { id: 'action', header: 'Action', width: 60, cell: (d) => d.action, sortKey: (d) => d.action },
  { id: 'status', header: 'Outcome', width: 80, cell: (d) => <span className={d.status === 'refused' ? 'down' : ''}>{d.status}</span>, sortKey: (d) => d.status },
  {
    id: 'why',
    header: 'Why',
    width: 320,
    grow: true,
    cell: (d) => <span title={d.reason ?? d.reasoning}>{d.status === 'refused' ? `${d.reasoning ?? ''} — refused: ${d.reason ?? ''}` : (d.reasoning ?? '')}</span>,
  },
]
