import type { HistoryFill, HistoryOrder, RoundTrip } from '../../../../shared/domain/history'
import { PnlText, SideCell, SymbolCell, WithUnit } from '../trading-tables/cells'
import { formatMoney, orderTypeLabel, statusLabel } from '../trading-tables/table-format'
import { decimalKey, type ColumnDef } from '../trading-tables/table-model'
import { formatAmountOf, formatPriceOf, type MarketFormats } from '../trading-tables/tables-context'
import { formatUtcMinute, OUTCOME_LABELS, SOURCE_LABELS } from './history-format'

/** The trades table's sortable columns and the `history.trades` sort each asks for. */
export const TRADE_SORT_FIELDS = { symbol: 'symbol', closed: 'time', net: 'netPnl', fees: 'fees' } as const
export const TRADE_SORTABLE: ReadonlySet<string> = new Set(Object.keys(TRADE_SORT_FIELDS))

function UtcTime({ ts }: { ts: number }) {
  return (
    <span className="tt-time" title={new Date(ts).toISOString()}>
      {formatUtcMinute(ts)}
    </span>
  )
}

function AccountCell({ name, source }: { name: string; source: keyof typeof SOURCE_LABELS }) {
  return (
    <span className="tt-ellipsis" title={`${name} (${SOURCE_LABELS[source]})`}>
      {name}
      <span className="tt-unit"> · {SOURCE_LABELS[source]}</span>
    </span>
  )
}

export function OutcomeChip({ outcome }: { outcome: RoundTrip['outcome'] }) {
  return (
    <span className={`hx-outcome hx-outcome-${outcome}`} data-testid="outcome">
      {OUTCOME_LABELS[outcome]}
    </span>
  )
}

function TagsCell({ trip }: { trip: RoundTrip }) {
  return (
    <span className="hx-tag-cell" title={[trip.tags.join(', '), trip.note].filter(Boolean).join(' — ')}>
      {trip.note !== undefined && trip.note !== '' && (
        <span className="hx-note-mark" aria-label="Has a note">
          ✎
        </span>
      )}
      {trip.tags.map((tag) => (
        <span key={tag} className="hx-chip">
          {tag}
        </span>
      ))}
    </span>
  )
}

const UTC_TITLE = 'Times in UTC'

export const tradeColumns = (formats: MarketFormats): ColumnDef<RoundTrip>[] => [
  { id: 'symbol', header: 'Symbol', width: 130, pin: 'left', cell: (t) => <SymbolCell symbol={t.symbol} formats={formats} /> },
  { id: 'side', header: 'Side', width: 52, cell: (t) => <SideCell side={t.side} /> },
  { id: 'outcome', header: 'Result', width: 64, cell: (t) => <OutcomeChip outcome={t.outcome} /> },
  { id: 'net', header: 'Net P&L', title: 'Gross P&L − fees − funding', width: 100, align: 'right', cell: (t) => <PnlText value={t.netPnl} testId="net-pnl" /> },
  { id: 'opened', header: 'Opened', title: UTC_TITLE, width: 122, cell: (t) => <UtcTime ts={t.openedAt} /> },
  {
    id: 'closed',
    header: 'Closed',
    title: `${UTC_TITLE}; sorting by time uses the close (the open while still open)`,
    width: 122,
    cell: (t) => (t.closedAt === undefined ? <span className="hx-open-mark">Still open</span> : <UtcTime ts={t.closedAt} />),
  },
  { id: 'size', header: 'Size', title: 'Largest size the position reached', width: 84, align: 'right', cell: (t) => formatAmountOf(formats, t.symbol, t.maxAmount) },
  { id: 'entry', header: 'Entry', title: 'Average entry price', width: 92, align: 'right', cell: (t) => formatPriceOf(formats, t.symbol, t.entryPrice) },
  { id: 'exit', header: 'Exit', title: 'Average exit price', width: 92, align: 'right', cell: (t) => formatPriceOf(formats, t.symbol, t.exitPrice) },
  { id: 'gross', header: 'Gross', width: 92, align: 'right', cell: (t) => <PnlText value={t.grossPnl} /> },
  { id: 'fees', header: 'Fees', width: 80, align: 'right', cell: (t) => <span title={t.fees}>{formatMoney(t.fees)}</span> },
  { id: 'funding', header: 'Funding', title: 'Paid (negative when received)', width: 80, align: 'right', cell: (t) => <span title={t.funding}>{formatMoney(t.funding)}</span> },
  { id: 'account', header: 'Account', width: 140, cell: (t) => <AccountCell name={t.accountName} source={t.source} /> },
  { id: 'tags', header: 'Journal', title: 'Tags and note', width: 150, grow: true, cell: (t) => <TagsCell trip={t} /> },
]

export const fillColumns = (formats: MarketFormats): ColumnDef<HistoryFill>[] => [
  { id: 'time', header: 'Time', title: UTC_TITLE, width: 122, sortKey: (f) => f.ts, cell: (f) => <UtcTime ts={f.ts} /> },
  { id: 'symbol', header: 'Symbol', width: 130, pin: 'left', sortKey: (f) => f.symbol, cell: (f) => <SymbolCell symbol={f.symbol} formats={formats} /> },
  { id: 'side', header: 'Side', width: 48, sortKey: (f) => f.side, cell: (f) => <SideCell side={f.side} /> },
  { id: 'price', header: 'Price', width: 92, align: 'right', sortKey: (f) => decimalKey(f.price), cell: (f) => formatPriceOf(formats, f.symbol, f.price) },
  { id: 'amount', header: 'Amount', width: 84, align: 'right', sortKey: (f) => decimalKey(f.amount), cell: (f) => formatAmountOf(formats, f.symbol, f.amount) },
  { id: 'fee', header: 'Fee', width: 116, align: 'right', sortKey: (f) => decimalKey(f.fee), cell: (f) => <WithUnit value={f.fee} unit={f.feeAsset} decimals={2} /> },
  { id: 'liquidity', header: 'Liquidity', width: 66, sortKey: (f) => f.liquidity, cell: (f) => (f.liquidity === 'maker' ? 'Maker' : 'Taker') },
  { id: 'pnl', header: 'Realized P&L', width: 100, align: 'right', sortKey: (f) => decimalKey(f.realizedPnl), cell: (f) => <PnlText value={f.realizedPnl} /> },
  { id: 'account', header: 'Account', width: 140, sortKey: (f) => f.accountName, cell: (f) => <AccountCell name={f.accountName} source={f.source} /> },
  { id: 'order', header: 'Order', width: 64, align: 'right', sortKey: (f) => f.orderId, cell: (f) => <span className="tt-muted">#{f.orderId}</span> },
  {
    id: 'trade-id',
    header: 'Trade id',
    title: "The venue's id of the execution",
    width: 110,
    grow: true,
    sortKey: (f) => f.tradeId,
    cell: (f) => (
      <span className="tt-muted tt-ellipsis" title={f.tradeId}>
        {f.tradeId}
      </span>
    ),
  },
]

function OrderPrice({ order, formats }: { order: HistoryOrder; formats: MarketFormats }) {
  if (order.price !== undefined) return <>{formatPriceOf(formats, order.symbol, order.price)}</>
  if (order.triggerPrice === undefined) return <>Market</>
  return (
    <span title="Trigger price">
      <span className="tt-unit">trig. </span>
      {formatPriceOf(formats, order.symbol, order.triggerPrice)}
    </span>
  )
}

export const orderColumns = (formats: MarketFormats): ColumnDef<HistoryOrder>[] => [
  { id: 'created', header: 'Placed', title: UTC_TITLE, width: 122, cell: (o) => <UtcTime ts={o.createdAt} /> },
  { id: 'symbol', header: 'Symbol', width: 130, pin: 'left', cell: (o) => <SymbolCell symbol={o.symbol} formats={formats} /> },
  { id: 'type', header: 'Type', width: 96, cell: (o) => orderTypeLabel(o.type) },
  { id: 'side', header: 'Side', width: 48, cell: (o) => <SideCell side={o.side} /> },
  { id: 'price', header: 'Price / trigger', width: 108, align: 'right', cell: (o) => <OrderPrice order={o} formats={formats} /> },
  {
    id: 'filled',
    header: 'Filled / amount',
    width: 120,
    align: 'right',
    cell: (o) => (
      <span>
        {formatAmountOf(formats, o.symbol, o.filled)}
        <span className="tt-unit"> / {formatAmountOf(formats, o.symbol, o.amount)}</span>
      </span>
    ),
  },
  { id: 'average', header: 'Avg. price', width: 92, align: 'right', cell: (o) => formatPriceOf(formats, o.symbol, o.averagePrice) },
  { id: 'status', header: 'Status', width: 92, cell: (o) => <span data-testid="status">{statusLabel(o.status)}</span> },
  {
    id: 'reason',
    header: 'Reason',
    width: 160,
    grow: true,
    cell: (o) => (
      <span className="tt-ellipsis" title={o.reason}>
        {o.reason ?? ''}
      </span>
    ),
  },
  { id: 'updated', header: 'Ended', title: UTC_TITLE, width: 122, cell: (o) => <UtcTime ts={o.updatedAt} /> },
  { id: 'account', header: 'Account', width: 130, cell: (o) => <span className="tt-ellipsis">{o.accountName}</span> },
]
