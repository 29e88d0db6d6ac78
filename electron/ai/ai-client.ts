import { z } from 'zod'
import type { AiVote } from '../../shared/domain/ai'
import type { OpenEndpoint } from './ai-endpoints'

/** The decision every model must answer with (JSON in the message's content); anything else is refused. */
export const DecisionSchema = z
  .object({
    action: z.enum(['long', 'short', 'close', 'hold']),
    confidence: z.number().min(0).max(1),
    stop_loss: z.number().positive().finite().nullable().optional(),
    take_profit: z.number().positive().finite().nullable().optional(),
    reasoning: z.string().min(1).max(2_000),
  })
  .strict()

export interface ClientOptions {
  timeoutMs: number
  /** Waits before the 2nd, 3rd, … try of a request that failed for a passing reason. */
  retryDelaysMs: readonly number[]
}

export const DEFAULT_CLIENT: ClientOptions = { timeoutMs: 30_000, retryDelaysMs: [1_000, 4_000] }

type Exchange = { ok: true; content: string; promptTokens: number; completionTokens: number } | { ok: false; error: string; retry: boolean }

/**
 * Asks one OpenAI-compatible chat-completions endpoint for a decision: a timeout per try,
 * retries with growing waits on timeouts, network errors, 429 and 5xx (never on an answer
 * that came back wrong), and the answer checked against DecisionSchema. Tokens and cost
 * are counted over every try.
 */
export async function askModel(endpoint: OpenEndpoint, messages: ReadonlyArray<{ role: 'system' | 'user'; content: string }>, options: ClientOptions): Promise<AiVote> {
  const started = Date.now()
  let tries = 0
  let promptTokens = 0
  let completionTokens = 0
  let last: Exchange | undefined
  for (;;) {
    tries += 1
    last = await post(endpoint, messages, options.timeoutMs)
    if (last.ok) {
      promptTokens += last.promptTokens
      completionTokens += last.completionTokens
      break
    }
    const wait = options.retryDelaysMs[tries - 1]
    if (!last.retry || wait === undefined) break
    await new Promise((resolve) => setTimeout(resolve, wait))
  }
  const base = {
    endpoint: endpoint.name,
    model: endpoint.model,
    latencyMs: Date.now() - started,
    tries,
    promptTokens,
    completionTokens,
    costUsd: (promptTokens * Number(endpoint.inputPricePerMTok ?? 0) + completionTokens * Number(endpoint.outputPricePerMTok ?? 0)) / 1e6,
  }
  if (!last.ok) return { ...base, status: 'failed', error: last.error }
  let json: unknown
  try {
    json = JSON.parse(stripFence(last.content))
  } catch {
    return { ...base, status: 'invalid', error: `Not JSON: ${printable(last.content)}` }
  }
  const parsed = DecisionSchema.safeParse(json)
  if (!parsed.success) return { ...base, status: 'invalid', error: parsed.error.issues.map((i) => `${i.path.join('.') || 'answer'}: ${i.message}`).join('; ') }
  const d = parsed.data
  return {
    ...base,
    status: 'answered',
    action: d.action,
    confidence: d.confidence,
    reasoning: d.reasoning,
    ...(d.stop_loss === null || d.stop_loss === undefined ? {} : { stopLoss: d.stop_loss }),
    ...(d.take_profit === null || d.take_profit === undefined ? {} : { takeProfit: d.take_profit }),
  }
}

async function post(endpoint: OpenEndpoint, messages: ReadonlyArray<{ role: string; content: string }>, timeoutMs: number): Promise<Exchange> {
  const scrub = (text: string) => (endpoint.apiKey === undefined ? text : text.split(endpoint.apiKey).join('…'))
  try {
    const response = await fetch(`${endpoint.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(endpoint.apiKey === undefined ? {} : { Authorization: `Bearer ${endpoint.apiKey}` }) },
      body: JSON.stringify({ model: endpoint.model, messages, temperature: 0, response_format: { type: 'json_object' } }),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    })
    const text = await response.text()
    if (!response.ok) {
      const message = /"message"\s*:\s*"([^"]{1,200})"/.exec(text)?.[1]
      return { ok: false, error: scrub(`HTTP ${response.status}${message === undefined ? '' : `: ${message}`}`), retry: response.status === 429 || response.status >= 500 }
    }
    const body = JSON.parse(text) as { choices?: Array<{ message?: { content?: unknown } }>; usage?: { prompt_tokens?: number; completion_tokens?: number } }
    const content = body.choices?.[0]?.message?.content
    if (typeof content !== 'string') return { ok: false, error: 'The answer had no message content', retry: false }
    return { ok: true, content, promptTokens: body.usage?.prompt_tokens ?? 0, completionTokens: body.usage?.completion_tokens ?? 0 }
  } catch (error) {
    if (error instanceof Error && error.name === 'TimeoutError') return { ok: false, error: `No answer within ${Math.round(timeoutMs / 1000)} s`, retry: true }
    if (error instanceof SyntaxError) return { ok: false, error: 'The endpoint answered something that is not JSON', retry: false }
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : error instanceof Error ? error.message : String(error)
    return { ok: false, error: scrub(`Could not connect: ${cause}`), retry: true }
  }
}

/** Models often wrap JSON in a ```json fence despite being asked not to. */
function stripFence(content: string): string {
  return content.trim().replace(/^```(?:json)?\s*([\s\S]*?)\s*```$/, '$1')
}

function printable(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > 80 ? `${flat.slice(0, 80)}…` : flat
}
