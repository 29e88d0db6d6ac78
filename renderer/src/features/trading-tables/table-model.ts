import type { ReactNode } from 'react'
import { atoms, type Atoms } from '../../../../shared/trading/money'

export type SortDir = 'asc' | 'desc'

export interface SortState {
  column: string
  dir: SortDir
}

/** What a column sorts by: exact atoms for money, numbers for times, text for names. */
export type SortKey = bigint | number | string | undefined

export interface ColumnDef<T> {
  id: string
  header: string
  /** Width in pixels; a `grow` column takes what is left, never less than this. */
  width: number
  grow?: boolean
  align?: 'left' | 'right' | 'center'
  /** A column stays in view while the table scrolls sideways. */
  pin?: 'left' | 'right'
  /** Hover text for the header: what the column means. */
  title?: string
  /** Present when the column can be sorted. */
  sortKey?: (row: T) => SortKey
  cell: (row: T) => ReactNode
}

/** Exact sort key of a decimal string ("60000.1") without floats; undefined for none. */
export function decimalKey(value: string | undefined): Atoms | undefined {
  return value === undefined ? undefined : atoms(value)
}

/** Orders two keys of the same column; text by the user's locale, numbers numerically. */
export function compareKeys(a: Exclude<SortKey, undefined>, b: Exclude<SortKey, undefined>): number {
  if (typeof a === 'string' || typeof b === 'string') return String(a).localeCompare(String(b), undefined, { numeric: true, sensitivity: 'base' })
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * The rows in the order `sort` asks for; without a sort, as given (newest first in the
 * store). Stable: equal keys keep their given order in both directions, and rows without a
 * value go last in both directions, so blanks never fill the top of a column.
 */
export function sortRows<T>(rows: readonly T[], columns: readonly ColumnDef<T>[], sort: SortState | undefined): T[] {
  const column = sort === undefined ? undefined : columns.find((c) => c.id === sort.column)
  if (sort === undefined || column?.sortKey === undefined) return [...rows]
  const key = column.sortKey
  const sign = sort.dir === 'asc' ? 1 : -1
  return rows
    .map((row, index) => ({ row, index, key: key(row) }))
    .sort((x, y) => {
      if (x.key === undefined || y.key === undefined) {
        if (x.key === y.key) return x.index - y.index
        return x.key === undefined ? 1 : -1
      }
      return sign * compareKeys(x.key, y.key) || x.index - y.index
    })
    .map((entry) => entry.row)
}

/** A header click: ascending, then descending, then back to the natural order. */
export function nextSort(current: SortState | undefined, column: string): SortState | undefined {
  if (current?.column !== column) return { column, dir: 'asc' }
  return current.dir === 'asc' ? { column, dir: 'desc' } : undefined
}

/** The CSS grid columns for a table's column definitions, and the width below which it scrolls sideways. */
export function gridTemplate(columns: readonly Pick<ColumnDef<unknown>, 'width' | 'grow'>[]): { template: string; minWidth: number } {
  return {
    template: columns.map((c) => (c.grow === true ? `minmax(${c.width}px, 1fr)` : `${c.width}px`)).join(' '),
    minWidth: columns.reduce((sum, c) => sum + c.width, 0),
  }
}
