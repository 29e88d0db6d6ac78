import { z } from 'zod'
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

export const ClientMessageSchema = z
  .object({
    id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    method: z.string().max(100),
    params: z.unknown().optional(),
  })
  .strict()

export type ClientMessage = z.infer<typeof ClientMessageSchema>

export type ServerMessage =
  | { type: 'reply'; id: number; result: Result<unknown> }
  | { type: 'event'; name: EventName; payload: unknown }
