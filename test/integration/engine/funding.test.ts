import { describe, expect, it } from 'vitest'
import { expectLedgerConsistent, paperHarness, T0 } from '../../support/paper'
import { useTempDirs } from '../../support/temp-dir'

const tempDir = useTempDirs()
const BTC = 'BTC/USDT:USDT'
const AT_16_UTC = T0 - (T0 % (8 * 3_600_000)) + 8 * 3_600_000

function setup(rate: string) {
  const h = paperHarness(tempDir(), undefined, undefined, { fundingRate: (symbol) => (symbol.endsWith(':USDT') ? rate : undefined) })
  const long = h.exchange.createAccount({ name: 'Long' }).id
  const short = h.exchange.createAccount({ name: 'Short' }).id
  h.tick(BTC, 60_000)
  h.exchange.placeOrder({ accountId: long, symbol: BTC, side: 'buy', type: 'market', amount: '0.1' })
  h.exchange.placeOrder({ accountId: short, symbol: BTC, side: 'sell', type: 'market', amount: '0.1' })
  return { h, long, short, wallet: (id: number) => h.exchange.balance(id).wallet }
}

describe('perpetual funding', () => {
  it('at each 8-hour settlement longs pay shorts a positive rate on notional at mark', () => {
    const { h, long, short, wallet } = setup('0.0001')
    const [longBefore, shortBefore] = [wallet(long), wallet(short)]
    h.clock.set(AT_16_UTC - 1_000)
    h.tick(BTC, 60_000)
    expect([wallet(long), wallet(short)]).toEqual([longBefore, shortBefore])
    h.clock.set(AT_16_UTC)
    h.tick(BTC, 60_000) // mark 60,000.05 x 0.1 x 0.01 % = 0.6000005
    expect(Number(wallet(long))).toBeCloseTo(Number(longBefore) - 0.6000005, 8)
    expect(Number(wallet(short))).toBeCloseTo(Number(shortBefore) + 0.6000005, 8)
    expect(h.exchange.ledgerEntries(long, 1)[0]).toMatchObject({
      kind: 'funding',
      amount: '-0.6000005',
      description: 'Funding BTC/USDT:USDT long 0.1 at 0.01% on 6000.005 USDT (16:00 UTC)',
    })
    // The same settlement is never applied twice, by later ticks or after a restart.
    h.tick(BTC, 60_000)
    const again = h.reopen()
    again.tick(BTC, 60_000)
    expect(again.db.prepare("SELECT COUNT(*) AS n FROM ledger_transactions WHERE kind = 'funding'").get()).toEqual({ n: 2 })
    expectLedgerConsistent(again)
    again.close()
  })

  it('a negative rate makes shorts pay; a wallet that cannot pay takes it from the position margin', () => {
    const { h, long, short, wallet } = setup('-0.003')
    h.exchange.placeOrder({ accountId: short, symbol: BTC, side: 'sell', type: 'market', amount: '1.55' }) // most of the wallet becomes margin
    const margin = Number(h.exchange.balance(short).marginUsed)
    const walletBefore = Number(wallet(short))
    h.clock.set(AT_16_UTC)
    h.tick(BTC, 60_000)
    // Pays 0.3 % of 1.65 x 60,000.05 = 297.0002475: all of the wallet, the rest from margin.
    expect(walletBefore).toBeLessThan(297)
    expect(wallet(short)).toBe('0')
    expect(Number(h.exchange.balance(short).marginUsed)).toBeCloseTo(margin - (297.0002475 - walletBefore), 6)
    expect(Number(wallet(long))).toBeGreaterThan(9_000)
    expectLedgerConsistent(h)
    h.close()
  })
})

describe('balance snapshots', () => {
  it('record every active account once an hour of engine time, marked to market, once', () => {
    const { h, long } = setup('0')
    const nextHour = T0 - (T0 % 3_600_000) + 3_600_000
    h.clock.set(nextHour - 500)
    h.tick(BTC, 60_500)
    expect(h.exchange.balanceHistory(long)).toEqual([])
    h.clock.set(nextHour + 10)
    h.tick(BTC, 61_000)
    const [snapshot] = h.exchange.balanceHistory(long)
    const now = h.exchange.balance(long)
    expect(snapshot).toEqual({
      ts: nextHour,
      wallet: now.wallet,
      marginUsed: now.marginUsed,
      unrealizedPnl: now.unrealizedPnl,
      holdings: '0',
      equity: now.equity,
    })
    h.tick(BTC, 61_100)
    const again = h.reopen()
    again.tick(BTC, 61_200)
    expect(again.exchange.balanceHistory(long)).toHaveLength(1)
    again.close()
  })
})
