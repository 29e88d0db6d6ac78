import { useRequest } from '../../api/use-request'
import { useAppStore } from '../../store'
import { ChannelList } from './ChannelList'
import { EndpointSettings } from './EndpointSettings'
import { SortedTable } from '../trading-tables/SortedTable'
import { SIGNAL_COLUMNS } from './signal-columns'
import './signals.css'

/** External signals: the local endpoint, its channels, and the latest signals received. */
export function SignalsPanel() {
  const revision = useAppStore((s) => s.revisions.signals)
  const status = useRequest('signals.status', {}, revision)
  const received = useRequest('signals.list', { limit: 200 }, revision)
  return (
    <section className="st-section sg-panel" aria-labelledby="sg-title">
      <h2 id="sg-title" className="st-section-title">
        Signals
      </h2>
      <p className="st-intro">
        Let your scripts, TradingView alerts or other tools send trade intents to a paper account or a bot. Each channel has its own secret; unsigned, stale, replayed or malformed signals are refused and recorded with why.
      </p>
      {status.error !== undefined && (
        <p className="st-error" role="alert">
          {status.error}
        </p>
      )}
      {status.value !== undefined && (
        <>
          <EndpointSettings key={`${status.value.port}-${status.value.allowRemote}`} status={status.value} />
          <ChannelList status={status.value} revision={revision} />
        </>
      )}
      <h3 className="sg-subtitle">Received</h3>
      <div className="sg-table">
        <SortedTable
          label="Signals received"
          columns={SIGNAL_COLUMNS}
          rows={received.value ?? []}
          rowKey={(s) => s.id}
          rowProps={(s) => ({ 'data-status': s.status })}
          empty="No signal received yet."
          testId="signals-received"
        />
      </div>
    </section>
  )
}
