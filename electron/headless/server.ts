import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import sirv from 'sirv'
import { WebSocketServer, type RawData, type WebSocket } from 'ws'
import { z } from 'zod'
import { fail } from '../../shared/contract'
import {
  MAX_CLIENT_MESSAGE_BYTES,
  WIRE_PROTOCOL,
  WS_PATH,
  type ClientMessage,
  type ServerMessage,
} from '../../shared/contract/wire'
import type { AppCore } from '../core/app-core'
import type { Logger } from '../core/log'
import { publicHealth } from '../../shared/domain/health'
import { checkUpgrade, SECURITY_HEADERS, tokensEqual } from './security'

/** Past this much unsent data, a slow client skips tick batches (the next one supersedes them). */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024
const HEARTBEAT_MS = 15_000

/** The envelope every client message must be; its params are checked later, by dispatch. */
const ClientMessageSchema: z.ZodType<ClientMessage> = z
  .object({
    id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    method: z.string().max(100),
    params: z.unknown().optional(),
  })
  .strict()

export interface HeadlessServerOptions {
  core: Pick<AppCore, 'dispatch' | 'subscribe' | 'health' | 'metrics'>
  rendererDir: string
  host: string
  port: number
  /** A fixed token (tests); by default a fresh random one per start. */
  token?: string
  log: Logger
}

export interface HeadlessServer {
  readonly url: string
  readonly port: number
  readonly token: string
  close(): Promise<void>
}

function hostsFor(host: string, port: number): Set<string> {
  // An IPv6 address appears in brackets in a Host header: [::1]:PORT.
  const hosts = new Set([`${host.includes(':') ? `[${host}]` : host}:${port}`])
  if (host === '127.0.0.1') hosts.add(`localhost:${port}`)
  return hosts
}

function refuse(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
}

function send(ws: WebSocket, message: ServerMessage): void {
  ws.send(JSON.stringify(message))
}

/** Serves the built renderer and the contract over a token-protected WebSocket. */
export async function startHeadlessServer(options: HeadlessServerOptions): Promise<HeadlessServer> {
  const { core, log } = options
  const token = options.token ?? randomBytes(32).toString('base64url')
  const serveStatic = sirv(options.rendererDir, { dev: false, etag: true, single: false })
  let allowedHosts = new Set<string>()

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (!allowedHosts.has(req.headers.host ?? '')) {
      res.writeHead(403).end()
      return
    }
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value)
    if (serveHealth(req, res)) return
    serveStatic(req, res, () => {
      res.writeHead(404).end('Not found')
    })
  })

  /** /health for anyone (states only), /metrics with the host's token as a bearer token. */
  function serveHealth(req: IncomingMessage, res: ServerResponse): boolean {
    const path = (req.url ?? '').split('?')[0]
    if (path !== '/health' && path !== '/metrics') return false
    res.setHeader('Cache-Control', 'no-store')
    if (req.method !== 'GET') {
      res.writeHead(405, { Allow: 'GET' }).end()
      return true
    }
    if (path === '/health') {
      const health = publicHealth(core.health())
      res.writeHead(health.status === 'down' ? 503 : 200, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(health))
      return true
    }
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1]
    if (bearer === undefined || !tokensEqual(token, bearer)) {
      res.writeHead(401, { 'WWW-Authenticate': 'Bearer', 'Content-Type': 'text/plain; charset=utf-8' }).end('The host’s token is needed: Authorization: Bearer <token>.\n')
      return true
    }
    res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' }).end(core.metrics())
    return true
  }

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_CLIENT_MESSAGE_BYTES,
    handleProtocols: (protocols) => (protocols.has(WIRE_PROTOCOL) ? WIRE_PROTOCOL : false),
  })
  const alive = new WeakMap<WebSocket, boolean>()

  server.on('upgrade', (req, socket, head) => {
    const verdict = checkUpgrade(req.url, req.headers, allowedHosts, token, WS_PATH)
    if (!verdict.ok) {
      log.warn(`refused WebSocket from ${req.socket.remoteAddress ?? '?'}: ${verdict.reason}`)
      refuse(socket, verdict.status, verdict.reason)
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws))
  })

  wss.on('connection', (ws: WebSocket) => {
    alive.set(ws, true)
    ws.on('pong', () => alive.set(ws, true))
    // Protocol violations (oversized frames, bad UTF-8) surface here; ws closes the socket
    // itself, and an unhandled 'error' would take the whole host down.
    ws.on('error', (error) => log.warn(`dropped a WebSocket client: ${error.message}`))
    ws.on('message', (data: RawData, isBinary: boolean) => void answer(ws, data, isBinary))
  })

  async function answer(ws: WebSocket, data: RawData, isBinary: boolean): Promise<void> {
    let message: unknown
    try {
      message = isBinary ? undefined : JSON.parse(data.toString())
    } catch {
      message = undefined
    }
    const parsed = ClientMessageSchema.safeParse(message)
    if (!parsed.success) {
      // Without a valid id there is nobody to reply to; say so once and close.
      ws.close(1008, 'Malformed request')
      return
    }
    const result = await core.dispatch(parsed.data.method, parsed.data.params).catch(() =>
      fail('INTERNAL', 'Something went wrong inside the app; the request was not carried out.'),
    )
    if (ws.readyState === ws.OPEN) send(ws, { type: 'reply', id: parsed.data.id, result })
  }

  const unsubscribe = core.subscribe((name, payload) => {
    const text = JSON.stringify({ type: 'event', name, payload } satisfies ServerMessage)
    for (const ws of wss.clients) {
      if (ws.readyState !== ws.OPEN) continue
      if (name === 'market.ticked' && ws.bufferedAmount > MAX_BUFFERED_BYTES) continue
      ws.send(text)
    }
  })

  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (alive.get(ws) === false) {
        ws.terminate()
        continue
      }
      alive.set(ws, false)
      ws.ping()
    }
  }, HEARTBEAT_MS)
  heartbeat.unref()

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  allowedHosts = hostsFor(options.host, port)
  const displayHost = options.host.includes(':') ? `[${options.host}]` : options.host

  return {
    url: `http://${displayHost}:${port}/#token=${token}`,
    port,
    token,
    close: async () => {
      clearInterval(heartbeat)
      unsubscribe()
      for (const ws of wss.clients) ws.terminate()
      wss.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
