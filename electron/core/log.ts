/** The core's logger. Hosts decide where lines go; nothing secret is ever passed in. */
export interface Logger {
  info(message: string): void
  warn(message: string): void
  error(message: string, error?: unknown): void
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error)
}

export function consoleLogger(prefix: string): Logger {
  return {
    info: (message) => console.log(`[${prefix}] ${message}`),
    warn: (message) => console.warn(`[${prefix}] ${message}`),
    error: (message, error) =>
      console.error(`[${prefix}] ${message}${error === undefined ? '' : `: ${describe(error)}`}`),
  }
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} }
