import { beforeEach, describe, expect, it } from 'vitest'
import type { Account, Order } from '../../../shared/domain/trading'
import { useAppStore } from '../../../renderer/src/store'
import { paperAccount } from '../../support/domain-fixtures'

const account = (id: number, status: Account['status'] = 'active'): Account => paperAccount({ id, name: `Bot ${id}`, status, createdAt: 0 })

const order = (id: number, status: Order['status'], accountId = 1): Order => ({
  id,
  accountId,
  clientOrderId: `c${id}`,
  symbol: 'BTC/USDT:USDT',
  side: 'buy',
  type: 'limit',
  timeInForce: 'GTC',
  price: '59000',
  triggerBy: 'last',
  amount: '0.01',
  filled: '0',
  leverage: 10,
  reduceOnly: false,
  status,
  createdAt: 0,
  updatedAt: 0,
})

const store = useAppStore.getState

describe('the trading slice', () => {
  beforeEach(() => useAppStore.setState({ accounts: {}, selectedAccountId: undefined, view: undefined }))

  it('selects the first active account and moves off one that is archived', () => {
    store().setAccounts([account(1, 'archived'), account(2), account(3)])
    expect(store().selectedAccountId).toBe(2)
    store().applyAccount(account(2, 'archived'))
    expect(store().selectedAccountId).toBe(3)
    expect(store().view?.accountId).toBe(3)
  })

  it('moves an order from open to history when it ends, and ignores other accounts', () => {
    store().setAccounts([account(1)])
    store().applyOrder(order(7, 'open'))
    store().applyOrder(order(8, 'open', 2))
    expect(Object.keys(store().view!.openOrders)).toEqual(['7'])
    store().applyOrder(order(7, 'canceled'))
    expect(store().view!.openOrders).toEqual({})
    expect(store().view!.orderHistory.map((o) => [o.id, o.status])).toEqual([[7, 'canceled']])
  })

  it('drops a snapshot that arrives after the trader switched accounts', () => {
    store().setAccounts([account(1), account(2)])
    store().selectAccount(2)
    store().loadAccountView(1, { balance: { accountId: 1, asset: 'USDT', wallet: '1', marginUsed: '0', unrealizedPnl: '0', equity: '1', available: '1', holdings: [] }, positions: [], orders: [], fills: [], ledger: [] })
    expect(store().view).toMatchObject({ accountId: 2, balance: undefined })
  })
})
