import { describe, expect, it } from 'vitest'
import { AlertWatch, type AccountReader } from '../../../electron/alerts/alert-watch'
import type { Alert, AlertCondition } from '../../../shared/domain/alerts'
import type { Tick } from '../../../shared/domain/market'

const alert = (id: number, condition: AlertCondition, repeat: Alert['repeat'] = 'rearm'): Alert => ({ id, condition, telegram: false, webhook: false, repeat, status: 'active', createdAt: 0 })
const tick = (last: number, ts: number, symbol = 'BTC/USDT'): Tick => ({ symbol, ts, last, bid: last, ask: last, volume: 1 })

function watching(...alerts: Alert[]) {
  const fired: Array<[number, string]> = []
  const watch = new AlertWatch((a, message) => fired.push([a.id, message]))
  watch.watch(alerts)
  return { watch, fired }
}

describe('alert conditions', () => {
  it('fire on a crossing, not on a price already past the level, and again (rearm) on the next crossing', () => {
    const { watch, fired } = watching(alert(1, { kind: 'price_above', symbol: 'BTC/USDT', price: '100' }))
    watch.onTicks([tick(101, 0), tick(102, 1)]) // already above: no crossing
    expect(fired).toEqual([])
    watch.onTicks([tick(99, 2), tick(100, 3), tick(101, 4)])
    expect(fired).toEqual([[1, 'BTC/USDT crossed above 100: last 100']])
    watch.onTicks([tick(98, 5), tick(103, 6), tick(104, 7, 'ETH/USDT')])
    expect(fired.map(([, m]) => m)).toEqual(['BTC/USDT crossed above 100: last 100', 'BTC/USDT crossed above 100: last 103'])
  })

  it('measure a percent move against the window’s low and high, once per second, and fire once while it lasts', () => {
    const { watch, fired } = watching(alert(2, { kind: 'percent_move', symbol: 'BTC/USDT', percent: '2', minutes: 1 }))
    watch.onTicks([tick(100, 0), tick(101, 1_000), tick(101.9, 1_500), tick(102, 2_000)])
    expect(fired).toEqual([[2, 'BTC/USDT rose 2.00 % within 1 min: 100 → 102']])
    watch.onTicks([tick(102.5, 3_000), tick(103, 4_000)])
    expect(fired.length).toBe(1)
    // 100 leaves the window after a minute, so the rise clears; then a 2 % fall from 103 fires again.
    watch.onTicks([tick(102, 62_500), tick(100.9, 63_500), tick(100.5, 64_500)])
    expect(fired[1]).toEqual([2, 'BTC/USDT fell 2.04 % within 1 min: 103 → 100.9'])
  })

  it('read accounts: drawdown from the highest equity, margin usage, and the nearest liquidation', () => {
    const reader: AccountReader = {
      balance: () => ({ accountId: 1, asset: 'USDT', wallet: '7000', marginUsed: '1000', unrealizedPnl: '-500', equity: '7500', available: '6000', holdings: [] }),
      history: () => [{ ts: 0, wallet: '10000', marginUsed: '0', unrealizedPnl: '0', holdings: '0', equity: '10000' }],
      positions: () => [{ symbol: 'BTC/USDT:USDT', side: 'long', markPrice: '100', liquidationPrice: '96' } as never],
    }
    const { watch, fired } = watching(
      alert(3, { kind: 'drawdown', accountId: 1, percent: '25' }),
      alert(4, { kind: 'margin_usage', accountId: 1, percent: '20' }),
      alert(5, { kind: 'liquidation_distance', accountId: 1, percent: '4' }),
    )
    watch.checkAccounts(reader)
    expect(fired).toEqual([
      [3, 'Drawdown 25.00 %: equity 7500 USDT, 25.00 % below its high of 10000'],
      [5, 'long BTC/USDT:USDT is 4.00 % from liquidation: mark 100, liquidation 96'],
    ])
    watch.checkAccounts(reader)
    expect(fired.length).toBe(2)
  })
})
