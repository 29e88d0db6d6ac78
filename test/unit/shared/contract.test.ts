import { describe, expect, it } from 'vitest'
import { events, isEventName, isRequestName, requests } from '../../../shared/contract'

const history = requests['candles.history'].params

describe('the contract', () => {
  it('declares requests as domain.verb and events in the past tense', () => {
    for (const name of Object.keys(requests)) expect(name).toMatch(/^[a-z]+\.[a-zA-Z]+$/)
    for (const name of Object.keys(events)) expect(name).toMatch(/^[a-z]+\.[a-zA-Z]+ed$/)
  })

  it('recognises only declared names', () => {
    expect(isRequestName('markets.list')).toBe(true)
    expect(isRequestName('toString')).toBe(false)
    expect(isRequestName('__proto__')).toBe(false)
    expect(isRequestName(42)).toBe(false)
    expect(isEventName('market.ticked')).toBe(true)
    expect(isEventName('constructor')).toBe(false)
  })

  it('accepts a well-formed history request', () => {
    expect(history.safeParse({ symbol: 'BTC/USDT:USDT', timeframe: '1h', limit: 500 }).success).toBe(true)
  })

  it.each([
    ['an unknown symbol shape', { symbol: 'btc-usdt', timeframe: '1m' }],
    ['an unknown timeframe', { symbol: 'BTC/USDT', timeframe: '2m' }],
    ['NaN', { symbol: 'BTC/USDT', timeframe: '1m', limit: Number.NaN }],
    ['Infinity', { symbol: 'BTC/USDT', timeframe: '1m', limit: Number.POSITIVE_INFINITY }],
    ['a negative limit', { symbol: 'BTC/USDT', timeframe: '1m', limit: -1 }],
    ['zero', { symbol: 'BTC/USDT', timeframe: '1m', limit: 0 }],
    ['a fractional limit', { symbol: 'BTC/USDT', timeframe: '1m', limit: 1.5 }],
    ['an oversized limit', { symbol: 'BTC/USDT', timeframe: '1m', limit: 10_000_000 }],
    ['a numeric string', { symbol: 'BTC/USDT', timeframe: '1m', limit: '10' }],
    ['an extra field', { symbol: 'BTC/USDT', timeframe: '1m', admin: true }],
    ['a huge symbol', { symbol: `${'A'.repeat(5000)}/USDT`, timeframe: '1m' }],
  ])('refuses %s', (_label, params) => {
    expect(history.safeParse(params).success).toBe(false)
  })

  it('explains a bad symbol in trader language', () => {
    const result = history.safeParse({ symbol: 'bitcoin', timeframe: '1m' })
    expect(result.success).toBe(false)
    expect(result.error?.issues[0]?.message).toBe('Symbol must look like BTC/USDT or BTC/USDT:USDT')
  })
})

describe('engine.setFillModel', () => {
  const fillModel = requests['engine.setFillModel'].params

  it('accepts a partial change', () => {
    expect(fillModel.safeParse({ queue: 'touch' }).success).toBe(true)
    expect(fillModel.safeParse({ slippage: { levelStep: '0.0002', depthPerLevel: '100000' } }).success).toBe(true)
  })

  it.each([
    ['an unknown queue rule', { queue: 'front' }],
    ['a spread of 100 % or more', { syntheticSpread: '1.5' }],
    ['a negative spread', { syntheticSpread: '-0.001' }],
    ['a zero spread', { syntheticSpread: '0.0' }],
    ['a number instead of a decimal string', { syntheticSpread: 0.001 }],
    ['half a slippage setting', { slippage: { levelStep: '0.001' } }],
    ['a zero depth', { slippage: { levelStep: '0.001', depthPerLevel: '0' } }],
    ['an extra field', { queue: 'touch', admin: true }],
  ])('refuses %s', (_label, params) => {
    expect(fillModel.safeParse(params).success).toBe(false)
  })
})
