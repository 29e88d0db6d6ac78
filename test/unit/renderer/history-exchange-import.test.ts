import { describe, expect, it } from 'vitest'
import { SymbolSchema } from '../../../shared/contract/schemas'
import { requestErrorText } from '../../../renderer/src/api/request-error'
import { defaultAccountName, defaultSince, MAX_MARKETS, parseMarkets, parseSince } from '../../../renderer/src/features/history/ExchangeImport'

const NOW = Date.UTC(2025, 5, 15, 13, 45) // 2025-06-15 13:45 UTC

describe('exchange import helpers', () => {
  it('names the account after the key', () => {
    expect(defaultAccountName({ venue: 'binance', label: 'main' })).toBe('Binance main')
  })

  it('trims, upper-cases and de-duplicates markets', () => {
    expect(parseMarkets(' btc/usdt, ETH/USDT ,, btc/usdt, sol/usdt:usdt ')).toEqual({ ok: true, value: ['BTC/USDT', 'ETH/USDT', 'SOL/USDT:USDT'] })
  })

  it('names every market that is not BASE/QUOTE', () => {
    const one = parseMarkets('BTC/USDT, BTCUSDT')
    expect(one.ok).toBe(false)
    if (!one.ok) expect(one.error).toMatch(/^"BTCUSDT" is not a market like BTC\/USDT/)
    const two = parseMarkets('BTC-USDT, ETH/USDT, SOL/')
    if (two.ok) throw new Error('expected a refusal')
    expect(two.error).toMatch(/^"BTC-USDT", "SOL\/" are not markets/)
    expect(parseMarkets(' , ')).toEqual({ ok: false, error: 'Enter at least one market, e.g. BTC/USDT' })
  })

  it('refuses more markets than the contract takes', () => {
    const many = Array.from({ length: MAX_MARKETS + 1 }, (_, i) => `C${i}/USDT`).join(',')
    expect(parseMarkets(many).ok).toBe(false)
  })

  it('accepts and refuses what the contract’s SymbolSchema does', () => {
    for (const symbol of ['BTC/USDT', 'BTC/USDT:USDT', '1000PEPE/USDT', 'BTCUSDT', 'BTC/USDT/X', 'BTC/USDT:', 'A'.repeat(16) + '/USDT']) {
      expect(parseMarkets(symbol).ok, symbol).toBe(SymbolSchema.safeParse(symbol).success)
    }
  })

  it('starts 90 days back and reads a day as UTC midnight', () => {
    expect(defaultSince(NOW)).toBe('2025-03-17')
    expect(parseSince('2025-03-17', NOW)).toEqual({ ok: true, value: Date.UTC(2025, 2, 17) })
    expect(parseSince('2025-06-16', NOW).ok).toBe(false)
    expect(parseSince('2008-12-31', NOW).ok).toBe(false)
    expect(parseSince('2025-02-30', NOW).ok).toBe(false)
    expect(parseSince('', NOW).ok).toBe(false)
  })

  it('words refused parameters with the form’s field names', () => {
    expect(
      requestErrorText({
        code: 'INVALID_PARAMS',
        message: 'secret: That is too short to be an API key or secret',
        details: { issues: [{ path: ['secret'], message: 'That is too short to be an API key or secret' }, { path: ['label'], message: 'Name the key, e.g. "main"' }] },
      }, { secret: 'API secret', label: 'Key name' }),
    ).toBe('API secret: That is too short to be an API key or secret; Key name: Name the key, e.g. "main"')
    expect(requestErrorText({ code: 'UNAVAILABLE', message: 'The keychain is locked' })).toBe('The keychain is locked')
  })
})
