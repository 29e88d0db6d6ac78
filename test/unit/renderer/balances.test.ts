import { describe, expect, it } from 'vitest'
import type { AccountBalance, LedgerEntry, Position } from '../../../shared/domain/trading'
import { atoms } from '../../../shared/trading/money'
import { dayFigures, equityPoints, liveTotals, markOf, utcDayStart, type PriceQuote } from '../../../renderer/src/features/balances/balance-math'
import { formatExact, formatMoney } from '../../../renderer/src/features/balances/money-format'

const MIDNIGHT = Date.UTC(2025, 2, 10) // 2025-03-10T00:00:00Z
const at = (hh: number, mm: number, ss = 0, ms = 0, day = 0): number => MIDNIGHT + day * 86_400_000 + ((hh * 60 + mm) * 60 + ss) * 1000 + ms

let nextId = 100
const entry = (ts: number, kind: string, amount: string, book = 'wallet', asset = 'USDT'): LedgerEntry => ({
  id: nextId--,
  txId: 1,
  kind,
  description: kind,
  book,
  asset,
  amount,
  ts,
})

/** The account's ledger around midnight UTC, newest first as ledger.entries gives it. */
const LEDGER: LedgerEntry[] = [
  entry(at(1, 0), 'liquidation_clearance', '-10'),
  entry(at(0, 45), 'fee', '-0.0001', 'wallet', 'BTC'), // a spot coin, not USDT money
  entry(at(0, 30), 'funding', '-0.5', 'wallet'),
  entry(at(0, 30), 'funding', '-0.25', 'margin:BTC/USDT:USDT'),
  entry(at(0, 5), 'realized_pnl', '120.5'),
  entry(at(0, 5), 'fee', '-3.0125'),
  entry(at(0, 5), 'margin_release', '600'),
  entry(at(0, 0), 'fee', '-1.2'), // exactly midnight: today
  entry(at(0, 0), 'realized_pnl', '-40.25'),
  entry(at(23, 59, 59, 999, -1), 'realized_pnl', '1000'), // a millisecond before: yesterday
  entry(at(23, 59, 59, 999, -1), 'fee', '-5'),
  entry(at(12, 0, 0, 0, -1), 'fee', '0.5'), // a maker rebate yesterday
]

describe('today from the ledger (UTC day)', () => {
  it('finds midnight UTC', () => {
    expect(utcDayStart(at(13, 7, 1, 5))).toBe(MIDNIGHT)
    expect(utcDayStart(MIDNIGHT)).toBe(MIDNIGHT)
    expect(utcDayStart(MIDNIGHT - 1)).toBe(MIDNIGHT - 86_400_000)
  })

  it('sums realized P&L, fees, funding and clearance since midnight, to the atom', () => {
    const today = dayFigures(LEDGER, utcDayStart(at(2, 0)), 'USDT')
    // 120.50 - 40.25
    expect(today.realized).toBe(atoms('80.25'))
    // 3.0125 + 1.20
    expect(today.fees).toBe(atoms('4.2125'))
    // -0.50 from the wallet, -0.25 from the position's margin
    expect(today.funding).toBe(atoms('-0.75'))
    expect(today.clearance).toBe(atoms('10'))
    // 80.25 - 4.2125 - 0.75 - 10
    expect(today.net).toBe(atoms('65.2875'))
    expect(today.complete).toBe(true)
  })

  it('counts yesterday apart, up to the last millisecond before midnight', () => {
    const yesterday = dayFigures(
      LEDGER.filter((e) => e.ts < MIDNIGHT),
      utcDayStart(at(23, 0, 0, 0, -1)),
      'USDT',
    )
    expect(yesterday.realized).toBe(atoms('1000'))
    // 5 paid less a 0.50 rebate
    expect(yesterday.fees).toBe(atoms('4.5'))
    expect(yesterday.net).toBe(atoms('995.5'))
  })

  it('knows when a page of entries may not reach back to midnight', () => {
    const todayOnly = LEDGER.filter((e) => e.ts >= MIDNIGHT)
    expect(dayFigures(todayOnly, MIDNIGHT, 'USDT', todayOnly.length).complete).toBe(false)
    expect(dayFigures(todayOnly, MIDNIGHT, 'USDT', todayOnly.length + 1).complete).toBe(true)
    expect(dayFigures(LEDGER, MIDNIGHT, 'USDT', LEDGER.length).complete).toBe(true)
    expect(dayFigures([], MIDNIGHT, 'USDT', 500)).toMatchObject({ realized: 0n, fees: 0n, net: 0n, complete: true })
  })
})

const position = (p: Partial<Position>): Position => ({
  accountId: 1,
  symbol: 'BTC/USDT:USDT',
  side: 'long',
  amount: '0.1',
  entryPrice: '60000',
  leverage: 10,
  margin: '600',
  maintenanceMargin: '24',
  markPrice: '60000',
  unrealizedPnl: '5',
  openedAt: 0,
  ...p,
})

const balance: AccountBalance = {
  accountId: 1,
  asset: 'USDT',
  wallet: '9000',
  marginUsed: '600',
  unrealizedPnl: '0',
  equity: '9600',
  available: '9000',
  holdings: [{ asset: 'BTC', amount: '0.01', available: '0.01', value: '599' }],
}

describe('live balance between balance events', () => {
  it('marks at the mid of bid and ask, or the last price without a real book', () => {
    expect(markOf({ last: 60_000, bid: 60_100, ask: 60_100.5 })).toBe(atoms('60100.25'))
    expect(markOf({ last: 3010, bid: 3010.33, ask: 3010.34 })).toBe(atoms('3010.335'))
    expect(markOf({ last: 101.5, bid: 101.5, ask: 101.5 })).toBe(atoms('101.5'))
    expect(markOf(undefined)).toBeUndefined()
  })

  it('re-marks positions and holdings with the engine functions and sums equity', () => {
    const quotes: Record<string, PriceQuote> = {
      'BTC/USDT:USDT': { last: 60_100, bid: 60_100, ask: 60_100.5 },
      'ETH/USDT:USDT': { last: 3010.33, bid: 3010.33, ask: 3010.34 },
      'BTC/USDT': { last: 60_000, bid: 60_000, ask: 60_001 },
    }
    const positions = [position({}), position({ symbol: 'ETH/USDT:USDT', side: 'short', amount: '1', entryPrice: '3000' })]
    const t = liveTotals(balance, positions, (s) => quotes[s])
    // long (60100.25 - 60000) x 0.1 = 10.025; short (3000 - 3010.335) x 1 = -10.335
    expect(t.unrealized).toBe(atoms('-0.31'))
    // 0.01 BTC at mid 60000.5
    expect(t.holdingValues).toEqual([atoms('600.005')])
    // 9000 + 600 - 0.31 + 600.005
    expect(t.equity).toBe(atoms('10199.695'))
  })

  it('rounds unrealized P&L down like the engine, and keeps the event figure without a price', () => {
    const tiny = position({ symbol: 'X/USDT:USDT', amount: '0.5', entryPrice: '1.00000002' })
    const t = liveTotals(balance, [tiny, position({ symbol: 'NOPRICE/USDT:USDT', unrealizedPnl: '7.5' })], (s) =>
      s === 'X/USDT:USDT' ? { last: 1.00000001, bid: 1.00000001, ask: 1.00000001 } : undefined,
    )
    // -0.000000005 rounds toward -infinity to -0.00000001; the other keeps its 7.5
    expect(t.unrealized).toBe(atoms('7.49999999'))
    expect(t.holdingValues).toEqual([atoms('599')])
  })
})

describe('the equity curve', () => {
  it('starts at the account start, follows the hourly snapshots, ends at the live point', () => {
    const snap = (h: number, equity: string) => ({ ts: at(h, 0), wallet: equity, marginUsed: '0', unrealizedPnl: '0', holdings: '0', equity })
    const points = equityPoints([snap(1, '10010'), snap(2, '9990')], { ts: at(0, 20, 0, 500), equity: atoms('10000') }, { ts: at(2, 30), equity: atoms('9995.5') })
    expect(points).toEqual([
      { time: at(0, 20) / 1000, equity: atoms('10000') },
      { time: at(1, 0) / 1000, equity: atoms('10010') },
      { time: at(2, 0) / 1000, equity: atoms('9990') },
      { time: at(2, 30) / 1000, equity: atoms('9995.5') },
    ])
    // A live point no later than the last snapshot is dropped; a start after the first snapshot too.
    expect(equityPoints([snap(1, '10010')], { ts: at(3, 0), equity: 1n }, { ts: at(1, 0, 0, 400), equity: 2n })).toEqual([{ time: at(1, 0) / 1000, equity: atoms('10010') }])
  })
})

/** The test machine's locale marks, so expectations read in en-US. */
const group = new Intl.NumberFormat().format(1000).replace(/\d/g, '')
const decimal = new Intl.NumberFormat().format(1.5).replace(/\d/g, '')
const enUS = (text: string): string => text.split(group === '' ? '\u0000' : group).join('\u0001').replace(decimal, '.').replaceAll('\u0001', ',')

describe('money display', () => {
  it('rounds exactly, half-up, with locale marks', () => {
    expect(enUS(formatMoney(atoms('12345678.905')))).toBe('12,345,678.91')
    expect(enUS(formatMoney(atoms('10000')))).toBe('10,000.00')
    expect(enUS(formatMoney(atoms('-0.005')))).toBe('-0.01')
    expect(enUS(formatMoney(atoms('-0.004')))).toBe('0.00')
    expect(enUS(formatMoney(atoms('80.25'), { signed: true }))).toBe('+80.25')
    expect(enUS(formatMoney(atoms('500'), { decimals: 0 }))).toBe('500')
    expect(enUS(formatMoney(atoms('0.00000001'), { decimals: 8 }))).toBe('0.00000001')
    expect(enUS(formatExact('60012.5'))).toBe('60,012.5')
    expect(enUS(formatExact('-0.00123'))).toBe('-0.00123')
  })
})
