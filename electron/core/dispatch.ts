import type { z } from 'zod'
import {
  AppError,
  fail,
  isRequestName,
  ok,
  requests,
  type ParsedParamsOf,
  type RequestName,
  type Result,
  type ResultOf,
} from '../../shared/contract'
import type { Logger } from './log'

/** One handler per declared request; the compiler enforces that none is missing. */
export type Handlers = {
  [K in RequestName]: (params: ParsedParamsOf<K>) => ResultOf<K> | Promise<ResultOf<K>>
}

/** The boundary every transport calls with untrusted input. Never throws. */
export type Dispatch = (method: unknown, params: unknown) => Promise<Result<unknown>>

const INTERNAL_MESSAGE = 'Something went wrong inside the app; the request was not carried out.'

function printable(value: unknown): string {
  const text = typeof value === 'string' ? value : typeof value
  return text.replace(/[^\x20-\x7e]/g, '?').slice(0, 60)
}

/** A schema's refusal as one line a trader can read: "field: what is wrong; …". */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ')
}

export function createDispatcher(handlers: Handlers, log: Logger): Dispatch {
  return async (method, params) => {
    if (!isRequestName(method)) {
      return fail('UNKNOWN_METHOD', `The app has no request named "${printable(method)}".`)
    }
    const parsed = requests[method].params.safeParse(params === undefined ? {} : params)
    if (!parsed.success) {
      return fail('INVALID_PARAMS', describeIssues(parsed.error), {
        issues: parsed.error.issues.map((issue) => ({ path: issue.path.map(String), message: issue.message })),
      })
    }
    try {
      const handler = handlers[method] as (params: unknown) => unknown
      return ok(await handler(parsed.data))
    } catch (error) {
      if (error instanceof AppError) return fail(error.code, error.message, error.details)
      log.error(`request ${method} failed`, error)
      return fail('INTERNAL', INTERNAL_MESSAGE)
    }
  }
}
