import { describe, expect, it } from 'vitest'
import type { Result } from '../../../shared/contract/result'
import type { HistoryPage } from '../../../shared/domain/history'
import { PagedQuery, pagesCovering, rowAt } from '../../../renderer/src/features/history/page-cache'

interface Row {
  id: number
  note?: string
}

/** A fake `history.trades`: `total` rows numbered from 0, each page answered when the test says. */
function server(total: number) {
  const asked: Array<{ query: string; offset: number; limit: number; answer(result?: Result<HistoryPage<Row>>): void }> = []
  const fetchPage = (query: string, offset: number, limit: number): Promise<Result<HistoryPage<Row>>> =>
    new Promise((resolve) => {
      const rows = Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) => ({ id: offset + i }))
      asked.push({ query, offset, limit, answer: (result) => resolve(result ?? { ok: true, value: { rows, total } }) })
    })
  return { asked, fetchPage }
}

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0))

describe('which pages a range of rows needs', () => {
  it('covers the rows in whole pages, within the total once known', () => {
    expect(pagesCovering(0, 0, undefined, 100)).toEqual([0])
    expect(pagesCovering(150, 260, undefined, 100)).toEqual([1, 2])
    expect(pagesCovering(150, 960, 250, 100)).toEqual([1, 2])
    expect(pagesCovering(-20, 99, undefined, 100)).toEqual([0])
    expect(pagesCovering(0, 50, 0, 100)).toEqual([])
  })

  it('finds a row in its page', () => {
    const state = { total: 250, pages: new Map([[2, [{ id: 200 }, { id: 201 }]]]), error: undefined }
    expect(rowAt(state, 201, 100)).toEqual({ id: 201 })
    expect(rowAt(state, 10, 100)).toBeUndefined()
  })
})

describe('paged history queries', () => {
  it('asks for each page once, even while it is on its way, and learns the total', async () => {
    const { asked, fetchPage } = server(1_000)
    const paged = new PagedQuery(fetchPage, 100)
    let notified = 0
    paged.subscribe(() => notified++)
    paged.ensure('k', 'q', 0, 0)
    paged.ensure('k', 'q', 0, 50)
    expect(asked.map((a) => a.offset)).toEqual([0])
    asked[0]?.answer()
    await settle()
    expect(paged.state('k').total).toBe(1_000)
    expect(rowAt(paged.state('k'), 99, 100)).toEqual({ id: 99 })
    expect(notified).toBe(1)
    paged.ensure('k', 'q', 90, 310)
    expect(asked.map((a) => [a.query, a.offset, a.limit])).toEqual([
      ['q', 0, 100],
      ['q', 100, 100],
      ['q', 200, 100],
      ['q', 300, 100],
    ])
  })

  it('gives a new state object only when something changed (useSyncExternalStore)', async () => {
    const { asked, fetchPage } = server(10)
    const paged = new PagedQuery(fetchPage, 100)
    const before = paged.state('k')
    expect(paged.state('k')).toBe(before)
    paged.ensure('k', 'q', 0, 0)
    expect(paged.state('k')).toBe(before)
    asked[0]?.answer()
    await settle()
    const after = paged.state('k')
    expect(after).not.toBe(before)
    expect(paged.state('k')).toBe(after)
    expect(after.total).toBe(10)
  })

  it('stops asking after a failure until retried', async () => {
    const { asked, fetchPage } = server(500)
    const paged = new PagedQuery(fetchPage, 100)
    paged.ensure('k', 'q', 0, 0)
    asked[0]?.answer({ ok: false, error: { code: 'INTERNAL', message: 'The ledger is busy' } })
    await settle()
    expect(paged.state('k').error).toBe('The ledger is busy')
    paged.ensure('k', 'q', 0, 0)
    expect(asked).toHaveLength(1)
    paged.retry('k')
    expect(paged.state('k').error).toBeUndefined()
    paged.ensure('k', 'q', 0, 0)
    expect(asked).toHaveLength(2)
  })

  it('keeps each query apart, and keeps the eight most recent', async () => {
    const { asked, fetchPage } = server(5)
    const paged = new PagedQuery(fetchPage, 100)
    for (let i = 0; i < 9; i++) paged.ensure(`k${i}`, `q${i}`, 0, 0)
    for (const a of asked) a.answer()
    await settle()
    expect(paged.state('k8').total).toBe(5)
    expect(paged.state('k1').total).toBe(5)
    // The oldest was dropped: asking again fetches again.
    expect(paged.state('k0').total).toBeUndefined()
    paged.ensure('k0', 'q0', 0, 0)
    expect(asked).toHaveLength(10)
  })

  it('replaces a saved row in every query that holds it', async () => {
    const { asked, fetchPage } = server(3)
    const paged = new PagedQuery(fetchPage, 100)
    paged.ensure('a', 'qa', 0, 0)
    paged.ensure('b', 'qb', 0, 0)
    for (const a of asked) a.answer()
    await settle()
    const untouched = paged.state('a')
    paged.updateRows((row) => row)
    expect(paged.state('a')).toBe(untouched)
    paged.updateRows((row) => (row.id === 1 ? { ...row, note: 'late entry' } : row))
    expect(rowAt(paged.state('a'), 1)).toEqual({ id: 1, note: 'late entry' })
    expect(rowAt(paged.state('b'), 1)).toEqual({ id: 1, note: 'late entry' })
    expect(rowAt(paged.state('a'), 0)).toBe(rowAt(untouched, 0))
  })
})
