import { useMemo, useState, type ReactNode } from 'react'
import { nextSort, sortRows, type ColumnDef, type SortState } from './table-model'
import { VirtualTable, type RowProps } from './VirtualTable'

interface SortedTableProps<T> {
  label: string
  columns: readonly ColumnDef<T>[]
  /** In their natural order (newest first, say) until the trader sorts by a header. */
  rows: readonly T[]
  rowKey: (row: T) => string | number
  empty: ReactNode
  testId: string
  rowProps?: (row: T) => RowProps
}

/** A VirtualTable that keeps its own sort: for lists no other part of the screen sorts. */
export function SortedTable<T>({ rows, columns, ...table }: SortedTableProps<T>) {
  const [sort, setSort] = useState<SortState>()
  const sorted = useMemo(() => sortRows(rows, columns, sort), [rows, columns, sort])
  return <VirtualTable {...table} columns={columns} rows={sorted} sort={sort} onSort={(column) => setSort((s) => nextSort(s, column))} />
}
