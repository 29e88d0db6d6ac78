import { useCallback, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react'
import type { HistoryFill, HistoryFilter, HistoryOrder, RoundTrip } from '../../../../shared/domain/history'
import { nextSort, type SortState } from '../trading-tables/table-model'
import { useMarketFormats } from '../trading-tables/tables-context'
import { fillColumns, orderColumns, TRADE_SORT_FIELDS, TRADE_SORTABLE, tradeColumns } from './history-columns'
import { usePagedRows, type PagedRows } from './history-hooks'
import type { PagedQuery } from './page-cache'
import { PagedTable, type PagedTableProps } from './PagedTable'

export interface TradesQuery {
  filter: HistoryFilter
  sort?: (typeof TRADE_SORT_FIELDS)[keyof typeof TRADE_SORT_FIELDS]
  descending?: boolean
}

export interface RecordQueries {
  trades: PagedQuery<TradesQuery, RoundTrip>
  fills: PagedQuery<{ filter: HistoryFilter }, HistoryFill>
  orders: PagedQuery<{ filter: HistoryFilter }, HistoryOrder>
}

const TABS = [
  { id: 'trades', label: 'Trades' },
  { id: 'fills', label: 'Fills' },
  { id: 'orders', label: 'Orders' },
] as const
type TabId = (typeof TABS)[number]['id']

interface HistoryRecordsProps {
  queries: RecordQueries
  filter: HistoryFilter
  revision: string
  onOpenTrade(trade: RoundTrip): void
}

const tradeRowProps = (t: RoundTrip) => ({ className: `hx-trade-${t.outcome}`, 'data-trade-id': t.id, 'data-outcome': t.outcome, 'data-symbol': t.symbol })
const fillRowProps = (f: HistoryFill) => ({ 'data-fill-id': f.id, 'data-symbol': f.symbol })
const orderRowProps = (o: HistoryOrder) => ({ 'data-order-id': o.id, 'data-status': o.status })

/** The trades (round trips), fills and orders of the filter, one tab each, each a paged table. */
export function HistoryRecords({ queries, filter, revision, onOpenTrade }: HistoryRecordsProps) {
  const [tab, setTab] = useState<TabId>('trades')
  const [sort, setSort] = useState<SortState>()
  const formats = useMarketFormats()
  const panelId = useId()
  const tabList = useRef<HTMLDivElement>(null)

  const tradesQuery = useMemo<TradesQuery>(() => {
    const field = sort === undefined ? undefined : TRADE_SORT_FIELDS[sort.column as keyof typeof TRADE_SORT_FIELDS]
    return field === undefined || sort === undefined ? { filter } : { filter, sort: field, descending: sort.dir === 'desc' }
  }, [filter, sort])
  const plainQuery = useMemo(() => ({ filter }), [filter])
  const trades = usePagedRows(queries.trades, tradesQuery, revision)
  const fills = usePagedRows(queries.fills, plainQuery, revision)
  const orders = usePagedRows(queries.orders, plainQuery, revision)
  const totals: Record<TabId, number | undefined> = { trades: trades.state.total, fills: fills.state.total, orders: orders.state.total }

  const tradeCols = useMemo(() => tradeColumns(formats), [formats])
  const fillCols = useMemo(() => fillColumns(formats), [formats])
  const orderCols = useMemo(() => orderColumns(formats), [formats])
  const onSort = useCallback((column: string) => setSort((current) => nextSort(current, column)), [])

  // Arrow keys, Home and End move between tabs (WAI-ARIA tabs pattern, automatic activation).
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    const index = TABS.findIndex((t) => t.id === tab)
    const keys: Record<string, number> = { ArrowRight: (index + 1) % TABS.length, ArrowLeft: (index + TABS.length - 1) % TABS.length, Home: 0, End: TABS.length - 1 }
    const next = TABS[keys[e.key] ?? -1]
    if (next === undefined) return
    e.preventDefault()
    setTab(next.id)
    tabList.current?.querySelector<HTMLButtonElement>(`[data-tab="${next.id}"]`)?.focus()
  }

  return (
    <section className="panel hx-records" aria-label="Trade history">
      <div className="tt-tabs" role="tablist" aria-label="Trade history" ref={tabList} onKeyDown={onKeyDown}>
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`${panelId}-${t.id}`}
            aria-selected={t.id === tab}
            aria-controls={panelId}
            tabIndex={t.id === tab ? 0 : -1}
            className={t.id === tab ? 'tt-tab tt-tab-selected' : 'tt-tab'}
            onClick={() => setTab(t.id)}
            data-tab={t.id}
          >
            {t.label}
            {totals[t.id] !== undefined && <span className="tt-count">{(totals[t.id] as number).toLocaleString()}</span>}
          </button>
        ))}
      </div>
      <div className="tt-panel" role="tabpanel" id={panelId} aria-labelledby={`${panelId}-${tab}`}>
        {tab === 'trades' && (
          <Table
            rows={trades}
            label="Trades"
            testId="history-trades"
            columns={tradeCols}
            rowKey={(t) => t.id}
            rowProps={tradeRowProps}
            sortable={TRADE_SORTABLE}
            sort={sort}
            onSort={onSort}
            onOpen={onOpenTrade}
            empty="No trades match these filters. Round trips appear here once a position has been opened."
          />
        )}
        {tab === 'fills' && (
          <Table rows={fills} label="Fills" testId="history-fills" columns={fillCols} rowKey={(f) => f.id} rowProps={fillRowProps} empty="No fills match these filters." />
        )}
        {tab === 'orders' && (
          <Table rows={orders} label="Orders" testId="history-orders" columns={orderCols} rowKey={(o) => o.id} rowProps={orderRowProps} empty="No orders match these filters." />
        )}
      </div>
    </section>
  )
}

type TableProps<Row> = Omit<PagedTableProps<Row>, 'state' | 'onRange' | 'onRetry'> & { rows: PagedRows<Row> }

/** A paged table over one query, started again at the top when the query changes. */
function Table<Row>({ rows, ...props }: TableProps<Row>) {
  return <PagedTable key={rows.key} state={rows.state} onRange={rows.onRange} onRetry={rows.onRetry} {...props} />
}
