import { useCallback, useMemo, useState } from 'react'
import type { Fill, LedgerEntry, Order } from '../../../../shared/domain/trading'
import { useAppStore } from '../../store'
import { PnlText, SideCell, SymbolCell, TimeCell, WithUnit } from './cells'
import { bookLabel, formatDecimal, formatMoney, ledgerKindLabel, orderTypeLabel, signClass, statusLabel } from './table-format'
import { decimalKey, nextSort, sortRows, type ColumnDef, type SortState } from './table-model'
import { formatAmountOf, formatPriceOf, useFormats, type MarketFormats } from './tables-context'
import { VirtualTable, type RowProps } from './VirtualTable'

interface ListTabProps<T> {
  label: string
  testId: string
  /** Newest first, as the store keeps them. */
  rows: readonly T[]
  columns: (formats: MarketFormats) => ColumnDef<T>[]
  rowKey: (row: T) => number
  rowProps: (row: T) => RowProps
  empty: string
}

/** A read-only list tab: the shared table over a store list, sortable by any column. */
function ListTab<T>({ label, testId, rows, columns: makeColumns, rowKey, rowProps, empty }: ListTabProps<T>) {
  const formats = useFormats()
  const [sort, setSort] = useState<SortState>()
  const columns = useMemo(() => makeColumns(formats), [makeColumns, formats])
  const sorted = useMemo(() => sortRows(rows, columns, sort), [rows, columns, sort])
  const onSort = useCallback((column: string) => setSort((current) => nextSort(current, column)), [])
  return <VirtualTable label={label} testId={testId} columns={columns} rows={sorted} rowKey={rowKey} sort={sort} onSort={onSort} rowProps={rowProps} empty={empty} />
}

const NONE: never[] = []

const STATUS_CLASS: Partial<Record<Order['status'], string>> = { filled: 'up', rejected: 'down', expired: 'warn' }

/** A limit price, else a trigger ("≥ 61,000.0" / "≤ 57,000.0" by the way it triggers), else Market. */
export function PriceOrTrigger({ order, formats }: { order: Order; formats: MarketFormats }) {
  if (order.triggerPrice !== undefined && order.price === undefined) {
    return (
      <span title={`Trigger (${order.triggerBy} price)`}>
        <span className="tt-unit">trig. </span>
        {formatPriceOf(formats, order.symbol, order.triggerPrice)}
      </span>
    )
  }
  if (order.price === undefined) return <>Market</>
  return (
    <span title={order.triggerPrice === undefined ? 'Limit price' : `Limit price; trigger ${order.triggerPrice}`}>{formatPriceOf(formats, order.symbol, order.price)}</span>
  )
}

const historyColumns = (formats: MarketFormats): ColumnDef<Order>[] => [
  { id: 'symbol', header: 'Symbol', width: 120, pin: 'left', sortKey: (o) => o.symbol, cell: (o) => <SymbolCell symbol={o.symbol} formats={formats} /> },
  { id: 'type', header: 'Type', width: 92, sortKey: (o) => o.type, cell: (o) => `${orderTypeLabel(o.type)}${o.reduceOnly ? ' · RO' : ''}` },
  { id: 'side', header: 'Side', width: 44, sortKey: (o) => o.side, cell: (o) => <SideCell side={o.side} /> },
  {
    id: 'price',
    header: 'Price / trigger',
    title: 'Limit price; for stops and take-profits, the trigger',
    width: 104,
    align: 'right',
    sortKey: (o) => decimalKey(o.price ?? o.triggerPrice),
    cell: (o) => <PriceOrTrigger order={o} formats={formats} />,
  },
  {
    id: 'filled',
    header: 'Filled / amount',
    width: 112,
    align: 'right',
    sortKey: (o) => decimalKey(o.filled),
    cell: (o) => (
      <span>
        {formatAmountOf(formats, o.symbol, o.filled)}
        <span className="tt-unit"> / {formatAmountOf(formats, o.symbol, o.amount)}</span>
      </span>
    ),
  },
  {
    id: 'average',
    header: 'Avg. price',
    title: 'Average fill price',
    width: 84,
    align: 'right',
    sortKey: (o) => decimalKey(o.averagePrice),
    cell: (o) => formatPriceOf(formats, o.symbol, o.averagePrice),
  },
  {
    id: 'status',
    header: 'Status',
    width: 84,
    sortKey: (o) => o.status,
    cell: (o) => (
      <span className={STATUS_CLASS[o.status] ?? ''} data-testid="status">
        {statusLabel(o.status)}
      </span>
    ),
  },
  {
    id: 'reason',
    header: 'Reason',
    title: 'Why it was canceled, expired or rejected',
    width: 180,
    grow: true,
    sortKey: (o) => o.reason ?? '',
    cell: (o) => (
      <span className="tt-ellipsis" title={o.reason} data-testid="reason">
        {o.reason ?? ''}
      </span>
    ),
  },
  { id: 'created', header: 'Placed', width: 108, sortKey: (o) => o.createdAt, cell: (o) => <TimeCell ts={o.createdAt} /> },
  { id: 'updated', header: 'Ended', width: 108, sortKey: (o) => o.updatedAt, cell: (o) => <TimeCell ts={o.updatedAt} /> },
]

const fillColumns = (formats: MarketFormats): ColumnDef<Fill>[] => [
  { id: 'symbol', header: 'Symbol', width: 120, pin: 'left', sortKey: (f) => f.symbol, cell: (f) => <SymbolCell symbol={f.symbol} formats={formats} /> },
  { id: 'side', header: 'Side', width: 44, sortKey: (f) => f.side, cell: (f) => <SideCell side={f.side} /> },
  { id: 'price', header: 'Price', width: 88, align: 'right', sortKey: (f) => decimalKey(f.price), cell: (f) => formatPriceOf(formats, f.symbol, f.price) },
  { id: 'amount', header: 'Amount', width: 84, align: 'right', sortKey: (f) => decimalKey(f.amount), cell: (f) => formatAmountOf(formats, f.symbol, f.amount) },
  { id: 'fee', header: 'Fee', width: 120, align: 'right', sortKey: (f) => decimalKey(f.fee), cell: (f) => <WithUnit value={f.fee} unit={f.feeAsset} decimals={2} /> },
  {
    id: 'liquidity',
    header: 'Liquidity',
    title: 'Maker: rested in the book; taker: took liquidity',
    width: 70,
    sortKey: (f) => f.liquidity,
    cell: (f) => <span className={f.liquidity === 'maker' ? 'tt-maker' : 'tt-taker'}>{f.liquidity === 'maker' ? 'Maker' : 'Taker'}</span>,
  },
  { id: 'pnl', header: 'Realized P&L', width: 100, align: 'right', sortKey: (f) => decimalKey(f.realizedPnl), cell: (f) => <PnlText value={f.realizedPnl} /> },
  { id: 'time', header: 'Time', width: 108, sortKey: (f) => f.ts, cell: (f) => <TimeCell ts={f.ts} /> },
  { id: 'order', header: 'Order', width: 64, align: 'right', sortKey: (f) => f.orderId, cell: (f) => <span className="tt-muted">#{f.orderId}</span> },
]

/** The ledger's columns: the account's ledger tab and a trade's entries in the history screen. */
export const ledgerColumns = (): ColumnDef<LedgerEntry>[] => [
  { id: 'time', header: 'Time', width: 108, sortKey: (e) => e.ts, cell: (e) => <TimeCell ts={e.ts} /> },
  { id: 'kind', header: 'Kind', width: 136, sortKey: (e) => ledgerKindLabel(e.kind), cell: (e) => <span title={e.kind}>{ledgerKindLabel(e.kind)}</span> },
  {
    id: 'description',
    header: 'Description',
    width: 220,
    grow: true,
    sortKey: (e) => e.description,
    cell: (e) => (
      <span className="tt-ellipsis" title={e.description}>
        {e.description}
      </span>
    ),
  },
  { id: 'book', header: 'Book', width: 180, sortKey: (e) => bookLabel(e.book), cell: (e) => <span title={e.book}>{bookLabel(e.book)}</span> },
  {
    id: 'amount',
    header: 'Amount',
    width: 120,
    align: 'right',
    sortKey: (e) => decimalKey(e.amount),
    cell: (e) => <span className={signClass(e.amount)}>{e.asset === 'USDT' ? formatMoney(e.amount, true) : formatDecimal(e.amount, 0, { sign: true })}</span>,
  },
  { id: 'asset', header: 'Asset', width: 56, sortKey: (e) => e.asset, cell: (e) => e.asset },
]

const orderRowProps = (o: Order): RowProps => ({ 'data-order-id': o.id, 'data-status': o.status })
const fillRowProps = (f: Fill): RowProps => ({ 'data-fill-id': f.id, 'data-order-id': f.orderId })
const ledgerRowProps = (e: LedgerEntry): RowProps => ({ 'data-entry-id': e.id, 'data-kind': e.kind })

export function OrderHistoryTab() {
  const rows = useAppStore((s) => s.view?.orderHistory ?? NONE)
  return (
    <ListTab
      label="Order history"
      testId="order-history-table"
      rows={rows}
      columns={historyColumns}
      rowKey={(o) => o.id}
      rowProps={orderRowProps}
      empty="No finished orders yet. Filled, canceled, expired and rejected orders appear here with the reason."
    />
  )
}

export function FillsTab() {
  const rows = useAppStore((s) => s.view?.fills ?? NONE)
  return (
    <ListTab
      label="Fills"
      testId="fills-table"
      rows={rows}
      columns={fillColumns}
      rowKey={(f) => f.id}
      rowProps={fillRowProps}
      empty="No trades yet. Every execution appears here with its price, fee and whether it made or took liquidity."
    />
  )
}

export function LedgerTab() {
  const rows = useAppStore((s) => s.view?.ledger ?? NONE)
  return (
    <ListTab
      label="Ledger entries"
      testId="ledger-table"
      rows={rows}
      columns={ledgerColumns}
      rowKey={(e) => e.id}
      rowProps={ledgerRowProps}
      empty="No ledger entries yet. The deposit, margin, fees, funding and P&L of this account are booked here."
    />
  )
}
