import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../../shared/contract'
import { notional } from '../../../shared/trading/margin'
import { atoms, formatAtoms } from '../../../shared/trading/money'
import { expectLedgerConsistent, paperHarness, type PaperHarness } from '../../support/paper'
import { useTempDirs } from '../../support/temp-dir'

const tempDir = useTempDirs()
const BTC = 'BTC/USDT:USDT'
const SPOT = 'BTC/USDT'

type Command =
  | { kind: 'move'; percent: number; volume: number }
  | { kind: 'market'; side: 'buy' | 'sell'; steps: number; leverage: number }
  | { kind: 'limit'; side: 'buy' | 'sell'; steps: number; offsetPercent: number }
  | { kind: 'stop'; steps: number; offsetPercent: number }
  | { kind: 'trail'; steps: number; distance: number; mark: boolean }
  | { kind: 'stopLimit'; side: 'buy' | 'sell'; steps: number; offsetPercent: number }
  | { kind: 'amend'; index: number; offsetPercent: number }
  | { kind: 'fundingPasses' }
  | { kind: 'spot'; side: 'buy' | 'sell'; steps: number; limit: boolean; bracket: boolean }
  | { kind: 'close' }
  | { kind: 'cancel'; index: number }

const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('move' as const), percent: fc.double({ min: -4, max: 4, noNaN: true }), volume: fc.integer({ min: 1, max: 400 }).map((n) => n / 1000) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('move' as const), percent: fc.constantFrom(-15, -8, 8, 15), volume: fc.constant(1) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('market' as const), side: fc.constantFrom('buy' as const, 'sell' as const), steps: fc.integer({ min: 1, max: 400 }), leverage: fc.integer({ min: 1, max: 50 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('limit' as const), side: fc.constantFrom('buy' as const, 'sell' as const), steps: fc.integer({ min: 1, max: 300 }), offsetPercent: fc.double({ min: -3, max: 3, noNaN: true }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('stop' as const), steps: fc.integer({ min: 1, max: 300 }), offsetPercent: fc.double({ min: 0.2, max: 6, noNaN: true }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('trail' as const), steps: fc.integer({ min: 1, max: 300 }), distance: fc.integer({ min: 50, max: 3_000 }), mark: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('stopLimit' as const), side: fc.constantFrom('buy' as const, 'sell' as const), steps: fc.integer({ min: 1, max: 300 }), offsetPercent: fc.double({ min: 0.2, max: 3, noNaN: true }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('amend' as const), index: fc.nat(5), offsetPercent: fc.double({ min: -2, max: 2, noNaN: true }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'fundingPasses' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('spot' as const), side: fc.constantFrom('buy' as const, 'sell' as const), steps: fc.integer({ min: 1, max: 200 }), limit: fc.boolean(), bracket: fc.boolean() }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'close' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), index: fc.nat(5) }) },
)

/** A price on BTC's 0.1 tick. */
const onTick = (price: number): string => (Math.round(price * 10) / 10).toFixed(1)

function run(h: PaperHarness, accountId: number, state: { last: number }, c: Command): void {
  const position = h.exchange.listPositions(accountId).find((p) => p.symbol === BTC)
  const amount = (steps: number) => formatAtoms(BigInt(steps) * 100_000n) // steps of 0.001
  switch (c.kind) {
    case 'move':
      state.last = Math.max(1_000, Math.round(state.last * (1 + c.percent / 100) * 10) / 10)
      h.tick(BTC, state.last, { volume: c.volume })
      h.tick(SPOT, state.last, { volume: c.volume, spread: 0.01 })
      return
    case 'spot':
      h.exchange.placeOrder({
        accountId,
        symbol: SPOT,
        side: c.side,
        type: c.limit ? 'limit' : 'market',
        amount: amount(c.steps),
        ...(c.limit ? { price: onTick(state.last * (c.side === 'buy' ? 0.995 : 1.005)) } : {}),
        // A bought holding protected by a one-cancels-other pair.
        ...(c.bracket && c.side === 'buy' ? { stopLoss: onTick(state.last * 0.97), takeProfit: onTick(state.last * 1.03) } : {}),
      })
      return
    case 'market':
      h.exchange.placeOrder({ accountId, symbol: BTC, side: c.side, type: 'market', amount: amount(c.steps), ...(position ? {} : { leverage: c.leverage }) })
      return
    case 'limit':
      h.exchange.placeOrder({ accountId, symbol: BTC, side: c.side, type: 'limit', amount: amount(c.steps), price: onTick(state.last * (1 + c.offsetPercent / 100)) })
      return
    case 'stop': {
      if (position === undefined) return
      const long = position.side === 'long'
      const trigger = onTick(state.last * (1 + ((long ? -1 : 1) * c.offsetPercent) / 100))
      const size = atoms(amount(c.steps)) < atoms(position.amount) ? amount(c.steps) : position.amount
      h.exchange.placeOrder({ accountId, symbol: BTC, side: long ? 'sell' : 'buy', type: 'stop_market', amount: size, triggerPrice: trigger, reduceOnly: true })
      return
    }
    case 'trail': {
      if (position === undefined) return
      const long = position.side === 'long'
      const size = atoms(amount(c.steps)) < atoms(position.amount) ? amount(c.steps) : position.amount
      h.exchange.placeOrder({ accountId, symbol: BTC, side: long ? 'sell' : 'buy', type: 'trailing_stop_market', amount: size, trailingDistance: String(c.distance), triggerBy: c.mark ? 'mark' : 'last', reduceOnly: true })
      return
    }
    case 'stopLimit': {
      const up = c.side === 'buy'
      const trigger = state.last * (1 + ((up ? 1 : -1) * c.offsetPercent) / 100)
      h.exchange.placeOrder({ accountId, symbol: BTC, side: c.side, type: 'stop_limit', amount: amount(c.steps), triggerPrice: onTick(trigger), price: onTick(trigger * (up ? 1.001 : 0.999)) })
      return
    }
    case 'amend': {
      const open = h.exchange.listOrders(accountId, true).filter((o) => o.type === 'limit')
      const order = open[c.index % Math.max(1, open.length)]
      if (order !== undefined) h.exchange.amendOrder(accountId, order.id, { price: onTick(Number(order.price) * (1 + c.offsetPercent / 100)) })
      return
    }
    case 'fundingPasses':
      // Eight hours later the market trades again, past a funding settlement.
      h.clock.advance(8 * 3_600_000)
      h.tick(BTC, state.last)
      return
    case 'close':
      if (position !== undefined) h.exchange.closePosition(accountId, BTC)
      return
    case 'cancel': {
      const open = h.exchange.listOrders(accountId, true)
      const order = open[c.index % Math.max(1, open.length)]
      if (order !== undefined) h.exchange.cancelOrder(accountId, order.id)
    }
  }
}

/** Wallet + margin, rebuilt independently from the fills and the ledger's non-trade rows. */
function expectReconciledWithFills(h: PaperHarness, accountId: number): void {
  const sum = (sql: string): bigint => (h.db.prepare(sql).safeIntegers(true).get(accountId) as { v: bigint | null }).v ?? 0n
  const realized = sum('SELECT SUM(realized_pnl) AS v FROM fills WHERE account_id = ?')
  const fees = sum('SELECT SUM(fee) AS v FROM fills WHERE account_id = ?')
  const ownMoves = (kind: string) =>
    sum(
      `SELECT SUM(e.amount) AS v FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.tx_id WHERE e.account_id = ? AND t.kind = '${kind}' AND e.book NOT LIKE 'external:%'`,
    )
  // Spot trades move quote for base: sells bring USDT in, buys send it out.
  const spotFills = h.db.prepare('SELECT side, price, amount FROM fills WHERE account_id = ? AND symbol = ?').safeIntegers(true).all(accountId, SPOT) as Array<{
    side: string
    price: bigint
    amount: bigint
  }>
  const spotFlow = spotFills.reduce((flow, f) => flow + (f.side === 'sell' ? 1n : -1n) * notional(f.price, f.amount), 0n)
  const balance = h.exchange.balance(accountId)
  expect(atoms(balance.wallet) + atoms(balance.marginUsed)).toBe(
    atoms('10000') + realized - fees + spotFlow + ownMoves('liquidation_clearance') + ownMoves('funding'),
  )
  const bought = spotFills.reduce((held, f) => held + (f.side === 'buy' ? f.amount : -f.amount), 0n)
  expect(atoms(balance.holdings.find((x) => x.asset === 'BTC')?.amount ?? '0')).toBe(bought)
  const unrealized = h.exchange.listPositions(accountId).reduce((s, p) => s + atoms(p.unrealizedPnl), 0n)
  const held = balance.holdings.reduce((sum, x) => sum + atoms(x.value), 0n)
  expect(atoms(balance.equity)).toBe(atoms(balance.wallet) + atoms(balance.marginUsed) + unrealized + held)
  expect(atoms(balance.wallet)).toBeGreaterThanOrEqual(0n)
  for (const value of [balance.wallet, balance.marginUsed, balance.unrealizedPnl, balance.equity, balance.available]) {
    expect(value).toMatch(/^-?\d+(\.\d{1,8})?$/)
  }
}

describe('ledger invariants over random order flows (fast-check)', () => {
  it('hold after every step: balanced, reconciled, refusals change nothing', () => {
    let liquidations = 0
    let flips = 0
    let partials = 0
    let fundings = 0
    fc.assert(
      fc.property(fc.array(command, { minLength: 10, maxLength: 45 }), (commands) => {
        // Funding rates from -0.3 % to +0.3 %, fixed per settlement time.
        const fundingRate = (_symbol: string, time: number) => (((time / 3_600_000) % 13) * 0.0005 - 0.003).toFixed(4)
        // A thin five-level book around the last price, so large taker orders walk it and expire.
        const market = { last: 60_000 }
        const level = (k: number, side: 1 | -1, spread: number) => [Math.round((market.last + side * (spread + k * 0.1)) * 100) / 100, 0.05] as const
        const bookOf = (symbol: string) => {
          const spread = symbol === SPOT ? 0.01 : 0.1
          return { bids: [0, 1, 2, 3, 4].map((k) => level(k, -1, 0)), asks: [0, 1, 2, 3, 4].map((k) => level(k, 1, spread)) }
        }
        const h = paperHarness(tempDir(), undefined, undefined, { fundingRate, bookOf })
        try {
          const accountId = h.exchange.createAccount({ name: 'Random', maxLeverage: 50 }).id
          const state = market
          h.tick(BTC, state.last)
          h.tick(SPOT, state.last, { spread: 0.01 })
          for (const c of commands) {
            const before = h.exchange.balance(accountId)
            try {
              run(h, accountId, state, c)
            } catch (error) {
              if (!(error instanceof AppError) || !['REJECTED', 'CONFLICT', 'NOT_FOUND'].includes(error.code)) throw error
              expect(h.exchange.balance(accountId)).toEqual(before)
            }
            try {
              expectReconciledWithFills(h, accountId)
            } catch (error) {
              throw new Error(`after ${JSON.stringify(c)}: ${(error as Error).message}`, { cause: error })
            }
          }
          expectLedgerConsistent(h)
          liquidations += h.events.filter((e) => e.name === 'position.liquidated').length
          flips += (h.db.prepare("SELECT COUNT(*) AS n FROM position_history WHERE close_reason = 'flip'").get() as { n: number }).n
          partials += (h.db.prepare("SELECT COUNT(*) AS n FROM order_events WHERE status = 'partially_filled'").get() as { n: number }).n
          fundings += (h.db.prepare("SELECT COUNT(*) AS n FROM ledger_transactions WHERE kind = 'funding'").get() as { n: number }).n
        } finally {
          h.close()
        }
      }),
      { numRuns: 100, seed: 20261121 },
    )
    // The flows really exercised what the invariants are about.
    expect({ liquidations: liquidations > 0, flips: flips > 0, partials: partials > 0, fundings: fundings > 0 }).toEqual({
      liquidations: true,
      flips: true,
      partials: true,
      fundings: true,
    })
  }, 120_000)
})
