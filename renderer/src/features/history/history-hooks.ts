import { useCallback, useEffect, useState, useSyncExternalStore } from 'react'
import type { ParamsOf, RequestName, ResultOf } from '../../../../shared/contract'
import type { Result } from '../../../../shared/contract/result'
import { useApi } from '../../api/api-context'
import { useAppStore } from '../../store'
import type { PagedQuery, PageState } from './page-cache'

export interface RequestState<T> {
  /** The latest reply's value (kept while a newer request is on its way). */
  value: T | undefined
  error: string | undefined
  loading: boolean
  reload(): void
}

/**
 * A contract request sent again whenever its params (compared as JSON) or `revision`
 * change; no request while `params` is undefined. Replies to superseded requests are dropped.
 */
export function useRequest<K extends RequestName>(method: K, params: ParamsOf<K> | undefined, revision: string | number = 0): RequestState<ResultOf<K>> {
  const api = useApi()
  const [reloads, setReloads] = useState(0)
  const json = params === undefined ? undefined : JSON.stringify(params)
  const key = json === undefined ? undefined : `${method}|${json}|${revision}|${reloads}`
  const [reply, setReply] = useState<{ key: string; result: Result<ResultOf<K>> }>()
  useEffect(() => {
    if (json === undefined || key === undefined) return
    let current = true
    void api.request(method, JSON.parse(json) as ParamsOf<K>).then((result) => {
      if (current) setReply({ key, result })
    })
    return () => {
      current = false
    }
  }, [api, method, json, key])
  const reload = useCallback(() => setReloads((n) => n + 1), [])
  return {
    value: reply?.result.ok === true ? reply.result.value : undefined,
    error: reply?.result.ok === false ? reply.result.error.message : undefined,
    loading: key !== undefined && reply?.key !== key,
    reload,
  }
}

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
