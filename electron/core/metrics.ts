import type { HealthReport } from '../../shared/domain/health'

const STATE_VALUE = { ok: 1, off: 1, degraded: 0.5, down: 0 } as const

/** The health report and request counts in Prometheus' text format (for /metrics). */
export function renderMetrics(report: HealthReport, requests: ReadonlyMap<string, { total: number; failed: number }>): string {
  const lines: string[] = []
  const metric = (name: string, help: string, type: 'gauge' | 'counter', samples: Array<[labels: string, value: number]>) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`)
    for (const [labels, value] of samples) lines.push(`${name}${labels} ${value}`)
  }
  metric('tradedesk_up', 'Whether the app is up (1) and its worst component state: 1 ok, 0.5 degraded, 0 down.', 'gauge', [['', STATE_VALUE[report.status]]])
  metric('tradedesk_uptime_seconds', 'Seconds since the app started.', 'gauge', [['', Math.floor(report.uptimeMs / 1000)]])
  metric('tradedesk_component_state', 'Each component: 1 ok or off, 0.5 degraded, 0 down.', 'gauge', report.components.map((c) => [`{component="${c.id}"}`, STATE_VALUE[c.state]]))
  metric('tradedesk_component_errors_total', 'Problems each component had since the start.', 'counter', report.components.map((c) => [`{component="${c.id}"}`, c.errors]))
  const methods = [...requests.entries()].sort(([a], [b]) => a.localeCompare(b))
  metric('tradedesk_requests_total', 'Requests answered through the contract, by method.', 'counter', methods.map(([method, count]) => [`{method="${method}"}`, count.total]))
  metric('tradedesk_request_failures_total', 'Requests that failed inside the app, by method.', 'counter', methods.map(([method, count]) => [`{method="${method}"}`, count.failed]))
  return `${lines.join('\n')}\n`
}
