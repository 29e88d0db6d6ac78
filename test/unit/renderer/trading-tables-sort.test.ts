import { describe, expect, it } from 'vitest'
import { decimalKey, gridTemplate, nextSort, sortRows, type ColumnDef } from '../../../renderer/src/features/trading-tables/table-model'

interface Row {
  id: number
  symbol: string
  price: string
  pnl?: string
  ts: number
}

const col = (id: string, sortKey?: ColumnDef<Row>['sortKey']): ColumnDef<Row> => ({ id, header: id, width: 80, sortKey, cell: () => null })
const columns = [
  col('symbol', (r) => r.symbol),
  col('price', (r) => decimalKey(r.price)),
  col('pnl', (r) => decimalKey(r.pnl)),
  col('ts', (r) => r.ts),
  col('actions'),
]

// Newest first, as the store keeps them.
const rows: Row[] = [
  { id: 1, symbol: 'SOL/USDT:USDT', price: '150.01', pnl: '-3.5', ts: 400 },
  { id: 2, symbol: 'BTC/USDT:USDT', price: '60000.1', pnl: '12', ts: 300 },
  { id: 3, symbol: 'btc/usdt', price: '59999.99', ts: 200 },
  { id: 4, symbol: 'ETH/USDT:USDT', price: '3000', pnl: '12.00', ts: 100 },
  { id: 5, symbol: 'BTC/USDT:USDT', price: '60000.10', pnl: '0.00000001', ts: 50 },
]
const ids = (list: Row[]) => list.map((r) => r.id)

describe('sorting the tables', () => {
  it('keeps the natural (newest first) order without a sort, or for a column that cannot sort', () => {
    expect(ids(sortRows(rows, columns, undefined))).toEqual([1, 2, 3, 4, 5])
    expect(ids(sortRows(rows, columns, { column: 'actions', dir: 'asc' }))).toEqual([1, 2, 3, 4, 5])
    expect(sortRows(rows, columns, undefined)).not.toBe(rows)
  })

  it('orders decimal strings exactly, not as text and not through floats', () => {
    // 59999.99 < 60000.1 = 60000.10 (equal keys keep their given order) ; "150.01" < "3000" numerically.
    expect(ids(sortRows(rows, columns, { column: 'price', dir: 'asc' }))).toEqual([1, 4, 3, 2, 5])
    expect(ids(sortRows(rows, columns, { column: 'price', dir: 'desc' }))).toEqual([2, 5, 3, 4, 1])
  })

  it('tells apart amounts one atom apart and puts blanks last in both directions', () => {
    // -3.5 < 0.00000001 < 12 = 12.00 ; row 3 has no P&L.
    expect(ids(sortRows(rows, columns, { column: 'pnl', dir: 'asc' }))).toEqual([1, 5, 2, 4, 3])
    expect(ids(sortRows(rows, columns, { column: 'pnl', dir: 'desc' }))).toEqual([2, 4, 5, 1, 3])
  })

  it('sorts text by locale without case, numbers numerically', () => {
    // "btc/usdt" (any case) before its longer "BTC/USDT:USDT"; equal symbols keep their order.
    expect(ids(sortRows(rows, columns, { column: 'symbol', dir: 'asc' }))).toEqual([3, 2, 5, 4, 1])
    expect(ids(sortRows(rows, columns, { column: 'ts', dir: 'asc' }))).toEqual([5, 4, 3, 2, 1])
  })

  it('cycles a header: ascending, descending, natural; another header starts ascending', () => {
    const first = nextSort(undefined, 'price')
    expect(first).toEqual({ column: 'price', dir: 'asc' })
    const second = nextSort(first, 'price')
    expect(second).toEqual({ column: 'price', dir: 'desc' })
    expect(nextSort(second, 'price')).toBeUndefined()
    expect(nextSort(second, 'ts')).toEqual({ column: 'ts', dir: 'asc' })
  })

  it('lays the columns out on a grid that scrolls sideways below their total width', () => {
    expect(gridTemplate([{ width: 112 }, { width: 200, grow: true }, { width: 64 }])).toEqual({ template: '112px minmax(200px, 1fr) 64px', minWidth: 376 })
  })
})
