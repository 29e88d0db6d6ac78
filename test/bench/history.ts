// Trade-history figures for `npm run bench` (JSON lines): a generated ledger of 1,000,000
// fills, indexed into round trips, then the queries the history screen makes.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { HistoryFilter } from '../../shared/domain/history'
import { ManualClock } from '../../electron/engine/clock'
import { HistoryService } from '../../electron/history/history-service'
import { closeLedger, openLedger, type Db } from '../../electron/ledger/db'

const FILLS = Number(process.env.BENCH_HISTORY_FILLS ?? 1_000_000)
const RUNS = 7
const T0 = Date.UTC(2024, 0, 1)
const ACCOUNTS = 5
const SYMBOLS = Array.from({ length: 20 }, (_, i) => `S${i}/USDT:USDT`)
const ONE = 100_000_000n

/** A deterministic pseudo-random sequence (the same ledger every run). */
function lcg(seed: number): () => number {
  let state = seed
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648
    return state / 2_147_483_648
  }
}

/**
 * Round trips of four fills each (two entries, two exits) spread over two years, on five
 * accounts and twenty perpetuals, with funding every eight hours on open positions. Written
 * straight into the tables: the engine's own speed is measured elsewhere.
 */
function generateLedger(db: Db): void {
  const random = lcg(42)
  const insertAccount = db.prepare(
    `INSERT INTO accounts (id, name, quote, starting_balance, max_leverage, max_open_positions, sizing_method, sizing_value, status, created_at, updated_at)
     VALUES (?, ?, 'USDT', ?, 20, 50, 'ACCOUNT_PERCENTAGE', 10000000, 'active', ?, ?)`,
  )
  const insertOrder = db.prepare(
    `INSERT INTO orders (id, account_id, client_order_id, symbol, side, type, time_in_force, amount, filled, filled_notional, leverage, reduce_only, status, stop_loss, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, 'market', 'IOC', ?, ?, ?, 10, 0, 'filled', ?, ?, ?)`,
  )
  const insertFill = db.prepare(
    `INSERT INTO fills (id, account_id, order_id, trade_id, symbol, side, price, amount, fee, fee_asset, liquidity, realized_pnl, ts)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'USDT', 'taker', 0, ?)`,
  )
  const insertTx = db.prepare("INSERT INTO ledger_transactions (account_id, kind, description, symbol, ts) VALUES (?, 'funding', 'Funding', ?, ?)")
  const insertEntry = db.prepare("INSERT INTO ledger_entries (tx_id, account_id, book, asset, amount, kind) VALUES (?, ?, ?, 'USDT', ?, 'funding')")
  db.transaction(() => {
    for (let a = 1; a <= ACCOUNTS; a++) insertAccount.run(a, `Bench ${a}`, 10_000n * ONE, T0, T0)
    const trips = Math.floor(FILLS / 4)
    const span = 2 * 365 * 86_400_000
    let id = 0
    for (let t = 0; t < trips; t++) {
      const account = 1 + (t % ACCOUNTS)
      const symbol = SYMBOLS[Math.floor(random() * SYMBOLS.length)] as string
      const long = random() < 0.5
      const start = T0 + Math.floor((t / trips) * span)
      const price = BigInt(Math.round(1_000 + random() * 100)) * ONE
      const amount = BigInt(Math.round(1 + random() * 9)) * (ONE / 10n)
      const move = BigInt(Math.round((random() - 0.45) * 40)) * ONE
      const exit = long ? price + move : price - move
      const stop = long ? price - 20n * ONE : price + 20n * ONE
      const legs: Array<[boolean, bigint]> = [[long, price], [long, price + ONE], [!long, exit], [!long, exit - ONE]]
      legs.forEach(([buy, p], leg) => {
        id += 1
        const ts = start + leg * 600_000
        insertOrder.run(id, account, `b-${id}`, symbol, buy ? 'buy' : 'sell', amount, amount, (p * amount) / ONE, leg === 0 ? stop : null, ts, ts)
        insertFill.run(id, account, id, `t-${id}`, symbol, buy ? 'buy' : 'sell', p, amount, (p * amount * 5n) / (ONE * 10_000n), ts)
      })
      if (t % 25 === 0) {
        const tx = Number(insertTx.run(account, symbol, start + 900_000).lastInsertRowid)
        const paid = BigInt(Math.round((random() - 0.3) * 1_000_000))
        if (paid !== 0n) {
          insertEntry.run(tx, account, 'wallet', -paid)
          insertEntry.run(tx, account, 'external:funding', paid)
        }
      }
    }
  })()
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b)
  return Math.round((sorted[Math.floor(sorted.length / 2)] as number) * 10) / 10
}

function timed(run: () => unknown): number {
  const started = performance.now()
  JSON.stringify(run()) // what the transport does with every answer
  return performance.now() - started
}

const measure = (run: () => unknown): number => median(Array.from({ length: RUNS }, () => timed(run)))

export function historyBenchmarks(): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'tradedesk-bench-history-'))
  const clock = new ManualClock(T0 + 3 * 365 * 86_400_000)
  const file = join(dir, 'ledger.sqlite')
  const generateStarted = performance.now()
  const fresh = openLedger(file, { now: clock.now() })
  generateLedger(fresh)
  // Closing folds the generated gigabyte of log into the file, as a restart of the app would.
  closeLedger(fresh)
  const generated = performance.now() - generateStarted
  const db = openLedger(file, { now: clock.now() })
  try {
    const indexStarted = performance.now()
    const history = new HistoryService(db, clock)
    history.current()
    const indexed = performance.now() - indexStarted
    // The first question loads the in-memory columns (the app does this in the background at start-up).
    const warmStarted = performance.now()
    const trips = history.trades({}, 'time', true, 0, 1).total
    const warm = performance.now() - warmStarted
    const lines = [
      JSON.stringify({
        bench: 'history_index',
        fills: FILLS,
        round_trips: trips,
        generate_ms: Math.round(generated),
        index_ms: Math.round(indexed),
        fills_per_s: Math.round(FILLS / (indexed / 1000)),
        columns_load_ms: Math.round(warm),
      }),
    ]
    const open = measure(() => ({ facets: history.current().facets(), page: history.trades({}, 'time', true, 0, 200) }))
    lines.push(JSON.stringify({ bench: 'history_open', fills: FILLS, median_ms: open, target_ms: 300, ok: open < 300 }))

    const lastMonth = T0 + 2 * 365 * 86_400_000 - 30 * 86_400_000
    const filters: Array<[string, HistoryFilter]> = [
      ['symbol', { symbols: ['S3/USDT:USDT'] }],
      ['account', { accountIds: [2] }],
      ['outcome', { outcome: 'loss' }],
      ['side', { side: 'short' }],
      ['date_range', { from: lastMonth, to: lastMonth + 30 * 86_400_000 }],
      ['search', { search: 'S1' }],
      ['combined', { accountIds: [1, 2], symbols: ['S3/USDT:USDT', 'S4/USDT:USDT'], outcome: 'win', side: 'long' }],
    ]
    const byFilter = Object.fromEntries(filters.map(([name, filter]) => [name, measure(() => history.trades(filter, 'time', true, 0, 200))]))
    const worst = Math.max(...Object.values(byFilter))
    lines.push(JSON.stringify({ bench: 'history_filter_change', fills: FILLS, ...byFilter, worst_ms: worst, target_ms: 100, ok: worst < 100 }))
    const sorted = measure(() => history.trades({}, 'netPnl', true, 0, 200))
    const deep = measure(() => history.trades({}, 'time', true, Math.floor(trips / 2), 200))
    const fills = measure(() => history.current().fills({ symbols: ['S3/USDT:USDT'] }, 0, 200))
    lines.push(JSON.stringify({ bench: 'history_pages', sort_by_pnl_ms: sorted, middle_page_ms: deep, fills_page_ms: fills }))
    const analytics = measure(() => history.analytics({}))
    const filteredAnalytics = measure(() => history.analytics({ symbols: ['S3/USDT:USDT'] }))
    lines.push(JSON.stringify({ bench: 'history_analytics', fills: FILLS, round_trips: trips, whole_set_ms: analytics, one_symbol_ms: filteredAnalytics, target_ms: 300, ok: analytics < 300 }))
    return lines
  } finally {
    closeLedger(db)
    rmSync(dir, { recursive: true, force: true })
  }
}
