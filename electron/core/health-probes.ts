import type { LiveAccountInfo } from '../../shared/domain/live'
import { statSync } from 'node:fs'
import type { AiDecision, AiEndpoint } from '../../shared/domain/ai'
import type { Bot } from '../../shared/domain/bots'
import type { ExchangeKeyInfo } from '../../shared/domain/exchanges'
import type { AppInfo } from '../../shared/domain/app'
import type { FeedStatus } from '../../shared/domain/market'
import type { SignalIntakeStatus, SignalRecord } from '../../shared/domain/signals'
import type { EventBus } from '../engine/bus'
import type { Db } from '../ledger/db'
import type { HealthMonitor, Probe } from './health'

/** What each part of the app looks like from outside, now. */

const FEED_STATES: Record<FeedStatus['state'], Probe['state']> = { live: 'ok', ended: 'ok', connecting: 'degraded', stale: 'degraded', down: 'down' }

export function feedProbe(feed: FeedStatus): Probe {
  return { id: 'feed', label: 'Market data', state: FEED_STATES[feed.state], detail: `${feed.sourceName}: ${feed.state}${feed.detail === undefined ? '' : ` (${feed.detail})`}` }
}

/** Exchange connections, by their keys' last checks (live trading will add its own). */
export function venuesProbe(keys: readonly ExchangeKeyInfo[]): Probe {
  const base = { id: 'venues' as const, label: 'Exchanges' }
  if (keys.length === 0) return { ...base, state: 'off', detail: 'No exchange key stored' }
  const refused = keys.filter((k) => k.check !== undefined && !k.check.ok)
  const names = (list: readonly ExchangeKeyInfo[]) => list.map((k) => `${k.venue} · ${k.label}`).join(', ')
  if (refused.length > 0) return { ...base, state: 'degraded', detail: `Last check refused: ${names(refused)} (${refused[0]?.check?.message ?? ''})` }
  return { ...base, state: 'ok', detail: `Keys working at their last check: ${names(keys)}` }
}

/** Live accounts and their exchanges' APIs: paused venues and failed reconciliations are problems. */
export function liveProbe(accounts: readonly LiveAccountInfo[] | undefined): Probe {
  const base = { id: 'live' as const, label: 'Live trading' }
  if (accounts === undefined) return { ...base, state: 'off', detail: "Not available: the app runs without an exchange's prices" }
  if (accounts.length === 0) return { ...base, state: 'off', detail: 'No live account' }
  const paused = accounts.find((a) => a.venueHealth.state !== 'ok')
  if (paused !== undefined) return { ...base, state: 'degraded', detail: paused.venueHealth.reason ?? `${paused.venueHealth.name} is paused` }
  const failed = accounts.find((a) => a.lastSync?.ok === false)
  if (failed !== undefined) return { ...base, state: 'degraded', detail: `Account ${failed.accountId} is out of step with its exchange: ${failed.lastSync?.message ?? ''}` }
  const describe = (a: LiveAccountInfo) =>
    `${a.venueHealth.name} #${a.accountId} ${a.dryRun ? 'dry run' : a.armed ? 'armed' : 'disarmed'}${a.venueHealth.averageLatencyMs === undefined ? '' : `, ${a.venueHealth.averageLatencyMs} ms`}`
  return { ...base, state: 'ok', detail: accounts.map(describe).join('; ') }
}

export function ledgerProbe(db: Db, file: string): Probe {
  try {
    db.prepare('SELECT 1').get()
    const size = (path: string) => {
      try {
        return statSync(path).size
      } catch {
        return 0
      }
    }
    const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`
    return { id: 'ledger', label: 'Ledger', state: 'ok', detail: `${mb(size(file))}, write-ahead log ${mb(size(`${file}-wal`))}` }
  } catch (error) {
    return { id: 'ledger', label: 'Ledger', state: 'down', detail: `Cannot be read: ${error instanceof Error ? error.message : String(error)}` }
  }
}

export function keychainProbe(keychain: AppInfo['keychain']): Probe {
  return { id: 'keychain', label: 'OS keychain', state: keychain.available ? 'ok' : 'degraded', detail: keychain.detail }
}

export function botsProbe(bots: readonly Bot[]): Probe {
  const count = (status: Bot['status']) => bots.filter((b) => b.status === status).length
  const faulted = count('faulted')
  return {
    id: 'bots',
    label: 'Bots',
    state: faulted > 0 ? 'degraded' : 'ok',
    detail: `${count('running')} running, ${count('paused')} paused, ${count('stopped')} stopped${faulted > 0 ? `, ${faulted} faulted` : ''}`,
  }
}

export function signalsProbe(status: SignalIntakeStatus): Probe {
  const base = { id: 'signals' as const, label: 'Signal endpoint' }
  if (!status.enabled) return { ...base, state: 'off', detail: 'Off' }
  if (!status.listening) return { ...base, state: 'down', detail: status.error ?? 'Not listening' }
  return { ...base, state: 'ok', detail: `Listening on port ${status.port}${status.allowRemote ? ' (every interface)' : ''}; ${status.rateLimited} requests turned away for coming too fast` }
}

export function aiProbe(endpoints: readonly AiEndpoint[]): Probe {
  const base = { id: 'ai' as const, label: 'AI models' }
  if (endpoints.length === 0) return { ...base, state: 'off', detail: 'None set up' }
  return { ...base, state: 'ok', detail: endpoints.map((e) => `${e.name} (${e.model})`).join(', ') }
}

/** Counts the problems the parts announce on the bus. */
export function countProblems(bus: EventBus, monitor: HealthMonitor): void {
  bus.subscribe((name, payload) => {
    if (name === 'feed.statusChanged') {
      const feed = payload as FeedStatus
      if (feed.state === 'stale' || feed.state === 'down') monitor.problem('feed', `${feed.sourceName} ${feed.state}${feed.detail === undefined ? '' : `: ${feed.detail}`}`)
    } else if (name === 'bot.updated') {
      const bot = payload as Bot
      if (bot.status === 'faulted') monitor.problem('bots', `${bot.name}: ${bot.reason ?? 'faulted'}`)
    } else if (name === 'signal.received') {
      const signal = payload as SignalRecord
      if (signal.httpStatus >= 500) monitor.problem('signals', signal.reason ?? `answered ${signal.httpStatus}`)
    } else if (name === 'ai.decided') {
      for (const vote of (payload as AiDecision).votes) if (vote.status !== 'answered') monitor.problem('ai', `${vote.endpoint}: ${vote.error ?? vote.status}`)
    } else if (name === 'signals.statusChanged') {
      const status = payload as SignalIntakeStatus
      if (status.error !== undefined) monitor.problem('signals', status.error)
    }
  })
}
