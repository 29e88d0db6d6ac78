import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useMemo, useRef, useState, type CSSProperties, type KeyboardEvent, type ReactNode } from 'react'
import { gridTemplate, type ColumnDef, type SortState } from '../trading-tables/table-model'
import { ROW_HEIGHT, type RowProps } from '../trading-tables/VirtualTable'
import { PAGE_SIZE, rowAt, type PageState } from './page-cache'

const HEADER_HEIGHT = 28
/** Rows asked for beyond those in view, so a steady scroll rarely meets "Loading…". */
const LOOKAHEAD = PAGE_SIZE / 4

export interface PagedTableProps<Row> {
  /** What the table lists, for assistive technology. */
  label: string
  testId: string
  columns: readonly ColumnDef<Row>[]
  state: PageState<Row>
  /** Asks for rows first..last (those in view and some around them). */
  onRange(first: number, last: number): void
  onRetry(): void
  rowKey(row: Row): number
  rowProps?(row: Row): RowProps
  /** Columns the core can sort by; the others have plain headers. */
  sortable?: ReadonlySet<string>
  sort?: SortState
  onSort?(column: string): void
  /** Makes rows interactive: click, Enter or Space opens one; arrow keys move between them. */
  onOpen?(row: Row): void
  empty: ReactNode
}

const cellClass = (column: ColumnDef<unknown>, extra = ''): string =>
  ['vt-cell', column.align === 'right' ? 'num' : column.align === 'center' ? 'vt-center' : '', column.pin ? `vt-pin-${column.pin}` : '', extra].filter(Boolean).join(' ')

/**
 * A table over server pages (history runs to hundreds of thousands of rows): the total
 * sizes the scroll area, only the rows in view are in the DOM, and their pages are asked
 * for as they scroll into view. Same look as the trading tables' VirtualTable.
 */
export function PagedTable<Row>({ label, testId, columns, state, onRange, onRetry, rowKey, rowProps, sortable, sort, onSort, onOpen, empty }: PagedTableProps<Row>) {
  const scrollRef = useRef<HTMLDivElement>(null)
  const [active, setActive] = useState(0)
  // The row a key press is moving focus to, until it is rendered and focused (keys can outrun the scroll).
  const moving = useRef<number | undefined>(undefined)
  const total = state.total ?? 0
  // Not compiled by the React Compiler: the virtualizer's changing functions are fine here.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    scrollMargin: HEADER_HEIGHT,
  })
  const items = virtualizer.getVirtualItems()
  const first = items[0]?.index ?? 0
  const last = items.at(-1)?.index ?? 0
  useEffect(() => onRange(Math.max(0, first - LOOKAHEAD), last + LOOKAHEAD), [onRange, first, last])

  const { template, minWidth } = useMemo(() => gridTemplate(columns), [columns])
  const interactive = onOpen !== undefined

  const focusRow = (index: number, tries = 3): void => {
    moving.current = index
    setActive(index)
    virtualizer.scrollToIndex(index)
    // The row may only be rendered after the scroll: look again for a few frames.
    requestAnimationFrame(() => {
      if (moving.current !== index) return
      const row = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${index}"]`)
      if (row !== null && row !== undefined) {
        moving.current = undefined
        row.focus()
      } else if (tries > 0) focusRow(index, tries - 1)
      else moving.current = undefined
    })
  }

  const onRowKey = (e: KeyboardEvent<HTMLDivElement>, focused: number, row: Row | undefined): void => {
    const index = moving.current ?? focused
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 0) / ROW_HEIGHT) - 1)
    const target: Record<string, number> = { ArrowDown: index + 1, ArrowUp: index - 1, PageDown: index + page, PageUp: index - page, Home: 0, End: total - 1 }
    if (e.key in target) {
      e.preventDefault()
      focusRow(Math.min(total - 1, Math.max(0, target[e.key] as number)))
    } else if ((e.key === 'Enter' || e.key === ' ') && row !== undefined) {
      e.preventDefault()
      onOpen?.(row)
    }
  }

  return (
    <div
      className="vt hx-table"
      role={interactive ? 'grid' : 'table'}
      aria-label={label}
      aria-rowcount={total + 1}
      aria-busy={state.total === undefined && state.error === undefined}
      data-testid={testId}
      data-total={state.total}
    >
      <div className="vt-scroll" ref={scrollRef} tabIndex={0} aria-label={`${label}: scroll`}>
        <div className="vt-grid" style={{ '--vt-columns': template, minWidth } as CSSProperties}>
          <div className="vt-head" role="rowgroup">
            <div className="vt-row vt-header-row" role="row" aria-rowindex={1}>
              {columns.map((column) => (
                <HeaderCell key={column.id} column={column as ColumnDef<unknown>} sortable={sortable?.has(column.id) === true} sort={sort} onSort={onSort} />
              ))}
            </div>
          </div>
          <div className="vt-body" role="rowgroup" style={{ height: virtualizer.getTotalSize() }}>
            {items.map((item) => {
              const row = rowAt(state, item.index)
              const { className, ...data } = row === undefined ? {} : (rowProps?.(row) ?? {})
              return (
                <div
                  key={row === undefined ? `loading-${item.index}` : rowKey(row)}
                  className={`vt-row ${item.index % 2 === 1 ? 'vt-odd' : ''} ${interactive ? 'hx-row-open' : ''} ${className ?? ''}`}
                  role="row"
                  aria-rowindex={item.index + 2}
                  data-index={item.index}
                  style={{ transform: `translateY(${item.start - HEADER_HEIGHT}px)` }}
                  tabIndex={interactive ? (item.index === active ? 0 : -1) : undefined}
                  onFocus={interactive ? () => setActive(item.index) : undefined}
                  onClick={interactive && row !== undefined ? () => onOpen?.(row) : undefined}
                  onKeyDown={interactive ? (e) => onRowKey(e, item.index, row) : undefined}
                  {...data}
                >
                  {row === undefined ? (
                    <div className="vt-cell hx-loading" role={interactive ? 'gridcell' : 'cell'}>
                      Loading…
                    </div>
                  ) : (
                    columns.map((column) => (
                      <div key={column.id} className={cellClass(column as ColumnDef<unknown>)} role={interactive ? 'gridcell' : 'cell'} data-col={column.id}>
                        {column.cell(row)}
                      </div>
                    ))
                  )}
                </div>
              )
            })}
          </div>
        </div>
        {state.error !== undefined ? (
          <div className="vt-empty hx-table-error" role="alert">
            {state.error}{' '}
            <button type="button" className="tt-btn" onClick={onRetry}>
              Retry
            </button>
          </div>
        ) : (
          state.total === 0 && <div className="vt-empty">{empty}</div>
        )}
      </div>
    </div>
  )
}

function HeaderCell({ column, sortable, sort, onSort }: { column: ColumnDef<unknown>; sortable: boolean; sort: SortState | undefined; onSort: ((column: string) => void) | undefined }) {
  const sorted = sort?.column === column.id ? sort.dir : undefined
  const ariaSort = sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'
  return (
    <div className={cellClass(column, 'vt-header')} role="columnheader" aria-sort={sortable ? ariaSort : undefined} title={column.title}>
      {sortable && onSort !== undefined ? (
        <button type="button" className="vt-sort" onClick={() => onSort(column.id)}>
          <span className="vt-header-text">{column.header}</span>
          <span className="vt-sort-mark" aria-hidden="true">
            {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : ''}
          </span>
        </button>
      ) : (
        <span className="vt-header-text">{column.header}</span>
      )}
    </div>
  )
}
