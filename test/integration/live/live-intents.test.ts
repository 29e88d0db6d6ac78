import { afterEach, describe, expect, it } from 'vitest'
import { IntentDesk } from '../../../electron/engine/paper/intent-desk'
import { PaperExchange } from '../../../electron/engine/paper/paper-exchange'
import { IntentRepo } from '../../../electron/ledger/repos/intent-repo'
import { expectLedgerConsistent } from '../../support/paper'
import { balances, BTC, liveHarness, type LiveHarness } from '../../support/live-harness'
import { useTempDirs } from '../../support/temp-dir'

// Trade intents (what signals and AI modules send) for a live account: they trade the
// exchange only when the account is armed, through the same checks as its orders.

const tempDir = useTempDirs()
let h: LiveHarness | undefined
afterEach(async () => {
  await h?.close()
  h = undefined
})

async function deskOnLiveAccount() {
  h = await liveHarness(tempDir())
  const paper = new PaperExchange(h.db, h.instruments, h.bus, h.clock)
  const desk = new IntentDesk(h.db, paper, new IntentRepo(h.db), h.bus, h.clock, h.exchange)
  const account = await h.exchange.createAccount({ name: 'Binance main', venue: 'binance', keyLabel: 'main', maxOrderNotional: '5000', maxDailyLoss: '500' })
  return { h, paper, desk, id: account.id }
}

const long = (account: number) => ({ account, symbol: BTC, action: 'long' as const, confidence: 0.8, reasoning: 'Breakout on the 1h' })
const placed = (h: LiveHarness) => h.fake.requests.filter((r) => r.method === 'POST' && r.path === '/api/v3/order')

describe('a trade intent for a live account', () => {
  it('is refused and recorded while the account is disarmed; nothing reaches the exchange', async () => {
    const { h, desk, id } = await deskOnLiveAccount()
    const decision = await desk.submitToAny(long(id))
    expect(decision).toMatchObject({ accountId: id, status: 'refused', reason: expect.stringContaining('"Binance main" is not armed for live trading') })
    expect(placed(h)).toEqual([])
    expect(desk.list(id)).toMatchObject([{ id: decision.id, status: 'refused', reasoning: 'Breakout on the 1h' }])
  })

  it('once armed, is sized by the account (10 % of equity) and bought at the exchange, recorded with its order', async () => {
    const { h, desk, id } = await deskOnLiveAccount()
    h.exchange.arm(id, 'Binance main')
    const decision = await desk.submitToAny(long(id))
    expect(decision).toMatchObject({ status: 'accepted', orderId: expect.any(Number) })
    // Equity 10000 USDT + 0.5 BTC x 30000 = 25000; 10 % of it at the ask 30000.01 is 0.08333 BTC.
    expect(h.exchange.listOrders(id, false)).toMatchObject([{ id: decision.orderId, side: 'buy', type: 'market', amount: '0.08333', status: 'filled' }])
    expect(h.fake.orders).toHaveLength(1)
    expectLedgerConsistent(h)

    // On spot, closing sells the whole free BTC (0.5 held before, plus what it bought): over the per-order limit.
    const tooBig = await desk.submitToAny({ account: id, symbol: BTC, action: 'close', confidence: 1 })
    expect(tooBig).toMatchObject({ status: 'refused', reason: expect.stringContaining('above "Binance main"\'s limit of 5000 per order') })
    h.exchange.setLimits(id, { maxOrderNotional: '20000' })
    const closed = await desk.submitToAny({ account: id, symbol: BTC, action: 'close', confidence: 1 })
    expect(closed).toMatchObject({ status: 'accepted' })
    expect(h.exchange.listOrders(id, false)[0]).toMatchObject({ id: closed.orderId, side: 'sell', status: 'filled' })
    expect(h.fake.orders).toHaveLength(2)
  })

  it('asking for an attached stop-loss is refused in words (live accounts do not send brackets yet)', async () => {
    const { h, desk, id } = await deskOnLiveAccount()
    h.exchange.arm(id, 'Binance main')
    const decision = await desk.submitToAny({ ...long(id), stop_loss_price: 29000 })
    expect(decision).toMatchObject({ status: 'refused', reason: 'Attached stop-loss and take-profit are not sent to exchanges yet: place the entry alone.' })
    expect(placed(h)).toEqual([])
  })

  it('refused by the exchange after it was sent: the intent ends refused with the exchange’s reason, its order rejected', async () => {
    const { h, desk, id } = await deskOnLiveAccount()
    h.exchange.arm(id, 'Binance main')
    // Funds withdrawn elsewhere: the app learns it from the exchange's refusal.
    h.fake.balances.splice(0, h.fake.balances.length, ...balances('0.50000000', '10.00000000'))
    const decision = await desk.submitToAny(long(id))
    expect(decision).toMatchObject({ status: 'refused', orderId: expect.any(Number), reason: 'Binance refused: the exchange account has not enough funds for this order. (Binance said: "Account has insufficient balance for requested action.")' })
    expect(desk.list(id)[0]).toMatchObject({ id: decision.id, status: 'refused' })
    expect(h.exchange.listOrders(id, false)).toMatchObject([{ id: decision.orderId, status: 'rejected' }])
    expect(h.fake.orders).toHaveLength(0)
  })

  it('in dry run, trades the paper twin on the same prices and sends nothing', async () => {
    const { h, paper, desk, id } = await deskOnLiveAccount()
    const twin = paper.createAccount({ name: 'Binance main (dry run)', startingBalance: '10000', maxLeverage: 1 })
    h.exchange.setDryRun(id, true, twin.id)
    paper.onTicks([{ symbol: BTC, ts: h.clock.now(), last: 30000, bid: 30000, ask: 30000.01, volume: 1 }])
    const decision = await desk.submitToAny(long(id))
    expect(decision).toMatchObject({ accountId: twin.id, status: 'accepted', reasoning: `Breakout on the 1h (dry run of account ${id})` })
    expect(paper.listOrders(twin.id, false)).toMatchObject([{ id: decision.orderId, status: 'filled' }])
    expect(placed(h)).toEqual([])
  })
})
