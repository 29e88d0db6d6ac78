/**
 * Every reply crossing a transport is a Result. Error codes are stable: the UI branches
 * on `code`, shows `message` (written for a trader), and may read `details`.
 */
export const ERROR_CODES = [
  /** The request's parameters failed their schema; nothing ran. */
  'INVALID_PARAMS',
  /** The request names a method the contract does not declare; nothing ran. */
  'UNKNOWN_METHOD',
  /** The message itself was not a well-formed request. */
  'BAD_REQUEST',
  'NOT_FOUND',
  /** The engine refused the command (risk, margin, market rules); `details.rule` says which. */
  'REJECTED',
  /** The command conflicts with an earlier one (e.g. a reused client order id with other parameters). */
  'CONFLICT',
  /** A dependency (feed, venue, keychain) cannot serve the request right now. */
  'UNAVAILABLE',
  /** The ledger on disk was written by a newer version of the app. */
  'LEDGER_TOO_NEW',
  /** A file given to the app (a backup, an import) is not what it should be; `details` may say where. */
  'INVALID_FILE',
  /** An import's rows failed their checks; `details.line` names the first bad line. Nothing was booked. */
  'IMPORT_INVALID',
  /** The trader canceled a long job; nothing of it was kept. */
  'CANCELED',
  /** An unexpected failure; the message carries no internals. */
  'INTERNAL',
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

export interface AppErrorShape {
  code: ErrorCode
  message: string
  details?: unknown
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape }

export function ok<T>(value: T): Result<T> {
  return { ok: true, value }
}

export function fail(code: ErrorCode, message: string, details?: unknown): Result<never> {
  return { ok: false, error: details === undefined ? { code, message } : { code, message, details } }
}

/** Thrown inside the core to end a request with a specific, trader-readable error. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message)
    this.name = 'AppError'
  }
}
