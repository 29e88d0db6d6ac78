import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Account, Fill, Order } from '../../../shared/domain/trading'
import { BOT_STOPPED_BY_TRADER } from '../../../shared/domain/bots'
import { averagePrice, botNotice, connectionNotice, fillNotice, haltNotice, liquidationNotice } from '../../../renderer/src/features/notifications/rules'
import { useAppStore } from '../../../renderer/src/store'
import { FILL_GROUP_MS, TOAST_LIMIT } from '../../../renderer/src/store/notifications-slice'
import { paperAccount, scalperBot } from '../../support/domain-fixtures'

/** Expectations read in en-US whatever the test machine's locale. */
const group = new Intl.NumberFormat().format(1000).replace(/\d/g, '')
const enUS = (text: string): string => (group === ',' || group === '' ? text : text.split(group).join(','))

const order = (id: number, o: Partial<Order> = {}): Order => ({
  id,
  accountId: 1,
  clientOrderId: `c${id}`,
  symbol: 'BTC/USDT:USDT',
  side: 'buy',
  type: 'market',
  timeInForce: 'IOC',
  triggerBy: 'last',
  amount: '0.04',
  filled: '0.04',
  leverage: 10,
  reduceOnly: false,
  status: 'filled',
  createdAt: 0,
  updatedAt: 0,
  ...o,
})

let fillId = 1
const fill = (orderId: number, f: Partial<Fill> = {}): Fill => ({
  id: fillId++,
  accountId: 1,
  orderId,
  tradeId: `t${fillId}`,
  symbol: 'BTC/USDT:USDT',
  side: 'buy',
  price: '60000',
  amount: '0.01',
  fee: '0.3',
  feeAsset: 'USDT',
  liquidity: 'taker',
  realizedPnl: '0',
  ts: 1,
  ...f,
})

const account = (id: number, a: Partial<Account> = {}): Account => paperAccount({ id, name: `Main ${id}`, createdAt: 0, ...a })

describe('which fills make which notice', () => {
  it('tells a plain fill with its size, price, fee and account', () => {
    const n = fillNotice([fill(1)], order(1, { amount: '0.01', filled: '0.01' }), 'Main')
    expect(n).toMatchObject({ kind: 'fill', tone: 'info', title: 'Bought 0.01 BTC/USDT:USDT', accountId: 1, symbol: 'BTC/USDT:USDT' })
    expect(enUS(n!.body)).toBe('Bought 0.01 at 60,000 · fee 0.3 USDT · Main')
  })

  it('gathers the pieces of one order at their average price', () => {
    const fills = [fill(2, { price: '60000', amount: '0.01', fee: '0.3' }), fill(2, { price: '60010', amount: '0.03', fee: '0.9003' })]
    // (600 + 1800.3) / 0.04
    expect(averagePrice(fills)).toBe('60007.5')
    expect(averagePrice([fill(2, { price: '100.01', amount: '1' }), fill(2, { price: '100.02', amount: '2' })])).toBe('100.0167')
    const n = fillNotice(fills, order(2), undefined)!
    expect(n.title).toBe('Bought 0.04 BTC/USDT:USDT')
    expect(enUS(n.body)).toBe('Bought 0.04 at avg 60,007.5 · fee 1.2003 USDT')
  })

  it('tells a partial fill of a resting order', () => {
    const n = fillNotice([fill(3, { side: 'sell' })], order(3, { side: 'sell', type: 'limit', amount: '0.05', filled: '0.01', status: 'partially_filled' }), undefined)
    expect(n?.title).toBe('Partly filled: sell 0.01 of 0.05 BTC/USDT:USDT')
  })

  it('names a stop-loss and a take-profit by their reduce-only or bracket order, toned by the P&L', () => {
    const sl = fillNotice([fill(4, { side: 'sell', realizedPnl: '-12.5' })], order(4, { side: 'sell', type: 'stop_market', reduceOnly: true, triggerPrice: '58750' }), 'Main')!
    expect(sl).toMatchObject({ kind: 'stop_loss', tone: 'bad', title: 'Stop-loss hit: BTC/USDT:USDT' })
    expect(enUS(sl.body)).toBe('Sold 0.01 at 60,000 · P&L -12.50 · fee 0.3 USDT · Main')
    const tp = fillNotice([fill(5, { side: 'sell', realizedPnl: '30' })], order(5, { side: 'sell', type: 'take_profit_market', reduceOnly: true }), undefined)
    expect(tp).toMatchObject({ kind: 'take_profit', tone: 'good', title: 'Take-profit hit: BTC/USDT:USDT' })
    // A spot bracket leg is not reduce-only, but belongs to its entry.
    const spot = fillNotice([fill(6, { symbol: 'BTC/USDT', side: 'sell' })], order(6, { symbol: 'BTC/USDT', side: 'sell', type: 'stop_market', parentOrderId: 2 }), undefined)
    expect(spot?.kind).toBe('stop_loss')
    const trailing = fillNotice([fill(7, { side: 'sell' })], order(7, { side: 'sell', type: 'trailing_stop_market', reduceOnly: true }), undefined)
    expect(trailing?.kind).toBe('trailing_stop')
    // A stop that opens a position is a plain fill.
    expect(fillNotice([fill(8)], order(8, { type: 'stop_market', amount: '0.01', filled: '0.01' }), undefined)?.kind).toBe('fill')
  })

  it('names the engine closes and stays quiet for liquidation and reset fills', () => {
    const killed = fillNotice([fill(9, { side: 'sell' })], order(9, { clientOrderId: '~kill-switch-1700000000000-BTC/USDT:USDT', reduceOnly: true }), undefined)
    expect(killed).toMatchObject({ kind: 'flatten', tone: 'warn', title: 'Kill switch closed BTC/USDT:USDT' })
    const breaker = fillNotice([fill(10)], order(10, { clientOrderId: '~circuit-breaker-1-BTC/USDT:USDT' }), undefined)
    expect(breaker?.title).toBe('Circuit breaker closed BTC/USDT:USDT')
    expect(fillNotice([fill(11)], order(11, { clientOrderId: '~liquidation-BTC/USDT:USDT-1' }), undefined)).toBeUndefined()
    expect(fillNotice([fill(12)], order(12, { clientOrderId: '~reset-1-BTC/USDT:USDT' }), undefined)).toBeUndefined()
    // An order never seen is still told as a fill.
    expect(fillNotice([fill(13)], undefined, undefined)?.kind).toBe('fill')
  })
})

describe('halts, liquidations and the connection', () => {
  it('tells a halt once, who and why, and the resume', () => {
    const halt = { by: 'kill_switch' as const, reason: 'Kill switch (positions closed)', since: 5 }
    expect(haltNotice(undefined, account(1, { halt }))).toMatchObject({ kind: 'halted', tone: 'bad', title: 'Kill switch: trading halted on Main 1', body: halt.reason })
    expect(haltNotice(halt, account(1, { halt }))).toBeUndefined()
    const tripped = haltNotice(undefined, account(1, { halt: { by: 'circuit_breaker', reason: 'Daily loss limit reached', since: 9 } }))
    expect(tripped?.title).toBe('Circuit breaker tripped: trading halted on Main 1')
    expect(haltNotice(halt, account(1))).toMatchObject({ kind: 'resumed', tone: 'good' })
    expect(haltNotice(undefined, account(1))).toBeUndefined()
  })

  it('tells when a bot stops without its trader asking: a failed strategy, the kill switch or the circuit breaker', () => {
    const bot = scalperBot
    expect(botNotice(bot('faulted', 'The strategy failed on the 2026-11-21 09:00 candle: boom'))).toMatchObject({
      kind: 'bot_stopped',
      tone: 'bad',
      title: 'Bot "Scalper" stopped: its strategy failed',
      body: 'The strategy failed on the 2026-11-21 09:00 candle: boom',
    })
    expect(botNotice(bot('stopped', 'Stopped by the account’s kill switch: lunch'))).toMatchObject({ tone: 'warn', title: 'Bot "Scalper" stopped', body: 'Stopped by the account’s kill switch: lunch' })
    expect(botNotice(bot('stopped', BOT_STOPPED_BY_TRADER))).toBeUndefined()
    expect(botNotice(bot('stopped'))).toBeUndefined()
    expect(botNotice(bot('running'))).toBeUndefined()
  })

  it('passes on the engine words of a liquidation', () => {
    expect(liquidationNotice({ accountId: 1, symbol: 'ETH/USDT:USDT', message: 'Liquidated: long 1 ETH/USDT:USDT.' }, 'Main')).toEqual({
      kind: 'liquidation',
      tone: 'bad',
      title: 'Liquidated: ETH/USDT:USDT',
      body: 'Liquidated: long 1 ETH/USDT:USDT. · Main',
      accountId: 1,
      symbol: 'ETH/USDT:USDT',
    })
  })

  it('tells a lost and a regained connection, not the first one', () => {
    expect(connectionNotice('connecting', 'open')).toBeUndefined()
    expect(connectionNotice('open', 'reconnecting')?.kind).toBe('disconnected')
    expect(connectionNotice('reconnecting', 'open')?.kind).toBe('reconnected')
    expect(connectionNotice('connecting', 'reconnecting')).toBeUndefined()
  })
})

describe('the notifications slice, fed by the bridge', () => {
  const store = useAppStore.getState
  beforeEach(() => {
    vi.useFakeTimers()
    useAppStore.setState({
      notifications: [],
      unreadCount: 0,
      toasts: [],
      transport: 'websocket',
      accounts: { 1: account(1), 2: account(2), 3: account(3) },
      selectedAccountId: 1,
      view: undefined,
    })
  })
  afterEach(() => {
    vi.useRealTimers()
    vi.unstubAllGlobals()
  })

  it('gathers fills of one order and names it once its update has arrived', () => {
    // The engine publishes a fill before the order update that carries its new state.
    store().observeEvent('order.updated', order(40, { side: 'sell', type: 'stop_market', reduceOnly: true, status: 'open', filled: '0' }))
    store().observeEvent('order.filled', fill(40, { side: 'sell', realizedPnl: '-4' }))
    store().observeEvent('order.updated', order(40, { side: 'sell', type: 'stop_market', reduceOnly: true, status: 'partially_filled', filled: '0.01' }))
    store().observeEvent('order.filled', fill(40, { side: 'sell', realizedPnl: '-8.5', amount: '0.03' }))
    store().observeEvent('order.updated', order(40, { side: 'sell', type: 'stop_market', reduceOnly: true }))
    expect(store().notifications).toEqual([])
    vi.advanceTimersByTime(FILL_GROUP_MS)
    expect(store().notifications).toHaveLength(1)
    const [n] = store().notifications
    expect(n).toMatchObject({ kind: 'stop_loss', tone: 'bad', title: 'Stop-loss hit: BTC/USDT:USDT', read: false })
    expect(enUS(n!.body)).toBe('Sold 0.04 at 60,000 · P&L -12.50 · fee 0.6 USDT · Main 1')
    expect(store().unreadCount).toBe(1)
    expect(store().toasts.map((t) => t.id)).toEqual([n!.id])
  })

  it('names an engine close from the update that follows its fill', () => {
    store().observeEvent('order.filled', fill(41, { side: 'sell' }))
    store().observeEvent('order.updated', order(41, { side: 'sell', clientOrderId: '~kill-switch-9-BTC/USDT:USDT', reduceOnly: true }))
    vi.advanceTimersByTime(FILL_GROUP_MS)
    expect(store().notifications.map((n) => n.title)).toEqual(['Kill switch closed BTC/USDT:USDT'])
  })

  it('tells a liquidation once, not its fill as well', () => {
    store().observeEvent('order.filled', fill(42, { side: 'sell', fee: '0', realizedPnl: '-600' }))
    store().observeEvent('order.updated', order(42, { side: 'sell', clientOrderId: '~liquidation-BTC/USDT:USDT-7', reduceOnly: true }))
    store().observeEvent('position.liquidated', { accountId: 1, symbol: 'BTC/USDT:USDT', message: 'Liquidated: long 0.1 BTC/USDT:USDT.' })
    vi.advanceTimersByTime(FILL_GROUP_MS)
    expect(store().notifications.map((n) => n.kind)).toEqual(['liquidation'])
  })

  it('tells a halt from the account update, once, then the resume', () => {
    const halted = account(2, { halt: { by: 'kill_switch', reason: 'Kill switch (positions closed)', since: 1 } })
    store().observeEvent('risk.changed', { accountId: 2, halted: true, by: 'kill_switch', reason: 'Kill switch (positions closed)' })
    store().observeEvent('account.updated', halted)
    // The reply to the trader's own request may already have put the halted account in the store.
    useAppStore.setState({ accounts: { ...store().accounts, 2: halted } })
    store().observeEvent('account.updated', halted)
    store().observeEvent('account.updated', account(2))
    expect(store().notifications.map((n) => n.kind)).toEqual(['resumed', 'halted'])
  })

  it('tells disconnects and reconnects from the session state', () => {
    store().setConnection('open')
    store().setConnection('reconnecting')
    store().setConnection('open')
    expect(store().notifications.map((n) => n.kind)).toEqual(['reconnected', 'disconnected'])
  })

  it('keeps a few toasts on screen, all in the centre, and counts unread until looked at', () => {
    for (let i = 0; i < TOAST_LIMIT + 2; i++) store().pushNotice({ kind: 'fill', tone: 'info', title: `n${i}`, body: '' })
    expect(store().toasts.map((t) => t.title)).toEqual(['n2', 'n3', 'n4', 'n5'])
    expect(store().notifications).toHaveLength(TOAST_LIMIT + 2)
    expect(store().unreadCount).toBe(TOAST_LIMIT + 2)
    store().dismissToast(store().toasts[0]!.id)
    expect(store().toasts).toHaveLength(TOAST_LIMIT - 1)
    store().markNotificationsRead()
    expect(store().unreadCount).toBe(0)
    expect(store().notifications.every((n) => n.read)).toBe(true)
    store().clearNotifications()
    expect(store().notifications).toEqual([])
    expect(store().toasts).toEqual([])
  })

  it('in the desktop app, sends notices to the system instead of toasts', () => {
    const shown: Array<{ title: string; body?: string }> = []
    vi.stubGlobal(
      'Notification',
      class {
        static permission = 'granted'
        constructor(title: string, options?: { body?: string }) {
          shown.push({ title, body: options?.body })
        }
      },
    )
    useAppStore.setState({ transport: 'ipc' })
    store().pushNotice({ kind: 'halted', tone: 'bad', title: 'Kill switch: trading halted on Main 1', body: 'Kill switch' })
    expect(shown).toEqual([{ title: 'Kill switch: trading halted on Main 1', body: 'Kill switch' }])
    expect(store().toasts).toEqual([])
    expect(store().notifications).toHaveLength(1)
    // Without the permission, it falls back to toasts.
    vi.stubGlobal('Notification', class {
      static permission = 'denied'
    })
    store().pushNotice({ kind: 'fill', tone: 'info', title: 'x', body: '' })
    expect(store().toasts).toHaveLength(1)
  })
})
