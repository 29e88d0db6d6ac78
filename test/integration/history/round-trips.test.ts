import { describe, expect, it } from 'vitest'
import type { HistoryFilter } from '../../../shared/domain/history'
import { computeAnalytics } from '../../../shared/trading/analytics'
import { HistoryService } from '../../../electron/history/history-service'
import { BookRepo } from '../../../electron/ledger/repos/book-repo'
import { HistoryRepo } from '../../../electron/ledger/repos/history-repo'
import { ImportRepo } from '../../../electron/ledger/repos/import-repo'
import { atoms, formatAtoms } from '../../../shared/trading/money'
import { paperHarness, T0, type PaperHarness } from '../../support/paper'
import { useTempDirs } from '../../support/temp-dir'

const tempDir = useTempDirs()
const BTC = 'BTC/USDT:USDT'
const SPOT = 'BTC/USDT'
const FUNDING_AT = T0 - (T0 % (8 * 3_600_000)) + 8 * 3_600_000
const ALL = { filter: {} }

function sumAtoms(values: string[]): string {
  return formatAtoms(values.reduce((sum, v) => sum + atoms(v), 0n))
}

/** Long 0.1, add 0.1, take 0.05 off, flip short with a 0.25 sell, pay funding while short, close. */
function perpetualJourney(h: PaperHarness, accountId: number): void {
  const market = (side: 'buy' | 'sell', amount: string) => h.exchange.placeOrder({ accountId, symbol: BTC, side, type: 'market', amount })
  h.tick(BTC, 60_000)
  market('buy', '0.1')
  h.tick(BTC, 61_000)
  market('buy', '0.1')
  h.tick(BTC, 62_000)
  market('sell', '0.05')
  h.tick(BTC, 59_000)
  market('sell', '0.25')
  h.clock.set(FUNDING_AT)
  h.tick(BTC, 58_000)
  market('buy', '0.1')
}

function journey() {
  const h = paperHarness(tempDir(), undefined, undefined, { fundingRate: () => '0.0001' })
  const accountId = h.exchange.createAccount({ name: 'Perp' }).id
  perpetualJourney(h, accountId)
  return { h, accountId, history: new HistoryService(h.db, h.clock) }
}

describe('round-trip trades from the ledger', () => {
  it('a flip closes one trade and opens the next; funding lands on the trade that was open', () => {
    const { h, accountId, history } = journey()
    const { rows, total } = history.trades(ALL.filter, 'time', false, 0, 100)
    expect(total).toBe(2)
    const [long, short] = rows
    // Bought 0.2 near 60,500, sold 0.05 at 62,000 and the last 0.15 at 59,000: a loss.
    expect(long).toMatchObject({ side: 'long', maxAmount: '0.2', fillCount: 4, outcome: 'loss', funding: '0' })
    expect(long?.entryPrice).toBe('60500.1') // the average of the asks 60,000.1 and 61,000.1
    expect(short).toMatchObject({ side: 'short', maxAmount: '0.1', fillCount: 2, outcome: 'win' })
    expect(atoms(short?.funding ?? '0')).toBeLessThan(0n) // a positive rate: the short received
    // Trades add up to what the ledger booked, to the atom.
    const fills = h.exchange.listFills(accountId, 100)
    expect(sumAtoms(rows.map((t) => t.grossPnl))).toBe(sumAtoms(fills.map((f) => f.realizedPnl)))
    expect(sumAtoms(rows.map((t) => t.fees))).toBe(sumAtoms(fills.map((f) => f.fee)))
    expect(sumAtoms(rows.map((t) => t.netPnl))).toBe(formatAtoms(new BookRepo(h.db).resultSince(accountId, 0)))
    h.close()
  })

  it('a trade shows its fills (the flip in both trades) and the ledger entries they caused', () => {
    const { h, history } = journey()
    const [long, short] = history.trades({}, 'time', false, 0, 10).rows
    const detail = history.trade(long?.id ?? 0)
    expect(detail.fills.map((f) => [f.side, f.amount])).toEqual([
      ['buy', '0.1'],
      ['buy', '0.1'],
      ['sell', '0.05'],
      ['sell', '0.25'],
    ])
    const flip = detail.fills[3]
    expect(flip?.roundTripIds).toEqual([long?.id, short?.id])
    expect(detail.entries.map((e) => e.kind)).toContain('realized_pnl')
    expect(history.trade(short?.id ?? 0).entries.some((e) => e.kind === 'funding')).toBe(true)
    h.close()
  })

  it('indexes incrementally: querying between fills gives the same trades as indexing all at once', () => {
    const dir = tempDir()
    const h = paperHarness(dir, undefined, undefined, { fundingRate: () => '0.0001' })
    const accountId = h.exchange.createAccount({ name: 'Perp' }).id
    const history = new HistoryService(h.db, h.clock)
    const market = (side: 'buy' | 'sell', amount: string) => h.exchange.placeOrder({ accountId, symbol: BTC, side, type: 'market', amount })
    h.tick(BTC, 60_000)
    market('buy', '0.1')
    expect(history.trades({}, 'time', false, 0, 10).rows[0]).toMatchObject({ outcome: 'open', maxAmount: '0.1' })
    h.tick(BTC, 61_000)
    market('buy', '0.1')
    history.trades({}, 'time', false, 0, 10)
    h.tick(BTC, 62_000)
    market('sell', '0.05')
    h.tick(BTC, 59_000)
    market('sell', '0.25')
    h.clock.set(FUNDING_AT)
    h.tick(BTC, 58_000)
    history.trades({}, 'time', false, 0, 10)
    market('buy', '0.1')
    const incremental = history.trades({}, 'time', false, 0, 10).rows

    h.db.exec("DELETE FROM round_trips; DELETE FROM round_trip_flows; DELETE FROM app_meta WHERE key LIKE 'history.%'")
    const rebuilt = new HistoryService(h.db, h.clock).trades({}, 'time', false, 0, 10).rows
    expect(rebuilt).toEqual(incremental)
    h.close()
  })

  it('spot trades: P&L is the sale against the average cost, fees in USDT', () => {
    const h = paperHarness(tempDir())
    const accountId = h.exchange.createAccount({ name: 'Spot' }).id
    h.tick(SPOT, 60_000, { spread: 0.01 })
    h.exchange.placeOrder({ accountId, symbol: SPOT, side: 'buy', type: 'market', amount: '0.1' })
    h.tick(SPOT, 61_000, { spread: 0.01 })
    h.exchange.placeOrder({ accountId, symbol: SPOT, side: 'sell', type: 'market', amount: '0.1' })
    const [trade] = new HistoryService(h.db, h.clock).trades({}, 'time', false, 0, 10).rows
    // Bought at the ask 60,000.01, sold at the bid 61,000: 0.1 x 999.99; fees 6.000001 + 6.1.
    expect(trade).toMatchObject({ side: 'long', entryPrice: '60000.01', exitPrice: '61000', grossPnl: '99.999', fees: '12.100001', netPnl: '87.898999', outcome: 'win' })
    h.close()
  })

  it('notes and tags are kept, searchable, filterable, and survive re-indexing', () => {
    const { h, history } = journey()
    const [long, short] = history.trades({}, 'time', false, 0, 10).rows
    history.setNote(long?.id ?? 0, 'Chased the breakout, sized too big')
    history.setTags(short?.id ?? 0, ['fade', ' news ', 'fade'])
    expect(history.trades({ search: 'breakout' }, 'time', false, 0, 10).rows.map((t) => t.id)).toEqual([long?.id])
    expect(history.trades({ tag: 'news' }, 'time', false, 0, 10).rows.map((t) => t.id)).toEqual([short?.id])
    expect(history.trades({ search: 'FAD' }, 'time', false, 0, 10).rows.map((t) => t.tags)).toEqual([['fade', 'news']])
    h.db.exec("DELETE FROM round_trips; DELETE FROM round_trip_flows; DELETE FROM app_meta WHERE key LIKE 'history.%'")
    const again = new HistoryService(h.db, h.clock).trade(long?.id ?? 0)
    expect(again.trade.note).toBe('Chased the breakout, sized too big')
    expect(() => history.setNote(999_999, 'x')).toThrow(/no trade #999999/)
    h.close()
  })

  it('filters by outcome, side, symbol and date, and counts what matches', () => {
    const { h, history } = journey()
    const ids = (filter: Parameters<HistoryService['trades']>[0]) => history.trades(filter, 'time', false, 0, 10)
    expect(ids({ side: 'short' }).total).toBe(1)
    expect(ids({ outcome: 'loss' }).rows.map((t) => t.side)).toEqual(['long'])
    expect(ids({ outcome: 'win' }).rows.map((t) => t.side)).toEqual(['short'])
    expect(ids({ symbols: [SPOT] }).total).toBe(0)
    expect(ids({ from: FUNDING_AT }).rows.map((t) => t.side)).toEqual(['short'])
    expect(ids({ to: FUNDING_AT }).rows.map((t) => t.side)).toEqual(['long'])
    h.close()
  })

  it('analytics of the whole ledger add up to what it booked', () => {
    const { h, accountId, history } = journey()
    const report = history.analytics({})
    expect(report.trades).toBe(2)
    expect([report.wins, report.losses]).toEqual([1, 1])
    expect(report.netPnl).toBe(formatAtoms(new BookRepo(h.db).resultSince(accountId, 0)))
    expect(report.startingEquity).toBe('10000')
    expect(report.daily.reduce((n, d) => n + d.trades, 0)).toBe(2)
    h.close()
  })

  it('the in-memory analytics agree with SQL for every filter, also after older fills are imported', () => {
    const { h, history } = journey()
    history.analytics({}) // loads the columns; what follows reaches them through the indexer
    const imports = new ImportRepo(h.db)
    const imported = imports.ensureAccount('Archive', 'binance', 'USDT', atoms('5000'), T0)
    const fill = (tradeId: string, ts: number, side: 'buy' | 'sell', price: string) => ({
      line: 2, tradeId, orderId: tradeId, ts, symbol: 'ETH/USDT', side, price: atoms(price), amount: atoms('1'), fee: atoms('1'), feeAsset: 'USDT', liquidity: 'taker' as const,
    })
    // A year before the paper trades: the flows now arrive out of time order.
    imports.book(imported, [fill('a', T0 - 365 * 86_400_000, 'buy', '2000'), fill('b', T0 - 364 * 86_400_000, 'sell', '1900')], T0)
    const repo = new HistoryRepo(h.db)
    const bySql = (filter: HistoryFilter) => {
      const exposure = repo.exposures(filter, h.clock.now())
      return computeAnalytics({
        trades: repo.closedOutcomes(filter),
        openTrades: exposure.open,
        flows: repo.hourlyFlows(filter),
        exposures: exposure.intervals,
        startingEquity: repo.startingEquity(filter),
      })
    }
    const filters: HistoryFilter[] = [{}, { sources: ['imported'] }, { side: 'short' }, { outcome: 'loss' }, { symbols: [BTC] }, { from: T0 }, { search: 'eth' }]
    for (const filter of filters) expect(history.analytics(filter), JSON.stringify(filter)).toEqual(bySql(filter))
    expect(history.analytics({ sources: ['imported'] })).toMatchObject({ trades: 1, netPnl: '-102', startingEquity: '5000' })
    h.close()
  })

  it('an average entry that lands exactly on the initial stop leaves the history working (no R for that trade)', () => {
    const h = paperHarness(tempDir())
    const accountId = h.exchange.createAccount({ name: 'Averaging' }).id
    h.tick(BTC, 60_000)
    h.exchange.placeOrder({ accountId, symbol: BTC, side: 'buy', type: 'market', amount: '0.1', stopLoss: '59000' })
    for (const order of h.exchange.listOrders(accountId, true)) h.exchange.cancelOrder(accountId, order.id)
    h.tick(BTC, 57_999.8) // the ask 57,999.9 averages the entry to exactly 59,000
    h.exchange.placeOrder({ accountId, symbol: BTC, side: 'buy', type: 'market', amount: '0.1' })
    const history = new HistoryService(h.db, h.clock)
    expect(history.trades({}, 'time', false, 0, 10).rows[0]).toMatchObject({ entryPrice: '59000', initialStop: '59000', outcome: 'open' })
    h.exchange.closePosition(accountId, BTC)
    expect(history.analytics({})).toMatchObject({ trades: 1, rTrades: 0, averageR: null })
    h.close()
  })

  it('imported history: newest-first files, older files after newer ones, and fees taken in the coin bought', () => {
    const h = paperHarness(tempDir())
    const history = new HistoryService(h.db, h.clock)
    const imports = new ImportRepo(h.db)
    const account = imports.ensureAccount('Archive', 'binance', 'USDT', atoms('10000'), T0)
    const day = (n: number) => Date.UTC(2024, 0, n)
    const fill = (tradeId: string, ts: number, side: 'buy' | 'sell', price: string, amount: string, fee = '1', feeAsset = 'USDT') => ({
      line: 2, tradeId, orderId: tradeId, ts, symbol: 'ETH/USDT', side, price: atoms(price), amount: atoms(amount), fee: atoms(fee), feeAsset, liquidity: 'taker' as const,
    })
    // February, listed newest first as exchanges do: bought twice, then sold both.
    imports.book(account, [fill('f3', day(33), 'sell', '150', '2'), fill('f2', day(32), 'buy', '200', '1'), fill('f1', day(31), 'buy', '100', '1')], T0)
    history.current()
    // Then January arrives: a round trip older than everything indexed.
    imports.book(account, [fill('j2', day(2), 'sell', '120', '1'), fill('j1', day(1), 'buy', '100', '1')], T0)
    history.refold(account)
    const trades = history.trades({}, 'time', false, 0, 10).rows
    expect(trades.map((t) => [t.side, t.entryPrice, t.exitPrice, t.netPnl, t.outcome])).toEqual([
      ['long', '100', '120', '18', 'win'],
      ['long', '150', '150', '-3', 'loss'],
    ])
    expect(trades.every((t) => (t.closedAt ?? 0) > t.openedAt)).toBe(true)
    // A spot buy whose fee was taken in ETH: selling the coins it delivered closes the trade.
    imports.book(account, [fill('b1', day(40), 'buy', '100', '1', '0.001', 'ETH'), fill('b2', day(41), 'sell', '110', '0.999', '0')], T0)
    const last = history.trades({}, 'time', true, 0, 1).rows[0]
    expect(last).toMatchObject({ outcome: 'win', fees: '0.1', netPnl: '9.89' }) // 0.999 x 10 - 0.1
    h.close()
  })

  it('with dates, trade figures count trades closed in them and money counts what was booked in them', () => {
    const { h, accountId, history } = journey()
    const fills = h.exchange.listFills(accountId, 100)
    const fromFunding = history.analytics({ from: FUNDING_AT })
    const feesSince = fills.filter((f) => f.ts >= FUNDING_AT).map((f) => f.fee)
    expect(fromFunding.trades).toBe(1)
    expect(fromFunding.fees).toBe(sumAtoms(feesSince))
    h.close()
  })
})
