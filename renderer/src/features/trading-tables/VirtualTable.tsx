import { useVirtualizer } from '@tanstack/react-virtual'
import { memo, useMemo, useRef, type CSSProperties, type ReactNode } from 'react'
import { gridTemplate, type ColumnDef, type SortState } from './table-model'

/** Every row has this height, so a table never jumps as rows come and go. */
export const ROW_HEIGHT = 26
const HEADER_HEIGHT = 28

interface VirtualTableProps<T> {
  /** What the table lists, for assistive technology. */
  label: string
  columns: readonly ColumnDef<T>[]
  /** Already in display order. */
  rows: readonly T[]
  rowKey: (row: T) => string | number
  sort: SortState | undefined
  onSort: (column: string) => void
  /** Said when there are no rows: what to do to get some. */
  empty: ReactNode
  testId: string
  /** Extra attributes of a row (data-*, a class). */
  rowProps?: (row: T) => RowProps
}

export type RowProps = { className?: string } & Record<`data-${string}`, string | number | boolean | undefined>

const cellClass = (column: Pick<ColumnDef<unknown>, 'align' | 'pin'>, extra = ''): string =>
  ['vt-cell', column.align === 'right' ? 'num' : column.align === 'center' ? 'vt-center' : '', column.pin ? `vt-pin-${column.pin}` : '', extra]
    .filter(Boolean)
    .join(' ')

/**
 * The one table of the bottom tabs: a fixed row height, sortable headers, pinned columns and
 * only the rows in view in the DOM (TanStack Virtual), so hundreds of rows scroll smoothly.
 * Rows re-render only when their own row object changes; live figures inside cells
 * subscribe to the store themselves.
 */
export function VirtualTable<T>({ label, columns, rows, rowKey, sort, onSort, empty, testId, rowProps }: VirtualTableProps<T>) {
  const scrollRef = useRef<HTMLDivElement>(null)
  // Not compiled by the React Compiler: the virtualizer's changing functions are fine here.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    scrollMargin: HEADER_HEIGHT,
    getItemKey: (index) => rowKey(rows[index] as T),
  })
  const { template, minWidth } = useMemo(() => gridTemplate(columns), [columns])
  const gridStyle = { '--vt-columns': template, minWidth } as CSSProperties
  return (
    <div className="vt" role="table" aria-label={label} aria-rowcount={rows.length + 1} data-testid={testId} data-row-count={rows.length}>
      <div className="vt-scroll" ref={scrollRef} tabIndex={0} aria-label={`${label}: scroll`}>
        <div className="vt-grid" style={gridStyle}>
          <div className="vt-head" role="rowgroup">
            <div className="vt-row vt-header-row" role="row" aria-rowindex={1}>
              {columns.map((column) => (
                <HeaderCell key={column.id} column={column} sort={sort} onSort={onSort} />
              ))}
            </div>
          </div>
          <div className="vt-body" role="rowgroup" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((item) => {
              const row = rows[item.index] as T
              return (
                <VirtualRow
                  key={item.key as string | number}
                  row={row}
                  index={item.index}
                  top={item.start - HEADER_HEIGHT}
                  columns={columns as readonly ColumnDef<unknown>[]}
                  extra={rowProps?.(row)}
                />
              )
            })}
          </div>
        </div>
        {rows.length === 0 && <div className="vt-empty">{empty}</div>}
      </div>
    </div>
  )
}

function HeaderCell<T>({ column, sort, onSort }: { column: ColumnDef<T>; sort: SortState | undefined; onSort: (column: string) => void }) {
  const sorted = sort?.column === column.id ? sort.dir : undefined
  const ariaSort = sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined
  return (
    <div className={cellClass(column, 'vt-header')} role="columnheader" aria-sort={column.sortKey === undefined ? undefined : (ariaSort ?? 'none')} title={column.title}>
      {column.sortKey === undefined ? (
        <span className="vt-header-text">{column.header}</span>
      ) : (
        <button type="button" className="vt-sort" onClick={() => onSort(column.id)}>
          <span className="vt-header-text">{column.header}</span>
          <span className="vt-sort-mark" aria-hidden="true">
            {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : ''}
          </span>
        </button>
      )}
    </div>
  )
}

interface VirtualRowProps {
  row: unknown
  index: number
  top: number
  columns: readonly ColumnDef<unknown>[]
  extra: RowProps | undefined
}

/** One row; memoised on its row object, so a tick or an unrelated order leaves it alone. */
const VirtualRow = memo(
  function VirtualRow({ row, index, top, columns, extra }: VirtualRowProps) {
    const { className, ...data } = extra ?? {}
    return (
      <div
        className={`vt-row ${index % 2 === 1 ? 'vt-odd' : ''} ${className ?? ''}`}
        role="row"
        aria-rowindex={index + 2}
        style={{ transform: `translateY(${top}px)` }}
        {...data}
      >
        {columns.map((column) => (
          <div key={column.id} className={cellClass(column)} role="cell" data-col={column.id}>
            {column.cell(row)}
          </div>
        ))}
      </div>
    )
  },
  (a, b) =>
    a.row === b.row &&
    a.index === b.index &&
    a.top === b.top &&
    a.columns === b.columns &&
    a.extra?.className === b.extra?.className,
)
