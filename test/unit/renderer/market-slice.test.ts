import { beforeEach, describe, expect, it } from 'vitest'
import type { MarketSummary, Tick } from '../../../shared/domain/market'
import { useAppStore } from '../../../renderer/src/store'

const summary = (symbol: string, last: number, ts: number): MarketSummary => ({
  instrument: {
    symbol,
    base: symbol.split('/')[0]!,
    quote: 'USDT',
    type: 'spot',
    tickSize: '0.01',
    amountStep: '0.001',
    minAmount: '0.001',
    minNotional: '5',
    maxLeverage: 1,
    makerFee: '0.001',
    takerFee: '0.001',
    sources: ['simulator'],
  },
  last,
  bid: last,
  ask: last + 0.01,
  open24h: 100,
  high24h: last,
  low24h: last,
  volume24h: 10,
  ts,
})
const tick = (symbol: string, last: number, ts: number): Tick => ({ symbol, ts, last, bid: last, ask: last + 0.01, volume: 2 })

describe('the market slice', () => {
  beforeEach(() => {
    useAppStore.setState({ summaries: {}, symbols: [], selectedSymbol: undefined, direction: {}, tickBatch: { seq: 0, ticks: [] } })
  })

  it('lists markets in the core order and selects the first', () => {
    useAppStore.getState().setSummaries([summary('ETH/USDT', 100, 1), summary('BTC/USDT', 100, 1)])
    expect(useAppStore.getState().symbols).toEqual(['ETH/USDT', 'BTC/USDT'])
    expect(useAppStore.getState().selectedSymbol).toBe('ETH/USDT')
  })

  it('applies a frame of ticks in one update, with direction and 24h extremes', () => {
    useAppStore.getState().setSummaries([summary('ETH/USDT', 100, 1)])
    useAppStore.getState().applyTicks([tick('ETH/USDT', 101, 2), tick('ETH/USDT', 99, 3), tick('XRP/USDT', 1, 3)])
    const state = useAppStore.getState()
    expect(state.summaries['ETH/USDT']).toMatchObject({ last: 99, high24h: 101, low24h: 99, volume24h: 14, ts: 3 })
    expect(state.direction['ETH/USDT']).toBe('down')
    expect(state.tickBatch.seq).toBe(1)
    expect(state.tickBatch.ticks).toHaveLength(3)
  })

  it('ignores a tick older than the price shown', () => {
    useAppStore.getState().setSummaries([summary('ETH/USDT', 100, 10)])
    useAppStore.getState().applyTicks([tick('ETH/USDT', 50, 5)])
    expect(useAppStore.getState().summaries['ETH/USDT']?.last).toBe(100)
  })

  it('keeps a newer live price when an older summary arrives', () => {
    useAppStore.getState().setSummaries([summary('ETH/USDT', 100, 1)])
    useAppStore.getState().applyTicks([tick('ETH/USDT', 120, 50)])
    useAppStore.getState().setSummaries([{ ...summary('ETH/USDT', 110, 40), open24h: 90 }])
    expect(useAppStore.getState().summaries['ETH/USDT']).toMatchObject({ last: 120, open24h: 90, ts: 50 })
  })
})
