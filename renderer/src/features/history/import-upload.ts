import type { ContractApi } from '../../../../shared/contract/api'
import type { AppErrorShape, Result } from '../../../../shared/contract/result'
import { MAX_CLIENT_MESSAGE_BYTES } from '../../../../shared/contract/wire'
import type { HistoryJob } from '../../../../shared/domain/history'

/**
 * The contract's IMPORT_CHUNK_CHARS (shared/contract/history.ts), which the renderer cannot
 * import without bundling zod; a unit test keeps the two equal.
 */
export const IMPORT_CHUNK_CHARS = 200_000
/** Room for the request's envelope (method, job id) within one socket message. */
const ENVELOPE_BYTES = 1_024

/** Bytes a UTF-16 code unit takes inside a JSON string on the wire (a surrogate pair: 2 + 2). */
function jsonBytes(code: number): number {
  if (code === 0x22 || code === 0x5c || code === 0x0a || code === 0x0d || code === 0x09 || code === 0x08 || code === 0x0c) return 2
  if (code < 0x20) return 6
  if (code < 0x80) return 1
  if (code < 0x800) return 2
  if (code >= 0xd800 && code <= 0xdfff) return 2
  return 3
}

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff

/**
 * The text cut into the pieces `history.importChunk` takes: at most `maxChars` each and
 * small enough, JSON-encoded, for one socket message (quotes and non-ASCII grow on the
 * wire); never between the two halves of a surrogate pair.
 */
export function importChunks(text: string, maxChars = IMPORT_CHUNK_CHARS, maxBytes = MAX_CLIENT_MESSAGE_BYTES - ENVELOPE_BYTES): string[] {
  const chunks: string[] = []
  let start = 0
  let bytes = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    const size = jsonBytes(code)
    const pair = isHighSurrogate(code) && i + 1 < text.length ? 1 : 0
    if (i > start && (i - start + 1 + pair > maxChars || bytes + size * (1 + pair) > maxBytes)) {
      chunks.push(text.slice(start, i))
      start = i
      bytes = 0
    }
    bytes += size
  }
  if (start < text.length) chunks.push(text.slice(start))
  return chunks
}

/** A refusal in a trader's words, with the file's line when the core names one. */
export function errorText(error: AppErrorShape): string {
  const details = error.details as { line?: unknown } | undefined
  const line = typeof details?.line === 'number' ? details.line : undefined
  return line === undefined || /\bline\b/i.test(error.message) ? error.message : `${error.message} (line ${line})`
}

export interface ImportRequest {
  format: 'tradedesk' | 'binance'
  accountName: string
  venue: string
  startingBalance?: string
}

export interface UploadHooks {
  /** Every reply's job (to show its progress). */
  onJob(job: HistoryJob): void
  /** Characters sent so far, of the text's length. */
  onSent(sent: number, total: number): void
  /** True once the trader canceled: no more chunks are sent. */
  canceled(): boolean
}

/**
 * Sends an import: starts the job, sends the text chunk by chunk, then asks the core to
 * book it (all or nothing). A cancel seen between chunks cancels the job. Returns the job
 * as the last reply has it, or the first refusal.
 */
export async function uploadImport(api: ContractApi, request: ImportRequest, text: string, hooks: UploadHooks): Promise<Result<HistoryJob>> {
  const started = await api.request('history.importStart', request)
  if (!started.ok) return started
  hooks.onJob(started.value)
  const jobId = started.value.id
  const reply = async (result: Result<HistoryJob>): Promise<Result<HistoryJob>> => {
    if (result.ok) hooks.onJob(result.value)
    return result
  }
  let sent = 0
  for (const chunk of importChunks(text)) {
    if (hooks.canceled()) return reply(await api.request('history.cancelJob', { jobId }))
    const sentChunk = await reply(await api.request('history.importChunk', { jobId, text: chunk }))
    if (!sentChunk.ok) return sentChunk
    sent += chunk.length
    hooks.onSent(sent, text.length)
  }
  if (hooks.canceled()) return reply(await api.request('history.cancelJob', { jobId }))
  return reply(await api.request('history.importFinish', { jobId }))
}
