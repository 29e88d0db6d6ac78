import { describe, expect, it } from 'vitest'
import type { Candle, Tick } from '../../../shared/domain/market'
import { defaultParams, type StopParams } from '../../../shared/domain/strategies'
import { StrategyFault, StrategyRunner } from '../../../electron/bots/strategy-runner'
import { TickRouter } from '../../../electron/bots/tick-router'
import { silentLogger } from '../../../electron/core/log'
import { EventBus } from '../../../electron/engine/bus'
import { IntentDesk } from '../../../electron/engine/paper/intent-desk'
import { IntentRepo } from '../../../electron/ledger/repos/intent-repo'
import type { PositionView, Signal, Strategy } from '../../../electron/strategies/strategy'
import { expectLedgerConsistent, paperHarness, T0 } from '../../support/paper'
import { useTempDirs } from '../../support/temp-dir'

const tempDir = useTempDirs()
const SPOT = 'BTC/USDT'
const MINUTE = 60_000

/** Answers candle n with the n-th scripted reply (a signal, nothing, or whatever a broken strategy returns). */
class Scripted implements Strategy {
  readonly warmup = 0
  readonly seen: Array<PositionView | undefined> = []
  constructor(private readonly replies: ReadonlyArray<(() => unknown) | unknown>) {}
  onCandle(_candle: Candle, position: PositionView | undefined): Signal | undefined {
    const reply = this.replies[this.seen.length]
    this.seen.push(position)
    return (typeof reply === 'function' ? (reply as () => unknown)() : reply) as Signal | undefined
  }
}

const STOPS: StopParams = (({ stop, stopPercent, atrPeriod, atrMultiplier, allowShort }) => ({ stop, stopPercent, atrPeriod, atrMultiplier, allowShort }))(defaultParams('ema-crossover'))

/** A paper account run by a scripted strategy on 1m candles; `minute(n, price)` plays one flat candle. */
function setup(replies: ReadonlyArray<unknown>, stops: Partial<StopParams> = {}, budgetMs?: number) {
  const h = paperHarness(tempDir())
  const accountId = h.exchange.createAccount({ name: 'Bot', sizingMethod: 'ACCOUNT_PERCENTAGE', sizingValue: '0.5' }).id
  const desk = new IntentDesk(h.db, h.exchange, new IntentRepo(h.db), new EventBus(silentLogger), h.clock)
  const strategy = new Scripted(replies)
  const runner = new StrategyRunner(strategy, { accountId, symbol: SPOT, stops: { ...STOPS, ...stops }, ...(budgetMs === undefined ? {} : { decisionBudgetMs: budgetMs }) }, h.exchange, desk)
  const router = new TickRouter(h.exchange)
  router.watch(SPOT, '1m', (candle) => runner.onCandle(candle))
  const minute = (n: number, price: number) => {
    const tick: Tick = { symbol: SPOT, ts: T0 + n * MINUTE, last: price, bid: price, ask: price + 0.01, volume: 1 }
    h.clock.set(tick.ts)
    router.onTicks([tick])
  }
  return { h, accountId, desk, strategy, minute }
}

describe('a strategy runner', () => {
  it('turns signals into recorded intents with their reasoning, and shows the strategy its position', () => {
    const { h, accountId, desk, strategy, minute } = setup([{ action: 'long', reasoning: 'breakout' }, undefined, { action: 'close', reasoning: 'done' }])
    ;[60_000, 61_000, 62_000, 63_000].forEach((price, n) => minute(n, price))
    // Candle 0 closed at 60,000 when candle 1 began: the buy filled at the quote then (ask 60,000.01).
    expect(h.exchange.listFills(accountId).map((f) => [f.side, f.price])).toEqual([
      ['sell', '62000'],
      ['buy', '60000.01'],
    ])
    expect(strategy.seen.map((p) => p?.side)).toEqual([undefined, 'long', 'long'])
    expect(desk.list(accountId).map((d) => [d.action, d.status, d.reasoning])).toEqual([
      ['close', 'accepted', 'done'],
      ['long', 'accepted', 'breakout'],
    ])
    expectLedgerConsistent(h)
    h.close()
  })

  it('records a refused intent with why, and goes on', () => {
    const { h, accountId, desk, minute } = setup([{ action: 'short', reasoning: 'spot cannot short' }, { action: 'long', reasoning: 'then long' }])
    ;[60_000, 60_500, 61_000].forEach((price, n) => minute(n, price))
    const [long, short] = desk.list(accountId)
    expect(short).toMatchObject({ action: 'short', status: 'refused' })
    expect(short?.reason).toMatch(/BTC/)
    expect(long).toMatchObject({ action: 'long', status: 'accepted' })
    h.close()
  })

  it('gives entries a fixed stop from the close, and trails a trailing stop it cancels before exiting', () => {
    const fixed = setup([{ action: 'long', reasoning: 'in' }], { stop: 'percent', stopPercent: 2 })
    ;[50_000, 50_100].forEach((price, n) => fixed.minute(n, price))
    const [stop] = fixed.h.exchange.listOrders(fixed.accountId, true)
    expect(stop).toMatchObject({ side: 'sell', type: 'stop_market', triggerPrice: '49000' })
    fixed.h.close()

    const trailing = setup([{ action: 'long', reasoning: 'in' }, undefined, { action: 'close', reasoning: 'out' }], { stop: 'trailing-percent', stopPercent: 1.5 })
    ;[50_000, 50_100].forEach((price, n) => trailing.minute(n, price))
    const [trail] = trailing.h.exchange.listOrders(trailing.accountId, true)
    expect(trail).toMatchObject({ side: 'sell', type: 'trailing_stop_market', trailingPercent: '0.015' })
    expect(trail?.amount).toBe(trailing.h.exchange.balance(trailing.accountId).holdings[0]?.amount)
    ;[50_200, 50_300].forEach((price, n) => trailing.minute(n + 2, price))
    expect(trailing.h.exchange.listOrders(trailing.accountId, true)).toEqual([])
    expect(trailing.h.exchange.balance(trailing.accountId).holdings).toEqual([])
    expectLedgerConsistent(trailing.h)
    trailing.h.close()
  })

  it('keeps the open position’s stop when a turn is refused', () => {
    const { h, accountId, desk, minute } = setup([{ action: 'long', reasoning: 'in' }, { action: 'short', reasoning: 'turn' }], { stop: 'percent', stopPercent: 2 })
    ;[50_000, 50_100, 50_200].forEach((price, n) => minute(n, price))
    expect(desk.list(accountId)[0]).toMatchObject({ action: 'short', status: 'refused' })
    expect(h.exchange.listOrders(accountId, true)).toEqual([expect.objectContaining({ type: 'stop_market', triggerPrice: '49000' })])
    h.close()
  })

  it('stops with the error when the strategy throws, answers garbage or runs too long, leaving the account as it was', () => {
    const cases: Array<[unknown, RegExp, number?]> = [
      [() => { throw new Error('division by zero') }, /^The strategy failed on the 2026-11-21 09:00 candle: division by zero$/],
      [{ action: 'buy', reasoning: 'x' }, /answered the 2026-11-21 09:00 candle with an unknown action \(buy\)/],
      [{ action: 'long', confidence: 2, reasoning: 'x' }, /a confidence of 2 \(it must lie between 0 and 1\)/],
      [{ action: 'long' }, /no reasoning/],
      [42, /number instead of a signal/],
      [() => { const until = performance.now() + 30; while (performance.now() < until); return undefined }, /took \d+ ms to decide on the 2026-11-21 09:00 candle \(the limit is 20 ms\)/, 20],
    ]
    for (const [reply, message, budget] of cases) {
      const { h, accountId, minute } = setup([reply], {}, budget)
      minute(0, 60_000)
      const balance = h.exchange.balance(accountId)
      let fault: unknown
      try {
        minute(1, 60_100)
      } catch (error) {
        fault = error
      }
      expect(fault).toBeInstanceOf(StrategyFault)
      expect((fault as Error).message).toMatch(message)
      expect(h.exchange.balance(accountId)).toEqual(balance)
      expect(h.exchange.listOrders(accountId, false)).toEqual([])
      h.close()
    }
  })
})
