import { describe, expect, it } from 'vitest'
import type { MarketSummary } from '../../../shared/domain/market'
import type { Position } from '../../../shared/domain/trading'
import { liveFigures } from '../../../renderer/src/features/trading-tables/live-position'
import { useAppStore } from '../../../renderer/src/store'
import { BTC_PERP, marketSummary, paperAccount } from '../../support/domain-fixtures'

const summary = (symbol: string, price: number): MarketSummary => marketSummary({ ...BTC_PERP, symbol, base: symbol.slice(0, 3) }, price, price + 0.1)

const account = paperAccount({ name: 'Live', createdAt: 0 })

const position: Position = {
  accountId: 1,
  symbol: 'BTC/USDT:USDT',
  side: 'long',
  amount: '0.002',
  entryPrice: '60000',
  leverage: 10,
  margin: '12',
  maintenanceMargin: '0.48',
  markPrice: '60000',
  unrealizedPnl: '0',
  openedAt: 0,
}

const store = useAppStore.getState

/**
 * What the positions table relies on to stay cheap under ticks: a tick replaces only its own
 * market's summary (the one a row's live cells select) and leaves the account's positions and
 * orders as they were (what the table and its rows are memoised on).
 */
describe('the positions table under ticks', () => {
  it('re-prices one row from its own summary while the table inputs keep their identity', () => {
    store().setSummaries([summary('BTC/USDT:USDT', 60000), summary('ETH/USDT:USDT', 3000)])
    store().setAccounts([account])
    store().loadAccountView(1, {
      balance: { accountId: 1, asset: 'USDT', wallet: '9988', marginUsed: '12', unrealizedPnl: '0', equity: '10000', available: '9988', holdings: [] },
      positions: [position],
      orders: [],
      fills: [],
      ledger: [],
    })
    const before = store()
    store().applyTicks([{ symbol: 'BTC/USDT:USDT', ts: 2, last: 60100, bid: 60100, ask: 60100.1, volume: 0.01 }])
    const after = store()

    expect(after.view?.positions).toBe(before.view?.positions)
    expect(after.view?.openOrders).toBe(before.view?.openOrders)
    expect(after.summaries['ETH/USDT:USDT']).toBe(before.summaries['ETH/USDT:USDT'])
    expect(after.summaries['BTC/USDT:USDT']).not.toBe(before.summaries['BTC/USDT:USDT'])

    // The row's live figures at the new quote: mark 60100.05, uPnL 100.05 x 0.002 = 0.2001, ROE 0.2001 / 12.
    expect(liveFigures(position, after.summaries['BTC/USDT:USDT'])).toMatchObject({ mark: '60100.05', unrealizedPnl: '0.2001', roePercent: '1.6675' })
  })
})
