import { memo, useCallback, useMemo, useState } from 'react'
import type { Order, Position } from '../../../../shared/domain/trading'
import { unrealizedPnl } from '../../../../shared/trading/margin'
import { atoms, type Atoms } from '../../../../shared/trading/money'
import { useAppStore } from '../../store'
import { PnlText, SideCell, SymbolCell } from './cells'
import { ClosePositionDialog } from './ClosePositionDialog'
import { ageOf, liquidationOnTick, liveFigures, markOf, protectionOf, type Protection } from './live-position'
import { ProtectionDialog } from './ProtectionDialog'
import { formatAge, formatDecimal, formatPercentText, signClass } from './table-format'
import { decimalKey, sortRows, nextSort, type ColumnDef, type SortState } from './table-model'
import { formatAmountOf, formatPriceOf, useFormats, type MarketFormats } from './tables-context'
import { VirtualTable, type RowProps } from './VirtualTable'

export interface PositionRow {
  position: Position
  protection: Protection
}

const NO_POSITIONS: Record<string, Position> = {}
const NO_ORDERS: Record<number, Order> = {}

/** The live figures of one row, recomputed only when its own market ticks. */
function useLive(position: Position) {
  const summary = useAppStore((s) => s.summaries[position.symbol])
  return useMemo(() => liveFigures(position, summary), [position, summary])
}

const LiveMark = memo(function LiveMark({ position, decimals }: { position: Position; decimals: number }) {
  const { mark } = useLive(position)
  return <span data-testid="live-mark">{formatDecimal(mark, decimals)}</span>
})

const LivePnl = memo(function LivePnl({ position }: { position: Position }) {
  return <PnlText value={useLive(position).unrealizedPnl} testId="live-upnl" />
})

const LiveRoe = memo(function LiveRoe({ position }: { position: Position }) {
  const { roePercent } = useLive(position)
  return (
    <span className={signClass(roePercent)} data-testid="live-roe">
      {roePercent === undefined ? '—' : formatPercentText(roePercent)}
    </span>
  )
})

/** Age in engine time: the latest tick of the position's market, so a replay ages at its own pace. */
const LiveAge = memo(function LiveAge({ position }: { position: Position }) {
  const now = useAppStore((s) => s.summaries[position.symbol]?.ts)
  const age = ageOf(position.openedAt, now)
  return <span className="tt-muted">{age === undefined ? '—' : formatAge(age)}</span>
})

function LiquidationCell({ position, formats }: { position: Position; formats: MarketFormats }) {
  const exact = position.liquidationPrice
  const tick = formats.get(position.symbol)?.tickSize
  if (exact === undefined) return <span className="tt-muted">—</span>
  const shown = tick === undefined ? exact : liquidationOnTick(exact, tick, position.side)
  return (
    <span className="warn" title={`Exactly ${exact}`}>
      {formatPriceOf(formats, position.symbol, shown)}
    </span>
  )
}

function TriggerCell({ order, extra, formats, symbol }: { order: Order | undefined; extra: number; formats: MarketFormats; symbol: string }) {
  if (order === undefined) return <span className="tt-muted">—</span>
  return (
    <span title={`${order.type === 'trailing_stop_market' ? 'Trailing stop' : 'Order'} #${order.id}, ${order.amount}${extra > 0 ? `; ${extra} more` : ''}`}>
      {formatPriceOf(formats, symbol, order.triggerPrice)}
      {extra > 0 && <span className="tt-unit"> +{extra}</span>}
    </span>
  )
}

/** The figure a live column sorts by, at the marks captured when the trader clicked its header. */
function liveKey(position: Position, marks: ReadonlyMap<string, Atoms>, column: 'mark' | 'upnl' | 'roe'): Atoms {
  const mark = marks.get(position.symbol) ?? atoms(position.markPrice)
  if (column === 'mark') return mark
  const pnl = unrealizedPnl(position.side, atoms(position.entryPrice), mark, atoms(position.amount))
  if (column === 'upnl') return pnl
  const margin = atoms(position.margin)
  return margin > 0n ? (pnl * 10n ** 8n) / margin : 0n
}

const LIVE_COLUMNS = new Set(['mark', 'upnl', 'roe'])

interface Handlers {
  close(symbol: string): void
  protect(symbol: string): void
}

function positionColumns(formats: MarketFormats, marks: ReadonlyMap<string, Atoms>, on: Handlers): ColumnDef<PositionRow>[] {
  const price = (row: PositionRow) => formats.get(row.position.symbol)?.priceDecimals ?? 2
  return [
    { id: 'symbol', header: 'Symbol', width: 120, pin: 'left', sortKey: (r) => r.position.symbol, cell: (r) => <SymbolCell symbol={r.position.symbol} formats={formats} /> },
    { id: 'side', header: 'Side', width: 50, sortKey: (r) => r.position.side, cell: (r) => <SideCell side={r.position.side} /> },
    {
      id: 'size',
      header: 'Size',
      title: 'Amount in the base asset',
      width: 80,
      align: 'right',
      sortKey: (r) => decimalKey(r.position.amount),
      cell: (r) => <span data-testid="size">{formatAmountOf(formats, r.position.symbol, r.position.amount)}</span>,
    },
    { id: 'entry', header: 'Entry', width: 82, align: 'right', sortKey: (r) => decimalKey(r.position.entryPrice), cell: (r) => formatPriceOf(formats, r.position.symbol, r.position.entryPrice) },
    {
      id: 'mark',
      header: 'Mark',
      title: 'Midpoint of bid and ask, live',
      width: 82,
      align: 'right',
      sortKey: (r) => liveKey(r.position, marks, 'mark'),
      cell: (r) => <LiveMark position={r.position} decimals={price(r)} />,
    },
    {
      id: 'upnl',
      header: 'uPnL',
      title: 'Unrealized P&L at the mark, live',
      width: 84,
      align: 'right',
      sortKey: (r) => liveKey(r.position, marks, 'upnl'),
      cell: (r) => <LivePnl position={r.position} />,
    },
    {
      id: 'roe',
      header: 'ROE',
      title: 'Return on the margin: unrealized P&L / margin',
      width: 68,
      align: 'right',
      sortKey: (r) => liveKey(r.position, marks, 'roe'),
      cell: (r) => <LiveRoe position={r.position} />,
    },
    {
      id: 'liq',
      header: 'Liq. price',
      title: 'Liquidation price, at the maintenance tier of the position',
      width: 82,
      align: 'right',
      sortKey: (r) => decimalKey(r.position.liquidationPrice),
      cell: (r) => <LiquidationCell position={r.position} formats={formats} />,
    },
    {
      id: 'margin',
      header: 'Margin',
      title: 'Isolated margin held',
      width: 72,
      align: 'right',
      sortKey: (r) => decimalKey(r.position.margin),
      cell: (r) => <span title={r.position.margin}>{formatDecimal(r.position.margin, 2, { maxDecimals: 2 })}</span>,
    },
    { id: 'leverage', header: 'Lev.', title: 'Leverage', width: 44, align: 'right', sortKey: (r) => r.position.leverage, cell: (r) => `${r.position.leverage}x` },
    {
      id: 'sl',
      header: 'SL',
      title: 'Stop-loss trigger (working reduce-only stop)',
      width: 80,
      align: 'right',
      sortKey: (r) => decimalKey(r.protection.stopLoss?.triggerPrice),
      cell: (r) => <TriggerCell order={r.protection.stopLoss} extra={r.protection.extraStops} formats={formats} symbol={r.position.symbol} />,
    },
    {
      id: 'tp',
      header: 'TP',
      title: 'Take-profit trigger (working reduce-only take-profit)',
      width: 80,
      align: 'right',
      sortKey: (r) => decimalKey(r.protection.takeProfit?.triggerPrice),
      cell: (r) => <TriggerCell order={r.protection.takeProfit} extra={r.protection.extraTakeProfits} formats={formats} symbol={r.position.symbol} />,
    },
    { id: 'age', header: 'Age', width: 64, align: 'right', sortKey: (r) => -r.position.openedAt, cell: (r) => <LiveAge position={r.position} /> },
    {
      id: 'actions',
      header: '',
      width: 112,
      pin: 'right',
      align: 'center',
      cell: (r) => (
        <span className="tt-actions">
          <button type="button" className="tt-btn" onClick={() => on.protect(r.position.symbol)} aria-label={`Edit stop-loss and take-profit of ${r.position.symbol}`}>
            SL/TP
          </button>
          <button type="button" className="tt-btn tt-btn-danger" onClick={() => on.close(r.position.symbol)} aria-label={`Close ${r.position.symbol} position`}>
            Close
          </button>
        </span>
      ),
    },
  ]
}

type Dialog = { kind: 'close' | 'protect'; symbol: string } | undefined

const rowProps = (row: PositionRow): RowProps => ({ 'data-symbol': row.position.symbol, 'data-side': row.position.side })

/** Open positions with live mark, P&L and ROE; close all or part, edit the stop-loss and take-profit. */
export function PositionsTab() {
  const formats = useFormats()
  const positions = useAppStore((s) => s.view?.positions ?? NO_POSITIONS)
  const openOrders = useAppStore((s) => s.view?.openOrders ?? NO_ORDERS)
  const [sort, setSort] = useState<SortState>()
  const [marks, setMarks] = useState<ReadonlyMap<string, Atoms>>(new Map())
  const [dialog, setDialog] = useState<Dialog>()

  const handlers = useMemo<Handlers>(
    () => ({ close: (symbol) => setDialog({ kind: 'close', symbol }), protect: (symbol) => setDialog({ kind: 'protect', symbol }) }),
    [],
  )
  const columns = useMemo(() => positionColumns(formats, marks, handlers), [formats, marks, handlers])
  const rows = useMemo(() => {
    const orders = Object.values(openOrders)
    const list = Object.values(positions)
      .sort((a, b) => b.openedAt - a.openedAt)
      .map((position) => ({ position, protection: protectionOf(position, orders) }))
    return sortRows(list, columns, sort)
  }, [positions, openOrders, columns, sort])

  // Live columns sort by the prices at the click: rows do not jump under the pointer with every tick.
  const onSort = useCallback((column: string) => {
    if (LIVE_COLUMNS.has(column)) {
      const { summaries } = useAppStore.getState()
      const captured = new Map<string, Atoms>()
      for (const [symbol, summary] of Object.entries(summaries)) {
        const mark = markOf(summary)
        if (mark !== undefined) captured.set(symbol, mark)
      }
      setMarks(captured)
    }
    setSort((current) => nextSort(current, column))
  }, [])

  return (
    <>
      <VirtualTable
        label="Open positions"
        testId="positions-table"
        columns={columns}
        rows={rows}
        rowKey={(r) => r.position.symbol}
        sort={sort}
        onSort={onSort}
        rowProps={rowProps}
        empty="No open positions. Buy or sell a perpetual in the order ticket to open one; spot coins you hold are in the balances."
      />
      {dialog?.kind === 'close' && <ClosePositionDialog symbol={dialog.symbol} onClose={() => setDialog(undefined)} />}
      {dialog?.kind === 'protect' && <ProtectionDialog symbol={dialog.symbol} onClose={() => setDialog(undefined)} />}
    </>
  )
}
