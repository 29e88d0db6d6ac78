// Paper engine and ledger figures for `npm run bench` (JSON lines).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import Database from 'better-sqlite3'
import { silentLogger } from '../../electron/core/log'
import { EventBus } from '../../electron/engine/bus'
import { ManualClock } from '../../electron/engine/clock'
import { PaperExchange, type TradableInstrument } from '../../electron/engine/paper/paper-exchange'
import { closeLedger, openLedger } from '../../electron/ledger/db'
import { SIMULATED_MARKETS } from '../../electron/venues/simulator/markets'
import { tradableInstruments } from '../../electron/engine/paper/tradable'

const BTC = 'BTC/USDT:USDT'
const INSTRUMENTS = tradableInstruments(SIMULATED_MARKETS.map((m) => m.instrument))
const BTC_PERP = INSTRUMENTS.get(BTC)!

/** `count` perpetuals shaped like BTC's (the 50-symbol book). */
function syntheticMarkets(count: number): Map<string, TradableInstrument> {
  const markets = new Map<string, TradableInstrument>()
  for (let i = 0; i < count; i++) {
    const symbol = `S${i}/USDT:USDT`
    markets.set(symbol, { ...BTC_PERP, instrument: { ...BTC_PERP.instrument, symbol, base: `S${i}` } })
  }
  return markets
}
const T0 = Date.UTC(2026, 0, 1)

function withLedger<T>(run: (file: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'tradedesk-bench-'))
  try {
    return run(join(dir, 'ledger.sqlite'))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The ledger exactly as the app opens it (WAL, synchronous=NORMAL, background checkpoints). */
function exchangeOn(file: string, clock: ManualClock, instruments = INSTRUMENTS) {
  const db = openLedger(file, { now: clock.now() })
  return { db, exchange: new PaperExchange(db, instruments, new EventBus(silentLogger), clock), close: () => closeLedger(db) }
}

const tick = (clock: ManualClock, last: number, volume = 1_000, symbol = BTC) => {
  clock.advance(1)
  return { symbol, ts: clock.now(), last, bid: last, ask: Math.round((last + 0.1) * 10) / 10, volume }
}

/**
 * 50 symbols x 200 positions, each with a stop-loss, a take-profit and a trailing stop
 * (30,000 working orders); ticks that move the market without triggering anything, so every
 * tick evaluates its symbol's 600 orders and 200 positions.
 */
export function evaluationThroughput(symbols = 50, perSymbol = 200, ticks = 20_000, parts = { brackets: true, trailing: true }) {
  return withLedger((file) => {
    const clock = new ManualClock(T0)
    const markets = syntheticMarkets(symbols)
    const { db, exchange, close } = exchangeOn(file, clock, markets)
    const names = [...markets.keys()]
    db.transaction(() => {
      exchange.onTicks(names.map((symbol) => tick(clock, 60_000, 1_000, symbol)))
      for (let a = 0; a < perSymbol; a++) {
        const accountId = exchange.createAccount({ name: `bot-${a}`, startingBalance: '10000000', maxOpenPositions: symbols }).id
        for (const symbol of names) {
          exchange.placeOrder({ accountId, symbol, side: 'buy', type: 'market', amount: '0.01', ...(parts.brackets ? { stopLoss: '50000', takeProfit: '70000' } : {}) })
          if (parts.trailing) exchange.placeOrder({ accountId, symbol, side: 'sell', type: 'trailing_stop_market', amount: '0.01', trailingDistance: '5000', reduceOnly: true })
        }
      }
    })()
    // Prices below the trailing anchors and inside every stop: evaluated, never triggered.
    const started = performance.now()
    for (let i = 0; i < ticks; i++) exchange.onTicks([tick(clock, 59_000 + (i % 50), 1, names[i % names.length])])
    const seconds = (performance.now() - started) / 1000
    const workingOrders = exchange.listOrders(1, true).length * perSymbol
    close()
    const evaluationsPerTick = perSymbol * 3 + perSymbol // orders + liquidation checks on the tick's symbol
    return { symbols, positions: symbols * perSymbol, workingOrders, ticksPerSecond: ticks / seconds, evaluationsPerSecond: (ticks * evaluationsPerTick) / seconds }
  })
}

/** Resting limits of many accounts filled by one tick: the fills of a tick batch commit together. */
export function batchedFillsPerSecond(accounts = 2_000) {
  return withLedger((file) => {
    const clock = new ManualClock(T0)
    const { db, exchange, close } = exchangeOn(file, clock)
    db.transaction(() => {
      exchange.onTicks([tick(clock, 60_000)])
      for (let a = 0; a < accounts; a++) {
        const accountId = exchange.createAccount({ name: `bot-${a}`, startingBalance: '100000' }).id
        exchange.placeOrder({ accountId, symbol: BTC, side: 'buy', type: 'limit', amount: '0.01', price: '59000' })
      }
    })()
    const started = performance.now()
    exchange.onTicks([tick(clock, 58_990, 1_000)])
    const seconds = (performance.now() - started) / 1000
    const fills = (db.prepare('SELECT COUNT(*) AS n FROM fills').get() as { n: number }).n
    close()
    return { fills, perSecond: fills / seconds }
  })
}

/** Market orders back and forth: every fill is one committed transaction with all its rows. */
function engineFillsPerSecond(count: number): number {
  return withLedger((file) => {
    const clock = new ManualClock(T0)
    const { exchange, close } = exchangeOn(file, clock)
    const accountId = exchange.createAccount({ name: 'bench', startingBalance: '1000000000' }).id
    exchange.onTicks([tick(clock, 60_000)])
    const started = performance.now()
    for (let i = 0; i < count; i++) {
      exchange.placeOrder({ accountId, symbol: BTC, side: i % 2 === 0 ? 'buy' : 'sell', type: 'market', amount: '0.01' })
    }
    const seconds = (performance.now() - started) / 1000
    close()
    return count / seconds
  })
}

/**
 * The rows the engine writes for the same fills, bare, on a ledger opened as the app opens
 * it. Placed one by one (`grouped` false), each market order is a new order with its 'open'
 * and 'filled' events, the fill, the position opened (or closed into its history), one ledger
 * transaction (4 entries opening, 6 closing) with one upsert per book, and one journal row,
 * in one transaction. Grouped: resting orders of `count` accounts filled by one tick (per
 * account: an order update and event, the fill, the position, the transaction of 4 entries
 * and 3 upserts), all in one transaction.
 */
function bareInsertsPerSecond(count: number, grouped: boolean): number {
  return withLedger((file) => {
    const db = openLedger(file, { now: T0 })
    const account = db.prepare(
      "INSERT INTO accounts (name, quote, starting_balance, max_leverage, max_open_positions, sizing_method, sizing_value, status, created_at, updated_at) VALUES (?, 'USDT', 1, 10, 5, 'FIXED_USD', 1, 'active', 0, 0)",
    )
    db.transaction(() => {
      for (let i = 0; i < (grouped ? count : 1); i++) account.run(`bench-${i}`)
    })()
    const insertOrder = db.prepare(
      "INSERT INTO orders (account_id, client_order_id, symbol, side, type, time_in_force, amount, leverage, reduce_only, status, created_at, updated_at) VALUES (?, ?, 'B', 'buy', 'market', 'IOC', 1000000, 10, 0, 'open', ?, ?)",
    )
    const updateOrder = db.prepare("UPDATE orders SET filled = 1000000, filled_notional = 60000000000, status = 'filled', updated_at = ? WHERE id = ?")
    const orderEvent = db.prepare('INSERT INTO order_events (order_id, status, ts) VALUES (?, ?, ?)')
    const fill = db.prepare("INSERT INTO fills (account_id, order_id, trade_id, symbol, side, price, amount, fee, fee_asset, liquidity, realized_pnl, ts) VALUES (?, ?, ?, 'B', 'buy', 6000000000000, 1000000, 300000, 'USDT', 'taker', 0, ?)")
    const openPosition = db.prepare("INSERT INTO positions VALUES (?, 'B', 'long', 1000000, 6000000000000, 10, 6000000000, 300000, ?, ?) ON CONFLICT DO UPDATE SET amount = excluded.amount, updated_at = excluded.updated_at")
    const closePosition = db.prepare("DELETE FROM positions WHERE account_id = 1 AND symbol = 'B'")
    const history = db.prepare("INSERT INTO position_history (account_id, symbol, side, entry_price, exit_price, amount, realized_pnl, fees, close_reason, opened_at, closed_at) VALUES (1, 'B', 'long', 6000000000000, 6000000000000, 1000000, 0, 600000, 'trade', ?, ?)")
    const tx = db.prepare("INSERT INTO ledger_transactions (account_id, kind, description, order_id, fill_id, ts) VALUES (?, 'trade', 'Buy 0.01 BTC/USDT:USDT at 60000 (taker), 10x, fee 0.05%', ?, ?, ?)")
    const entry = db.prepare("INSERT INTO ledger_entries (tx_id, account_id, book, asset, amount, kind) VALUES (?, ?, ?, 'USDT', ?, ?)")
    const balance = db.prepare("INSERT INTO balances VALUES (?, ?, 'USDT', ?) ON CONFLICT DO UPDATE SET amount = amount + excluded.amount")
    const journal = db.prepare("INSERT INTO journal (account_id, type, payload, ts) VALUES (1, 'commit', ?, ?)")
    const payload = JSON.stringify([['order.filled', 1, { id: 1, price: '60000', amount: '0.01', fee: '0.3' }]])
    const fillRows = (a: number, orderId: number | bigint, i: number, closing: boolean) => {
      updateOrder.run(i, orderId)
      orderEvent.run(orderId, 'filled', i)
      const fillId = fill.run(a, orderId, `t${i}`, i).lastInsertRowid
      const txId = tx.run(a, orderId, fillId, i).lastInsertRowid
      if (closing) {
        closePosition.run()
        history.run(i, i)
        entry.run(txId, a, 'margin:B', -6000000000, 'margin_release')
        entry.run(txId, a, 'wallet', 6000000000, 'margin_release')
        entry.run(txId, a, 'wallet', 1, 'realized_pnl')
        entry.run(txId, a, 'external:market', -1, 'realized_pnl')
        balance.run(a, 'external:market', -1)
      } else {
        openPosition.run(a, i, i)
        entry.run(txId, a, 'wallet', -6000000000, 'margin_reserve')
        entry.run(txId, a, 'margin:B', 6000000000, 'margin_reserve')
      }
      entry.run(txId, a, 'wallet', -300000, 'fee')
      entry.run(txId, a, 'external:fees', 300000, 'fee')
      balance.run(a, 'wallet', closing ? 5999700001 : -6000300000)
      balance.run(a, 'margin:B', closing ? -6000000000 : 6000000000)
      balance.run(a, 'external:fees', 300000)
    }
    const placed = db.transaction((i: number) => {
      const orderId = insertOrder.run(1, `o${i}`, i, i).lastInsertRowid
      orderEvent.run(orderId, 'open', i)
      fillRows(1, orderId, i, i % 2 === 1)
      journal.run(payload, i)
    })
    const resting: Array<number | bigint> = []
    db.transaction(() => {
      for (let i = 0; grouped && i < count; i++) resting.push(insertOrder.run(i + 1, `r${i}`, 0, 0).lastInsertRowid)
    })()
    const filledByOneTick = db.transaction(() => {
      resting.forEach((orderId, i) => fillRows(i + 1, orderId, i, false))
      journal.run(payload, count)
    })
    const started = performance.now()
    if (grouped) filledByOneTick()
    else for (let i = 0; i < count; i++) placed(i)
    const seconds = (performance.now() - started) / 1000
    closeLedger(db)
    return count / seconds
  })
}

/** From the tick that crosses a stop to its closing fill committed, per stop. */
function stopLatencies(count: number): number[] {
  return withLedger((file) => {
    const clock = new ManualClock(T0)
    const { exchange, close } = exchangeOn(file, clock)
    const accountId = exchange.createAccount({ name: 'bench', startingBalance: '1000000000' }).id
    const latencies: number[] = []
    for (let i = 0; i < count; i++) {
      exchange.onTicks([tick(clock, 60_000)])
      exchange.placeOrder({ accountId, symbol: BTC, side: 'buy', type: 'market', amount: '0.01' })
      exchange.placeOrder({ accountId, symbol: BTC, side: 'sell', type: 'stop_market', amount: '0.01', triggerPrice: '59000', reduceOnly: true })
      const started = performance.now()
      exchange.onTicks([tick(clock, 58_990)])
      latencies.push(performance.now() - started)
    }
    close()
    return latencies
  })
}

/** Restart time: open and migrate the file, then rebuild the engine, over a ledger of `fills` fills. */
function restartMs(fills: number): { ms: number; fills: number } {
  return withLedger((file) => {
    const clock = new ManualClock(T0)
    const seeded = exchangeOn(file, clock)
    const accountId = seeded.exchange.createAccount({ name: 'bench', startingBalance: '1000000000' }).id
    seeded.exchange.onTicks([tick(clock, 60_000)])
    seeded.exchange.placeOrder({ accountId, symbol: BTC, side: 'buy', type: 'market', amount: '0.01' })
    seeded.exchange.placeOrder({ accountId, symbol: BTC, side: 'buy', type: 'limit', amount: '0.01', price: '50000' })
    seeded.close()
    // Bulk history: the fills table at size, as years of trading would leave it.
    const db = new Database(file)
    const insert = db.prepare(
      "INSERT INTO fills (account_id, order_id, trade_id, symbol, side, price, amount, fee, fee_asset, liquidity, realized_pnl, ts) VALUES (?, 1, ?, 'BTC/USDT:USDT', 'buy', 6000000000000, 1000000, 300000, 'USDT', 'taker', 0, ?)",
    )
    db.transaction(() => {
      for (let i = 0; i < fills; i++) insert.run(accountId, `bulk-${i}`, T0 + i)
    })()
    db.close()
    const started = performance.now()
    const reopened = exchangeOn(file, clock)
    const ms = performance.now() - started
    if (reopened.exchange.listOrders(accountId, true).length !== 1) throw new Error('restart lost the resting order')
    reopened.close()
    return { ms, fills }
  })
}

const round = (v: number, digits = 1) => Math.round(v * 10 ** digits) / 10 ** digits
const percentile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))] as number

export function paperEngineBenchmarks(): string[] {
  const fills = 5_000
  const engine = engineFillsPerSecond(fills)
  const bare = bareInsertsPerSecond(fills, false)
  const batched = batchedFillsPerSecond()
  const bareBatched = bareInsertsPerSecond(batched.fills, true)
  const latencies = stopLatencies(2_000)
  const restart = restartMs(1_000_000)
  const evaluation = evaluationThroughput()
  const settings = 'WAL, synchronous=NORMAL, checkpoints in a worker (the app\'s ledger settings)'
  return [
    JSON.stringify({ bench: 'ledger_fills_per_second', fills, engine: Math.round(engine), bare_same_rows: Math.round(bare), ratio: round(engine / bare, 2), commit: 'one transaction per fill (orders placed one by one)', settings }),
    JSON.stringify({
      bench: 'ledger_fills_per_second_batched',
      fills: batched.fills,
      engine: Math.round(batched.perSecond),
      bare_same_rows: Math.round(bareBatched),
      ratio: round(batched.perSecond / bareBatched, 2),
      commit: 'one transaction per tick batch (group commit)',
      settings,
    }),
    JSON.stringify({
      bench: 'engine_evaluation',
      symbols: evaluation.symbols,
      positions: evaluation.positions,
      working_orders: evaluation.workingOrders,
      ticks_per_second: Math.round(evaluation.ticksPerSecond),
      evaluations_per_second: Math.round(evaluation.evaluationsPerSecond),
    }),
    JSON.stringify({ bench: 'stop_tick_to_committed_fill', stops: latencies.length, p50_ms: round(percentile(latencies, 0.5), 3), p99_ms: round(percentile(latencies, 0.99), 3), settings }),
    JSON.stringify({ bench: 'restart_rebuild', fills: restart.fills, ms: round(restart.ms) }),
  ]
}
