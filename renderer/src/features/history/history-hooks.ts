import { useCallback, useEffect, useState, useSyncExternalStore } from 'react'
import { useAppStore } from '../../store'
import type { PagedQuery, PageState } from './page-cache'

/** `value`, once it has stayed the same for `ms` (typing in a search box). */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value)
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms)
    return () => clearTimeout(timer)
  }, [value, ms])
  return settled
}

/** Changes whenever history may have changed under the screen: an import or restore, or a reconnect. */
export function useHistoryRevision(): string {
  return useAppStore((s) => `${s.historyRevision}.${s.connectionEpoch}`)
}

export interface PagedRows<Row> {
  /** Identifies the query and revision: a table keyed by it starts again at the top. */
  key: string
  state: PageState<Row>
  onRange(first: number, last: number): void
  onRetry(): void
}

/** One query's pages from a PagedQuery; nothing is fetched until a table asks for a range. */
export function usePagedRows<Query, Row>(paged: PagedQuery<Query, Row>, query: Query, revision: string): PagedRows<Row> {
  const key = `${JSON.stringify(query)}|${revision}`
  const state = useSyncExternalStore(paged.subscribe, () => paged.state(key))
  const onRange = useCallback((first: number, last: number) => paged.ensure(key, query, first, last), [paged, key, query])
  const onRetry = useCallback(() => paged.retry(key), [paged, key])
  return { key, state, onRange, onRetry }
}
