import { describe, expect, it } from 'vitest'
import type { ContractApi } from '../../../shared/contract/api'
import type { HistoryJob } from '../../../shared/domain/history'
import { chunkBytes, readAppFile } from '../../../renderer/src/features/history/download'
import { useAppStore } from '../../../renderer/src/store'
import { mergeJob } from '../../../renderer/src/store/history-slice'

const job = (id: string, done: number, state: HistoryJob['state'] = 'running', extra: Partial<HistoryJob> = {}): HistoryJob => ({ id, kind: 'export', label: 'Trades CSV', done, state, ...extra })

describe('history jobs in the store', () => {
  it('keeps the newest report of a job whatever order reply and events arrive in', () => {
    const finished = job('e1', 10, 'finished', { file: 'trades.csv', total: 10 })
    expect(mergeJob(undefined, job('e1', 0))).toEqual(job('e1', 0))
    expect(mergeJob(job('e1', 5), job('e1', 8))).toEqual(job('e1', 8))
    // A late reply (done 0, running) does not undo progress or a finish.
    expect(mergeJob(job('e1', 5), job('e1', 0))).toEqual(job('e1', 5))
    expect(mergeJob(finished, job('e1', 0))).toBe(finished)
    expect(mergeJob(job('e1', 5), job('e1', 5, 'canceled'))).toEqual(job('e1', 5, 'canceled'))
  })

  it('applies job events and counts history changes', () => {
    const store = useAppStore.getState
    store().applyHistoryJob(job('e2', 1))
    store().applyHistoryJob(job('e2', 4, 'finished', { file: 'fills.csv' }))
    store().applyHistoryJob(job('e2', 2))
    expect(store().historyJobs.e2).toEqual(job('e2', 4, 'finished', { file: 'fills.csv' }))
    const revision = store().historyRevision
    store().markHistoryChanged()
    expect(store().historyRevision).toBe(revision + 1)
  })

  it('remembers a bounded number of jobs, forgetting the oldest', () => {
    const store = useAppStore.getState
    for (let i = 0; i < 60; i++) store().applyHistoryJob(job(`bulk-${i}`, 0))
    const ids = Object.keys(store().historyJobs)
    expect(ids).toHaveLength(50)
    expect(ids).toContain('bulk-59')
    expect(ids).not.toContain('bulk-0')
  })
})

describe('downloading a finished file', () => {
  it('decodes text as it is and base64 as bytes', () => {
    expect(chunkBytes({ data: 'a,b\n', encoding: 'utf8' })).toBe('a,b\n')
    expect(Array.from(chunkBytes({ data: 'U1FMaXRlAA==', encoding: 'base64' }) as Uint8Array)).toEqual([83, 81, 76, 105, 116, 101, 0])
  })

  const apiServing = (chunks: Array<{ data: string; encoding: 'utf8' | 'base64'; nextOffset: number | null }>) => {
    const offsets: number[] = []
    const api = {
      request: async (_method: string, params: { offset: number }) => {
        offsets.push(params.offset)
        const chunk = chunks.shift()
        return chunk === undefined ? { ok: false, error: { code: 'NOT_FOUND', message: 'No such file' } } : { ok: true, value: { ...chunk, size: 9 } }
      },
      subscribe: () => () => {},
    } as unknown as ContractApi
    return { api, offsets }
  }

  it('reads every piece in order into one Blob', async () => {
    const { api, offsets } = apiServing([
      { data: 'id,net\n', encoding: 'utf8', nextOffset: 7 },
      { data: 'MSw1Cg==', encoding: 'base64', nextOffset: null },
    ])
    const blob = await readAppFile(api, 'trades-2024.csv')
    expect(offsets).toEqual([0, 7])
    expect(blob.ok && (await blob.value.text())).toBe('id,net\n1,5\n')
    expect(blob.ok && blob.value.type).toBe('text/csv')
  })

  it('stops on a refusal or a reply that does not move forward', async () => {
    expect(await readAppFile(apiServing([]).api, 'gone.csv')).toMatchObject({ ok: false, error: { message: 'No such file' } })
    const stuck = await readAppFile(apiServing([{ data: 'a', encoding: 'utf8', nextOffset: 0 }]).api, 'loop.csv')
    expect(stuck).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
  })
})
