import type { AppErrorShape } from '../../../shared/contract/result'

/**
 * A refusal in words. Where the core's schema check names parameters, they are named
 * with the form's own labels (`fieldLabels`: parameter name -> label).
 */
export function requestErrorText(error: AppErrorShape, fieldLabels: Readonly<Record<string, string>> = {}): string {
  const details = error.details as { issues?: unknown } | undefined
  if (error.code !== 'INVALID_PARAMS' || !Array.isArray(details?.issues)) return error.message
  const parts = (details.issues as Array<{ path?: unknown; message?: unknown }>).map((issue) => {
    const field = Array.isArray(issue.path) && typeof issue.path[0] === 'string' ? fieldLabels[issue.path[0]] : undefined
    const message = typeof issue.message === 'string' ? issue.message : 'is not valid'
    return field === undefined ? message : `${field}: ${message}`
  })
  return parts.length === 0 ? error.message : parts.join('; ')
}
