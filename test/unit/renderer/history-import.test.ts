import { describe, expect, it } from 'vitest'
import type { ContractApi } from '../../../shared/contract/api'
import { IMPORT_CHUNK_CHARS as CONTRACT_CHUNK_CHARS } from '../../../shared/contract/history'
import type { Result } from '../../../shared/contract/result'
import { MAX_CLIENT_MESSAGE_BYTES } from '../../../shared/contract/wire'
import type { HistoryJob } from '../../../shared/domain/history'
import { errorText, IMPORT_CHUNK_CHARS, importChunks, uploadImport } from '../../../renderer/src/features/history/import-upload'

/** What one chunk weighs on the socket, as the transport sends it. */
const wireBytes = (text: string): number => new TextEncoder().encode(JSON.stringify({ id: 1, method: 'history.importChunk', params: { jobId: 'import-1', text } })).length

describe('cutting an import into chunks', () => {
  it('uses the contract’s chunk size', () => {
    expect(IMPORT_CHUNK_CHARS).toBe(CONTRACT_CHUNK_CHARS)
  })

  it('cuts plain CSV at the character limit and loses nothing', () => {
    const text = 'ts,symbol,side,price,amount\n'.repeat(20_000)
    const chunks = importChunks(text)
    expect(chunks.join('')).toBe(text)
    expect(chunks.slice(0, -1).every((c) => c.length === IMPORT_CHUNK_CHARS)).toBe(true)
    expect(chunks.every((c) => wireBytes(c) <= MAX_CLIENT_MESSAGE_BYTES)).toBe(true)
  })

  it('keeps every chunk within one socket message when quotes and non-ASCII grow on the wire', () => {
    const text = '"Kauf","€ 1.234,50","ÄÖÜ",\t"多头"\n'.repeat(30_000)
    const chunks = importChunks(text)
    expect(chunks.join('')).toBe(text)
    expect(chunks.length).toBeGreaterThan(Math.ceil(text.length / IMPORT_CHUNK_CHARS))
    for (const chunk of chunks) expect(wireBytes(chunk)).toBeLessThanOrEqual(MAX_CLIENT_MESSAGE_BYTES)
  })

  it('never splits a surrogate pair', () => {
    const text = 'a😀'.repeat(10)
    const chunks = importChunks(text, 4)
    expect(chunks.join('')).toBe(text)
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(4)
      expect(/[\uD800-\uDBFF]$/.test(chunk)).toBe(false)
    }
  })

  it('sends nothing for an empty file', () => {
    expect(importChunks('')).toEqual([])
  })
})

describe('an import refusal in words', () => {
  it('adds the line the core names when the message does not', () => {
    expect(errorText({ code: 'INVALID_PARAMS', message: 'Price is not a number', details: { line: 42 } })).toBe('Price is not a number (line 42)')
    expect(errorText({ code: 'INVALID_PARAMS', message: 'Line 42: price is not a number', details: { line: 42 } })).toBe('Line 42: price is not a number')
    expect(errorText({ code: 'NOT_FOUND', message: 'No such import' })).toBe('No such import')
  })
})

const job = (done: number, state: HistoryJob['state'] = 'running', message?: string): HistoryJob => ({
  id: 'import-1',
  kind: 'import',
  label: 'Import trades.csv',
  done,
  state,
  ...(message === undefined ? {} : { message }),
})

function fakeApi(replies: Partial<Record<string, (params: Record<string, unknown>) => Result<HistoryJob>>>) {
  const calls: Array<[string, Record<string, unknown>]> = []
  const api = {
    request: async (method: string, params: Record<string, unknown>) => {
      calls.push([method, params])
      const reply = replies[method]
      return reply === undefined ? { ok: true, value: job(calls.length) } : reply(params)
    },
    subscribe: () => () => {},
  } as unknown as ContractApi
  return { api, calls }
}

describe('uploading an import', () => {
  const request = { format: 'binance' as const, accountName: 'Binance 2023', venue: 'binance' }

  it('starts, sends every chunk in order, then finishes', async () => {
    const { api, calls } = fakeApi({ 'history.importFinish': () => ({ ok: true, value: job(3, 'finished', 'Imported 120 fills, 3 already in the ledger') }) })
    const text = 'x'.repeat(IMPORT_CHUNK_CHARS + 10)
    const seen: HistoryJob[] = []
    const sent: number[] = []
    const result = await uploadImport(api, request, text, { onJob: (j) => seen.push(j), onSent: (s) => sent.push(s), canceled: () => false })
    expect(calls.map(([method]) => method)).toEqual(['history.importStart', 'history.importChunk', 'history.importChunk', 'history.importFinish'])
    expect(calls[0]?.[1]).toEqual(request)
    expect(calls.slice(1, 3).map(([, p]) => [p.jobId, (p.text as string).length])).toEqual([
      ['import-1', IMPORT_CHUNK_CHARS],
      ['import-1', 10],
    ])
    expect(sent).toEqual([IMPORT_CHUNK_CHARS, IMPORT_CHUNK_CHARS + 10])
    expect(seen).toHaveLength(4)
    expect(result).toEqual({ ok: true, value: job(3, 'finished', 'Imported 120 fills, 3 already in the ledger') })
  })

  it('stops at the first refusal, with its message', async () => {
    const refusal = { ok: false as const, error: { code: 'INVALID_PARAMS' as const, message: 'Unknown column "Pair"', details: { line: 1 } } }
    const { api, calls } = fakeApi({ 'history.importChunk': () => refusal })
    const result = await uploadImport(api, request, 'x'.repeat(IMPORT_CHUNK_CHARS * 2), { onJob: () => {}, onSent: () => {}, canceled: () => false })
    expect(result).toEqual(refusal)
    expect(calls.map(([method]) => method)).toEqual(['history.importStart', 'history.importChunk'])
  })

  it('cancels the job once the trader cancels, sends no more and never finishes', async () => {
    let canceled = false
    const { api, calls } = fakeApi({})
    await uploadImport(api, request, 'x'.repeat(IMPORT_CHUNK_CHARS * 3), {
      onJob: () => {},
      onSent: () => {
        canceled = true
      },
      canceled: () => canceled,
    })
    expect(calls.map(([method]) => method)).toEqual(['history.importStart', 'history.importChunk', 'history.cancelJob'])
    expect(calls[2]?.[1]).toEqual({ jobId: 'import-1' })
  })
})
