import { AuthenticationError, DDoSProtection, ExchangeError, InsufficientFunds, InvalidNonce, NetworkError, PermissionDenied, RateLimitExceeded, type Exchange } from 'ccxt'
import { AppError } from '../../../shared/contract/result'
import type { ExchangeVenue } from '../../../shared/domain/exchanges'

/**
 * ccxt's errors in a trader's words. ccxt's classes say "definitely refused" vs "network"
 * but not which part of a key is wrong, so the exchange's own error codes are read from
 * the body ccxt quotes. Only the exchange's own message is ever quoted, and the secret is
 * scrubbed from it regardless.
 */

export type CredentialProblem =
  | 'wrong-key'
  | 'wrong-secret'
  | 'wrong-passphrase'
  | 'wrong-environment'
  | 'ip-not-allowed'
  | 'permission'
  | 'clock'
  | 'key-ip-or-permission'

/** Each exchange's documented codes for a refused key (the same tables ccxt maps to AuthenticationError and friends). */
const CREDENTIAL_CODES: Record<ExchangeVenue, Record<string, CredentialProblem>> = {
  binance: {
    '-2014': 'wrong-key',
    '-2008': 'wrong-key',
    '-1022': 'wrong-secret',
    '-1021': 'clock',
    // "Invalid API-key, IP, or permissions for action.": Binance does not say which.
    '-2015': 'key-ip-or-permission',
  },
  okx: {
    // "APIKey does not match current environment": a demo-trading key on the live site, or the reverse.
    '50101': 'wrong-environment',
    '50111': 'wrong-key',
    '50119': 'wrong-key',
    '50113': 'wrong-secret',
    '50104': 'wrong-passphrase',
    '50105': 'wrong-passphrase',
    '50110': 'ip-not-allowed',
    '50102': 'clock',
    '50112': 'clock',
    '50120': 'permission',
  },
  bybit: { '10003': 'wrong-key', '33004': 'wrong-key', '10004': 'wrong-secret', '10010': 'ip-not-allowed', '10005': 'permission', '10002': 'clock' },
  kucoin: { '400003': 'wrong-key', '400005': 'wrong-secret', '400004': 'wrong-passphrase', '400006': 'ip-not-allowed', '400007': 'permission', '400002': 'clock' },
}

type ExchangeIdentity = Pick<Exchange, 'secret' | 'name' | 'id'>

export function credentialProblem(error: unknown, venue: string): CredentialProblem | undefined {
  const code = quoted(error, /"(?:code|retCode|ret_code)"\s*:\s*"?(-?\d+)"?/)
  const byCode = code === undefined ? undefined : (CREDENTIAL_CODES as Record<string, Record<string, CredentialProblem> | undefined>)[venue]?.[code]
  if (byCode !== undefined) return byCode
  if (error instanceof InvalidNonce) return 'clock'
  return undefined
}

function credentialMessage(problem: CredentialProblem, venue: string): string {
  switch (problem) {
    case 'wrong-key':
      return `${venue} does not know this API key: copy the whole key again, and check that it was made for the environment chosen here (live or testnet).`
    case 'wrong-secret':
      return `${venue} says the request's signature is wrong: the secret does not belong to this API key. Copy the secret again.`
    case 'wrong-passphrase':
      return `${venue} refused the passphrase: enter the passphrase you chose when you created this API key (not your login password).`
    case 'wrong-environment':
      return `This key was made for ${venue}'s other environment: switch Testnet on for a demo-trading key, off for a live one.`
    case 'ip-not-allowed':
      return `${venue} refused this computer's IP address: add it to the key's IP whitelist on ${venue}, or lift the restriction.`
    case 'permission':
      return `The key lacks a permission the app needs: enable reading (and trading, for live trading) for it on ${venue}.`
    case 'clock':
      return `Your computer's clock is off from ${venue}'s, so it refused the request. Set the clock to update automatically and try again.`
    case 'key-ip-or-permission':
      return `${venue} refused the key: the key is wrong, this computer's IP address is not on its whitelist, or it lacks a permission. ${venue} does not say which; check all three.`
  }
}

/** `doing` completes "could not …", e.g. "return the trade history". */
export function toAppError(error: unknown, exchange: ExchangeIdentity, doing: string): AppError {
  if (error instanceof AppError) return error
  const venue = venueName(exchange)
  const said = scrub(quoted(error, /"(?:msg|retMsg|ret_msg)"\s*:\s*("(?:[^"\\]|\\.)*")/, true) ?? plainMessage(error, exchange.id), exchange.secret)
  const suffix = said === undefined || said === '' ? '' : ` (${venue} said: "${said}")`
  const problem = credentialProblem(error, exchange.id ?? '')
  if (problem !== undefined) return new AppError('REJECTED', `${credentialMessage(problem, venue)}${suffix}`, { problem })
  if (error instanceof AuthenticationError) {
    return new AppError('REJECTED', `${venue} refused the API key: check the key, secret and passphrase, and the key's permissions.${suffix}`, { problem: 'wrong-key' })
  }
  if (error instanceof PermissionDenied) return new AppError('REJECTED', `${venue} refused: the key may not do this.${suffix}`, { problem: 'permission' })
  if (error instanceof InsufficientFunds) return new AppError('REJECTED', `${venue} refused: the exchange account has not enough funds for this order.${suffix}`)
  if (isRateLimit(error)) return new AppError('UNAVAILABLE', `${venue} is limiting how often the app may ask; try again in a few minutes.`)
  if (error instanceof NetworkError) return new AppError('UNAVAILABLE', `${venue} could not be reached or did not answer in time; check the connection and try again.`)
  return new AppError('UNAVAILABLE', `${venue} could not ${doing}${suffix}.`)
}

export function isRateLimit(error: unknown): boolean {
  return error instanceof RateLimitExceeded || error instanceof DDoSProtection
}

/** The wait the exchange asked for in its last reply's Retry-After header (seconds), in ms; 0 when it named none. */
export function retryAfterMs(exchange: Pick<Exchange, 'last_response_headers'>): number {
  const headers: Record<string, string> = exchange.last_response_headers ?? {}
  const key = Object.keys(headers).find((k) => k.toLowerCase() === 'retry-after')
  const seconds = key === undefined ? NaN : Number(headers[key])
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0
}

export const venueName = (exchange: Pick<Exchange, 'name' | 'id'>): string => exchange.name ?? exchange.id ?? 'The exchange'

/** A field of the exchange's JSON body inside a ccxt message ('okx {"code":"50105","msg":"..."}'). */
function quoted(error: unknown, pattern: RegExp, isJsonString = false): string | undefined {
  const text = error instanceof Error ? error.message : undefined
  const match = text === undefined ? null : pattern.exec(text)
  if (match?.[1] === undefined) return undefined
  if (!isJsonString) return match[1]
  try {
    return JSON.parse(match[1]) as string
  } catch {
    return undefined
  }
}

/**
 * The exchange's refusal as ccxt words it when it maps a code ("binance Account has
 * insufficient balance..."); never a network error's text, which names the request's URL.
 */
function plainMessage(error: unknown, id: string | undefined): string | undefined {
  if (!(error instanceof ExchangeError) || id === undefined) return undefined
  const text = error.message
  return text.startsWith(`${id} `) && !/[{}]|https?:/.test(text) ? text.slice(id.length + 1) : undefined
}

function scrub(text: string | undefined, secret: string | undefined): string | undefined {
  return text === undefined || secret === undefined || secret === '' ? text : text.replaceAll(secret, '[secret]')
}
