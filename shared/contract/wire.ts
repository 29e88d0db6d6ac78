import type { EventName } from './index'
import type { Result } from './result'

/**
 * The WebSocket transport's envelopes. The session token travels as a WebSocket
 * subprotocol (`WIRE_PROTOCOL` plus `token.<value>`), never in a URL the server logs.
 */
export const WIRE_PROTOCOL = 'tradedesk.v1'
export const TOKEN_PROTOCOL_PREFIX = 'token.'
export const WS_PATH = '/ws'
/** Largest client message the server reads (bytes). */
export const MAX_CLIENT_MESSAGE_BYTES = 256 * 1024

/** What a client sends; the server validates it (electron/headless/server.ts). */
export interface ClientMessage {
  id: number
  method: string
  params?: unknown
}

export type ServerMessage =
  | { type: 'reply'; id: number; result: Result<unknown> }
  | { type: 'event'; name: EventName; payload: unknown }
