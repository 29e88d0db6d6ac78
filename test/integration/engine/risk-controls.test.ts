import { describe, expect, it } from 'vitest'
import { expectLedgerConsistent, paperHarness, refusal } from '../../support/paper'
import { useTempDirs } from '../../support/temp-dir'

const tempDir = useTempDirs()
const BTC = 'BTC/USDT:USDT'
const ETH = 'ETH/USDT:USDT'

function setup() {
  const h = paperHarness(tempDir())
  const accountId = h.exchange.createAccount({ name: 'Risky', maxLeverage: 20 }).id
  h.tick(BTC, 60_000)
  h.tick(ETH, 3_000)
  return { h, accountId }
}


/** Opens and closes a long that loses (60,000.1 -> 59,000) unless `win`. */
function roundTrip(h: ReturnType<typeof setup>['h'], accountId: number, win = false) {
  h.tick(BTC, 60_000)
  h.exchange.placeOrder({ accountId, symbol: BTC, side: 'buy', type: 'market', amount: '0.01' })
  h.tick(BTC, win ? 61_000 : 59_000)
  h.exchange.closePosition(accountId, BTC)
}

describe('risk controls', () => {
  it('refuse a position worth more than the account limit', () => {
    const { h, accountId } = setup()
    h.exchange.setRisk(accountId, { maxPositionNotional: '5000' })
    expect(refusal(() => h.exchange.placeOrder({ accountId, symbol: BTC, side: 'buy', type: 'market', amount: '0.1' })).message).toBe(
      "The BTC/USDT:USDT position would be worth 6000.01 USDT, above this account's limit of 5000.",
    )
    h.exchange.placeOrder({ accountId, symbol: BTC, side: 'buy', type: 'market', amount: '0.08' })
    expect(refusal(() => h.exchange.placeOrder({ accountId, symbol: BTC, side: 'buy', type: 'market', amount: '0.01' })).details).toMatchObject({
      rule: 'max_position_notional',
    })
    h.exchange.placeOrder({ accountId, symbol: BTC, side: 'sell', type: 'market', amount: '0.05' }) // reducing is always allowed
    h.close()
  })

  it('the daily loss limit trips the breaker, which blocks new entries but lets positions be reduced', () => {
    const { h, accountId } = setup()
    h.exchange.setRisk(accountId, { dailyLossLimit: '15' })
    h.exchange.placeOrder({ accountId, symbol: ETH, side: 'buy', type: 'market', amount: '1' })
    h.exchange.placeOrder({ accountId, symbol: ETH, side: 'buy', type: 'limit', amount: '1', price: '2500' })
    // Each round trip: P&L (59,000 - 60,000.1) x 0.01 = -10.001, fees 0.3000005 + 0.295.
    roundTrip(h, accountId)
    expect(h.exchange.listAccounts()[0]?.halt).toBeUndefined()
    // Two trips (-21.192001) plus the ETH entry's fee (1.50005) = 22.692051 lost today.
    roundTrip(h, accountId)
    const halted = h.exchange.listAccounts()[0]!
    expect(halted.halt).toMatchObject({ by: 'circuit_breaker', reason: 'Daily loss limit: 22.692051 USDT lost today (P&L less fees), the limit is 15.' })
    // Resting entries were canceled; new entries refused; reducing still works.
    expect(h.exchange.listOrders(accountId, true)).toEqual([])
    expect(refusal(() => h.exchange.placeOrder({ accountId, symbol: BTC, side: 'buy', type: 'market', amount: '0.01' })).details).toMatchObject({ rule: 'trading_halted' })
    h.exchange.placeOrder({ accountId, symbol: ETH, side: 'sell', type: 'market', amount: '0.5' })
    expect(h.events.filter((e) => e.name === 'risk.changed').map((e) => (e.payload as { halted: boolean }).halted)).toEqual([true])
    // Resuming starts a fresh count: the next fill does not trip it again at once...
    h.exchange.resume(accountId)
    h.exchange.placeOrder({ accountId, symbol: BTC, side: 'buy', type: 'market', amount: '0.01' })
    expect(h.exchange.listAccounts()[0]?.halt).toBeUndefined()
    const kinds = h.db.prepare('SELECT kind FROM risk_events ORDER BY id').all()
    expect(kinds).toEqual([{ kind: 'limits_changed' }, { kind: 'circuit_breaker' }, { kind: 'resumed' }])
    // ...but new losses after the resume count toward the limit again.
    h.tick(BTC, 58_000)
    h.exchange.closePosition(accountId, BTC)
    expect(h.exchange.listAccounts()[0]?.halt?.by).toBe('circuit_breaker')
    expectLedgerConsistent(h)
    h.close()
  })

  it('consecutive losses trip the breaker in flatten mode, which closes everything', () => {
    const { h, accountId } = setup()
    h.exchange.setRisk(accountId, { maxConsecutiveLosses: 2, breakerMode: 'flatten' })
    h.exchange.placeOrder({ accountId, symbol: ETH, side: 'buy', type: 'market', amount: '1' })
    roundTrip(h, accountId)
    roundTrip(h, accountId, true) // a win resets the streak
    roundTrip(h, accountId)
    expect(h.exchange.listAccounts()[0]?.halt).toBeUndefined()
    roundTrip(h, accountId)
    expect(h.exchange.listAccounts()[0]?.halt).toMatchObject({ by: 'circuit_breaker', reason: '2 losing trades in a row, the limit is 2.' })
    expect(h.exchange.listPositions(accountId)).toEqual([]) // the ETH position was flattened
    // reduce_only modes accept only reduce-only orders.
    expect(refusal(() => h.exchange.placeOrder({ accountId, symbol: ETH, side: 'buy', type: 'market', amount: '0.1' })).message).toContain(
      'only reduce-only orders are accepted',
    )
    expectLedgerConsistent(h)
    h.close()
  })

  it('the kill switch cancels everything, optionally flattens, and halts until resumed; the halt survives a restart', () => {
    const { h, accountId } = setup()
    h.exchange.placeOrder({ accountId, symbol: BTC, side: 'buy', type: 'market', amount: '0.01', stopLoss: '59000' })
    h.exchange.placeOrder({ accountId, symbol: ETH, side: 'sell', type: 'limit', amount: '1', price: '3100' })
    h.exchange.killSwitch(accountId, false, 'Bot misbehaving')
    expect(h.exchange.listOrders(accountId, true)).toEqual([])
    expect(h.exchange.listPositions(accountId)).toHaveLength(1)
    const again = h.reopen()
    expect(again.exchange.listAccounts()[0]?.halt).toMatchObject({ by: 'kill_switch', reason: 'Bot misbehaving' })
    again.tick(BTC, 60_000)
    expect(refusal(() => again.exchange.placeOrder({ accountId, symbol: BTC, side: 'sell', type: 'market', amount: '0.01' })).details).toMatchObject({
      rule: 'trading_halted',
    })
    again.exchange.closePosition(accountId, BTC) // reduce-only is allowed
    again.exchange.resume(accountId)
    expect(again.exchange.listAccounts()[0]?.halt).toBeUndefined()
    again.exchange.placeOrder({ accountId, symbol: BTC, side: 'buy', type: 'market', amount: '0.01' })
    again.exchange.killSwitch(accountId, true)
    expect(again.exchange.listPositions(accountId)).toEqual([])
    expectLedgerConsistent(again)
    again.close()
  })
})

describe('a breaker that flattens in the same commit as the fill that tripped it', () => {
  it("leaves the margin book with its balance row, though it nets to zero (regression: the row was skipped)", () => {
    const h = paperHarness(tempDir())
    const accountId = h.exchange.createAccount({ name: 'Zero' }).id
    // The opening fee (about 3 USDT) trips a 1 USDT daily loss limit, which flattens at once:
    // the margin book is reserved and released within its first commit.
    h.exchange.setRisk(accountId, { dailyLossLimit: '1', breakerMode: 'flatten' })
    h.tick(BTC, 60_000)
    h.exchange.placeOrder({ accountId, symbol: BTC, side: 'buy', type: 'market', amount: '0.1' })
    expect(h.exchange.listPositions(accountId)).toEqual([])
    expect(h.db.prepare("SELECT amount FROM balances WHERE book = 'margin:BTC/USDT:USDT'").get()).toEqual({ amount: 0 })
    expectLedgerConsistent(h)
    h.close()
  })
})
