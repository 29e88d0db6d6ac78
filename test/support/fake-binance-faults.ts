import type { Fault, NetworkFault, Reply } from './fake-exchange-server'

/**
 * The failures a Binance client meets, as Binance (or the CloudFront edge in front of its
 * API) answers them: rate limits and IP bans with Binance's -1003 bodies and Retry-After,
 * its own 5xx bodies (-1000, -1001, -1006, -1007, -1008), the edge's HTML 502/504 pages,
 * and the network faults the shared server plays (timeout, drop, malformed, lose-response).
 */

/** Binance's own 5xx codes (errors.md): -1006 and -1007 say the execution status is unknown. */
export type BinanceServerErrorCode = -1000 | -1001 | -1006 | -1007 | -1008

export type BinanceFault =
  | { kind: 429 | 418; retryAfterSeconds?: number }
  /** Without `code`, 503 is Binance's -1008 body and 502/504 the edge's HTML page. */
  | { kind: 502 | 503 | 504; code?: BinanceServerErrorCode }
  | NetworkFault

const SERVER_ERRORS: Record<BinanceServerErrorCode, string> = {
  [-1000]: 'An unknown error occurred while processing the request.',
  [-1001]: 'Internal error; unable to process your request. Please try again.',
  [-1006]: 'An unexpected response was received from the message bus. Execution status unknown.',
  [-1007]: 'Timeout waiting for response from backend server. Send status unknown; execution status unknown.',
  [-1008]: 'Server is currently overloaded with other requests. Please try again in a few minutes.',
}

/** A fault given as its kind alone (503, 'timeout') or in full, as the shared server's Fault. */
export function binanceFault(fault: BinanceFault | BinanceFault['kind'], now: number): Fault {
  const full: BinanceFault = typeof fault === 'object' ? fault : ({ kind: fault } as BinanceFault)
  switch (full.kind) {
    case 429:
      return { kind: 'reply', reply: tooManyRequests(full.retryAfterSeconds ?? 1) }
    case 418:
      return { kind: 'reply', reply: ipBanned(full.retryAfterSeconds ?? 120, now) }
    case 502:
    case 503:
    case 504:
      return { kind: 'reply', reply: serverError(full.kind, full.code) }
    default:
      return full
  }
}

export function tooManyRequests(retryAfterSeconds: number): Reply {
  return {
    status: 429,
    headers: { 'Retry-After': String(retryAfterSeconds) },
    body: { code: -1003, msg: 'Too much request weight used; current limit is 6000 request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.' },
  }
}

function ipBanned(retryAfterSeconds: number, now: number): Reply {
  return {
    status: 418,
    headers: { 'Retry-After': String(retryAfterSeconds) },
    body: { code: -1003, msg: `Way too much request weight used; IP banned until ${now + retryAfterSeconds * 1000}. Please use WebSocket Streams for live updates to avoid bans.` },
  }
}

export function serverError(status: 502 | 503 | 504, code?: BinanceServerErrorCode): Reply {
  if (status === 503 || code !== undefined) {
    const own = code ?? -1008
    return { status, body: { code: own, msg: SERVER_ERRORS[own] } }
  }
  return { status, headers: { 'Content-Type': 'text/html', 'X-Cache': 'Error from cloudfront' }, body: edgePage(status) }
}

/** The page CloudFront answers when Binance's origin fails it (502) or is too slow (504). */
function edgePage(status: 502 | 504): string {
  const reason = status === 502 ? "CloudFront wasn't able to connect to the origin." : 'The origin did not respond in time.'
  return [
    '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" "http://www.w3.org/TR/html4/loose.dtd">',
    '<HTML><HEAD><META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=iso-8859-1">',
    '<TITLE>ERROR: The request could not be satisfied</TITLE>',
    `</HEAD><BODY><H1>${status} ERROR</H1><H2>The request could not be satisfied.</H2><HR noshade size="1px">`,
    `${reason} We can't connect to the server for this app or website at this time.`,
    '</BODY></HTML>',
  ].join('\n')
}
