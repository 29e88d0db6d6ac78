import { describe, expect, it } from 'vitest'
import { checkSummary, describeKey, keyId, permissionLabels } from '../../../renderer/src/features/settings/key-format'

const NOW = Date.UTC(2026, 10, 21, 12, 0)
const MIN = 60_000

describe('how a stored exchange key is shown', () => {
  it('by exchange, name and hint only, marking testnet keys', () => {
    const key = { venue: 'okx' as const, label: 'main', apiKeyHint: '8d2f…2e1f', testnet: true }
    expect(describeKey(key)).toBe('OKX · main · 8d2f…2e1f (testnet)')
    expect(describeKey({ ...key, venue: 'binance', testnet: false })).toBe('Binance · main · 8d2f…2e1f')
    expect(keyId(key)).toBe('okx:main')
  })

  it('with its last check: never, refused, works, or works with warnings', () => {
    expect(checkSummary(undefined, NOW)).toEqual({ tone: 'untested', text: 'Not checked yet' })
    const refused = { at: NOW - 5 * MIN, ok: false, message: 'OKX refused the passphrase.', warnings: [] }
    expect(checkSummary(refused, NOW)).toEqual({ tone: 'refused', text: 'Refused (checked 5 min ago): OKX refused the passphrase.' })
    const works = { at: NOW - 3 * 60 * MIN, ok: true, message: 'The key works: 2 assets with a balance.', warnings: [] }
    expect(checkSummary(works, NOW)).toEqual({ tone: 'ok', text: 'The key works: 2 assets with a balance (checked 3 h ago)' })
    expect(checkSummary({ ...works, at: NOW, warnings: ['This key can withdraw funds.'] }, NOW)).toEqual({
      tone: 'warning',
      text: 'The key works: 2 assets with a balance (checked just now)',
    })
  })

  it('with what it may do, leaving out what the exchange did not say', () => {
    expect(permissionLabels({ trade: true, withdraw: true, ipRestricted: true })).toEqual(['Can trade', 'Can withdraw', 'IP-restricted'])
    expect(permissionLabels({ trade: false, withdraw: false, ipRestricted: false })).toEqual(['Read-only', 'Any IP'])
    expect(permissionLabels({ trade: null, withdraw: null, ipRestricted: null })).toEqual([])
    expect(permissionLabels(undefined)).toEqual([])
  })
})
