import { startJsonServer, withState, type JsonServer, type Reply } from './fake-exchange-server'

/**
 * Local stand-ins for where alerts go: Telegram's Bot API (getMe, sendMessage, with its
 * error bodies) and a webhook receiver. Each can be told to fail its next requests.
 */

export interface FakeTelegram extends JsonServer {
  /** Messages sendMessage accepted: the chat and the text. */
  readonly messages: Array<{ chat_id: string; text: string }>
  /** The next requests are answered with these statuses, in order (then normally). */
  failures: number[]
}

export async function startFakeTelegram(token: string): Promise<FakeTelegram> {
  const messages: Array<{ chat_id: string; text: string }> = []
  const state = { failures: [] as number[] }
  const telegramError = (status: number, description: string): Reply => ({ status, body: { ok: false, error_code: status, description } })
  const server = await startJsonServer({
    route: (request, unknown) => {
      const failure = state.failures.shift()
      if (failure !== undefined) return telegramError(failure, failure === 429 ? 'Too Many Requests: retry after 1' : 'Internal Server Error')
      const match = /^\/bot([^/]+)\/(getMe|sendMessage)$/.exec(request.url.pathname)
      if (match === null) return unknown(`${request.method} ${request.url.pathname}`)
      if (match[1] !== token) return telegramError(401, 'Unauthorized')
      if (match[2] === 'getMe') return { status: 200, body: { ok: true, result: { id: 1, is_bot: true, first_name: 'TradeDesk alerts', username: 'tradedesk_bot' } } }
      const body = JSON.parse(request.body) as { chat_id: string; text: string }
      if (!/^(-?\d+|@\w+)$/.test(body.chat_id)) return telegramError(400, 'Bad Request: chat not found')
      messages.push({ chat_id: body.chat_id, text: body.text })
      return { status: 200, body: { ok: true, result: { message_id: messages.length } } }
    },
    errorReply: () => telegramError(500, 'Internal Server Error'),
    isSigned: () => false,
  })
  return withState(server, state, { messages })
}

export interface WebhookReceiver extends JsonServer {
  readonly received: unknown[]
  /** The next requests are answered with these statuses, in order (then 200). */
  failures: number[]
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: unknown[] = []
  const state = { failures: [] as number[] }
  const server = await startJsonServer({
    route: (request) => {
      const failure = state.failures.shift()
      if (failure !== undefined) return { status: failure, body: { error: 'not now' } }
      received.push(JSON.parse(request.body))
      return { status: 200, body: { ok: true } }
    },
    errorReply: () => ({ status: 500, body: {} }),
    isSigned: () => false,
  })
  return withState(server, state, { received })
}
