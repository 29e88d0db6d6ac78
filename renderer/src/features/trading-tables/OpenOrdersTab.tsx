import { useCallback, useMemo, useState, type KeyboardEvent } from 'react'
import type { Order } from '../../../../shared/domain/trading'
import { useApi } from '../../api/api-context'
import { useAppStore } from '../../store'
import { SideCell, SymbolCell, TimeCell } from './cells'
import { Modal } from '../../components/Modal'
import { orderTypeLabel } from './table-format'
import { decimalKey, nextSort, sortRows, type ColumnDef, type SortState } from './table-model'
import { formatAmountOf, formatPriceOf, useFormats, useNotify, type MarketFormats } from './tables-context'
import { amendable, amendChanges, type Draft, type Field } from './order-edits'
import { checkDecimal } from './validate'
import { VirtualTable, type RowProps } from './VirtualTable'

const NO_ORDERS: Record<number, Order> = {}

interface EditApi {
  draft: Draft | undefined
  pending: boolean
  start(order: Order): void
  change(field: Field, value: string): void
  save(order: Order): void
  stop(): void
  cancel(order: Order): void
}

function EditableFigure({ order, field, edit, text }: { order: Order; field: Field; edit: EditApi; text: string }) {
  const editing = edit.draft?.orderId === order.id && amendable(order)[field]
  if (!editing) return <>{text}</>
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === 'Enter') edit.save(order)
    if (e.key === 'Escape') {
      e.stopPropagation()
      edit.stop()
    }
  }
  const first = (['price', 'triggerPrice', 'amount'] as const).find((f) => amendable(order)[f]) === field
  return (
    <input
      className="tt-inline-input num"
      inputMode="decimal"
      aria-label={`New ${field === 'triggerPrice' ? 'trigger price' : field} of order ${order.id}`}
      autoFocus={first}
      value={edit.draft?.[field] ?? ''}
      onChange={(e) => edit.change(field, e.target.value.trim())}
      onKeyDown={onKeyDown}
      disabled={edit.pending}
      data-testid={`amend-${field}`}
    />
  )
}

function orderColumns(formats: MarketFormats, edit: EditApi): ColumnDef<Order>[] {
  return [
    { id: 'symbol', header: 'Symbol', width: 120, pin: 'left', sortKey: (o) => o.symbol, cell: (o) => <SymbolCell symbol={o.symbol} formats={formats} /> },
    { id: 'type', header: 'Type', width: 92, sortKey: (o) => o.type, cell: (o) => orderTypeLabel(o.type) },
    { id: 'side', header: 'Side', width: 44, sortKey: (o) => o.side, cell: (o) => <SideCell side={o.side} /> },
    {
      id: 'price',
      header: 'Price',
      title: 'Limit price',
      width: 96,
      align: 'right',
      sortKey: (o) => decimalKey(o.price),
      cell: (o) => <EditableFigure order={o} field="price" edit={edit} text={o.price === undefined ? 'Market' : formatPriceOf(formats, o.symbol, o.price)} />,
    },
    {
      id: 'trigger',
      header: 'Trigger',
      title: 'Trigger price of a stop or take-profit, and what it watches',
      width: 104,
      align: 'right',
      sortKey: (o) => decimalKey(o.triggerPrice),
      cell: (o) => (
        <EditableFigure
          order={o}
          field="triggerPrice"
          edit={edit}
          text={o.triggerPrice === undefined ? '—' : `${formatPriceOf(formats, o.symbol, o.triggerPrice)}${o.triggerBy === 'mark' ? ' (mark)' : ''}`}
        />
      ),
    },
    {
      id: 'amount',
      header: 'Amount',
      width: 90,
      align: 'right',
      sortKey: (o) => decimalKey(o.amount),
      cell: (o) => <EditableFigure order={o} field="amount" edit={edit} text={formatAmountOf(formats, o.symbol, o.amount)} />,
    },
    { id: 'filled', header: 'Filled', width: 76, align: 'right', sortKey: (o) => decimalKey(o.filled), cell: (o) => formatAmountOf(formats, o.symbol, o.filled) },
    {
      id: 'reduceOnly',
      header: 'RO',
      title: 'Reduce-only: can only shrink a position',
      width: 36,
      align: 'center',
      sortKey: (o) => (o.reduceOnly ? 1 : 0),
      cell: (o) => (o.reduceOnly ? <span title="Reduce-only">✓</span> : ''),
    },
    { id: 'time', header: 'Time', width: 108, sortKey: (o) => o.createdAt, cell: (o) => <TimeCell ts={o.createdAt} /> },
    { id: 'tif', header: 'TIF', title: 'Time in force', width: 40, sortKey: (o) => o.timeInForce, cell: (o) => o.timeInForce },
    {
      id: 'actions',
      header: '',
      width: 116,
      pin: 'right',
      align: 'center',
      cell: (o) =>
        edit.draft?.orderId === o.id ? (
          <span className="tt-actions">
            <button type="button" className="tt-btn tt-btn-primary" disabled={edit.pending} onClick={() => edit.save(o)} data-testid="amend-save">
              Save
            </button>
            <button type="button" className="tt-btn" disabled={edit.pending} onClick={edit.stop}>
              Discard
            </button>
          </span>
        ) : (
          <span className="tt-actions">
            <button type="button" className="tt-btn" onClick={() => edit.start(o)} aria-label={`Amend order ${o.id}`} data-testid="amend">
              Amend
            </button>
            <button type="button" className="tt-btn tt-btn-danger" onClick={() => edit.cancel(o)} aria-label={`Cancel order ${o.id}`} data-testid="cancel-order">
              Cancel
            </button>
          </span>
        ),
    },
  ]
}

/** After an amendment ends, focus goes back to the row's Amend button, not to the page. */
const refocus = (orderId: number): void => {
  requestAnimationFrame(() =>
    document.querySelector<HTMLButtonElement>(`[data-testid="open-orders-table"] [data-order-id="${orderId}"] [data-testid="amend"]`)?.focus(),
  )
}

const rowProps = (o: Order): RowProps => ({ 'data-order-id': o.id, 'data-symbol': o.symbol })

/** Working orders: amend price, trigger or amount in place; cancel one, or all after confirming. */
export function OpenOrdersTab() {
  const api = useApi()
  const notify = useNotify()
  const formats = useFormats()
  const accountId = useAppStore((s) => s.view?.accountId)
  const openOrders = useAppStore((s) => s.view?.openOrders ?? NO_ORDERS)
  const [sort, setSort] = useState<SortState>()
  const [draft, setDraft] = useState<Draft>()
  const [pending, setPending] = useState(false)
  const [confirmAll, setConfirmAll] = useState(false)

  const edit = useMemo<EditApi>(
    () => ({
      draft,
      pending,
      start: (o) => setDraft({ orderId: o.id, price: o.price ?? '', triggerPrice: o.triggerPrice ?? '', amount: o.amount }),
      change: (field, value) => setDraft((d) => (d === undefined ? d : { ...d, [field]: value })),
      stop: () => {
        if (draft !== undefined) refocus(draft.orderId)
        setDraft(undefined)
      },
      save: (order) => {
        if (draft === undefined || accountId === undefined) return
        const can = amendable(order)
        const tick = formats.get(order.symbol)?.tickSize
        const step = formats.get(order.symbol)?.amountStep
        const checks: Array<[Field, string, string | undefined]> = [
          ['price', 'The price', tick],
          ['triggerPrice', 'The trigger price', tick],
          ['amount', 'The amount', step],
        ]
        for (const [field, name, grid] of checks) {
          const problem = can[field] ? checkDecimal(draft[field], name, { step: grid }) : undefined
          if (problem !== undefined) {
            notify({ kind: 'error', text: `Order ${order.id}: ${problem}` })
            return
          }
        }
        const changes = amendChanges(order, draft)
        if (Object.keys(changes).length === 0) {
          setDraft(undefined)
          return
        }
        setPending(true)
        void api.request('orders.amend', { accountId, orderId: order.id, ...changes }).then((result) => {
          setPending(false)
          if (result.ok) {
            refocus(order.id)
            setDraft(undefined)
            notify({ kind: 'info', text: `Order ${order.id} amended.` })
          } else {
            notify({ kind: 'error', text: `Amend refused: ${result.error.message}` })
          }
        })
      },
      cancel: (order) => {
        if (accountId === undefined) return
        void api.request('orders.cancel', { accountId, orderId: order.id }).then((result) => {
          if (!result.ok) notify({ kind: 'error', text: `Cancel refused: ${result.error.message}` })
        })
      },
    }),
    [draft, pending, accountId, api, notify, formats],
  )

  const columns = useMemo(() => orderColumns(formats, edit), [formats, edit])
  const rows = useMemo(
    () =>
      sortRows(
        Object.values(openOrders).sort((a, b) => b.createdAt - a.createdAt || b.id - a.id),
        columns,
        sort,
      ),
    [openOrders, columns, sort],
  )
  const onSort = useCallback((column: string) => setSort((current) => nextSort(current, column)), [])

  const cancelAll = async (): Promise<void> => {
    if (accountId === undefined) return
    const ids = Object.values(openOrders).map((o) => o.id)
    setConfirmAll(false)
    const results = await Promise.all(ids.map((orderId) => api.request('orders.cancel', { accountId, orderId })))
    const refused = results.flatMap((r) => (r.ok ? [] : [r.error.message]))
    notify(
      refused.length === 0
        ? { kind: 'info', text: `Canceled ${ids.length} order${ids.length === 1 ? '' : 's'}.` }
        : { kind: 'error', text: `${refused.length} of ${ids.length} not canceled: ${refused[0]}` },
    )
  }

  return (
    <>
      <div className="tt-toolbar">
        <span className="tt-muted">Enter saves an amendment, Escape drops it.</span>
        <button type="button" className="tt-btn tt-btn-danger" disabled={rows.length === 0} onClick={() => setConfirmAll(true)} data-testid="cancel-all">
          Cancel all
        </button>
      </div>
      <VirtualTable
        label="Open orders"
        testId="open-orders-table"
        columns={columns}
        rows={rows}
        rowKey={(o) => o.id}
        sort={sort}
        onSort={onSort}
        rowProps={rowProps}
        empty="No working orders. Limit, stop and take-profit orders wait here until they fill or you cancel them."
      />
      {confirmAll && (
        <Modal look="tt-dialog" title="Cancel all working orders?" onClose={() => setConfirmAll(false)} testId="cancel-all-dialog">
          <p className="tt-dialog-line">
            {rows.length} order{rows.length === 1 ? '' : 's'} will be canceled, stop-losses and take-profits included. Positions stay open.
          </p>
          <div className="tt-dialog-buttons">
            <button type="button" className="tt-btn" autoFocus onClick={() => setConfirmAll(false)}>
              Keep them
            </button>
            <button type="button" className="tt-btn tt-btn-danger tt-btn-primary" onClick={() => void cancelAll()} data-testid="confirm-cancel-all">
              Cancel {rows.length} order{rows.length === 1 ? '' : 's'}
            </button>
          </div>
        </Modal>
      )}
    </>
  )
}
