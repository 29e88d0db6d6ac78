import { useMemo, useState } from 'react'
import { Group, Panel, Separator, useDefaultLayout } from 'react-resizable-panels'
import type { HistoryFilter, RoundTrip } from '../../../../shared/domain/history'
import { useApi } from '../../api/api-context'
import '../trading-tables/trading-tables.css'
import { AnalyticsPanel } from './AnalyticsPanel'
import { FilterBar } from './FilterBar'
import './history.css'
import { EMPTY_FORM, toHistoryFilter } from './history-filter'
import { useRequest } from '../../api/use-request'
import { useDebounced, useHistoryRevision } from './history-hooks'
import { useJobTracker } from './HistoryJobs'
import { HistoryRecords, type RecordQueries } from './HistoryRecords'
import { HistoryToolbar } from './HistoryToolbar'
import { PagedQuery } from './page-cache'
import { TradeDetail } from './TradeDetail'

/** Typing in the search box settles for this long before the history is asked again. */
const SEARCH_DEBOUNCE_MS = 200

/**
 * The offline history and analytics screen: everything the ledger holds, filtered; trades,
 * fills and orders in paged tables; a trade's detail and journal; performance analytics;
 * exports, imports and backups. It only asks the core and shows its answers.
 */
export function HistoryScreen() {
  const api = useApi()
  const revision = useHistoryRevision()
  const [form, setForm] = useState(EMPTY_FORM)
  const search = useDebounced(form.search, SEARCH_DEBOUNCE_MS)
  const { filter: built, problem } = toHistoryFilter({ ...form, search })
  // One object per distinct filter, so queries and effects see a change only when there is one.
  const filterJson = JSON.stringify(built)
  const filter = useMemo(() => JSON.parse(filterJson) as HistoryFilter, [filterJson])
  const facets = useRequest('history.facets', {}, revision)
  const tracker = useJobTracker()
  const [openTrade, setOpenTrade] = useState<number>()
  const [queries] = useState<RecordQueries>(() => ({
    trades: new PagedQuery((query, offset, limit) => api.request('history.trades', { ...query, offset, limit })),
    fills: new PagedQuery((query, offset, limit) => api.request('history.fills', { ...query, offset, limit })),
    orders: new PagedQuery((query, offset, limit) => api.request('history.orders', { ...query, offset, limit })),
  }))
  const layout = useDefaultLayout({ id: 'tradedesk.layout.history', storage: localStorage })

  const onTradeChanged = (trade: RoundTrip): void => {
    queries.trades.updateRows((row) => (row.id === trade.id ? trade : row))
    facets.reload()
  }

  return (
    <section className="history-screen" aria-label="History and analytics" data-testid="history-screen">
      <FilterBar form={form} facets={facets.value} onChange={setForm} problem={problem ?? facets.error} />
      <HistoryToolbar filter={filter} tracker={tracker} />
      <Group orientation="horizontal" className="workspace hx-workspace" {...layout}>
        <Panel id="pane-history-records" defaultSize="62%" minSize="35%" className="pane">
          <HistoryRecords queries={queries} filter={filter} revision={revision} onOpenTrade={(trade) => setOpenTrade(trade.id)} />
        </Panel>
        <Separator className="separator" />
        <Panel id="pane-history-analytics" defaultSize="38%" minSize="25%" className="pane">
          <AnalyticsPanel filter={filter} revision={revision} />
        </Panel>
      </Group>
      {openTrade !== undefined && (
        <TradeDetail key={openTrade} id={openTrade} tagSuggestions={facets.value?.tags ?? []} onClose={() => setOpenTrade(undefined)} onChanged={onTradeChanged} />
      )}
    </section>
  )
}
