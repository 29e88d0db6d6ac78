import { describe, expect, it } from 'vitest'
import {
  csvField,
  csvLine,
  FILLS_CSV,
  KOINLY_CSV,
  koinlyFundingRow,
  koinlyRows,
  LEDGER_CSV,
  TRADES_CSV,
  unguardCsvField,
} from '../../../electron/history/csv-format'
import type { HistoryFill, RoundTrip } from '../../../shared/domain/history'

const TS = Date.UTC(2024, 2, 1, 12, 34, 56, 789)

function fill(over: Partial<HistoryFill> = {}): HistoryFill {
  return {
    id: 7,
    accountId: 1,
    accountName: 'Main',
    source: 'paper',
    orderId: 3,
    tradeId: 'paper-3-0.5',
    symbol: 'BTC/USDT',
    side: 'buy',
    price: '60000.12345678',
    amount: '0.00012345',
    fee: '0.01',
    feeAsset: 'USDT',
    liquidity: 'taker',
    realizedPnl: '0',
    ts: TS,
    roundTripIds: [7],
    ...over,
  }
}

describe('csvField', () => {
  it('quotes fields holding commas, quote marks or line breaks, doubling the quote marks', () => {
    expect(csvField('plain text')).toBe('plain text')
    expect(csvField('a,b')).toBe('"a,b"')
    expect(csvField('say "hi"')).toBe('"say ""hi"""')
    expect(csvField('two\nlines')).toBe('"two\nlines"')
    expect(csvField('two\r\nlines')).toBe('"two\r\nlines"')
    expect(csvField(undefined)).toBe('')
    expect(csvField('')).toBe('')
  })

  it('writes numbers as plain decimals, never in exponent notation', () => {
    expect(csvField(12.5)).toBe('12.5')
    expect(csvField(-5)).toBe('-5')
    expect(csvField(1e-7)).toBe('0.0000001')
  })

  it('guards text a spreadsheet would run as a formula, but not numeric fields', () => {
    expect(csvField('=SUM(A1:A9)')).toBe("'=SUM(A1:A9)")
    expect(csvField('+1')).toBe("'+1")
    expect(csvField('-1+2')).toBe("'-1+2")
    expect(csvField('@cmd')).toBe("'@cmd")
    expect(csvField('\tx')).toBe("'\tx")
    expect(csvField('\rx')).toBe('"\'\rx"')
    expect(csvField('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"')
    expect(csvField('-12.5')).toBe('-12.5')
    expect(csvField('-0.00000001')).toBe('-0.00000001')
    expect(csvField('a=b')).toBe('a=b')
  })

  it('reads a guarded field back as it was', () => {
    for (const text of ['=SUM(A1)', '-1+2', '@x', '-12.5', "'quoted", 'plain']) expect(unguardCsvField(csvField(text).replace(/^"|"$/g, ''))).toBe(text)
  })

  it('ends every line with CRLF', () => {
    expect(csvLine(['a', 1, undefined, 'b,c'])).toBe('a,1,,"b,c"\r\n')
  })
})

describe('layouts', () => {
  const trip: RoundTrip = {
    id: 42,
    accountId: 1,
    accountName: 'Main, spot',
    source: 'imported',
    venue: 'binance',
    symbol: 'ETH/USDT:USDT',
    side: 'short',
    openedAt: Date.UTC(2024, 0, 2, 3, 4, 5),
    closedAt: Date.UTC(2024, 0, 3, 0, 0, 0),
    maxAmount: '1.5',
    entryPrice: '2300',
    exitPrice: '2200.5',
    grossPnl: '149.25',
    fees: '2.1',
    funding: '-0.4',
    netPnl: '147.55',
    fillCount: 3,
    outcome: 'win',
    tags: ['breakout', 'A+'],
    note: 'held overnight',
  }

  it('writes a round trip with ISO times, its tags joined and an open one without close', () => {
    expect(TRADES_CSV.row(trip)).toEqual([
      '42',
      'Main, spot',
      'imported',
      'binance',
      'ETH/USDT:USDT',
      'short',
      '2024-01-02T03:04:05.000Z',
      '2024-01-03T00:00:00.000Z',
      '1.5',
      '2300',
      '2200.5',
      '149.25',
      '2.1',
      '-0.4',
      '147.55',
      'win',
      'breakout; A+',
      'held overnight',
    ])
    const { closedAt: _closed, exitPrice: _exit, note: _note, ...open } = trip
    const row = TRADES_CSV.row({ ...open, outcome: 'open' })
    expect([row[7], row[10], row[17]]).toEqual(['', '', ''])
    expect(row).toHaveLength(TRADES_CSV.header.length)
  })

  it('writes a fill in the column order the import reads', () => {
    expect(FILLS_CSV.row(fill({ fee: '-0.002', liquidity: 'maker' }))).toEqual([
      'paper-3-0.5',
      '3',
      '2024-03-01T12:34:56.789Z',
      'BTC/USDT',
      'buy',
      '60000.12345678',
      '0.00012345',
      '-0.002',
      'USDT',
      'maker',
      '0',
      'Main',
    ])
  })

  it('writes a ledger entry with its account', () => {
    const entry = { id: 9, txId: 4, kind: 'fee', description: 'Fee on buy', book: 'wallet', asset: 'USDT', amount: '-0.01', ts: TS, accountName: 'Main' }
    expect(LEDGER_CSV.row(entry)).toEqual(['9', '4', '2024-03-01T12:34:56.789Z', 'Main', 'fee', 'wallet', 'USDT', '-0.01', 'Fee on buy'])
  })
})

describe('Koinly rows', () => {
  const columns = (row: string[] | undefined): Record<string, string> =>
    Object.fromEntries(KOINLY_CSV.header.map((name, i) => [name, row?.[i] ?? '']).filter(([, value]) => value !== ''))

  it('writes a spot buy as quote sent (exact product) for base received, fee in the fee columns', () => {
    const rows = koinlyRows(fill(), true)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toHaveLength(KOINLY_CSV.header.length)
    expect(columns(rows[0])).toEqual({
      Date: '2024-03-01 12:34:56 UTC',
      'Sent Amount': '7.407015240739491',
      'Sent Currency': 'USDT',
      'Received Amount': '0.00012345',
      'Received Currency': 'BTC',
      'Fee Amount': '0.01',
      'Fee Currency': 'USDT',
      Description: 'buy 0.00012345 BTC/USDT at 60000.12345678',
      TxHash: 'paper-3-0.5',
    })
  })

  it('writes a spot sell the other way round, and a fee in BNB in its own asset', () => {
    const rows = koinlyRows(fill({ side: 'sell', price: '65000.5', amount: '0.0003', fee: '0.00001', feeAsset: 'BNB' }), true)
    expect(columns(rows[0])).toMatchObject({
      'Sent Amount': '0.0003',
      'Sent Currency': 'BTC',
      'Received Amount': '19.50015',
      'Received Currency': 'USDT',
      'Fee Amount': '0.00001',
      'Fee Currency': 'BNB',
    })
  })

  it('writes a spot maker rebate as a reward received, not as a negative fee', () => {
    const rows = koinlyRows(fill({ fee: '-0.002' }), true)
    expect(rows).toHaveLength(2)
    expect(columns(rows[0])['Fee Amount']).toBeUndefined()
    expect(columns(rows[1])).toEqual({
      Date: '2024-03-01 12:34:56 UTC',
      'Received Amount': '0.002',
      'Received Currency': 'USDT',
      Label: 'reward',
      Description: 'Trading fee, buy 0.00012345 BTC/USDT at 60000.12345678',
      TxHash: 'paper-3-0.5-fee',
    })
  })

  it('writes a perpetual fill that realized a gain as the gain received and its fee sent', () => {
    const rows = koinlyRows(fill({ symbol: 'BTC/USDT:USDT', side: 'sell', price: '61000', amount: '0.5', realizedPnl: '12.5', fee: '0.3' }), false)
    expect(rows.map(columns)).toEqual([
      {
        Date: '2024-03-01 12:34:56 UTC',
        'Received Amount': '12.5',
        'Received Currency': 'USDT',
        Label: 'realized gain',
        Description: 'Realized P&L, sell 0.5 BTC/USDT:USDT at 61000',
        TxHash: 'paper-3-0.5',
      },
      {
        Date: '2024-03-01 12:34:56 UTC',
        'Sent Amount': '0.3',
        'Sent Currency': 'USDT',
        Label: 'realized gain',
        Description: 'Trading fee, sell 0.5 BTC/USDT:USDT at 61000',
        TxHash: 'paper-3-0.5-fee',
      },
    ])
  })

  it('writes a perpetual loss as sent, and skips the zero fee; an opening fill gives its fee only', () => {
    const loss = koinlyRows(fill({ symbol: 'BTC/USDT:USDT', realizedPnl: '-7.25', fee: '0' }), false)
    expect(loss.map(columns)).toEqual([
      {
        Date: '2024-03-01 12:34:56 UTC',
        'Sent Amount': '7.25',
        'Sent Currency': 'USDT',
        Label: 'realized gain',
        Description: 'Realized P&L, buy 0.00012345 BTC/USDT:USDT at 60000.12345678',
        TxHash: 'paper-3-0.5',
      },
    ])
    const opening = koinlyRows(fill({ symbol: 'BTC/USDT:USDT', realizedPnl: '0', fee: '0.1' }), false)
    expect(opening.map((row) => [row[1], row[2], row[9]])).toEqual([['0.1', 'USDT', 'realized gain']])
    expect(koinlyRows(fill({ symbol: 'BTC/USDT:USDT', realizedPnl: '0', fee: '0' }), false)).toEqual([])
  })

  it('writes funding paid as sent and received as received, and nothing for zero', () => {
    const paid = koinlyFundingRow({ ts: TS, amount: '-1.5', asset: 'USDT', symbol: 'BTC/USDT:USDT', accountId: 7 })
    expect(columns(paid)).toEqual({
      Date: '2024-03-01 12:34:56 UTC',
      'Sent Amount': '1.5',
      'Sent Currency': 'USDT',
      Label: 'realized gain',
      Description: 'Funding BTC/USDT:USDT',
      // One account's payment: several accounts paid at the same mark stay apart (Koinly de-duplicates by TxHash).
      TxHash: `funding-7-BTC/USDT:USDT-${TS}`,
    })
    expect(columns(koinlyFundingRow({ ts: TS, amount: '0.25', asset: 'USDT', symbol: 'BTC/USDT:USDT', accountId: 7 }))).toMatchObject({
      'Received Amount': '0.25',
      'Received Currency': 'USDT',
    })
    expect(koinlyFundingRow({ ts: TS, amount: '0', asset: 'USDT', symbol: 'BTC/USDT:USDT', accountId: 7 })).toBeUndefined()
  })
})
