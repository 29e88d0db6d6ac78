import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

/** How the fake answers one request: well (the decision), garbage, slowly, or with an error status. */
export type AiBehaviour = { kind: 'decide'; decision: object } | { kind: 'garbage'; content: string } | { kind: 'slow'; ms: number } | { kind: 'status'; status: number }

export interface FakeAi {
  /** The API base to configure: "http://127.0.0.1:<port>/v1". */
  readonly baseUrl: string
  /** Every request: its model, Authorization header and messages. */
  readonly requests: Array<{ model: string; authorization: string | undefined; messages: Array<{ role: string; content: string }> }>
  /** The next requests' behaviours, in order; after them, `normally`. */
  queue: AiBehaviour[]
  normally: AiBehaviour
  close(): Promise<void>
}

/**
 * A local OpenAI-compatible chat-completions endpoint: checks the bearer key, answers in
 * the API's shape with token usage, and can answer well, answer garbage, answer slowly
 * or fail, as told.
 */
export async function startFakeAi(apiKey: string | undefined, normally: AiBehaviour): Promise<FakeAi> {
  const requests: FakeAi['requests'] = []
  const state = { queue: [] as AiBehaviour[], normally }
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const reply = (status: number, body: object) => {
        if (res.destroyed) return
        res.writeHead(status, { 'Content-Type': 'application/json' })
        res.end(JSON.stringify(body))
      }
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') return reply(404, { error: { message: 'Not found' } })
      if (apiKey !== undefined && req.headers.authorization !== `Bearer ${apiKey}`) return reply(401, { error: { message: 'Incorrect API key provided', type: 'invalid_request_error' } })
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { model: string; messages: Array<{ role: string; content: string }> }
      requests.push({ model: body.model, authorization: req.headers.authorization, messages: body.messages })
      const behaviour = state.queue.shift() ?? state.normally
      const completion = (content: string) => ({
        id: `chatcmpl-${requests.length}`,
        object: 'chat.completion',
        model: body.model,
        choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 1000, completion_tokens: 50, total_tokens: 1050 },
      })
      switch (behaviour.kind) {
        case 'decide':
          return reply(200, completion(JSON.stringify(behaviour.decision)))
        case 'garbage':
          return reply(200, completion(behaviour.content))
        case 'slow':
          return void setTimeout(() => reply(200, completion(JSON.stringify({ action: 'hold', confidence: 0.5, reasoning: 'late' }))), behaviour.ms)
        case 'status':
          return reply(behaviour.status, { error: { message: behaviour.status === 429 ? 'Rate limit reached' : 'The server had an error', type: 'server_error' } })
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    get queue() {
      return state.queue
    },
    set queue(value: AiBehaviour[]) {
      state.queue = value
    },
    get normally() {
      return state.normally
    },
    set normally(value: AiBehaviour) {
      state.normally = value
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
