import { createHash } from 'node:crypto'
import { AppError } from '../../shared/contract/result'
import { SymbolSchema } from '../../shared/contract/schemas'
import { formatAtoms, SCALE, type Atoms } from '../../shared/trading/money'
import { exactAtoms } from '../venues/replay/decimal'
import { FILLS_CSV, unguardCsvField } from './csv-format'

/**
 * Reads fills from CSV files: our own fills export ('tradedesk') and Binance's trade history
 * exports ('binance'). Every problem stops the import with the line and the problem in a
 * trader's words, so nothing is booked from a file that was misread.
 */

export type ImportFormat = 'tradedesk' | 'binance'

export interface ImportedFill {
  /** Line of the file the fill was read from (1 = the header). */
  line: number
  tradeId: string
  orderId: string
  ts: number
  /** ccxt unified: BTC/USDT (spot) or BTC/USDT:USDT (perpetual). */
  symbol: string
  side: 'buy' | 'sell'
  price: Atoms
  amount: Atoms
  fee: Atoms
  feeAsset: string
  liquidity: 'maker' | 'taker'
}

/** An import problem: the line and what is wrong with it, for the trader. */
export function importError(line: number, problem: string): AppError {
  return new AppError('IMPORT_INVALID', `Line ${line}: ${problem}`, { line })
}

// ---------------------------------------------------------------------------------------
// Tokenizer
// ---------------------------------------------------------------------------------------

interface CsvRecord {
  /** The line the record starts on (a quoted field may span lines). */
  line: number
  fields: string[]
}

/**
 * RFC 4180 records: fields quoted with doubled quote marks inside, CRLF or LF line ends, a
 * byte-order mark at the start. Blank lines (a trailing one included) are skipped.
 */
function readRecords(text: string): CsvRecord[] {
  const records: CsvRecord[] = []
  const cursor = { text, at: text.startsWith('\uFEFF') ? 1 : 0, line: 1 }
  while (cursor.at < text.length) {
    const line = cursor.line
    const fields = readRecord(cursor)
    if (fields.length > 1 || fields[0] !== '') records.push({ line, fields })
  }
  return records
}

interface Cursor {
  readonly text: string
  at: number
  line: number
}

/** One record's fields, leaving the cursor after its line end. */
function readRecord(c: Cursor): string[] {
  const fields: string[] = []
  for (;;) {
    fields.push(c.text[c.at] === '"' ? readQuoted(c) : readBare(c))
    const next = c.text[c.at]
    if (next === ',') c.at += 1
    else if (next === undefined) return fields
    else if (next === '\n' || (next === '\r' && c.text[c.at + 1] === '\n')) {
      c.at += next === '\n' ? 1 : 2
      c.line += 1
      return fields
    } else throw importError(c.line, 'there is text after a closing quote mark (a quote inside a field must be doubled)')
  }
}

function readBare(c: Cursor): string {
  let end = c.at
  while (end < c.text.length && c.text[end] !== ',' && c.text[end] !== '\n' && !(c.text[end] === '\r' && c.text[end + 1] === '\n')) end += 1
  const value = c.text.slice(c.at, end)
  if (value.includes('"')) throw importError(c.line, 'a field holds a quote mark without being quoted')
  c.at = end
  return value
}

function readQuoted(c: Cursor): string {
  const start = c.line
  let value = ''
  let from = c.at + 1
  for (;;) {
    const quote = c.text.indexOf('"', from)
    if (quote < 0) throw importError(start, 'a quoted field is never closed')
    value += c.text.slice(from, quote)
    if (c.text[quote + 1] !== '"') {
      c.at = quote + 1
      c.line += value.split('\n').length - 1
      return value
    }
    value += '"'
    from = quote + 2
  }
}

// ---------------------------------------------------------------------------------------
// Checked fields
// ---------------------------------------------------------------------------------------

const DECIMAL = /^-?(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?$/
const DATE_TIME = /^\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:\.(\d{1,3}))?(?:Z| UTC)?$/

type Sign = 'positive' | 'non-negative' | 'any'

/** One row's cells; every accessor names the line and the value when it refuses it. */
class Row {
  constructor(
    readonly line: number,
    private readonly cells: readonly string[],
  ) {}

  fail(problem: string): never {
    throw importError(this.line, problem)
  }

  cell(i: number): string {
    return (this.cells[i] ?? '').trim()
  }

  text(i: number, what: string): string {
    const value = this.cell(i)
    return value === '' ? this.fail(`the ${what} is empty`) : value
  }

  /** A decimal (thousands separators allowed) of at most 8 decimals: more is refused, never rounded. */
  atoms(value: string, what: string, sign: Sign): Atoms {
    if (!DECIMAL.test(value)) this.fail(`the ${what} "${value}" is not a number`)
    let result: Atoms
    try {
      result = exactAtoms(value.replaceAll(',', ''))
    } catch {
      return this.fail(`the ${what} "${value}" has more than ${SCALE} decimals`)
    }
    if (sign === 'positive' && result <= 0n) this.fail(`the ${what} "${value}" must be more than zero`)
    if (sign === 'non-negative' && result < 0n) this.fail(`the ${what} "${value}" cannot be negative`)
    return result
  }

  /** A UTC date and time: ISO 8601 ("2024-03-01T12:00:00.000Z") or "2024-03-01 12:00:00". */
  time(i: number): number {
    const value = this.cell(i)
    const m = DATE_TIME.exec(value)
    const iso = m === null ? '' : `${value.slice(0, 10)}T${value.slice(11, 19)}.${(m[1] ?? '').padEnd(3, '0')}Z`
    const ts = Date.parse(iso)
    // Only a date that reads back the same is real (no 31 February rolled over into March).
    const real = Number.isFinite(ts) && new Date(ts).toISOString() === iso
    return real ? ts : this.fail(`the date "${value}" is not a date and time (expected YYYY-MM-DD HH:MM:SS, UTC)`)
  }

  side(i: number): 'buy' | 'sell' {
    const value = this.cell(i)
    const side = value.toLowerCase()
    return side === 'buy' || side === 'sell' ? side : this.fail(`the side "${value}" is neither buy nor sell`)
  }

  symbol(value: string): string {
    return SymbolSchema.safeParse(value).success ? value : this.fail(`the symbol "${value}" is not in the form BTC/USDT (spot) or BTC/USDT:USDT (perpetual)`)
  }
}

/** Checks the header row against a layout (cells compared trimmed). */
function sameHeader(record: CsvRecord, header: readonly string[]): boolean {
  return record.fields.length === header.length && record.fields.every((cell, i) => cell.trim() === header[i])
}

// ---------------------------------------------------------------------------------------
// Formats
// ---------------------------------------------------------------------------------------

type FillContent = Omit<ImportedFill, 'line' | 'tradeId' | 'orderId'>

interface Layout {
  width: number
  read(row: Row): ImportedFill
}

/** Our FILLS_CSV export. Its Realized P&L and Account columns are not read: the indexer works P&L out again. */
const TRADEDESK: Layout = {
  width: FILLS_CSV.header.length,
  read(row) {
    return {
      line: row.line,
      tradeId: unguardCsvField(row.text(0, 'trade id')),
      orderId: unguardCsvField(row.text(1, 'order id')),
      ts: row.time(2),
      symbol: row.symbol(row.cell(3)),
      side: row.side(4),
      price: row.atoms(row.cell(5), 'price', 'positive'),
      amount: row.atoms(row.cell(6), 'amount', 'positive'),
      // Our own fills may carry a maker rebate: a negative fee.
      fee: row.atoms(row.cell(7), 'fee', 'any'),
      feeAsset: row.text(8, 'fee asset'),
      liquidity: liquidity(row, 9),
    }
  },
}

function liquidity(row: Row, i: number): 'maker' | 'taker' {
  const value = row.cell(i)
  return value === 'maker' || value === 'taker' ? value : row.fail(`the liquidity "${value}" is neither maker nor taker`)
}

const BINANCE_SPOT_HEADER = ['Date(UTC)', 'Pair', 'Side', 'Price', 'Executed', 'Amount', 'Fee']
const BINANCE_FUTURES_HEADER = ['Date(UTC)', 'Symbol', 'Side', 'Price', 'Quantity', 'Amount', 'Fee', 'Realized Profit']
/** Binance's exports do not say whether a fill made or took liquidity: taker, the common case, is assumed. */
const UNKNOWN_LIQUIDITY = 'taker'
/** What USDⓈ-M perpetuals settle in; the symbol's base is what comes before. */
const FUTURES_QUOTES = ['USDT', 'USDC', 'BUSD']

/** The number in front of an asset glued to it ("0.001BTC" -> "0.001"), or undefined. */
function withoutAsset(value: string, asset: string): string | undefined {
  const number = value.endsWith(asset) ? value.slice(0, -asset.length) : undefined
  return number !== undefined && DECIMAL.test(number) ? number : undefined
}

/** A fee such as "0.00006000BNB": charged in the base, the quote or a third asset; a bare number is in the quote. */
function binanceFee(row: Row, value: string, base: string, quote: string): { fee: Atoms; feeAsset: string } {
  for (const asset of [base, quote]) {
    const number = withoutAsset(value, asset)
    if (number !== undefined) return { fee: row.atoms(number, 'fee', 'non-negative'), feeAsset: asset }
  }
  const other = /^([\d.,-]+)([A-Z][A-Z0-9]*)$/.exec(value)
  if (other !== null) return { fee: row.atoms(other[1] ?? '', 'fee', 'non-negative'), feeAsset: other[2] ?? '' }
  return { fee: row.atoms(value, 'fee', 'non-negative'), feeAsset: quote }
}

/**
 * Binance spot "Trade History": amounts come glued to their asset and the pair is not
 * split ("BTCUSDT"), so the split is the one where Executed ends in the base and Amount in
 * the quote. Amount (price x executed, as Binance rounded it) is not used otherwise.
 */
function binanceSpot(row: Row): FillContent {
  const pair = row.text(1, 'pair')
  const executed = row.cell(4)
  const total = row.cell(5)
  const splits = Array.from({ length: Math.max(pair.length - 1, 0) }, (_, i) => {
    const base = pair.slice(0, i + 1)
    const quote = pair.slice(i + 1)
    const amount = withoutAsset(executed, base)
    return amount !== undefined && withoutAsset(total, quote) !== undefined ? [{ base, quote, amount }] : []
  }).flat()
  const split = splits.length === 1 ? splits[0] : undefined
  if (split === undefined) return row.fail(`cannot tell the assets of the pair "${pair}" from the executed "${executed}" and the amount "${total}"`)
  return {
    ts: row.time(0),
    symbol: row.symbol(`${split.base}/${split.quote}`),
    side: row.side(2),
    price: row.atoms(row.cell(3), 'price', 'positive'),
    amount: row.atoms(split.amount, 'executed amount', 'positive'),
    ...binanceFee(row, row.cell(6), split.base, split.quote),
    liquidity: UNKNOWN_LIQUIDITY,
  }
}

/** Binance USDⓈ-M futures "Trade History": amounts plain or glued to their asset; Realized Profit is not read (the indexer works P&L out). */
function binanceFutures(row: Row): FillContent {
  const pair = row.text(1, 'symbol')
  const quote = FUTURES_QUOTES.find((q) => pair.endsWith(q) && /^[A-Z0-9]+$/.test(pair.slice(0, -q.length)))
  if (quote === undefined) return row.fail(`the symbol "${pair}" is not a USDⓈ-M perpetual such as BTCUSDT`)
  const base = pair.slice(0, -quote.length)
  const quantity = row.cell(4)
  return {
    ts: row.time(0),
    symbol: row.symbol(`${base}/${quote}:${quote}`),
    side: row.side(2),
    price: row.atoms(row.cell(3), 'price', 'positive'),
    amount: row.atoms(withoutAsset(quantity, base) ?? quantity, 'quantity', 'positive'),
    ...binanceFee(row, row.cell(6), base, quote),
    liquidity: UNKNOWN_LIQUIDITY,
  }
}

/**
 * Binance rows carry no trade or order id, so the id is derived from the row's content
 * (read values, so "0.00100000" and "0.001" agree) and how many identical rows came before
 * it in the file: re-importing a file, or one overlapping it, books nothing twice, while two
 * identical fills in one file stay two. The limit: identical fills split across two files
 * with different ranges count from one in each. Each fill is its own order.
 */
function binanceLayout(header: CsvRecord): Layout | undefined {
  const content = sameHeader(header, BINANCE_SPOT_HEADER) ? binanceSpot : sameHeader(header, BINANCE_FUTURES_HEADER) ? binanceFutures : undefined
  if (content === undefined) return undefined
  const seen = new Map<string, number>()
  return {
    width: header.fields.length,
    read(row) {
      const fill = content(row)
      const key = contentKey(fill)
      const occurrence = (seen.get(key) ?? 0) + 1
      seen.set(key, occurrence)
      const tradeId = `binance-${createHash('sha256').update(`${key}|${occurrence}`).digest('hex').slice(0, 32)}`
      return { line: row.line, tradeId, orderId: tradeId, ...fill }
    },
  }
}

const contentKey = (f: FillContent): string =>
  [f.ts, f.symbol, f.side, formatAtoms(f.price), formatAtoms(f.amount), formatAtoms(f.fee), f.feeAsset, f.liquidity].join('|')

function layoutFor(header: CsvRecord, format: ImportFormat): Layout {
  const layout = format === 'tradedesk' ? (sameHeader(header, FILLS_CSV.header) ? TRADEDESK : undefined) : binanceLayout(header)
  if (layout !== undefined) return layout
  const expected =
    format === 'tradedesk' ? `"${FILLS_CSV.header.join(',')}"` : `"${BINANCE_SPOT_HEADER.join(',')}" (spot) or "${BINANCE_FUTURES_HEADER.join(',')}" (USDⓈ-M futures)`
  throw importError(header.line, `these are not the columns of a ${format === 'tradedesk' ? 'TradeDesk fills' : 'Binance trade history'} export (expected ${expected})`)
}

/**
 * The fills of a whole file, in file order. A trade id seen twice is one fill when both
 * rows agree (the first is kept: files that overlap are fine), and an error when they do
 * not, as one of them must be wrong.
 */
export function parseFillsCsv(text: string, format: ImportFormat): ImportedFill[] {
  const [header, ...records] = readRecords(text)
  if (header === undefined) throw importError(1, 'the file is empty')
  const layout = layoutFor(header, format)
  const byTradeId = new Map<string, ImportedFill>()
  for (const record of records) {
    const row = new Row(record.line, record.fields)
    if (record.fields.length !== layout.width) row.fail(`expected ${layout.width} columns, found ${record.fields.length}`)
    const fill = layout.read(row)
    const first = byTradeId.get(fill.tradeId)
    if (first === undefined) byTradeId.set(fill.tradeId, fill)
    else if (first.orderId !== fill.orderId || contentKey(first) !== contentKey(fill)) {
      row.fail(`trade "${fill.tradeId}" is already on line ${first.line} with different values`)
    }
  }
  return [...byTradeId.values()]
}
