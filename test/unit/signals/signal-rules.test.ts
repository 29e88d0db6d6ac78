import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { RateLimiter } from '../../../electron/signals/rate-limiter'
import { ReplayGuard, signSignal, verifyProof } from '../../../electron/signals/signal-auth'
import { resolveSymbol, SignalBodySchema } from '../../../electron/signals/signal-body'
import { SIMULATED_MARKETS } from '../../../electron/venues/simulator/markets'

const SECRET = 'k'.repeat(40)
const NOW = Date.UTC(2026, 10, 21, 12)

describe('signal proofs', () => {
  it('sign the timestamp, a dot and the exact body, as any HMAC-SHA256 tool computes it', () => {
    const body = '{"symbol":"BTC/USDT","action":"long"}'
    const expected = createHmac('sha256', SECRET).update(`${NOW}.${body}`).digest('hex')
    expect(signSignal(SECRET, String(NOW), body)).toBe(expected)
    expect(verifyProof(SECRET, { kind: 'signature', timestamp: String(NOW), signature: expected.toUpperCase() }, Buffer.from(body), NOW + 59_000)).toEqual({ ok: true, replayKey: `sig:${expected}` })
    // One changed byte of the body, or of the time, breaks it.
    expect(verifyProof(SECRET, { kind: 'signature', timestamp: String(NOW), signature: expected }, Buffer.from(body.replace('long', 'lonG')), NOW)).toMatchObject({ ok: false })
    expect(verifyProof(SECRET, { kind: 'signature', timestamp: String(NOW + 1), signature: expected }, Buffer.from(body), NOW)).toMatchObject({ ok: false })
    expect(verifyProof(SECRET, { kind: 'signature', timestamp: '1e12', signature: expected }, Buffer.from(body), NOW)).toMatchObject({ ok: false, reason: /milliseconds since 1970/ })
    expect(verifyProof(SECRET, { kind: 'signature', timestamp: String(NOW), signature: expected }, Buffer.from(body), NOW + 61_000)).toMatchObject({ ok: false, reason: /^Stale: sent 61 s ago/ })
  })

  it('take a token with the alert’s ISO time, and key its replay by the body', () => {
    const body = Buffer.from('{}')
    expect(verifyProof(SECRET, { kind: 'token', token: SECRET, time: '2026-11-21T12:00:30Z' }, body, NOW)).toMatchObject({ ok: true, replayKey: /^body:[0-9a-f]{64}$/ })
    expect(verifyProof(SECRET, { kind: 'token', token: `${SECRET}x`, time: NOW }, body, NOW)).toMatchObject({ ok: false })
    expect(verifyProof(SECRET, { kind: 'token', token: SECRET, time: 'yesterday' }, body, NOW)).toMatchObject({ ok: false, reason: /\{\{timenow\}\}/ })
  })

  it('refuse a message seen within the window, and forget it after', () => {
    const guard = new ReplayGuard()
    expect(guard.firstTime('a', NOW)).toBe(true)
    expect(guard.firstTime('a', NOW + 119_000)).toBe(false)
    expect(guard.firstTime('b', NOW + 119_000)).toBe(true)
    expect(guard.firstTime('a', NOW + 121_000)).toBe(true)
  })
})

describe('the rate limiter', () => {
  it('allows a burst, then refills at its rate per key', () => {
    const limiter = new RateLimiter(3, 2)
    expect([1, 2, 3, 4].map(() => limiter.take('a', NOW).ok)).toEqual([true, true, true, false])
    expect(limiter.take('a', NOW)).toEqual({ ok: false, retryAfterMs: 500 })
    expect(limiter.take('b', NOW).ok).toBe(true)
    expect(limiter.take('a', NOW + 500).ok).toBe(true)
    expect(limiter.take('a', NOW + 500).ok).toBe(false)
  })
})

describe('signal bodies', () => {
  it('name markets by ccxt symbol or TradingView ticker', () => {
    const instruments = SIMULATED_MARKETS.map((m) => m.instrument)
    expect(resolveSymbol('BTC/USDT', instruments)?.symbol).toBe('BTC/USDT')
    expect(resolveSymbol('BINANCE:BTCUSDT', instruments)?.symbol).toBe('BTC/USDT')
    expect(resolveSymbol('btcusdt.p', instruments)?.symbol).toBe('BTC/USDT:USDT')
    expect(resolveSymbol('BTCUSD', instruments)).toBeUndefined()
  })

  it('read TradingView’s actions and quoted numbers, and refuse unknown fields', () => {
    expect(SignalBodySchema.parse({ action: 'Flat', confidence: '0.25', leverage_override: '3' })).toEqual({ action: 'close', confidence: 0.25, leverage_override: 3 })
    expect(SignalBodySchema.parse({ action: 'sell' }).action).toBe('short')
    expect(SignalBodySchema.safeParse({ action: 'long', confidence: '1.5' }).success).toBe(false)
    expect(SignalBodySchema.safeParse({ action: 'long', leverage_override: '2.5' }).success).toBe(false)
    expect(SignalBodySchema.safeParse({ action: 'long', size: 1 }).success).toBe(false)
  })
})
