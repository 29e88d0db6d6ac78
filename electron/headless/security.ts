import { timingSafeEqual } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import { TOKEN_PROTOCOL_PREFIX, WIRE_PROTOCOL } from '../../shared/contract/wire'

/** The Content-Security-Policy the renderer runs under in a browser (index.html carries the same). */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
}

export function tokensEqual(expected: string, given: string): boolean {
  const a = Buffer.from(expected)
  const b = Buffer.from(given)
  return a.length === b.length && timingSafeEqual(a, b)
}

/** The token a client offered among its WebSocket subprotocols, if it also speaks ours. */
export function offeredToken(protocolHeader: string | undefined): string | undefined {
  const offered = (protocolHeader ?? '').split(',').map((p) => p.trim())
  if (!offered.includes(WIRE_PROTOCOL)) return undefined
  return offered.find((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX))?.slice(TOKEN_PROTOCOL_PREFIX.length)
}

export type UpgradeVerdict = { ok: true } | { ok: false; status: 400 | 401 | 403 | 404; reason: string }

/**
 * Decides whether a WebSocket upgrade may proceed: right path, a Host we serve (no DNS
 * rebinding), an Origin that is our own page (no other site's script), and the token.
 */
export function checkUpgrade(
  path: string | undefined,
  headers: IncomingHttpHeaders,
  allowedHosts: ReadonlySet<string>,
  token: string,
  wsPath: string,
): UpgradeVerdict {
  let url: URL
  try {
    url = new URL(path ?? '/', 'http://placeholder')
  } catch {
    return { ok: false, status: 400, reason: 'malformed request target' }
  }
  if (url.pathname !== wsPath) return { ok: false, status: 404, reason: 'not found' }
  const host = headers.host ?? ''
  if (!allowedHosts.has(host)) return { ok: false, status: 403, reason: 'unknown host' }
  if (headers.origin !== `http://${host}`) return { ok: false, status: 403, reason: 'foreign origin' }
  const given = offeredToken(headers['sec-websocket-protocol'])
  if (given === undefined || !tokensEqual(token, given)) return { ok: false, status: 401, reason: 'bad token' }
  return { ok: true }
}
