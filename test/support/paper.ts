import { join } from 'node:path'
import { expect } from 'vitest'
import type { AppError, EventName } from '../../shared/contract'
import type { Tick } from '../../shared/domain/market'
import { formatAtoms } from '../../shared/trading/money'
import { silentLogger } from '../../electron/core/log'
import { EventBus } from '../../electron/engine/bus'
import { ManualClock } from '../../electron/engine/clock'
import { PaperExchange, type PaperExchangeOptions } from '../../electron/engine/paper/paper-exchange'
import { closeLedger, openLedger, type Db } from '../../electron/ledger/db'
import { BookRepo } from '../../electron/ledger/repos/book-repo'
import { SIMULATED_MARKETS } from '../../electron/venues/simulator/markets'
import { tradableInstruments } from '../../electron/engine/paper/tradable'
import type { AccountDesk } from '../../electron/engine/paper/account-desk'

export const T0 = Date.UTC(2026, 10, 21, 9, 0)
export const INSTRUMENTS = tradableInstruments(SIMULATED_MARKETS.map((m) => m.instrument))

export interface PaperHarness {
  db: Db
  file: string
  clock: ManualClock
  exchange: PaperExchange
  events: Array<{ name: EventName; payload: unknown }>
  /** A trade at `last` with the book at bid = last, ask = last + spread (BTC perpetual tick: 0.1). */
  tick(symbol: string, last: number, options?: { volume?: number; spread?: number }): void
  reopen(): PaperHarness
  close(): void
}

export function paperHarness(
  dir: string,
  file = join(dir, 'ledger.sqlite'),
  clock = new ManualClock(T0),
  options: PaperExchangeOptions = {},
): PaperHarness {
  const db = openLedger(file, { now: clock.now() })
  const bus = new EventBus(silentLogger)
  const events: PaperHarness['events'] = []
  bus.subscribe((name, payload) => events.push({ name, payload }))
  const exchange = new PaperExchange(db, INSTRUMENTS, bus, clock, options)
  const harness: PaperHarness = {
    db,
    file,
    clock,
    exchange,
    events,
    tick(symbol, last, options = {}) {
      clock.advance(100)
      const spread = options.spread ?? 0.1
      const t: Tick = {
        symbol,
        ts: clock.now(),
        last,
        bid: last,
        ask: Math.round((last + spread) * 100) / 100,
        volume: options.volume ?? 10,
      }
      exchange.onTicks([t])
    },
    reopen() {
      closeLedger(db)
      return paperHarness(dir, file, clock, options)
    },
    close() {
      closeLedger(db)
    },
  }
  return harness
}

/**
 * The ledger's invariants: every transaction balances per asset, every running balance
 * equals the sum of its entries, and the wallet and margin the engine reports are the books'.
 */
export function expectLedgerConsistent(h: { db: Db; exchange: Pick<AccountDesk, 'listAccounts' | 'balance' | 'listPositions'> }): void {
  const unbalanced = h.db
    .prepare('SELECT tx_id, asset, SUM(amount) AS total FROM ledger_entries GROUP BY tx_id, asset HAVING total <> 0')
    .all()
  expect(unbalanced).toEqual([])
  const books = new BookRepo(h.db)
  const sums = new Map(books.entrySums().map((s) => [`${s.accountId}|${s.book}|${s.asset}`, s.amount]))
  const stored = h.db.prepare('SELECT account_id, book, asset, amount FROM balances').safeIntegers(true).all() as Array<{
    account_id: bigint
    book: string
    asset: string
    amount: bigint
  }>
  for (const b of stored) expect(b.amount, `${b.book} ${b.asset}`).toBe(sums.get(`${b.account_id}|${b.book}|${b.asset}`) ?? 0n)
  expect(stored.length).toBe(sums.size)
  for (const account of h.exchange.listAccounts()) {
    const balance = h.exchange.balance(account.id)
    const own = books.balances(account.id)
    const wallet = own.find((b) => b.book === 'wallet' && b.asset === account.quote)?.amount ?? 0n
    const margin = own.filter((b) => b.book.startsWith('margin:')).reduce((sum, b) => sum + b.amount, 0n)
    for (const holding of balance.holdings) {
      expect(holding.amount, `${holding.asset} holding`).toBe(formatAtoms(own.find((b) => b.book === 'wallet' && b.asset === holding.asset)?.amount ?? 0n))
    }
    expect(balance.wallet).toBe(formatAtoms(wallet))
    expect(balance.marginUsed).toBe(formatAtoms(margin))
    const positionsMargin = h.exchange.listPositions(account.id).reduce((sum, p) => sum + Number(p.margin), 0)
    expect(Number(balance.marginUsed)).toBeCloseTo(positionsMargin, 8)
  }
}


/** The AppError a command throws; fails the test when it does not throw. */
export function refusal(run: () => unknown): AppError {
  try {
    run()
  } catch (error) {
    return error as AppError
  }
  throw new Error('expected a refusal')
}
