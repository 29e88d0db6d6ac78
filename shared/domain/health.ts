/** How the app's parts are doing, for the health page and the host's /health and /metrics. */

/** ok: working; degraded: working with a problem; down: not working; off: turned off by the trader. */
export type ComponentState = 'ok' | 'degraded' | 'down' | 'off'

export interface ComponentHealth {
  id: 'feed' | 'venues' | 'live' | 'ledger' | 'keychain' | 'bots' | 'signals' | 'ai' | 'requests'
  label: string
  state: ComponentState
  /** One sentence about it now. */
  detail: string
  /** Problems seen since the app started. */
  errors: number
  lastError?: { at: number; message: string }
}

export interface HealthReport {
  /** The worst of the components' states (off counts as ok). */
  status: 'ok' | 'degraded' | 'down'
  startedAt: number
  uptimeMs: number
  components: ComponentHealth[]
  requests: { total: number; failed: number; lastMinute: number }
  /** The latest warnings and errors the core logged, newest first. */
  recentErrors: Array<{ at: number; message: string }>
}

/** What anyone may read at /health: states only, no details. */
export interface PublicHealth {
  status: HealthReport['status']
  uptimeSeconds: number
  components: Record<string, ComponentState>
}

export function publicHealth(report: HealthReport): PublicHealth {
  return {
    status: report.status,
    uptimeSeconds: Math.floor(report.uptimeMs / 1000),
    components: Object.fromEntries(report.components.map((c) => [c.id, c.state])),
  }
}
