import { describe, expect, it } from 'vitest'
import { csvLine, FILLS_CSV } from '../../../electron/history/csv-format'
import { parseFillsCsv, type ImportFormat, type ImportedFill } from '../../../electron/history/csv-import'
import { AppError } from '../../../shared/contract/result'
import type { HistoryFill } from '../../../shared/domain/history'

const HEADER = FILLS_CSV.header.join(',')
const ROW = 'T1,17,2024-03-01T12:34:56.789Z,BTC/USDT,buy,60000.5,0.25,0.015,USDT,taker,0,Main'

/** A TradeDesk fills file: the header, then the rows, CRLF line ends. */
const tradedesk = (...rows: string[]): string => [HEADER, ...rows].map((line) => `${line}\r\n`).join('')

function failure(text: string, format: ImportFormat): { code: string; message: string; details: unknown } {
  try {
    parseFillsCsv(text, format)
  } catch (error) {
    if (!(error instanceof AppError)) throw error
    return { code: error.code, message: error.message, details: error.details }
  }
  throw new Error('the file was accepted')
}

const invalid = (line: number, problem: string): { code: string; message: string; details: unknown } => ({
  code: 'IMPORT_INVALID',
  message: `Line ${line}: ${problem}`,
  details: { line },
})

describe('the TradeDesk format', () => {
  it('reads a fill with exact amounts', () => {
    expect(parseFillsCsv(tradedesk(ROW), 'tradedesk')).toEqual<ImportedFill[]>([
      {
        line: 2,
        tradeId: 'T1',
        orderId: '17',
        ts: Date.UTC(2024, 2, 1, 12, 34, 56, 789),
        symbol: 'BTC/USDT',
        side: 'buy',
        price: 6_000_050_000_000n,
        amount: 25_000_000n,
        fee: 1_500_000n,
        feeAsset: 'USDT',
        liquidity: 'taker',
      },
    ])
  })

  it('reads a byte-order mark, LF line ends, quoted commas and quote marks, and skips blank lines', () => {
    const text = `\uFEFF${HEADER}\n"a,""b""",17,2024-03-01T12:34:56.789Z,BTC/USDT:USDT,sell,"60,000.5",0.25,-0.01,USDT,maker,3.5,"Main, ""spot"""\n\n${ROW}\n\n`
    const fills = parseFillsCsv(text, 'tradedesk')
    expect(fills.map((f) => [f.line, f.tradeId, f.symbol, f.side, f.price, f.fee, f.liquidity])).toEqual([
      [2, 'a,"b"', 'BTC/USDT:USDT', 'sell', 6_000_050_000_000n, -1_000_000n, 'maker'],
      [4, 'T1', 'BTC/USDT', 'buy', 6_000_050_000_000n, 1_500_000n, 'taker'],
    ])
  })

  it('counts lines inside quoted fields, so a later error names the right line', () => {
    const text = tradedesk('"multi\r\nline id",17,2024-03-01T12:34:56.789Z,BTC/USDT,buy,1,1,0,USDT,taker,0,Main', ROW.replace('buy', 'hold'))
    expect(failure(text, 'tradedesk')).toEqual(invalid(4, 'the side "hold" is neither buy nor sell'))
  })

  it('reads back exactly what the fills export wrote', () => {
    const base: HistoryFill = {
      id: 1,
      accountId: 1,
      accountName: '=cmd|"evil"',
      source: 'paper',
      orderId: 41,
      tradeId: 'paper-41-0.5',
      symbol: 'ETH/USDT:USDT',
      side: 'sell',
      price: '2300.12345678',
      amount: '0.5',
      fee: '0.57503086',
      feeAsset: 'USDT',
      liquidity: 'taker',
      realizedPnl: '-12.25',
      ts: Date.UTC(2024, 5, 30, 23, 59, 59, 1),
      roundTripIds: [1],
    }
    const fills = [
      base,
      { ...base, tradeId: '-1+2', orderId: 42, side: 'buy' as const, fee: '-0.00000001', liquidity: 'maker' as const },
      { ...base, tradeId: 'id, with "quotes"', orderId: 43, symbol: 'SOL/USDC', price: '0.00000001', amount: '123456789.12345678', feeAsset: 'BNB' },
    ]
    const text = csvLine(FILLS_CSV.header) + fills.map((f) => csvLine(FILLS_CSV.row(f))).join('')
    const read = parseFillsCsv(text, 'tradedesk')
    expect(read.map((f) => ({ ...f, price: f.price.toString(), amount: f.amount.toString(), fee: f.fee.toString() }))).toEqual([
      { line: 2, tradeId: 'paper-41-0.5', orderId: '41', ts: base.ts, symbol: 'ETH/USDT:USDT', side: 'sell', price: '230012345678', amount: '50000000', fee: '57503086', feeAsset: 'USDT', liquidity: 'taker' },
      { line: 3, tradeId: '-1+2', orderId: '42', ts: base.ts, symbol: 'ETH/USDT:USDT', side: 'buy', price: '230012345678', amount: '50000000', fee: '-1', feeAsset: 'USDT', liquidity: 'maker' },
      { line: 4, tradeId: 'id, with "quotes"', orderId: '43', ts: base.ts, symbol: 'SOL/USDC', side: 'sell', price: '1', amount: '12345678912345678', fee: '57503086', feeAsset: 'BNB', liquidity: 'taker' },
    ])
  })

  it('keeps the first of two identical rows, and refuses a trade id reused for another fill', () => {
    expect(parseFillsCsv(tradedesk(ROW, ROW.replace('0.015', '0.0150')), 'tradedesk').map((f) => f.line)).toEqual([2])
    expect(failure(tradedesk(ROW, ROW, ROW.replace('0.25', '0.26')), 'tradedesk')).toEqual(invalid(4, 'trade "T1" is already on line 2 with different values'))
    expect(failure(tradedesk(ROW, ROW.replace(',17,', ',18,')), 'tradedesk')).toEqual(invalid(3, 'trade "T1" is already on line 2 with different values'))
  })

  it.each([
    ['an empty file', '', invalid(1, 'the file is empty')],
    ['a blank file', '\uFEFF\r\n\r\n', invalid(1, 'the file is empty')],
    [
      'another header',
      'Trade ID,Order ID,Time\r\n',
      invalid(1, `these are not the columns of a TradeDesk fills export (expected "${HEADER}")`),
    ],
    ['a missing column', tradedesk(ROW, ROW.replace(',Main', '')), invalid(3, 'expected 12 columns, found 11')],
    ['an extra column', tradedesk(`${ROW},x`), invalid(2, 'expected 12 columns, found 13')],
    ['an empty trade id', tradedesk(ROW.replace('T1', '')), invalid(2, 'the trade id is empty')],
    ['an impossible date', tradedesk(ROW.replace('2024-03-01', '2024-02-30')), invalid(2, 'the date "2024-02-30T12:34:56.789Z" is not a date and time (expected YYYY-MM-DD HH:MM:SS, UTC)')],
    ['a local time', tradedesk(ROW.replace('.789Z', '+02:00')), invalid(2, 'the date "2024-03-01T12:34:56+02:00" is not a date and time (expected YYYY-MM-DD HH:MM:SS, UTC)')],
    ['an unknown side', tradedesk(ROW.replace('buy', 'long')), invalid(2, 'the side "long" is neither buy nor sell')],
    ['a price that is not a number', tradedesk(ROW.replace('60000.5', 'abc')), invalid(2, 'the price "abc" is not a number')],
    ['a price in exponent notation', tradedesk(ROW.replace('60000.5', '6e4')), invalid(2, 'the price "6e4" is not a number')],
    ['a zero price', tradedesk(ROW.replace('60000.5', '0')), invalid(2, 'the price "0" must be more than zero')],
    ['a negative amount', tradedesk(ROW.replace('0.25', '-0.25')), invalid(2, 'the amount "-0.25" must be more than zero')],
    ['an amount of 9 decimals', tradedesk(ROW.replace('0.25', '0.123456789')), invalid(2, 'the amount "0.123456789" has more than 8 decimals')],
    ['a fee that is not a number', tradedesk(ROW.replace('0.015', '"1,5"')), invalid(2, 'the fee "1,5" is not a number')],
    ['an exchange symbol', tradedesk(ROW.replace('BTC/USDT', 'BTCUSDT')), invalid(2, 'the symbol "BTCUSDT" is not in the form BTC/USDT (spot) or BTC/USDT:USDT (perpetual)')],
    ['an unknown liquidity', tradedesk(ROW.replace('taker', 'both')), invalid(2, 'the liquidity "both" is neither maker nor taker')],
    ['an unclosed quote', tradedesk(ROW, `"T2,17${ROW.slice(2)}`), invalid(3, 'a quoted field is never closed')],
    ['text after a closing quote', tradedesk(`"T1"x${ROW.slice(2)}`), invalid(2, 'there is text after a closing quote mark (a quote inside a field must be doubled)')],
    ['a quote inside a bare field', tradedesk(`T"1${ROW.slice(2)}`), invalid(2, 'a field holds a quote mark without being quoted')],
  ])('refuses %s, naming the line', (_name, text, expected) => {
    expect(failure(text, 'tradedesk')).toEqual(expected)
  })
})

const SPOT_HEADER = 'Date(UTC),Pair,Side,Price,Executed,Amount,Fee'
const spot = (...rows: string[]): string => [SPOT_HEADER, ...rows].join('\n')
const SPOT_BUY = '2024-01-15 10:23:45,BTCUSDT,BUY,42000.00,0.00100000BTC,42.00000000USDT,0.00000100BTC'

describe('the Binance format', () => {
  it('reads spot trades, splitting the pair by the assets of Executed and Amount', () => {
    const fills = parseFillsCsv(
      spot(
        SPOT_BUY,
        '2024-01-15 10:24:00,BTCUSDT,SELL,"42,100.50",0.00100000BTC,42.10050000USDT,0.00004200BNB',
        '2024-01-16 08:00:00,1INCHUSDT,BUY,0.5,10.00000000' + '1INCH,5.00000000USDT,0.01000000' + '1INCH',
        '2024-01-16 09:00:00,ETHBTC,SELL,0.05,2ETH,0.1BTC,0',
      ),
      'binance',
    )
    expect(fills.map(({ tradeId: _id, orderId: _order, ...f }) => f)).toEqual<Array<Omit<ImportedFill, 'tradeId' | 'orderId'>>>([
      { line: 2, ts: Date.UTC(2024, 0, 15, 10, 23, 45), symbol: 'BTC/USDT', side: 'buy', price: 4_200_000_000_000n, amount: 100_000n, fee: 100n, feeAsset: 'BTC', liquidity: 'taker' },
      { line: 3, ts: Date.UTC(2024, 0, 15, 10, 24), symbol: 'BTC/USDT', side: 'sell', price: 4_210_050_000_000n, amount: 100_000n, fee: 4_200n, feeAsset: 'BNB', liquidity: 'taker' },
      { line: 4, ts: Date.UTC(2024, 0, 16, 8), symbol: '1INCH/USDT', side: 'buy', price: 50_000_000n, amount: 1_000_000_000n, fee: 1_000_000n, feeAsset: '1INCH', liquidity: 'taker' },
      { line: 5, ts: Date.UTC(2024, 0, 16, 9), symbol: 'ETH/BTC', side: 'sell', price: 5_000_000n, amount: 200_000_000n, fee: 0n, feeAsset: 'BTC', liquidity: 'taker' },
    ])
  })

  it('derives stable trade ids from the content, one order per fill, two for two identical rows', () => {
    const first = parseFillsCsv(spot(SPOT_BUY, SPOT_BUY), 'binance')
    expect(first).toHaveLength(2)
    expect(first[0]?.tradeId).toMatch(/^binance-[0-9a-f]{32}$/)
    expect(first[0]?.tradeId).not.toBe(first[1]?.tradeId)
    expect(first.map((f) => f.orderId)).toEqual(first.map((f) => f.tradeId))
    // The same fill written with other zeros is the same fill.
    const again = parseFillsCsv(spot('2024-01-15 10:23:45,BTCUSDT,BUY,42000,0.001BTC,42USDT,0.000001BTC'), 'binance')
    expect(again[0]?.tradeId).toBe(first[0]?.tradeId)
    const other = parseFillsCsv(spot(SPOT_BUY.replace('10:23:45', '10:23:46')), 'binance')
    expect(other[0]?.tradeId).not.toBe(first[0]?.tradeId)
  })

  it('reads USDⓈ-M futures trades as perpetuals', () => {
    const text = [
      'Date(UTC),Symbol,Side,Price,Quantity,Amount,Fee,Realized Profit',
      '2024-02-01 00:00:01,BTCUSDT,SELL,43000.1,0.010,430.001,0.17200040USDT,0',
      '2024-02-01 01:00:00,ETHUSDC,BUY,2300,1.5ETH,3450USDC,0.69,12.5',
    ].join('\r\n')
    expect(parseFillsCsv(text, 'binance').map((f) => [f.line, f.ts, f.symbol, f.side, f.price, f.amount, f.fee, f.feeAsset])).toEqual([
      [2, Date.UTC(2024, 1, 1, 0, 0, 1), 'BTC/USDT:USDT', 'sell', 4_300_010_000_000n, 1_000_000n, 17_200_040n, 'USDT'],
      [3, Date.UTC(2024, 1, 1, 1), 'ETH/USDC:USDC', 'buy', 230_000_000_000n, 150_000_000n, 69_000_000n, 'USDC'],
    ])
  })

  it.each([
    [
      'a file of another kind',
      'Date,Market,Type,Price\n',
      invalid(
        1,
        'these are not the columns of a Binance trade history export (expected "Date(UTC),Pair,Side,Price,Executed,Amount,Fee" (spot) or ' +
          '"Date(UTC),Symbol,Side,Price,Quantity,Amount,Fee,Realized Profit" (USDⓈ-M futures))',
      ),
    ],
    ['a short row', spot(SPOT_BUY, '2024-01-15 10:23:45,BTCUSDT,BUY'), invalid(3, 'expected 7 columns, found 3')],
    ['an unreadable date', spot(SPOT_BUY.replace('2024-01-15', '15/01/2024')), invalid(2, 'the date "15/01/2024 10:23:45" is not a date and time (expected YYYY-MM-DD HH:MM:SS, UTC)')],
    ['an unknown side', spot(SPOT_BUY.replace('BUY', 'BORROW')), invalid(2, 'the side "BORROW" is neither buy nor sell')],
    ['a negative fee', spot(SPOT_BUY.replace('0.00000100BTC', '-0.00000100BTC')), invalid(2, 'the fee "-0.00000100" cannot be negative')],
    ['a fee of 9 decimals', spot(SPOT_BUY.replace('0.00000100BTC', '0.000001001BNB')), invalid(2, 'the fee "0.000001001" has more than 8 decimals')],
    ['a zero executed amount', spot(SPOT_BUY.replace('0.00100000BTC', '0BTC')), invalid(2, 'the executed amount "0" must be more than zero')],
    [
      'a pair the amounts do not match',
      spot(SPOT_BUY.replace('0.00100000BTC', '0.001ETH')),
      invalid(2, 'cannot tell the assets of the pair "BTCUSDT" from the executed "0.001ETH" and the amount "42.00000000USDT"'),
    ],
    [
      'a delivery contract',
      'Date(UTC),Symbol,Side,Price,Quantity,Amount,Fee,Realized Profit\n2024-02-01 00:00:01,BTCUSDT_240628,SELL,43000.1,0.010,430.001,0.172USDT,0',
      invalid(2, 'the symbol "BTCUSDT_240628" is not a USDⓈ-M perpetual such as BTCUSDT'),
    ],
  ])('refuses %s, naming the line', (_name, text, expected) => {
    expect(failure(text, 'binance')).toEqual(expected)
  })
})
