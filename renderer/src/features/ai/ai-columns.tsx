import type { AiDecision } from '../../../../shared/domain/ai'
import { formatUtcMinute } from '../history/history-format'
import type { ColumnDef } from '../trading-tables/table-model'

const voteText = (d: AiDecision): string =>
  d.cached ? 'from the cache' : d.votes.map((v) => `${v.endpoint}: ${v.status === 'answered' ? `${v.action ?? ''} ${(v.confidence ?? 0).toFixed(2)}` : v.status}`).join(' · ')

/** An AI bot's decisions: what the models said, what it cost, and what the vote made of it. */
export const AI_DECISION_COLUMNS: readonly ColumnDef<AiDecision>[] = [
  { id: 'time', header: 'Time (UTC)', width: 130, cell: (d) => formatUtcMinute(d.at), sortKey: (d) => d.at },
  { id: 'action', header: 'Verdict', width: 90, cell: (d) => `${d.action} ${d.confidence.toFixed(2)}`, sortKey: (d) => d.action },
  { id: 'votes', header: 'Votes', width: 220, cell: (d) => <span title={d.votes.map((v) => v.error ?? v.reasoning ?? '').join('\n')}>{voteText(d)}</span> },
  { id: 'tokens', header: 'Tokens', width: 80, align: 'right', cell: (d) => (d.promptTokens + d.completionTokens).toLocaleString('en-US'), sortKey: (d) => d.promptTokens + d.completionTokens },
  { id: 'cost', header: 'Cost', width: 80, align: 'right', cell: (d) => `$${d.costUsd.toFixed(4)}`, sortKey: (d) => d.costUsd },
  { id: 'why', header: 'Why', width: 280, grow: true, cell: (d) => <span title={d.reasoning}>{d.reasoning}</span> },
]
