import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

/**
 * The HTTP part every local stand-in exchange shares: read the body, route, answer JSON,
 * log each request, and turn the exchange's own error class into its error body. It also
 * plays the network between the client and the exchange: a test can make chosen requests
 * go unanswered, lose their connection (before or after the exchange acted on them), come
 * back garbled, or take the whole exchange offline.
 */

export type Json = Record<string, unknown> | unknown[]

export interface Reply {
  status: number
  /** JSON, or a string sent as it is (an HTML error page from a load balancer). */
  body: Json | string
  headers?: Record<string, string>
}

/** The route never answers: the client waits until it gives up (or the server closes). */
export const HOLD = Symbol('hold')
/** The route drops the connection without answering. */
export const DROP = Symbol('drop')

export type Outcome = Reply | typeof HOLD | typeof DROP

export interface ExchangeRequest {
  method: string
  url: URL
  headers: IncomingMessage['headers']
  /** The raw body (POST/DELETE), '' when none. */
  body: string
  /** The peer address as the exchange sees it, for IP whitelists. */
  ip: string
}

/**
 * What happens to a request instead of the exchange's answer:
 * - `reply`: this answer, without the exchange acting on the request (a 429 or a 502);
 * - `timeout`: held, never answered, not acted on;
 * - `drop`: the connection is destroyed before the exchange acts on the request;
 * - `malformed`: the exchange acts on it, and the answer arrives as 200 with invalid JSON;
 * - `lose-response`: the exchange acts on it fully, then the connection is destroyed (or
 *   held) without an answer: the order exists, the client never hears of it.
 */
export type Fault =
  | { kind: 'reply'; reply: Reply }
  | { kind: 'timeout' | 'drop' | 'malformed' }
  /** `then: 'hold'` keeps the connection open instead, so the client times out on an order that exists. */
  | { kind: 'lose-response'; then?: 'drop' | 'hold' }

/** The faults of the network rather than of the exchange's answer. */
export type NetworkFault = Exclude<Fault, { kind: 'reply' }>

export interface FaultScope {
  /** "POST /api/v3/order" (method and path), or "*" for every request (the default). */
  on?: string
  /** How many matching requests meet the fault (default 1; Infinity until clearFaults). */
  count?: number
}

export interface LoggedRequest {
  method: string
  path: string
  /** Carried a signature (query parameter, header or form body). */
  signed: boolean
  query: Record<string, string>
  /** Query and form-body parameters together; the query wins, as Binance reads them. */
  params: Record<string, string>
  /** The status answered; 0 when nothing was (held, dropped, lost). */
  status: number
  /** When it arrived (epoch ms). */
  at: number
  /** The injected fault this request met, if any. */
  fault?: Fault['kind']
}

export interface JsonServer {
  /** "http://127.0.0.1:<port>": the host part of every API base URL. */
  readonly url: string
  readonly requests: LoggedRequest[]
  /** Paths nobody implemented: a request here means ccxt called more than we expected. */
  readonly unknownPaths: string[]
  /** While on, every connection is destroyed as it opens, and every request on an open one. */
  offline: boolean
  injectFault(fault: Fault, scope?: FaultScope): void
  clearFaults(): void
  close(): Promise<void>
}

export interface JsonServerOptions {
  route(request: ExchangeRequest, unknown: (key: string) => Reply): Outcome | Promise<Outcome>
  /** The exchange's error body for a thrown error; anything else is the exchange's 500. */
  errorReply(error: unknown): Reply
  isSigned(request: ExchangeRequest): boolean
}

interface FaultRule {
  fault: Fault
  on: string
  remaining: number
}

/** Faults in the order they were injected; the first rule matching a request takes it. */
class FaultQueue {
  private rules: FaultRule[] = []

  add(fault: Fault, { on = '*', count = 1 }: FaultScope = {}): void {
    if (count > 0) this.rules.push({ fault, on, remaining: count })
  }

  take(key: string): Fault | undefined {
    const rule = this.rules.find((r) => r.on === '*' || r.on === key)
    if (rule === undefined) return undefined
    rule.remaining -= 1
    if (rule.remaining <= 0) this.rules = this.rules.filter((r) => r !== rule)
    return rule.fault
  }

  clear(): void {
    this.rules = []
  }
}

export async function startJsonServer(options: JsonServerOptions): Promise<JsonServer> {
  const requests: LoggedRequest[] = []
  const unknownPaths: string[] = []
  const faults = new FaultQueue()
  let offline = false
  const unknown = (key: string): Reply => {
    unknownPaths.push(key)
    return { status: 404, body: { code: -1, msg: `the fake exchange does not implement ${key}` } }
  }
  const answer = async (request: ExchangeRequest): Promise<Outcome> => {
    try {
      return await options.route(request, unknown)
    } catch (error) {
      return options.errorReply(error)
    }
  }
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (offline) return void req.socket.destroy()
    const request = await readRequest(req)
    const fault = faults.take(`${request.method} ${request.url.pathname}`)
    const log = (status: number): void => {
      requests.push({ ...summary(request, options.isSigned(request)), status, at: Date.now(), ...(fault === undefined ? {} : { fault: fault.kind }) })
    }
    const outcome = await (fault === undefined ? answer(request) : meet(fault, request, answer))
    log(statusOf(outcome))
    deliver(req.socket, res, outcome)
  }
  const server = createServer((req, res) => void handle(req, res))
  server.on('connection', (socket) => {
    if (offline) socket.destroy()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    unknownPaths,
    get offline() {
      return offline
    },
    set offline(value: boolean) {
      offline = value
    },
    injectFault: (fault, scope) => faults.add(fault, scope),
    clearFaults: () => faults.clear(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error === undefined ? resolve() : reject(error)))
      }),
  }
}

/** What the exchange (or the network in front of it) does with a request that met `fault`. */
async function meet(fault: Fault, request: ExchangeRequest, answer: (request: ExchangeRequest) => Promise<Outcome>): Promise<Outcome> {
  switch (fault.kind) {
    case 'reply':
      return fault.reply
    case 'timeout':
      return HOLD
    case 'drop':
      return DROP
    case 'malformed':
      return garbled(await answer(request))
    case 'lose-response':
      await answer(request)
      return fault.then === 'hold' ? HOLD : DROP
  }
}

/** The exchange's answer cut off mid-JSON, as a broken proxy or connection delivers it. */
function garbled(outcome: Outcome): Outcome {
  if (typeof outcome === 'symbol') return outcome
  const text = JSON.stringify(outcome.body)
  return { status: 200, body: text.slice(0, Math.max(1, Math.floor(text.length / 2))) }
}

function readRequest(req: IncomingMessage): Promise<ExchangeRequest> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () =>
      resolve({
        method: req.method ?? 'GET',
        url: new URL(req.url ?? '/', 'http://127.0.0.1'),
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        ip: req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '',
      }),
    )
  })
}

/** The body as sent if it is form-encoded parameters, else '' (a JSON body carries none). */
export function formBody(request: ExchangeRequest): string {
  return String(request.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded') ? request.body : ''
}

/** Query and form-encoded body parameters, the query winning (Binance's rule). */
export function requestParams(request: ExchangeRequest): URLSearchParams {
  const merged = new URLSearchParams(formBody(request))
  for (const [name, value] of request.url.searchParams) merged.set(name, value)
  return merged
}

function summary(request: ExchangeRequest, signed: boolean): Omit<LoggedRequest, 'status' | 'at'> {
  const { url } = request
  return { method: request.method, path: url.pathname, signed, query: Object.fromEntries(url.searchParams), params: Object.fromEntries(requestParams(request)) }
}

const statusOf = (outcome: Outcome): number => (typeof outcome === 'symbol' ? 0 : outcome.status)

function deliver(socket: Socket, res: ServerResponse, outcome: Outcome): void {
  if (outcome === HOLD) return
  if (outcome === DROP) return void socket.destroy()
  const text = typeof outcome.body === 'string' ? outcome.body : JSON.stringify(outcome.body)
  res.writeHead(outcome.status, { 'Content-Type': 'application/json;charset=UTF-8', ...outcome.headers })
  res.end(text)
}

/**
 * The server with a fake's live state as read-write properties (a test sets
 * `fake.clockOffsetMs = 90_000` and the next request sees it), plus its other controls
 * (methods, and getters such as a live view of the exchange's orders).
 */
export function withState<S extends object, C extends object>(server: JsonServer, state: S, controls: C): JsonServer & S & C {
  for (const key of Object.keys(state) as Array<keyof S & string>) {
    Object.defineProperty(server, key, {
      enumerable: true,
      get: () => state[key],
      set: (value: S[typeof key]) => {
        state[key] = value
      },
    })
  }
  return Object.defineProperties(server, Object.getOwnPropertyDescriptors(controls)) as JsonServer & S & C
}
