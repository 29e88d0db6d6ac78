import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ImportedFill } from '../../../electron/history/csv-import'
import { closeLedger, openLedger, type Db } from '../../../electron/ledger/db'
import { AccountRepo } from '../../../electron/ledger/repos/account-repo'
import { ImportRepo } from '../../../electron/ledger/repos/import-repo'
import { AppError } from '../../../shared/contract/result'
import { useTempDirs } from '../../support/temp-dir'

const tempDir = useTempDirs()
const NOW = 1_700_000_000_000
const TABLES = ['accounts', 'orders', 'order_events', 'fills', 'balances', 'ledger_transactions', 'ledger_entries'] as const

function withLedger(test: (db: Db, repo: ImportRepo) => void): void {
  const db = openLedger(join(tempDir(), 'ledger.sqlite'), { now: NOW })
  try {
    test(db, new ImportRepo(db))
  } finally {
    closeLedger(db)
  }
}

function fill(n: number, over: Partial<ImportedFill> = {}): ImportedFill {
  return {
    line: n + 1,
    tradeId: `t${n}`,
    orderId: 'o1',
    ts: NOW - 60_000 + n * 1_000,
    symbol: 'BTC/USDT',
    side: 'buy',
    price: 4_200_000_000_000n,
    amount: 100_000n,
    fee: 4_200_000n,
    feeAsset: 'USDT',
    liquidity: 'taker',
    ...over,
  }
}

/** Row counts of the tables an import may touch or must not, and a checksum of their content. */
function state(db: Db): { counts: Record<string, number>; checksum: string } {
  const rows = TABLES.map((table) => db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2, 3`).raw(true).safeIntegers(true).all())
  const text = JSON.stringify(rows, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value))
  return {
    counts: Object.fromEntries(TABLES.map((table, i) => [table, rows[i]?.length ?? 0])),
    checksum: createHash('sha256').update(text).digest('hex'),
  }
}

function thrown(run: () => unknown): unknown {
  try {
    run()
  } catch (error) {
    return error
  }
  throw new Error('nothing was thrown')
}

describe('booking imported fills', () => {
  it('creates a review-only account once and reuses it by name', () => {
    withLedger((db, repo) => {
      const id = repo.ensureAccount('Binance 2024', 'binance', 'USDT', 1_000_000_000_000n, NOW)
      expect(db.prepare('SELECT name, quote, starting_balance, source, venue, status, max_leverage, created_at FROM accounts WHERE id = ?').get(id)).toEqual({
        name: 'Binance 2024',
        quote: 'USDT',
        starting_balance: 1_000_000_000_000,
        source: 'imported',
        venue: 'binance',
        status: 'active',
        max_leverage: 125,
        created_at: NOW,
      })
      expect(repo.ensureAccount('Binance 2024', 'binance', 'USDT', 5n, NOW + 1)).toBe(id)
      expect(state(db).counts.accounts).toBe(1)
    })
  })

  it('refuses the name of an account that trades', () => {
    withLedger((db, repo) => {
      new AccountRepo(db).insert({
        name: 'Main',
        quote: 'USDT',
        startingBalance: 1_000_000_000_000n,
        maxLeverage: 10,
        maxOpenPositions: 5,
        sizingMethod: 'ACCOUNT_PERCENTAGE',
        sizingValue: 10_000_000n,
        defaultStopLoss: undefined,
        defaultTakeProfit: undefined,
        makerFee: undefined,
        takerFee: undefined,
        createdAt: NOW,
      })
      const before = state(db)
      const error = thrown(() => repo.ensureAccount('Main', 'binance', 'USDT', 1n, NOW))
      expect(error).toBeInstanceOf(AppError)
      expect(error).toMatchObject({ code: 'CONFLICT', message: 'An account named "Main" already exists for trading. Import into another name.' })
      expect(state(db)).toEqual(before)
    })
  })

  it('books orders and fills once, converting a base-asset fee to the quote, and never touches the money', () => {
    withLedger((db, repo) => {
      const account = repo.ensureAccount('Imported', 'binance', 'USDT', 1_000_000_000_000n, NOW)
      const fills = [
        fill(1),
        fill(2, { amount: 300_000n, price: 4_200_100_000_000n }),
        // A spot buy's fee taken in BTC: 0.00000001 BTC at 42000.00000001 is 0.0004200000000001 USDT, rounded up;
        // the buy books the 0.00099999 BTC it delivered, so selling them closes the position.
        fill(3, { orderId: 'o2', price: 4_200_000_000_001n, fee: 1n, feeAsset: 'BTC' }),
        fill(4, { orderId: 'o3', side: 'sell', fee: 30_000n, feeAsset: 'BNB', liquidity: 'maker' }),
      ]
      expect(repo.book(account, fills, NOW)).toEqual({ added: 4, duplicates: 0 })

      const orders = db
        .prepare('SELECT client_order_id, symbol, side, type, time_in_force, amount, filled, filled_notional, status, created_at, updated_at FROM orders ORDER BY id')
        .all()
      expect(orders).toEqual([
        // 0.001 x 42000 + 0.003 x 42001 = 42 + 126.003
        { client_order_id: 'import:o1', symbol: 'BTC/USDT', side: 'buy', type: 'market', time_in_force: 'GTC', amount: 400_000, filled: 400_000, filled_notional: 16_800_300_000, status: 'filled', created_at: NOW - 59_000, updated_at: NOW - 58_000 },
        { client_order_id: 'import:o2', symbol: 'BTC/USDT', side: 'buy', type: 'market', time_in_force: 'GTC', amount: 99_999, filled: 99_999, filled_notional: 4_199_958_000, status: 'filled', created_at: NOW - 57_000, updated_at: NOW - 57_000 },
        { client_order_id: 'import:o3', symbol: 'BTC/USDT', side: 'sell', type: 'market', time_in_force: 'GTC', amount: 100_000, filled: 100_000, filled_notional: 4_200_000_000, status: 'filled', created_at: NOW - 56_000, updated_at: NOW - 56_000 },
      ])
      expect(db.prepare('SELECT trade_id, fee, fee_asset, liquidity, realized_pnl FROM fills ORDER BY id').raw(true).all()).toEqual([
        ['t1', 4_200_000, 'USDT', 'taker', 0],
        ['t2', 4_200_000, 'USDT', 'taker', 0],
        ['t3', 42_001, 'USDT', 'taker', 0],
        ['t4', 30_000, 'BNB', 'maker', 0],
      ])
      expect(db.prepare('SELECT COUNT(*) AS n FROM order_events WHERE ts = ?').get(NOW)).toEqual({ n: 3 })
      expect(state(db).counts).toEqual({ accounts: 1, orders: 3, order_events: 3, fills: 4, balances: 0, ledger_transactions: 0, ledger_entries: 0 })

      const booked = state(db)
      expect(repo.book(account, fills, NOW + 1)).toEqual({ added: 0, duplicates: 4 })
      expect(state(db)).toEqual(booked)
    })
  })

  it('books only the new fills of an overlapping file, leaving an order booked earlier as it was', () => {
    withLedger((db, repo) => {
      const account = repo.ensureAccount('Imported', 'binance', 'USDT', 1_000_000_000_000n, NOW)
      repo.book(account, [fill(1), fill(2)], NOW)
      expect(repo.book(account, [fill(2), fill(3), fill(4, { orderId: 'o2' })], NOW)).toEqual({ added: 2, duplicates: 1 })
      expect(db.prepare('SELECT client_order_id, amount FROM orders ORDER BY id').raw(true).all()).toEqual([
        ['import:o1', 200_000],
        ['import:o2', 100_000],
      ])
      expect(db.prepare('SELECT f.trade_id, o.client_order_id FROM fills f JOIN orders o ON o.id = f.order_id ORDER BY f.id').raw(true).all()).toEqual([
        ['t1', 'import:o1'],
        ['t2', 'import:o1'],
        ['t3', 'import:o1'],
        ['t4', 'import:o2'],
      ])
    })
  })

  it('books nothing of a file when one row in the middle fails', () => {
    withLedger((db, repo) => {
      const account = repo.ensureAccount('Imported', 'binance', 'USDT', 1_000_000_000_000n, NOW)
      repo.book(account, [fill(1), fill(2)], NOW)
      const before = state(db)

      // The ledger's own check (liquidity) fails on the third row, after two new fills and a new order.
      const badRow = [fill(3), fill(4, { orderId: 'o9' }), fill(5, { liquidity: 'both' as ImportedFill['liquidity'] }), fill(6)]
      expect(String(thrown(() => repo.book(account, badRow, NOW)))).toMatch(/CHECK constraint failed/)
      expect(state(db)).toEqual(before)

      // A fill that contradicts its order (booked earlier as a buy of BTC/USDT).
      const contradiction = thrown(() => repo.book(account, [fill(3), fill(4, { symbol: 'ETH/USDT', side: 'sell' }), fill(5)], NOW))
      expect(contradiction).toBeInstanceOf(AppError)
      expect(contradiction).toMatchObject({
        code: 'IMPORT_INVALID',
        message: 'Line 5: order "o1" was already booked as a buy of BTC/USDT, not a sell of ETH/USDT',
        details: { line: 5 },
      })
      expect(state(db)).toEqual(before)

      // The caller's transaction aborts after booking: the savepoint goes with it.
      expect(String(thrown(() => db.transaction(() => {
        repo.book(account, [fill(3), fill(4, { orderId: 'o9' })], NOW)
        throw new Error('account creation failed')
      })()))).toBe('Error: account creation failed')
      expect(state(db)).toEqual(before)
    })
  })
})
