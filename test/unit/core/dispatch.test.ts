import { describe, expect, it, vi } from 'vitest'
import { AppError } from '../../../shared/contract'
import { createDispatcher, type Handlers } from '../../../electron/core/dispatch'
import type { Logger } from '../../../electron/core/log'

function setup(overrides: Partial<Handlers> = {}) {
  const handlers = {
    'app.info': vi.fn(),
    'markets.list': vi.fn(() => []),
    'candles.history': vi.fn(() => []),
    ...overrides,
  } as unknown as Handlers
  const log: Logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() }
  return { handlers, log, dispatch: createDispatcher(handlers, log) }
}

describe('the dispatch boundary', () => {
  it('serves a declared request with parsed params', async () => {
    const { dispatch, handlers } = setup()
    const result = await dispatch('candles.history', { symbol: 'BTC/USDT', timeframe: '5m', limit: 10 })
    expect(result).toEqual({ ok: true, value: [] })
    expect(handlers['candles.history']).toHaveBeenCalledWith({ symbol: 'BTC/USDT', timeframe: '5m', limit: 10 })
  })

  it('refuses an undeclared method before any core code runs', async () => {
    const { dispatch, handlers } = setup()
    for (const method of ['orders.drop', 'constructor', '__proto__', 'toString', 7, null, undefined]) {
      const result = await dispatch(method, {})
      expect(result.ok).toBe(false)
      expect(!result.ok && result.error.code).toBe('UNKNOWN_METHOD')
    }
    for (const handler of Object.values(handlers)) expect(handler).not.toHaveBeenCalled()
  })

  it('refuses malformed params with INVALID_PARAMS and a readable message, without calling the handler', async () => {
    const { dispatch, handlers } = setup()
    const result = await dispatch('candles.history', { symbol: 'BTC/USDT', timeframe: '1m', limit: Number.NaN })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.code).toBe('INVALID_PARAMS')
    expect(result.error.message).toMatch(/^limit: /)
    expect(handlers['candles.history']).not.toHaveBeenCalled()
    for (const bad of ['text', 42, [], null]) {
      const r = await dispatch('markets.list', bad)
      expect(!r.ok && r.error.code).toBe('INVALID_PARAMS')
    }
    expect(handlers['markets.list']).not.toHaveBeenCalled()
  })

  it('passes a domain error through with its code', async () => {
    const { dispatch } = setup({
      'markets.list': () => {
        throw new AppError('NOT_FOUND', 'No such market.')
      },
    })
    expect(await dispatch('markets.list', {})).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'No such market.' },
    })
  })

  it('turns an unexpected failure into INTERNAL without leaking its internals', async () => {
    const { dispatch, log } = setup({
      'markets.list': () => {
        throw new Error('SELECT * FROM secrets WHERE key = "sk-live-123"')
      },
    })
    const result = await dispatch('markets.list', {})
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.code).toBe('INTERNAL')
    expect(JSON.stringify(result)).not.toContain('sk-live')
    expect(log.error).toHaveBeenCalledOnce()
  })
})
