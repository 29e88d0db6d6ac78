import { describe, expect, it } from 'vitest'
import { visibleMarkets } from '../../../renderer/src/features/market-watch/MarketWatch'

const SYMBOLS = ['BTC/USDT', 'ETH/USDT', 'BTC/USDT:USDT', 'ETH/USDT:USDT']

describe('the market watch list', () => {
  it('filters by symbol in any case and keeps the core order', () => {
    expect(visibleMarkets(SYMBOLS, [], ' btc ', false)).toEqual(['BTC/USDT', 'BTC/USDT:USDT'])
    expect(visibleMarkets(SYMBOLS, [], ':usdt', false)).toEqual(['BTC/USDT:USDT', 'ETH/USDT:USDT'])
  })

  it('shows only favourites when asked, still searchable', () => {
    expect(visibleMarkets(SYMBOLS, ['ETH/USDT:USDT', 'BTC/USDT'], '', true)).toEqual(['BTC/USDT', 'ETH/USDT:USDT'])
    expect(visibleMarkets(SYMBOLS, ['ETH/USDT:USDT', 'BTC/USDT'], 'eth', true)).toEqual(['ETH/USDT:USDT'])
    expect(visibleMarkets(SYMBOLS, [], '', true)).toEqual([])
  })
})
