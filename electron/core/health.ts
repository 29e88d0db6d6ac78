import type { Result } from '../../shared/contract'
import type { ComponentHealth, ComponentState, HealthReport } from '../../shared/domain/health'
import type { Clock } from '../engine/clock'
import type { Logger } from './log'

/** Problems kept per component, and in the recent-errors list. */
const RECENT = 20
const MINUTE_MS = 60_000

type Tracked = Exclude<ComponentHealth['id'], 'requests'>

/** What a probe says of a component now; the monitor adds what it counted. */
export type Probe = Omit<ComponentHealth, 'errors' | 'lastError'>

interface RequestCount {
  total: number
  failed: number
}

/**
 * Counts what goes wrong while the app runs: problems per component (reported by the parts
 * that see them), the core's logged warnings and errors, and every request through the
 * contract by method. Component states come from probes that read the parts at report time.
 */
export class HealthMonitor {
  private readonly problems = new Map<Tracked, { count: number; last?: { at: number; message: string } }>()
  private readonly recent: Array<{ at: number; message: string }> = []
  private readonly byMethod = new Map<string, RequestCount>()
  private readonly lastMinute: number[] = []
  private requestTotal = 0
  private requestFailed = 0
  private lastFailure: { at: number; message: string } | undefined

  constructor(
    private readonly clock: Clock,
    private readonly startedAt: number,
  ) {}

  /** A logger that also keeps the latest warnings and errors (messages only: nothing secret is ever logged). */
  watch(inner: Logger): Logger {
    const keep = (message: string) => {
      this.recent.unshift({ at: this.clock.now(), message })
      this.recent.length = Math.min(this.recent.length, RECENT)
    }
    return {
      info: (message) => inner.info(message),
      warn: (message) => {
        keep(message)
        inner.warn(message)
      },
      error: (message, error) => {
        keep(error instanceof Error ? `${message}: ${error.message}` : message)
        inner.error(message, error)
      },
    }
  }

  problem(component: Tracked, message: string): void {
    const entry = this.problems.get(component) ?? { count: 0 }
    entry.count += 1
    entry.last = { at: this.clock.now(), message }
    this.problems.set(component, entry)
  }

  /** Counts a request through the contract; only the internal failures are the app's problems. */
  request(method: string, result: Result<unknown>): void {
    const now = this.clock.now()
    const count = this.byMethod.get(method) ?? { total: 0, failed: 0 }
    count.total += 1
    this.requestTotal += 1
    if (!result.ok && result.error.code === 'INTERNAL') {
      count.failed += 1
      this.requestFailed += 1
      this.lastFailure = { at: now, message: `${method} failed inside the app` }
    }
    this.byMethod.set(method, count)
    this.lastMinute.push(now)
    while (this.lastMinute.length > 0 && (this.lastMinute[0] as number) <= now - MINUTE_MS) this.lastMinute.shift()
  }

  /** Requests by method since the start, for /metrics. */
  requestsByMethod(): ReadonlyMap<string, Readonly<RequestCount>> {
    return this.byMethod
  }

  report(probes: readonly Probe[]): HealthReport {
    const now = this.clock.now()
    while (this.lastMinute.length > 0 && (this.lastMinute[0] as number) <= now - MINUTE_MS) this.lastMinute.shift()
    const components: ComponentHealth[] = probes.map((probe) => {
      const seen = this.problems.get(probe.id as Tracked)
      return { ...probe, errors: seen?.count ?? 0, ...(seen?.last === undefined ? {} : { lastError: seen.last }) }
    })
    components.push({
      id: 'requests',
      label: 'Requests',
      state: this.requestFailed > 0 && this.lastFailure !== undefined && now - this.lastFailure.at < MINUTE_MS ? 'degraded' : 'ok',
      detail: `${this.requestTotal.toLocaleString('en-US')} answered, ${this.lastMinute.length} in the last minute`,
      errors: this.requestFailed,
      ...(this.lastFailure === undefined ? {} : { lastError: this.lastFailure }),
    })
    return {
      status: worst(components.map((c) => c.state)),
      startedAt: this.startedAt,
      uptimeMs: now - this.startedAt,
      components,
      requests: { total: this.requestTotal, failed: this.requestFailed, lastMinute: this.lastMinute.length },
      recentErrors: [...this.recent],
    }
  }
}

function worst(states: ComponentState[]): HealthReport['status'] {
  if (states.includes('down')) return 'down'
  if (states.includes('degraded')) return 'degraded'
  return 'ok'
}
