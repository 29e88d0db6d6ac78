import { EXCHANGE_VENUE_NAMES, type ExchangeKeyInfo, type KeyCheck, type KeyPermissions } from '../../../../shared/domain/exchanges'

/** How a stored key is identified in lists and selects: labels never hold ':'. */
export const keyId = (key: Pick<ExchangeKeyInfo, 'venue' | 'label'>): string => `${key.venue}:${key.label}`

export const venueName = (venue: ExchangeKeyInfo['venue']): string => EXCHANGE_VENUE_NAMES[venue]

/** "Binance · main · vmPU…A4Xs (testnet)": the venue, the key's name and only the hint of its public part. */
export const describeKey = (key: Pick<ExchangeKeyInfo, 'venue' | 'label' | 'apiKeyHint' | 'testnet'>): string =>
  `${venueName(key.venue)} · ${key.label} · ${key.apiKeyHint}${key.testnet ? ' (testnet)' : ''}`

export type CheckTone = 'ok' | 'warning' | 'refused' | 'untested'

/** A key's last check as one line and a tone: refused, works with warnings, works, or never checked. */
export function checkSummary(check: KeyCheck | undefined, now: number): { tone: CheckTone; text: string } {
  if (check === undefined) return { tone: 'untested', text: 'Not checked yet' }
  const when = `checked ${ago(now - check.at)}`
  if (!check.ok) return { tone: 'refused', text: `Refused (${when}): ${check.message}` }
  return { tone: check.warnings.length > 0 ? 'warning' : 'ok', text: `${check.message.replace(/\.$/, '')} (${when})` }
}

/** What the key may do, as short labels; nothing where the exchange did not say. */
export function permissionLabels(permissions: KeyPermissions | undefined): string[] {
  if (permissions === undefined) return []
  const labels: string[] = []
  if (permissions.trade !== null) labels.push(permissions.trade ? 'Can trade' : 'Read-only')
  if (permissions.withdraw === true) labels.push('Can withdraw')
  if (permissions.ipRestricted !== null) labels.push(permissions.ipRestricted ? 'IP-restricted' : 'Any IP')
  return labels
}

function ago(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000)
  if (minutes < 1) return 'just now'
  if (minutes < 60) return `${minutes} min ago`
  const hours = Math.floor(minutes / 60)
  if (hours < 48) return `${hours} h ago`
  return `${Math.floor(hours / 24)} days ago`
}
