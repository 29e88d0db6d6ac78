import { z } from 'zod'
import type { AiDecision, AiEndpoint } from '../domain/ai'
import { NoParams } from './schemas'

const type = <T>(): T => undefined as T

const EndpointIdSchema = z.string().regex(/^[a-z0-9-]{1,40}$/, { error: 'Not an endpoint of this app' })
const PriceSchema = z.string().regex(/^\d{1,6}(\.\d{1,6})?$/, { error: 'A price in US dollars per million tokens, such as 0.15' })

export const aiRequests = {
  'ai.endpoints': { params: NoParams, result: type<AiEndpoint[]>() },
  /** Adds an endpoint, or changes one (`id`); a given API key goes to the OS keychain, an absent one is kept. */
  'ai.setEndpoint': {
    params: z
      .object({
        id: EndpointIdSchema.optional(),
        name: z.string().trim().min(1, { error: 'Name the model, e.g. "GPT-4o mini"' }).max(40).regex(/^[^\p{C}]*$/u),
        baseUrl: z.url({ protocol: /^https?$/, error: 'The API’s base address, e.g. https://api.openai.com/v1' }).max(500),
        model: z.string().trim().min(1, { error: 'The model’s name at that API, e.g. gpt-4o-mini' }).max(100).regex(/^[\x21-\x7e]+$/, { error: 'Model names have no spaces' }),
        apiKey: z.string().min(8, { error: 'That is too short to be an API key' }).max(400).regex(/^[\x21-\x7e]+$/, { error: 'API keys have no spaces' }).optional(),
        inputPricePerMTok: PriceSchema.optional(),
        outputPricePerMTok: PriceSchema.optional(),
      })
      .strict(),
    result: type<AiEndpoint>(),
  },
  'ai.deleteEndpoint': { params: z.object({ id: EndpointIdSchema }).strict(), result: type<{ deleted: boolean }>() },
  /** Asks the model one small question now: whether it answers in the decision schema, and how fast. */
  'ai.testEndpoint': { params: z.object({ id: EndpointIdSchema }).strict(), result: type<{ ok: boolean; latencyMs: number; message: string }>() },
  /** What a bot's models answered, newest first. */
  'ai.decisions': {
    params: z.object({ botId: z.number().int().positive().max(2 ** 31), limit: z.number().int().min(1).max(1000).optional() }).strict(),
    result: type<AiDecision[]>(),
  },
} as const

export const aiEvents = {
  /** A bot's models answered (or the cache did). */
  'ai.decided': type<AiDecision>(),
  'ai.endpointsChanged': type<{ reason: 'saved' | 'deleted' }>(),
} as const
