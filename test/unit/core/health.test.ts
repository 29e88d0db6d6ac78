import { describe, expect, it } from 'vitest'
import { HealthMonitor } from '../../../electron/core/health'
import { botsProbe, countProblems, feedProbe, signalsProbe, venuesProbe } from '../../../electron/core/health-probes'
import { silentLogger } from '../../../electron/core/log'
import { renderMetrics } from '../../../electron/core/metrics'
import { EventBus } from '../../../electron/engine/bus'
import { ManualClock } from '../../../electron/engine/clock'
import type { Bot } from '../../../shared/domain/bots'
import { scalperBot } from '../../support/domain-fixtures'
import { publicHealth } from '../../../shared/domain/health'

const bot = scalperBot

describe('the health monitor', () => {
  it('reports the worst component, the problems the parts announced, and the latest logged errors', () => {
    const clock = new ManualClock(1_000)
    const monitor = new HealthMonitor(clock, clock.now())
    const bus = new EventBus(silentLogger)
    countProblems(bus, monitor)
    const log = monitor.watch(silentLogger)
    const feed = { sourceId: 'sim', sourceName: 'Simulator', state: 'live' as const, since: 0 }
    const probes = (bots: Bot[]) => [feedProbe(feed), botsProbe(bots), signalsProbe({ enabled: false, port: 17380, allowRemote: false, listening: false, rateLimited: 0 })]

    expect(monitor.report(probes([bot('running')]))).toMatchObject({ status: 'ok', uptimeMs: 0, recentErrors: [] })

    clock.advance(5_000)
    bus.publish('feed.statusChanged', { ...feed, state: 'stale', detail: 'no tick for 30 s' })
    bus.publish('bot.updated', bot('faulted', 'The strategy threw: boom'))
    log.warn('venue binance answered 503')
    const report = monitor.report(probes([bot('faulted', 'The strategy threw: boom')]))
    expect(report.status).toBe('degraded')
    expect(report.uptimeMs).toBe(5_000)
    expect(report.components.find((c) => c.id === 'feed')).toMatchObject({ state: 'ok', errors: 1, lastError: { at: 6_000, message: 'Simulator stale: no tick for 30 s' } })
    expect(report.components.find((c) => c.id === 'bots')).toMatchObject({ state: 'degraded', detail: '0 running, 0 paused, 0 stopped, 1 faulted', errors: 1 })
    expect(report.components.find((c) => c.id === 'signals')).toMatchObject({ state: 'off' })
    expect(report.recentErrors).toEqual([{ at: 6_000, message: 'venue binance answered 503' }])
    expect(publicHealth(report)).toEqual({ status: 'degraded', uptimeSeconds: 5, components: { feed: 'ok', bots: 'degraded', signals: 'off', requests: 'ok' } })
  })

  it('counts requests by method; only the app’s own failures degrade it, for a minute', () => {
    const clock = new ManualClock(0)
    const monitor = new HealthMonitor(clock, 0)
    monitor.request('orders.place', { ok: false, error: { code: 'INVALID_PARAMS', message: 'amount: too small' } })
    monitor.request('orders.place', { ok: true, value: {} })
    expect(monitor.report([]).components[0]).toMatchObject({ id: 'requests', state: 'ok', errors: 0, detail: '2 answered, 2 in the last minute' })
    monitor.request('history.trades', { ok: false, error: { code: 'INTERNAL', message: 'x' } })
    expect(monitor.report([]).status).toBe('degraded')
    clock.advance(61_000)
    const later = monitor.report([])
    expect(later).toMatchObject({ status: 'ok', requests: { total: 3, failed: 1, lastMinute: 0 } })
    expect(renderMetrics(later, monitor.requestsByMethod())).toContain('tradedesk_request_failures_total{method="history.trades"} 1\n')
  })

  it('shows exchanges by their keys’ last checks', () => {
    const key = (ok: boolean) => ({ venue: 'binance' as const, label: 'main', apiKeyHint: 'ab…cd', testnet: false, hasPassphrase: false, check: { at: 0, ok, message: ok ? 'The key works' : 'Binance refused the API key', warnings: [] } })
    expect(venuesProbe([])).toMatchObject({ state: 'off', detail: 'No exchange key stored' })
    expect(venuesProbe([key(true)])).toMatchObject({ state: 'ok', detail: 'Keys working at their last check: binance · main' })
    expect(venuesProbe([key(false)])).toMatchObject({ state: 'degraded', detail: 'Last check refused: binance · main (Binance refused the API key)' })
  })
})
