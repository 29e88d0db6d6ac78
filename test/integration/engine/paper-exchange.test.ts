import { describe, expect, it } from 'vitest'
import { paperHarness, expectLedgerConsistent, type PaperHarness, refusal } from '../../support/paper'
import { useTempDirs } from '../../support/temp-dir'

const tempDir = useTempDirs()
const BTC = 'BTC/USDT:USDT'

function fresh(options: { maxLeverage?: number } = {}): { h: PaperHarness; accountId: number } {
  const h = paperHarness(tempDir())
  const accountId = h.exchange.createAccount({ name: 'Bot A', ...options }).id
  h.tick(BTC, 60_000)
  return { h, accountId }
}


/** Row counts of every ledger table plus all balances: equal before and after = nothing changed. */
function ledgerSnapshot(h: PaperHarness): string {
  const tables = ['accounts', 'orders', 'order_events', 'fills', 'positions', 'position_history', 'ledger_transactions', 'ledger_entries', 'journal']
  const counts = tables.map((t) => `${t}=${(h.db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n}`)
  const balances = h.db.prepare('SELECT account_id, book, asset, amount FROM balances ORDER BY 1, 2, 3').all()
  return JSON.stringify({ counts, balances })
}

describe('paper accounts', () => {
  it('start with their balance booked as a deposit', () => {
    const { h, accountId } = fresh()
    expect(h.exchange.balance(accountId)).toEqual({
      accountId,
      asset: 'USDT',
      wallet: '10000',
      marginUsed: '0',
      unrealizedPnl: '0',
      equity: '10000',
      available: '10000',
      holdings: [],
    })
    expect(h.exchange.ledgerEntries(accountId, 10)).toMatchObject([{ kind: 'deposit', book: 'wallet', amount: '10000' }])
    expectLedgerConsistent(h)
    h.close()
  })

  it('are isolated from each other and refuse duplicate names', () => {
    const { h, accountId } = fresh()
    const other = h.exchange.createAccount({ name: 'Bot B', startingBalance: '500' }).id
    h.exchange.placeOrder({ accountId, symbol: BTC, side: 'buy', type: 'market', amount: '0.1' })
    expect(h.exchange.balance(other).wallet).toBe('500')
    expect(h.exchange.listPositions(other)).toEqual([])
    expect(refusal(() => h.exchange.createAccount({ name: 'Bot A' })).code).toBe('CONFLICT')
    expectLedgerConsistent(h)
    h.close()
  })

  it('reset closes positions, cancels orders and restores the starting balance', () => {
    const { h, accountId } = fresh()
    h.exchange.placeOrder({ accountId, symbol: BTC, side: 'buy', type: 'market', amount: '0.1' })
    h.exchange.placeOrder({ accountId, symbol: BTC, side: 'buy', type: 'limit', amount: '0.01', price: '50000' })
    h.tick(BTC, 58_000)
    h.exchange.resetAccount(accountId)
    expect(h.exchange.listPositions(accountId)).toEqual([])
    expect(h.exchange.listOrders(accountId, true)).toEqual([])
    expect(h.exchange.balance(accountId)).toMatchObject({ wallet: '10000', equity: '10000', marginUsed: '0' })
    expectLedgerConsistent(h)
    h.close()
  })

  it('archive refuses while a position is open, then stops the account trading', () => {
    const { h, accountId } = fresh()
    h.exchange.placeOrder({ accountId, symbol: BTC, side: 'buy', type: 'market', amount: '0.01' })
    expect(refusal(() => h.exchange.archiveAccount(accountId)).details).toMatchObject({ rule: 'positions_open' })
    h.exchange.closePosition(accountId, BTC)
    expect(h.exchange.archiveAccount(accountId).status).toBe('archived')
    expect(refusal(() => h.exchange.placeOrder({ accountId, symbol: BTC, side: 'buy', type: 'market', amount: '0.01' })).details).toMatchObject({
      rule: 'account_archived',
    })
    h.close()
  })
})

describe('market orders, positions and P&L (worked by hand)', () => {
  it('open at the ask, mark at mid, close at the bid', () => {
    const { h, accountId } = fresh()
    // Buy 0.1 at the ask 60,000.1: notional 6,000.01; margin at 10x 600.001; taker fee 0.05% = 3.000005.
    const order = h.exchange.placeOrder({ accountId, symbol: BTC, side: 'buy', type: 'market', amount: '0.1' })
    expect(order).toMatchObject({ status: 'filled', filled: '0.1', averagePrice: '60000.1', leverage: 10 })
    expect(h.exchange.balance(accountId)).toMatchObject({ wallet: '9396.998995', marginUsed: '600.001' })
    // Mark = mid of 61,000 / 61,000.1 = 61,000.05; unrealized (61,000.05 - 60,000.1) x 0.1 = 99.995.
    h.tick(BTC, 61_000)
    expect(h.exchange.balance(accountId)).toMatchObject({ unrealizedPnl: '99.995', equity: '10096.994995' })
    const [position] = h.exchange.listPositions(accountId)
    expect(position).toMatchObject({ side: 'long', amount: '0.1', entryPrice: '60000.1', margin: '600.001', markPrice: '61000.05' })
    // Sell 0.1 at the bid 61,000: realized 99.99, fee 3.05; wallet gets the margin back.
    h.exchange.closePosition(accountId, BTC)
    expect(h.exchange.balance(accountId)).toMatchObject({ wallet: '10093.939995', marginUsed: '0', equity: '10093.939995' })
    expect(h.exchange.listFills(accountId).map((f) => [f.side, f.price, f.fee, f.realizedPnl, f.liquidity])).toEqual([
      ['sell', '61000', '3.05', '99.99', 'taker'],
      ['buy', '60000.1', '3.000005', '0', 'taker'],
    ])
    expectLedgerConsistent(h)
    h.close()
  })

  it('book each fill as one ledger transaction whose entries say what they are, and journal each commit once', () => {
    const { h, accountId } = fresh()
    h.exchange.placeOrder({ accountId, symbol: BTC, side: 'buy', type: 'market', amount: '0.1' })
    h.tick(BTC, 61_000)
    h.exchange.closePosition(accountId, BTC)
    const trades = h.db.prepare("SELECT id, description FROM ledger_transactions WHERE kind = 'trade' ORDER BY id").all() as Array<{ id: number; description: string }>
    expect(trades.map((t) => t.description)).toEqual([
      'Buy 0.1 BTC/USDT:USDT at 60000.1 (taker), 10x, fee 0.05%',
      'Sell 0.1 BTC/USDT:USDT at 61000 (taker), 10x, fee 0.05%',
    ])
    // The account's own side of the close, newest first: the fee, the realized P&L, the margin back.
    expect(h.exchange.ledgerEntries(accountId, 5).map((e) => [e.txId, e.kind, e.book, e.amount])).toEqual([
      [trades[1]!.id, 'fee', 'wallet', '-3.05'],
      [trades[1]!.id, 'realized_pnl', 'wallet', '99.99'],
      [trades[1]!.id, 'margin_release', 'wallet', '600.001'],
      [trades[1]!.id, 'margin_release', 'margin:BTC/USDT:USDT', '-600.001'],
      [trades[0]!.id, 'fee', 'wallet', '-3.000005'],
    ])
    // One journal row per commit (the close, after the tick and the open), listing its events in order.
    const rows = h.db.prepare("SELECT account_id, type, payload FROM journal WHERE type = 'commit' ORDER BY id DESC LIMIT 1").all() as Array<{ account_id: number; type: string; payload: string }>
    const events = JSON.parse(rows[0]!.payload) as Array<[string, number, unknown]>
    expect(rows[0]!.account_id).toBe(accountId)
    expect(events.map(([name, account]) => [name, account])).toEqual(expect.arrayContaining([['order.filled', accountId], ['position.updated', accountId]]))
    expectLedgerConsistent(h)
    h.close()
  })

  it("describe a closing fill with the leverage of the position it closed, not the order's", () => {
    const { h, accountId } = fresh()
    // Placed while flat, at the account's 10x; the position it later closes is opened at 3x.
    h.exchange.placeOrder({ accountId, symbol: BTC, side: 'sell', type: 'limit', amount: '0.1', price: '61000' })
    h.exchange.placeOrder({ accountId, symbol: BTC, side: 'buy', type: 'market', amount: '0.1', leverage: 3 })
    h.tick(BTC, 61_000.1, { volume: 1 })
    const last = h.db.prepare("SELECT description FROM ledger_transactions WHERE kind = 'trade' ORDER BY id DESC LIMIT 1").get()
    expect(last).toEqual({ description: 'Sell 0.1 BTC/USDT:USDT at 61000 (maker), 3x, fee 0.02%' })
    expectLedgerConsistent(h)
    h.close()
  })

  it('adds at an averaged entry, reduces pro rata, and flips', () => {
    const { h, accountId } = fresh()
    h.exchange.placeOrder({ accountId, symbol: BTC, side: 'buy', type: 'market', amount: '0.1' }) // at 60,000.1
    h.tick(BTC, 62_000)
    h.exchange.placeOrder({ accountId, symbol: BTC, side: 'buy', type: 'market', amount: '0.1' }) // at 62,000.1
    expect(h.exchange.listPositions(accountId)[0]).toMatchObject({ amount: '0.2', entryPrice: '61000.1' })
    // Sell 0.3 at 62,000: closes 0.2 (realized (62,000 - 61,000.1) x 0.2 = 199.98) and opens a 0.1 short.
    h.exchange.placeOrder({ accountId, symbol: BTC, side: 'sell', type: 'market', amount: '0.3' })
    expect(h.exchange.listPositions(accountId)[0]).toMatchObject({ side: 'short', amount: '0.1', entryPrice: '62000', margin: '620' })
    expect(h.exchange.listFills(accountId, 1)[0]).toMatchObject({ realizedPnl: '199.98' })
    const history = h.db.prepare('SELECT side, amount, realized_pnl, close_reason FROM position_history').all()
    expect(history).toEqual([{ side: 'long', amount: 20_000_000, realized_pnl: 19_998_000_000, close_reason: 'flip' }])
    expectLedgerConsistent(h)
    h.close()
  })
})

describe("the engine's own client ids", () => {
  it('never collide with the ids a client sends (regression: a collision froze the market)', () => {
    const { h, accountId } = fresh()
    const entry = h.exchange.placeOrder({ accountId, clientOrderId: 'x', symbol: BTC, side: 'buy', type: 'limit', amount: '0.01', price: '59000', stopLoss: '58000' })
    h.exchange.placeOrder({ accountId, clientOrderId: 'x:sl', symbol: BTC, side: 'buy', type: 'limit', amount: '0.01', price: '50000' })
    h.exchange.placeOrder({ accountId, clientOrderId: 'td-3', symbol: BTC, side: 'buy', type: 'limit', amount: '0.01', price: '50000' })
    h.tick(BTC, 58_999.9, { volume: 1 })
    expect(h.exchange.listOrders(accountId, false).find((o) => o.id === entry.id)?.status).toBe('filled')
    const generated = h.exchange.placeOrder({ accountId, symbol: BTC, side: 'buy', type: 'limit', amount: '0.01', price: '50000' })
    expect(generated.clientOrderId).toBe(`~${generated.id}`)
    expect(h.exchange.listOrders(accountId, true).some((o) => o.type === 'stop_market' && o.clientOrderId.startsWith('~'))).toBe(true)
    h.close()
  })
})

describe('closing without reduce-only', () => {
  it('a plain opposite order closes the position exactly and needs no new margin', () => {
    const { h, accountId } = fresh()
    h.exchange.placeOrder({ accountId, symbol: BTC, side: 'sell', type: 'market', amount: '0.001', leverage: 1 })
    h.tick(BTC, 51_000)
    // Regression: the margin check used to ask for the margin of a zero-sized opening and fail.
    expect(h.exchange.placeOrder({ accountId, symbol: BTC, side: 'buy', type: 'market', amount: '0.001' }).status).toBe('filled')
    expect(h.exchange.listPositions(accountId)).toEqual([])
    expectLedgerConsistent(h)
    h.close()
  })
})

describe('resting and triggered orders', () => {
  it('a limit rests, fills as maker only when the market trades through it, partially by traded volume', () => {
    const { h, accountId } = fresh()
    const order = h.exchange.placeOrder({ accountId, symbol: BTC, side: 'buy', type: 'limit', amount: '0.05', price: '59000' })
    expect(order.status).toBe('open')
    // Margin 295 + fee reserved against new orders: available drops, the wallet does not.
    expect(h.exchange.balance(accountId)).toMatchObject({ wallet: '10000', available: '9703.525' })
    h.tick(BTC, 59_000) // touches, does not trade through
    expect(h.exchange.listOrders(accountId, true)[0]?.filled).toBe('0')
    h.tick(BTC, 58_999.9, { volume: 0.02 })
    expect(h.exchange.listOrders(accountId, true)[0]).toMatchObject({ status: 'partially_filled', filled: '0.02' })
    h.tick(BTC, 58_990, { volume: 5 })
    const [filled] = h.exchange.listOrders(accountId, false)
    expect(filled).toMatchObject({ status: 'filled', filled: '0.05', averagePrice: '59000' })
    expect(h.exchange.listFills(accountId).every((f) => f.liquidity === 'maker' && f.price === '59000')).toBe(true)
    // Maker fee 0.02% of 2,950 in total = 0.59.
    expect(h.exchange.listFills(accountId).reduce((sum, f) => sum + Number(f.fee), 0)).toBeCloseTo(0.59, 8)
    expectLedgerConsistent(h)
    h.close()
  })

  it('a crossing limit fills at once as taker, IOC that cannot cross expires, post-only that would cross is refused', () => {
    const { h, accountId } = fresh()
    expect(h.exchange.placeOrder({ accountId, symbol: BTC, side: 'buy', type: 'limit', amount: '0.01', price: '60100' })).toMatchObject({
      status: 'filled',
      averagePrice: '60000.1',
    })
    expect(h.exchange.placeOrder({ accountId, symbol: BTC, side: 'buy', type: 'limit', amount: '0.01', price: '59000', timeInForce: 'IOC' })).toMatchObject({
      status: 'expired',
    })
    expect(
      refusal(() => h.exchange.placeOrder({ accountId, symbol: BTC, side: 'buy', type: 'limit', amount: '0.01', price: '60100', timeInForce: 'PO' })).details,
    ).toMatchObject({ rule: 'post_only_cross' })
    h.close()
  })

  it('a stop-loss triggers on the last price and closes the position; a take-profit waits on the other side', () => {
    const { h, accountId } = fresh()
    h.exchange.placeOrder({ accountId, symbol: BTC, side: 'buy', type: 'market', amount: '0.1' })
    const stop = h.exchange.placeOrder({ accountId, symbol: BTC, side: 'sell', type: 'stop_market', amount: '0.1', triggerPrice: '59000', reduceOnly: true })
    const takeProfit = h.exchange.placeOrder({ accountId, symbol: BTC, side: 'sell', type: 'take_profit_market', amount: '0.1', triggerPrice: '65000', reduceOnly: true })
    h.tick(BTC, 59_500)
    expect(h.exchange.listPositions(accountId)).toHaveLength(1)
    h.tick(BTC, 58_990)
    expect(h.exchange.listPositions(accountId)).toEqual([])
    const orders = h.exchange.listOrders(accountId, false)
    expect(orders.find((o) => o.id === stop.id)).toMatchObject({ status: 'filled', averagePrice: '58990' })
    // The take-profit had nothing left to reduce when the market next moved.
    h.tick(BTC, 66_000)
    expect(h.exchange.listOrders(accountId, false).find((o) => o.id === takeProfit.id)).toMatchObject({ status: 'canceled' })
    expectLedgerConsistent(h)
    h.close()
  })

  it('the client order id makes placement idempotent', () => {
    const { h, accountId } = fresh()
    const params = { accountId, clientOrderId: 'bot-42', symbol: BTC, side: 'buy', type: 'market', amount: '0.01' } as const
    const first = h.exchange.placeOrder(params)
    const again = h.exchange.placeOrder(params)
    expect(again.id).toBe(first.id)
    expect(h.exchange.listFills(accountId)).toHaveLength(1)
    const conflict = refusal(() => h.exchange.placeOrder({ ...params, amount: '0.02' }))
    expect(conflict.code).toBe('CONFLICT')
    expect(conflict.message).toContain('"bot-42" was already used')
    h.close()
  })
})

describe('liquidation', () => {
  it('closes an isolated position when mark crosses its liquidation price; the trader loses exactly its margin', () => {
    const { h, accountId } = fresh({ maxLeverage: 100 })
    h.exchange.placeOrder({ accountId, symbol: BTC, side: 'buy', type: 'market', amount: '0.1', leverage: 100 })
    const [position] = h.exchange.listPositions(accountId)
    expect(position).toMatchObject({ margin: '60.0001', leverage: 100 })
    // Binance isolated: LP = (WB + cum - qty x EP) / (qty x MMR - qty) = (60.0001 - 6,000.01) / (0.0004 - 0.1) = 59,638.65...
    expect(Number(position!.liquidationPrice)).toBeCloseTo(59_638.65, 1)
    const walletBefore = h.exchange.balance(accountId).wallet
    h.tick(BTC, 59_700)
    expect(h.exchange.listPositions(accountId)).toHaveLength(1)
    h.tick(BTC, 59_600)
    expect(h.exchange.listPositions(accountId)).toEqual([])
    expect(h.exchange.balance(accountId)).toMatchObject({ wallet: walletBefore, marginUsed: '0' })
    const liquidated = h.events.find((e) => e.name === 'position.liquidated')?.payload as { message: string }
    expect(liquidated.message).toMatch(/^Liquidated: long 0\.1 BTC\/USDT:USDT\. The mark price 59600\.05 crossed the liquidation price 59638\.6/)
    expect(h.exchange.ledgerEntries(accountId, 20).map((e) => e.kind)).toContain('liquidation_clearance')
    expectLedgerConsistent(h)
    h.close()
  })
})

describe('liquidation comes before stops', () => {
  it('on a gap past the liquidation price, the position is liquidated, not stopped out beyond bankruptcy', () => {
    const { h, accountId } = fresh({ maxLeverage: 50 })
    h.exchange.placeOrder({ accountId, symbol: BTC, side: 'buy', type: 'market', amount: '0.1', leverage: 50, stopLoss: '59000' })
    const walletBefore = h.exchange.balance(accountId).wallet
    // Regression: the stop used to execute first at 50,000, losing ~1,000 on 120 of margin.
    h.tick(BTC, 50_000)
    expect(h.exchange.listPositions(accountId)).toEqual([])
    expect(h.exchange.balance(accountId).wallet).toBe(walletBefore)
    expect(h.events.some((e) => e.name === 'position.liquidated')).toBe(true)
    expect(h.exchange.listOrders(accountId, false).find((o) => o.type === 'stop_market')).toMatchObject({ status: 'canceled' })
    expectLedgerConsistent(h)
    h.close()
  })
})

describe('bad input is refused with a reason and changes nothing', () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['an amount off the step', { amount: '0.0015' }, 'amount_step'],
    ['an amount below the minimum notional', { amount: '0.001', price: '1000', type: 'limit' }, 'min_notional'],
    ['a price off the tick', { type: 'limit', price: '59000.05', amount: '0.01' }, 'price_tick'],
    ['a limit without a price', { type: 'limit' }, 'price_required'],
    ['a market order with a price', { price: '60000' }, 'price_not_allowed'],
    ['a stop on the wrong side', { type: 'stop_market', side: 'sell', triggerPrice: '61000' }, 'trigger_side'],
    ['leverage above the account limit', { leverage: 20 }, 'max_leverage'],
    ['leverage above the market maximum', { leverage: 126 }, 'max_leverage'],
    ['more than the margin available', { amount: '2' }, 'insufficient_margin'],
    ['reduce-only with nothing to reduce', { reduceOnly: true }, 'reduce_only_increase'],
    ['leverage on a perpetual above what the account allows, again via reduce-only', { reduceOnly: true, side: 'sell' }, 'reduce_only_increase'],
    ['post-only on a market order', { timeInForce: 'PO' }, 'post_only_limit'],
  ]
  it.each(cases)('%s', (_label, overrides, rule) => {
    const { h, accountId } = fresh()
    const before = ledgerSnapshot(h)
    const error = refusal(() =>
      h.exchange.placeOrder({ accountId, symbol: BTC, side: 'buy', type: 'market', amount: '0.01', ...overrides } as never),
    )
    expect(error.code).toBe('REJECTED')
    expect(error.details).toMatchObject({ rule })
    expect(error.message.length).toBeGreaterThan(20)
    expect(ledgerSnapshot(h)).toBe(before)
    h.close()
  })

  it('says by how much an amount misses the minimum notional', () => {
    const { h, accountId } = fresh()
    const error = refusal(() => h.exchange.placeOrder({ accountId, symbol: BTC, side: 'buy', type: 'limit', amount: '0.001', price: '1000' }))
    expect(error.message).toBe("Order value 1 USDT is below BTC/USDT:USDT's minimum of 5 (short by 4).")
    h.close()
  })

  it('unknown accounts and symbols are NOT_FOUND', () => {
    const { h, accountId } = fresh()
    expect(refusal(() => h.exchange.balance(999)).code).toBe('NOT_FOUND')
    expect(refusal(() => h.exchange.placeOrder({ accountId, symbol: 'DOGE/USDT:USDT', side: 'buy', type: 'market', amount: '1' })).code).toBe('NOT_FOUND')
    h.close()
  })
})

describe('restart', () => {
  it('rebuilds accounts, positions, balances and working orders from the ledger, and keeps working', () => {
    const { h, accountId } = fresh()
    h.exchange.placeOrder({ accountId, symbol: BTC, side: 'buy', type: 'market', amount: '0.1' })
    h.exchange.placeOrder({ accountId, symbol: BTC, side: 'sell', type: 'stop_market', amount: '0.1', triggerPrice: '59000', reduceOnly: true })
    h.tick('ETH/USDT:USDT', 3_000)
    h.exchange.placeOrder({ accountId, symbol: 'ETH/USDT:USDT', side: 'buy', type: 'limit', amount: '0.5', price: '2900' })
    const before = {
      positions: h.exchange.listPositions(accountId),
      orders: h.exchange.listOrders(accountId, true),
      balance: h.exchange.balance(accountId),
    }
    const again = h.reopen()
    again.tick(BTC, 60_000)
    again.tick('ETH/USDT:USDT', 3_000)
    expect(again.exchange.listPositions(accountId)).toEqual(before.positions)
    expect(again.exchange.listOrders(accountId, true)).toEqual(before.orders)
    expect(again.exchange.balance(accountId)).toEqual(before.balance)
    again.tick(BTC, 58_900)
    expect(again.exchange.listPositions(accountId)).toEqual([])
    expectLedgerConsistent(again)
    again.close()
  })
})

describe('fee tiers', () => {
  it('a maker rebate on an opening fill is booked, not refused (regression: it froze the market)', () => {
    const { h } = fresh()
    const vip = h.exchange.createAccount({ name: 'Rebate', makerFee: '-0.0001' }).id
    h.exchange.placeOrder({ accountId: vip, symbol: BTC, side: 'buy', type: 'limit', amount: '0.1', price: '59000' })
    h.tick(BTC, 58_999.9, { volume: 1 })
    expect(h.exchange.listPositions(vip)[0]).toMatchObject({ amount: '0.1' })
    expect(h.exchange.listFills(vip)[0]).toMatchObject({ fee: '-0.59' })
    expectLedgerConsistent(h)
    h.close()
  })

  it("an account's own rates replace the market's, and a maker rebate is paid out", () => {
    const { h } = fresh()
    const vip = h.exchange.createAccount({ name: 'VIP', makerFee: '-0.0001', takerFee: '0.0003' }).id
    expect(h.exchange.listAccounts().find((a) => a.id === vip)).toMatchObject({ makerFee: '-0.0001', takerFee: '0.0003' })
    // Taker at 0.03 %: 0.1 x 60,000.1 = 6,000.01 -> 1.800003.
    h.exchange.placeOrder({ accountId: vip, symbol: BTC, side: 'buy', type: 'market', amount: '0.1' })
    expect(h.exchange.listFills(vip)[0]).toMatchObject({ fee: '1.800003', liquidity: 'taker' })
    // Maker rebate of 0.01 %: a resting sell of 0.1 at 61,000 earns 0.61.
    h.exchange.placeOrder({ accountId: vip, symbol: BTC, side: 'sell', type: 'limit', amount: '0.1', price: '61000' })
    h.tick(BTC, 61_000.1, { volume: 1 })
    expect(h.exchange.listFills(vip)[0]).toMatchObject({ fee: '-0.61', liquidity: 'maker' })
    expectLedgerConsistent(h)
    h.close()
  })
})
