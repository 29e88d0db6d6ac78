import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { AppError } from '../../shared/contract'
import { DEFAULT_SIGNAL_PORT, SIGNAL_RULES, type SignalIntakeSettings, type SignalIntakeStatus } from '../../shared/domain/signals'
import type { Logger } from '../core/log'
import type { EventBus } from '../engine/bus'
import type { MetaRepo } from '../ledger/repos/meta-repo'
import type { IncomingSignal, SignalIntake } from './signal-intake'

const SETTINGS_KEY = 'signals.intake'
const DEFAULTS: SignalIntakeSettings = { enabled: false, port: DEFAULT_SIGNAL_PORT, allowRemote: false }
/** A sender gets this long to deliver its request. */
const REQUEST_TIMEOUT_MS = 10_000

/**
 * The local HTTP endpoint signals are posted to: off until the trader turns it on, on this
 * computer only (127.0.0.1) unless they opt in to every interface. Settings are kept in the
 * ledger; a port that cannot be opened is refused and the previous state kept.
 */
export class SignalEndpoint {
  private server: Server | undefined
  private error: string | undefined

  constructor(
    private readonly intake: SignalIntake,
    private readonly meta: MetaRepo,
    private readonly bus: EventBus,
    private readonly log: Logger,
  ) {}

  settings(): SignalIntakeSettings {
    const stored = this.meta.get(SETTINGS_KEY)
    return stored === undefined ? DEFAULTS : { ...DEFAULTS, ...(JSON.parse(stored) as Partial<SignalIntakeSettings>) }
  }

  status(): SignalIntakeStatus {
    const address = (this.server?.address() ?? undefined) as AddressInfo | undefined
    const settings = this.settings()
    return {
      ...settings,
      listening: address !== undefined,
      ...(address === undefined ? {} : { url: `http://127.0.0.1:${address.port}` }),
      ...(this.error === undefined ? {} : { error: this.error }),
      rateLimited: this.intake.rateLimited,
    }
  }

  /** Listens as the stored settings say (at start); a failure is shown in the status, not thrown. */
  async start(): Promise<void> {
    const settings = this.settings()
    if (!settings.enabled) return
    try {
      this.server = await listen(settings, (req, res) => this.serve(req, res))
      this.log.info(`signal endpoint listening on ${settings.allowRemote ? 'every interface' : '127.0.0.1'}:${settings.port}`)
    } catch (error) {
      this.error = listenError(settings.port, error)
      this.log.warn(this.error)
    }
  }

  async configure(change: Partial<SignalIntakeSettings>): Promise<SignalIntakeStatus> {
    const next = { ...this.settings(), ...change }
    const previous = this.server
    await close(previous)
    this.server = undefined
    if (next.enabled) {
      try {
        this.server = await listen(next, (req, res) => this.serve(req, res))
      } catch (error) {
        // Nothing changes: the previous settings are listened on again.
        await this.start()
        throw new AppError('UNAVAILABLE', listenError(next.port, error))
      }
    }
    this.error = undefined
    this.meta.set(SETTINGS_KEY, JSON.stringify(next))
    const status = this.status()
    this.bus.publish('signals.statusChanged', status)
    return status
  }

  async close(): Promise<void> {
    await close(this.server)
    this.server = undefined
  }

  private serve(req: IncomingMessage, res: ServerResponse): void {
    const match = /^\/signals\/(\d{1,10})\/?(\?.*)?$/.exec(req.url ?? '')
    void readBody(req).then(async (body) => {
      if (body === undefined) return
      const request: IncomingSignal = {
        method: req.method ?? '',
        channelId: match === null ? undefined : Number(match[1]),
        headers: req.headers,
        body,
        from: req.socket.remoteAddress ?? 'unknown',
      }
      try {
        const reply = await this.intake.receive(request)
        res.writeHead(reply.status, {
          'Content-Type': 'application/json; charset=utf-8',
          'Cache-Control': 'no-store',
          ...(reply.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(reply.retryAfterSeconds) }),
          // Signals are few: no connection is kept, so nothing half-open outlives a restart or a too-large body.
          Connection: 'close',
        })
        res.end(JSON.stringify(reply.body))
      } catch (error) {
        this.log.error('a signal could not be handled', error)
        res.writeHead(500, { 'Content-Type': 'application/json; charset=utf-8' })
        res.end(JSON.stringify({ ok: false, message: 'The app could not handle this signal; nothing was traded.' }))
      }
    })
  }
}

function listen(settings: SignalIntakeSettings, handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<Server> {
  const server = createServer(handle)
  server.requestTimeout = REQUEST_TIMEOUT_MS
  server.headersTimeout = REQUEST_TIMEOUT_MS
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(settings.port, settings.allowRemote ? '0.0.0.0' : '127.0.0.1', () => {
      server.off('error', reject)
      resolve(server)
    })
  })
}

function close(server: Server | undefined): Promise<void> {
  if (server === undefined) return Promise.resolve()
  server.closeAllConnections()
  return new Promise((resolve) => server.close(() => resolve()))
}

function listenError(port: number, error: unknown): string {
  const code = (error as { code?: string }).code
  if (code === 'EADDRINUSE') return `Port ${port} is in use by another program; choose another port for signals.`
  if (code === 'EACCES') return `The system does not let the app listen on port ${port}; choose another port.`
  return `Signals cannot listen on port ${port}: ${error instanceof Error ? error.message : String(error)}`
}

/**
 * The body, or 'too-large' as soon as it passes the limit (the rest is never read: the
 * answer closes the connection), or undefined when the sender went away.
 */
function readBody(req: IncomingMessage): Promise<Buffer | 'too-large' | undefined> {
  if (Number(req.headers['content-length'] ?? 0) > SIGNAL_RULES.maxBodyBytes) return Promise.resolve('too-large')
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size <= SIGNAL_RULES.maxBodyBytes) return void chunks.push(chunk)
      req.off('data', onData)
      req.pause()
      resolve('too-large')
    }
    req.on('data', onData)
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', () => resolve(undefined))
  })
}
