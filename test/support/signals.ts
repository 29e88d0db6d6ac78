import { createServer } from 'node:net'
import { signSignal } from '../../electron/signals/signal-auth'
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../../shared/domain/signals'

/** A port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

export interface SignalAnswer {
  status: number
  body: { ok: boolean; message: string; signal?: number; orderId?: number }
  retryAfter: string | null
}

/** Posts a body to a signal endpoint as a sender would: signed with `secret` (at `timestamp`), or not at all. */
export async function postSignal(url: string, body: string, sign?: { secret: string; timestamp?: number; headers?: Record<string, string> }): Promise<SignalAnswer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (sign !== undefined) {
    const timestamp = String(sign.timestamp ?? Date.now())
    headers[TIMESTAMP_HEADER] = timestamp
    headers[SIGNATURE_HEADER] = signSignal(sign.secret, timestamp, body)
    Object.assign(headers, sign.headers)
  }
  const response = await fetch(url, { method: 'POST', headers, body })
  return { status: response.status, body: (await response.json()) as SignalAnswer['body'], retryAfter: response.headers.get('retry-after') }
}
