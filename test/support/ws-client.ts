import WebSocket from 'ws'
import { TOKEN_PROTOCOL_PREFIX, WIRE_PROTOCOL, type ServerMessage } from '../../shared/contract/wire'

export interface Probe {
  ws: WebSocket
  messages: ServerMessage[]
  next(predicate: (m: ServerMessage) => boolean, timeoutMs?: number): Promise<ServerMessage>
}

/** A WebSocket client that presents itself like our page in a browser would (Origin, subprotocols). */
export function openProbe(
  port: number,
  options: { token?: string; origin?: string; host?: string; protocols?: string[] } = {},
): Promise<Probe> {
  const protocols = options.protocols ?? [WIRE_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${options.token ?? ''}`]
  const headers = options.host === undefined ? {} : { Host: options.host }
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, protocols, {
    origin: options.origin ?? `http://127.0.0.1:${port}`,
    headers,
  })
  const messages: ServerMessage[] = []
  const waiters: Array<{ predicate: (m: ServerMessage) => boolean; resolve: (m: ServerMessage) => void }> = []
  ws.on('message', (data) => {
    const message = JSON.parse(String(data)) as ServerMessage
    messages.push(message)
    for (const w of [...waiters]) {
      if (w.predicate(message)) {
        waiters.splice(waiters.indexOf(w), 1)
        w.resolve(message)
      }
    }
  })
  const next: Probe['next'] = (predicate, timeoutMs = 5_000) =>
    new Promise((resolve, reject) => {
      const found = messages.find(predicate)
      if (found !== undefined) return resolve(found)
      const timer = setTimeout(() => reject(new Error('no matching message in time')), timeoutMs)
      waiters.push({ predicate, resolve: (m) => (clearTimeout(timer), resolve(m)) })
    })
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, messages, next }))
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
    ws.once('error', reject)
  })
}
