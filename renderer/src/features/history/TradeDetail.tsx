import { useCallback, useMemo, useState, type ReactNode } from 'react'
import type { RoundTrip } from '../../../../shared/domain/history'
import { Modal } from '../../components/Modal'
import { PnlText, SideCell } from '../trading-tables/cells'
import { formatAge, formatMoney } from '../trading-tables/table-format'
import { nextSort, sortRows, type ColumnDef, type SortState } from '../trading-tables/table-model'
import { formatAmountOf, formatPriceOf, useMarketFormats, type MarketFormats } from '../trading-tables/tables-context'
import { VirtualTable } from '../trading-tables/VirtualTable'
import { ledgerColumns } from '../trading-tables/HistoryTabs'
import { fillColumns, OutcomeChip } from './history-columns'
import './history-dialogs.css'
import { formatUtcMinute, SOURCE_LABELS } from './history-format'
import { useRequest } from '../../api/use-request'
import { Journal } from './Journal'
import { TradeChart } from './TradeChart'

interface TradeDetailProps {
  id: number
  tagSuggestions: readonly string[]
  onClose(): void
  /** The trade's note or tags were saved. */
  onChanged(trade: RoundTrip): void
}

/** A short table of the detail, sortable in place (a trade has tens of fills, not thousands). */
function DetailTable<T extends { id: number }>({ label, testId, columns, rows, empty }: { label: string; testId: string; columns: ColumnDef<T>[]; rows: T[]; empty: string }) {
  const [sort, setSort] = useState<SortState>()
  const sorted = useMemo(() => sortRows(rows, columns, sort), [rows, columns, sort])
  const onSort = useCallback((column: string) => setSort((current) => nextSort(current, column)), [])
  return (
    <div className="hx-detail-table">
      <VirtualTable label={label} testId={testId} columns={columns} rows={sorted} rowKey={(r) => r.id} sort={sort} onSort={onSort} empty={empty} />
    </div>
  )
}

function Summary({ trade, formats, stopLoss, takeProfit }: { trade: RoundTrip; formats: MarketFormats; stopLoss?: string; takeProfit?: string }) {
  const price = (value: string | undefined): string => formatPriceOf(formats, trade.symbol, value)
  // Dates and the account name take two cells of the grid.
  const items: Array<[string, ReactNode, 'wide'?]> = [
    ['Side', <SideCell key="side" side={trade.side} />],
    ['Result', <OutcomeChip key="outcome" outcome={trade.outcome} />],
    ['Size', formatAmountOf(formats, trade.symbol, trade.maxAmount)],
    ['Entry', price(trade.entryPrice)],
    ['Exit', price(trade.exitPrice)],
    ['Net P&L', <PnlText key="net" value={trade.netPnl} testId="detail-net" />],
    ['Gross', <PnlText key="gross" value={trade.grossPnl} />],
    ['Fees', formatMoney(trade.fees)],
    ['Funding', formatMoney(trade.funding)],
    ['Opened (UTC)', formatUtcMinute(trade.openedAt), 'wide'],
    ['Held', trade.closedAt === undefined ? 'Still open' : formatAge(trade.closedAt - trade.openedAt)],
    ['Initial stop', price(trade.initialStop)],
    ['Stop-loss', price(stopLoss)],
    ['Take-profit', price(takeProfit)],
    ['Account', `${trade.accountName} · ${SOURCE_LABELS[trade.source]} · ${trade.venue}`, 'wide'],
  ]
  return (
    <dl className="hx-summary" aria-label="Trade summary">
      {items.map(([label, value, wide]) => (
        <div key={label} className={wide === undefined ? 'hx-figure' : 'hx-figure hx-figure-wide'}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  )
}

/** One round trip: its figures, chart, journal, fills and the ledger entries they booked. */
export function TradeDetail({ id, tagSuggestions, onClose, onChanged }: TradeDetailProps) {
  const { value: detail, error } = useRequest('history.trade', { id })
  const formats = useMarketFormats()
  const fills = useMemo(() => fillColumns(formats), [formats])
  // The journal's saves, over the trade as first read.
  const [saved, setSaved] = useState<RoundTrip>()
  const trade = saved ?? detail?.trade
  const onSaved = (next: RoundTrip): void => {
    setSaved(next)
    onChanged(next)
  }
  const title = trade === undefined ? `Trade #${id}` : `${trade.symbol} ${trade.side} · ${trade.closedAt === undefined ? 'open' : `closed ${formatUtcMinute(trade.closedAt)} UTC`}`
  return (
    <Modal title={title} onClose={onClose} look="ab-modal" className="hx-trade-dialog" testId="trade-detail">
      <div className="hx-detail" data-trade-id={id}>
        {error !== undefined && (
          <p className="ab-modal-error" role="alert">
            {error}
          </p>
        )}
        {detail === undefined || trade === undefined ? (
          error === undefined && <p className="hx-muted">Loading the trade…</p>
        ) : (
          <>
            <Summary trade={trade} formats={formats} stopLoss={detail.stopLoss} takeProfit={detail.takeProfit} />
            <div className="hx-detail-main">
              <TradeChart detail={detail} />
              <Journal trade={trade} suggestions={tagSuggestions} onSaved={onSaved} />
            </div>
            <h3 className="hx-section-title">Fills ({detail.fills.length})</h3>
            <DetailTable label="Fills of this trade" testId="trade-fills" columns={fills} rows={detail.fills} empty="No fills." />
            <h3 className="hx-section-title">Ledger entries ({detail.entries.length})</h3>
            <DetailTable label="Ledger entries of this trade" testId="trade-ledger" columns={ledgerColumns()} rows={detail.entries} empty="No ledger entries." />
          </>
        )}
      </div>
      <div className="ab-modal-actions">
        <button type="button" onClick={onClose} data-autofocus="true">
          Close
        </button>
      </div>
    </Modal>
  )
}
