import { useEffect, useState } from 'react'
import type { ComponentHealth } from '../../../../shared/domain/health'
import { useRequest } from '../../api/use-request'
import { formatUtcMinute } from '../history/history-format'
import './health.css'

/** The page is read again this often while shown. */
const REFRESH_MS = 2_000

const STATE_LABELS: Record<ComponentHealth['state'], string> = { ok: 'OK', degraded: 'Degraded', down: 'Down', off: 'Off' }

/** How long, in words: "3 h 12 min". */
function duration(ms: number): string {
  const minutes = Math.floor(ms / 60_000)
  const days = Math.floor(minutes / 1440)
  const hours = Math.floor((minutes % 1440) / 60)
  if (days > 0) return `${days} d ${hours} h`
  if (hours > 0) return `${hours} h ${minutes % 60} min`
  return minutes > 0 ? `${minutes} min` : `${Math.floor(ms / 1000)} s`
}

/** Each part of the app: its state, what it is doing, what went wrong since the start. */
export function HealthScreen() {
  const [tick, setTick] = useState(0)
  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), REFRESH_MS)
    return () => clearInterval(timer)
  }, [])
  const health = useRequest('health.get', {}, tick)
  const report = health.value
  return (
    <div className="hl-screen">
      <section className="hl-section" aria-label="Health">
        {health.error !== undefined && (
          <p className="st-error" role="alert">
            {health.error}
          </p>
        )}
        {report === undefined ? (
          <p className="muted">Reading the app’s health…</p>
        ) : (
          <>
            <p className={`hl-summary hl-summary-${report.status}`} data-testid="health-status" data-status={report.status}>
              {report.status === 'ok' ? 'Everything works.' : report.status === 'degraded' ? 'Working, with problems below.' : 'Something is down: see below.'} Up{' '}
              {duration(report.uptimeMs)}; {report.requests.total.toLocaleString('en-US')} requests answered ({report.requests.lastMinute} in the last minute).
            </p>
            <table className="hl-table" aria-label="Components">
              <thead>
                <tr>
                  <th scope="col">Part</th>
                  <th scope="col">State</th>
                  <th scope="col">Now</th>
                  <th scope="col">Problems</th>
                  <th scope="col">Last problem</th>
                </tr>
              </thead>
              <tbody>
                {report.components.map((c) => (
                  <tr key={c.id} data-component={c.id} data-state={c.state}>
                    <th scope="row">{c.label}</th>
                    <td>
                      <span className={`hl-dot hl-dot-${c.state}`} aria-hidden="true" /> {STATE_LABELS[c.state]}
                    </td>
                    <td>{c.detail}</td>
                    <td className="num">{c.errors}</td>
                    <td>{c.lastError === undefined ? '—' : `${formatUtcMinute(c.lastError.at)} UTC: ${c.lastError.message}`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <h2 className="st-section-title hl-subtitle">Latest warnings and errors</h2>
            {report.recentErrors.length === 0 ? (
              <p className="muted">None since the app started.</p>
            ) : (
              <ul className="hl-errors" data-testid="health-errors">
                {report.recentErrors.map((e, i) => (
                  <li key={`${e.at}-${i}`}>
                    <time>{formatUtcMinute(e.at)} UTC</time> {e.message}
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </section>
    </div>
  )
}
