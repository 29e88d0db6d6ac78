import { fail, type Result } from '../../../shared/contract/result'
import type { ContractApi, EventListener } from '../../../shared/contract/api'
import { TOKEN_PROTOCOL_PREFIX, WIRE_PROTOCOL, type ServerMessage } from '../../../shared/contract/wire'
import type { Connection, ConnectionState } from './connection'

const REQUEST_TIMEOUT_MS = 15_000
const RECONNECT_BASE_MS = 250
const RECONNECT_MAX_MS = 8_000

interface Pending {
  resolve: (result: Result<unknown>) => void
  timer: ReturnType<typeof setTimeout>
}

/**
 * The headless host's transport: requests and events over one WebSocket, reconnecting
 * with exponential backoff and jitter. A request that was sent when the link dropped is
 * answered UNAVAILABLE: the caller cannot know whether it ran.
 */
export function webSocketConnection(url: string, token: string): Connection & { close(): void } {
  const listeners = new Set<EventListener>()
  const stateListeners = new Set<(state: ConnectionState) => void>()
  const pending = new Map<number, Pending>()
  const queued: Array<{ id: number; text: string }> = []
  let state: ConnectionState = 'connecting'
  let socket: WebSocket | undefined
  let nextId = 1
  let attempts = 0
  let retry: ReturnType<typeof setTimeout> | undefined
  let closed = false

  const setState = (next: ConnectionState): void => {
    if (next === state) return
    state = next
    for (const listener of stateListeners) listener(next)
  }

  const settle = (id: number, result: Result<unknown>): void => {
    const entry = pending.get(id)
    if (entry === undefined) return
    clearTimeout(entry.timer)
    pending.delete(id)
    entry.resolve(result)
  }

  const onMessage = (event: MessageEvent): void => {
    if (typeof event.data !== 'string') return
    const message = JSON.parse(event.data) as ServerMessage
    if (message.type === 'reply') settle(message.id, message.result)
    else for (const listener of listeners) listener(message.name, message.payload as never)
  }

  const connect = (): void => {
    const ws = new WebSocket(url, [WIRE_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${token}`])
    socket = ws
    ws.onopen = () => {
      attempts = 0
      setState('open')
      for (const { text } of queued.splice(0)) ws.send(text)
    }
    ws.onmessage = onMessage
    // A refused or failed connection is followed by a close event, which schedules the retry.
    ws.onerror = () => {}
    ws.onclose = () => {
      if (socket !== ws || closed) return
      socket = undefined
      const sent = [...pending.keys()].filter((id) => !queued.some((q) => q.id === id))
      for (const id of sent) {
        settle(id, fail('UNAVAILABLE', 'The connection to the trading engine dropped before it answered.'))
      }
      setState('reconnecting')
      const delay = Math.min(RECONNECT_MAX_MS, RECONNECT_BASE_MS * 2 ** attempts) * (0.5 + Math.random() / 2)
      attempts += 1
      retry = setTimeout(connect, delay)
    }
  }

  const api: ContractApi = {
    request: (method, params) =>
      new Promise((resolve) => {
        const id = nextId++
        const text = JSON.stringify({ id, method, params })
        const timer = setTimeout(
          () => settle(id, fail('UNAVAILABLE', 'The trading engine did not answer in time.')),
          REQUEST_TIMEOUT_MS,
        )
        pending.set(id, { resolve: resolve as Pending['resolve'], timer })
        if (socket?.readyState === WebSocket.OPEN) socket.send(text)
        else queued.push({ id, text })
      }),
    subscribe: (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }

  connect()
  return {
    api,
    transport: 'websocket',
    state: () => state,
    onStateChange: (listener) => {
      stateListeners.add(listener)
      return () => stateListeners.delete(listener)
    },
    /** Stops for good: no more reconnect attempts (a page or a test going away). */
    close: () => {
      closed = true
      clearTimeout(retry)
      socket?.close()
    },
  }
}

