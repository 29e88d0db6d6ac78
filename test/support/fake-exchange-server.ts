import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * The HTTP part every local stand-in exchange shares: read the body, route, answer JSON,
 * log each request, and turn the exchange's own error class into its error body.
 */

export type Json = Record<string, unknown> | unknown[]

export interface Reply {
  status: number
  body: Json
  headers?: Record<string, string>
}

export interface ExchangeRequest {
  method: string
  url: URL
  headers: IncomingMessage['headers']
  /** The raw body (POST/DELETE), '' when none. */
  body: string
  /** The peer address as the exchange sees it, for IP whitelists. */
  ip: string
}

export interface LoggedRequest {
  method: string
  path: string
  /** Carried a signature (query parameter or header). */
  signed: boolean
  query: Record<string, string>
  status: number
  /** When it arrived (epoch ms). */
  at: number
}

export interface JsonServer {
  /** "http://127.0.0.1:<port>": the host part of every API base URL. */
  readonly url: string
  readonly requests: LoggedRequest[]
  /** Paths nobody implemented: a request here means ccxt called more than we expected. */
  readonly unknownPaths: string[]
  close(): Promise<void>
}

export interface JsonServerOptions {
  route(request: ExchangeRequest, unknown: (key: string) => Reply): Reply
  /** The exchange's error body for a thrown error; anything else is the exchange's 500. */
  errorReply(error: unknown): Reply
  isSigned(request: ExchangeRequest): boolean
}

export async function startJsonServer(options: JsonServerOptions): Promise<JsonServer> {
  const requests: LoggedRequest[] = []
  const unknownPaths: string[] = []
  const unknown = (key: string): Reply => {
    unknownPaths.push(key)
    return { status: 404, body: { code: -1, msg: `the fake exchange does not implement ${key}` } }
  }
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const request: ExchangeRequest = {
        method: req.method ?? 'GET',
        url: new URL(req.url ?? '/', 'http://127.0.0.1'),
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        ip: req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '',
      }
      let reply: Reply
      try {
        reply = options.route(request, unknown)
      } catch (error) {
        reply = options.errorReply(error)
      }
      const { url } = request
      requests.push({ method: request.method, path: url.pathname, signed: options.isSigned(request), query: Object.fromEntries(url.searchParams), status: reply.status, at: Date.now() })
      send(res, reply)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    unknownPaths,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error === undefined ? resolve() : reject(error)))
      }),
  }
}

function send(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, { 'Content-Type': 'application/json;charset=UTF-8', ...reply.headers })
  res.end(JSON.stringify(reply.body))
}

/**
 * The server with a fake's live state as read-write properties (a test sets
 * `fake.clockOffsetMs = 90_000` and the next request sees it), plus its other controls.
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
  return Object.assign(server, controls) as JsonServer & S & C
}
