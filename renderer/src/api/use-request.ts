import { useCallback, useEffect, useState } from 'react'
import type { ParamsOf, RequestName, ResultOf } from '../../../shared/contract'
import type { Result } from '../../../shared/contract/result'
import { useApi } from './api-context'

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
