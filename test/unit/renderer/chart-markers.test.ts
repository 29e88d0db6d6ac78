import { describe, expect, it } from 'vitest'
import type { Fill } from '../../../shared/domain/trading'
import { fillMarkers } from '../../../renderer/src/features/chart/chart-markers'

const fill = (id: number, ts: number, side: Fill['side'], symbol = 'BTC/USDT:USDT'): Fill => ({
  id,
  accountId: 1,
  orderId: id,
  tradeId: `t${id}`,
  symbol,
  side,
  price: '60000.5',
  amount: '0.01',
  fee: '0.3',
  feeAsset: 'USDT',
  liquidity: 'taker',
  realizedPnl: '0',
  ts,
})

describe('fill markers', () => {
  it('puts each fill of the symbol on its candle, oldest first', () => {
    const hour = 3_600_000
    // Fills arrive newest first, as the store keeps them.
    const fills = [fill(3, 10 * hour + 59_999, 'sell'), fill(2, 10 * hour + 61_000, 'buy', 'ETH/USDT:USDT'), fill(1, 10 * hour + 1_000, 'buy')]
    const oneMinute = fillMarkers(fills, 'BTC/USDT:USDT', '1m', { tickSize: '0.1', amountStep: '0.001' })
    expect(oneMinute.map((m) => [m.id, m.time, m.side, m.price])).toEqual([
      ['fill-1', 36_000, 'buy', 60000.5],
      ['fill-3', 36_000, 'sell', 60000.5],
    ])
    expect(oneMinute[0]?.label).toMatch(/^Bought 0\.010 @ 60,000\.5$/)
    const daily = fillMarkers(fills, 'BTC/USDT:USDT', '1d', { tickSize: '0.1', amountStep: '0.001' })
    expect(daily.map((m) => m.time)).toEqual([0, 0])
  })
})
