import type { ContractApi } from '../../../../shared/contract/api'
import { fail, type Result } from '../../../../shared/contract/result'

type FileChunk = { data: string; encoding: 'utf8' | 'base64' }

/** One `history.readFile` piece as blob content: text as it is, base64 as its bytes. */
export function chunkBytes({ data, encoding }: FileChunk): string | Uint8Array<ArrayBuffer> {
  if (encoding === 'utf8') return data
  const binary = atob(data)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

const typeOf = (file: string): string => (file.endsWith('.csv') ? 'text/csv' : 'application/octet-stream')

/** Reads a finished export or backup from the core, piece by piece, into one Blob. */
export async function readAppFile(api: ContractApi, file: string): Promise<Result<Blob>> {
  const parts: Array<string | Uint8Array<ArrayBuffer>> = []
  let offset = 0
  for (;;) {
    const reply = await api.request('history.readFile', { file, offset })
    if (!reply.ok) return reply
    parts.push(chunkBytes(reply.value))
    const next = reply.value.nextOffset
    if (next === null) return { ok: true, value: new Blob(parts, { type: typeOf(file) }) }
    // A reply that does not move forward would loop for ever.
    if (next <= offset) return fail('INTERNAL', `Reading ${file} did not advance past byte ${offset}`)
    offset = next
  }
}

/** Hands a Blob to the browser as a download named `name` (the desktop app asks where to save it). */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob)
  const anchor = document.createElement('a')
  anchor.href = url
  anchor.download = name
  anchor.hidden = true
  document.body.append(anchor)
  anchor.click()
  anchor.remove()
  // Revoked later: the browser may still be reading it after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}

/** Reads `file` from the core and saves it; the failure in words, or undefined. */
export async function downloadAppFile(api: ContractApi, file: string): Promise<string | undefined> {
  const blob = await readAppFile(api, file)
  if (!blob.ok) return blob.error.message
  saveBlob(blob.value, file)
  return undefined
}
