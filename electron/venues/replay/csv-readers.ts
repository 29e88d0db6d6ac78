import { createReadStream } from 'node:fs'
import { open } from 'node:fs/promises'
import { pipeline, type Readable } from 'node:stream'
import { createGunzip } from 'node:zlib'
import { isSignedDecimal, isUnsignedDecimal } from './decimal'

/**
 * Streaming readers for the recorded market data formats (the team's data folder,
 * SOURCES.md). Each yields one typed row at a time, so a 23 MB file never sits in memory.
 * Prices, quantities and rates stay the file's exact decimal strings; times and ids that
 * fit a double are numbers; capture times (Unix ns, beyond 2^53) are bigints.
 * Files ending in `.gz` are gunzipped on the fly. Line endings may be LF or CRLF (the tick
 * files use CRLF, the candle files LF).
 */

export type BookSide = 'bid' | 'ask'

/** A malformed file: names the file and the 1-based line, so the row can be found. */
export class CsvFormatError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    reason: string,
  ) {
    super(`${file}, line ${line}: ${reason}`)
    this.name = 'CsvFormatError'
  }
}

export interface CandleRow {
  /** Open time, epoch ms UTC; the candle covers [openTime, openTime + interval). */
  openTime: number
  open: string
  high: string
  low: string
  close: string
  /** Base-asset volume. */
  volume: string
}

export interface TradeRow {
  tradeId: number
  price: string
  /** Base-asset quantity. */
  qty: string
  /** The exchange's trade time T, epoch ms UTC. */
  tradeTime: number
  eventTime: number
  /** True when the taker (aggressor) sold. */
  isBuyerMaker: boolean
  /** The collector's receive time (Unix ns; its clock ran behind the exchange's): for ordering only. */
  localRecvNs: bigint
}

export interface BookTickerRow {
  /** Binance's order book update id; the stream has no exchange time, so rows order by this. */
  updateId: number
  bidPrice: string
  bidQty: string
  askPrice: string
  askQty: string
  localRecvNs: bigint
}

export interface DepthSnapshotRow {
  lastUpdateId: number
  localRecvNs: bigint
  side: BookSide
  /** 0 is the best price of the side. */
  level: number
  price: string
  qty: string
}

export interface DepthUpdateRow {
  localRecvNs: bigint
  eventTime: number
  /** U: the first update id in the event. */
  firstUpdateId: number
  /** u: the last update id in the event. */
  lastUpdateId: number
  side: BookSide
  price: string
  /** The level's new absolute quantity; "0" removes the level. */
  qty: string
}

export interface FundingRateRow {
  fundingTime: number
  /** Rate per funding period as a decimal fraction; positive means longs pay shorts. */
  rate: string
}

export const CANDLE_HEADER = ['open_time_ms', 'open_time_utc', 'open', 'high', 'low', 'close', 'volume'] as const
export const TRADE_HEADER = [
  'trade_id',
  'price',
  'qty',
  'trade_time_ms',
  'trade_time_utc',
  'event_time_ms',
  'is_buyer_maker',
  'local_recv_ns',
] as const
export const BOOK_TICKER_HEADER = ['update_id', 'bid_price', 'bid_qty', 'ask_price', 'ask_qty', 'local_recv_ns'] as const
export const DEPTH_SNAPSHOT_HEADER = ['last_update_id', 'local_recv_ns', 'side', 'level', 'price', 'qty'] as const
export const DEPTH_UPDATE_HEADER = [
  'local_recv_ns',
  'event_time_ms',
  'first_update_id',
  'last_update_id',
  'side',
  'price',
  'qty',
] as const
export const FUNDING_RATE_HEADER = ['funding_time_ms', 'funding_time_utc', 'funding_rate'] as const

/** One data row's fields with typed, checked accessors; any failure names file and line. */
export class CsvFields {
  constructor(
    readonly file: string,
    readonly line: number,
    private readonly header: readonly string[],
    private readonly values: readonly string[],
  ) {}

  fail(reason: string): never {
    throw new CsvFormatError(this.file, this.line, reason)
  }

  private raw(i: number): string {
    return this.values[i] as string
  }

  private bad(i: number, what: string): never {
    this.fail(`${this.header[i]} "${this.raw(i)}" is not ${what}`)
  }

  /** A non-negative decimal price or quantity, kept as its exact string. */
  decimal(i: number): string {
    const v = this.raw(i)
    return isUnsignedDecimal(v) ? v : this.bad(i, 'a non-negative decimal')
  }

  signedDecimal(i: number): string {
    const v = this.raw(i)
    return isSignedDecimal(v) ? v : this.bad(i, 'a decimal')
  }

  /** A non-negative integer that a double holds exactly (ids, epoch ms). */
  integer(i: number): number {
    const v = this.raw(i)
    const n = /^\d+$/.test(v) ? Number(v) : NaN
    return Number.isSafeInteger(n) ? n : this.bad(i, 'a safe non-negative integer')
  }

  nanos(i: number): bigint {
    const v = this.raw(i)
    return /^\d+$/.test(v) ? BigInt(v) : this.bad(i, 'an integer')
  }

  boolean(i: number): boolean {
    const v = this.raw(i)
    return v === 'true' ? true : v === 'false' ? false : this.bad(i, 'true or false')
  }

  side(i: number): BookSide {
    const v = this.raw(i)
    return v === 'bid' || v === 'ask' ? v : this.bad(i, 'bid or ask')
  }

  /** The redundant ISO column must name the same instant as its epoch-ms column. */
  isoTime(i: number, epochMs: number): void {
    const v = this.raw(i)
    if (!/^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(v) || Date.parse(v) !== epochMs) this.bad(i, `the ISO time of ${epochMs}`)
  }
}

function openText(file: string): Readable {
  if (!file.endsWith('.gz')) return createReadStream(file)
  // pipeline(), not pipe(): a missing file must fail the gunzip stream too, or the line
  // reader would wait forever for an end that never comes.
  const gunzip = createGunzip()
  pipeline(createReadStream(file), gunzip, () => undefined)
  return gunzip
}

/**
 * The file's lines in batches (one per chunk read), split at "\n" (the caller drops a
 * trailing "\r"). Batches keep the per-line cost to a plain loop: an await per line
 * (readline's iterator) doubled the time of the depth file.
 */
async function* lineBatches(input: Readable): AsyncGenerator<string[]> {
  input.setEncoding('utf8')
  let rest = ''
  for await (const chunk of input as AsyncIterable<string>) {
    const lines = (rest + chunk).split('\n')
    rest = lines.pop() as string
    yield lines
  }
  if (rest !== '') yield [rest]
}

/**
 * The data rows of a CSV file after checking its header, a batch at a time. Closing the
 * iteration early (break, return) closes the file.
 */
export async function* readCsvBatches(file: string, header: readonly string[]): AsyncGenerator<CsvFields[]> {
  const expected = header.join(',')
  const input = openText(file)
  let line = 0
  try {
    for await (const texts of lineBatches(input)) {
      const batch: CsvFields[] = []
      for (const raw of texts) {
        line += 1
        const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw
        if (line === 1) {
          const found = text.replace(/^\uFEFF/, '')
          if (found !== expected) throw new CsvFormatError(file, 1, `expected header "${expected}", found "${found}"`)
          continue
        }
        const values = text.split(',')
        if (values.length !== header.length) {
          throw new CsvFormatError(file, line, `expected ${header.length} fields, found ${values.length}${text === '' ? ' (blank line)' : ''}`)
        }
        batch.push(new CsvFields(file, line, header, values))
      }
      if (batch.length > 0) yield batch
    }
    if (line === 0) throw new CsvFormatError(file, 1, 'the file is empty (no header)')
  } finally {
    input.destroy()
  }
}

/** The data rows of a CSV file, one at a time, each parsed by `parse`. */
export async function* readCsv<T>(file: string, header: readonly string[], parse: (fields: CsvFields) => T): AsyncGenerator<T> {
  for await (const batch of readCsvBatches(file, header)) {
    for (const fields of batch) yield parse(fields)
  }
}

function parseCandle(f: CsvFields): CandleRow {
  const openTime = f.integer(0)
  f.isoTime(1, openTime)
  return { openTime, open: f.decimal(2), high: f.decimal(3), low: f.decimal(4), close: f.decimal(5), volume: f.decimal(6) }
}

function parseTrade(f: CsvFields): TradeRow {
  const tradeTime = f.integer(3)
  f.isoTime(4, tradeTime)
  return {
    tradeId: f.integer(0),
    price: f.decimal(1),
    qty: f.decimal(2),
    tradeTime,
    eventTime: f.integer(5),
    isBuyerMaker: f.boolean(6),
    localRecvNs: f.nanos(7),
  }
}

function parseBookTicker(f: CsvFields): BookTickerRow {
  return {
    updateId: f.integer(0),
    bidPrice: f.decimal(1),
    bidQty: f.decimal(2),
    askPrice: f.decimal(3),
    askQty: f.decimal(4),
    localRecvNs: f.nanos(5),
  }
}

function parseDepthSnapshotRow(f: CsvFields): DepthSnapshotRow {
  return { lastUpdateId: f.integer(0), localRecvNs: f.nanos(1), side: f.side(2), level: f.integer(3), price: f.decimal(4), qty: f.decimal(5) }
}

function parseDepthUpdate(f: CsvFields): DepthUpdateRow {
  return {
    localRecvNs: f.nanos(0),
    eventTime: f.integer(1),
    firstUpdateId: f.integer(2),
    lastUpdateId: f.integer(3),
    side: f.side(4),
    price: f.decimal(5),
    qty: f.decimal(6),
  }
}

function parseFundingRate(f: CsvFields): FundingRateRow {
  const fundingTime = f.integer(0)
  f.isoTime(1, fundingTime)
  return { fundingTime, rate: f.signedDecimal(2) }
}

export const readCandles = (file: string): AsyncGenerator<CandleRow> => readCsv(file, CANDLE_HEADER, parseCandle)
/** BTC/USDT-style raw trades (`@trade` stream), in trade id order. */
export const readTrades = (file: string): AsyncGenerator<TradeRow> => readCsv(file, TRADE_HEADER, parseTrade)
export const readBookTicker = (file: string): AsyncGenerator<BookTickerRow> => readCsv(file, BOOK_TICKER_HEADER, parseBookTicker)
export const readDepthSnapshotRows = (file: string): AsyncGenerator<DepthSnapshotRow> =>
  readCsv(file, DEPTH_SNAPSHOT_HEADER, parseDepthSnapshotRow)
/** The depth diff rows one level at a time; readDepthEvents() regroups them into events. */
export const readDepthUpdates = (file: string): AsyncGenerator<DepthUpdateRow> => readCsv(file, DEPTH_UPDATE_HEADER, parseDepthUpdate)
export const readFundingRates = (file: string): AsyncGenerator<FundingRateRow> => readCsv(file, FUNDING_RATE_HEADER, parseFundingRate)

/**
 * The candles that open at or after `from`. Earlier rows are skipped on their time alone,
 * which costs a third of parsing them, so starting deep inside a 16 MB file stays quick.
 */
export async function* readCandlesFrom(file: string, from: number): AsyncGenerator<CandleRow> {
  for await (const batch of readCsvBatches(file, CANDLE_HEADER)) {
    for (const fields of batch) if (fields.integer(0) >= from) yield parseCandle(fields)
  }
}

/** The open time of a candle file's last row, read from the file's end (the files are sorted). */
export async function lastCandleOpenTime(file: string): Promise<number> {
  const handle = await open(file, 'r')
  try {
    const { size } = await handle.stat()
    const length = Math.min(size, 4_096)
    const { buffer } = await handle.read(Buffer.alloc(length), 0, length, size - length)
    const last = buffer.toString('utf8').trimEnd().split('\n').at(-1) ?? ''
    const time = /^\d+,/.test(last) ? Number(last.slice(0, last.indexOf(','))) : NaN
    if (!Number.isSafeInteger(time)) throw new Error(`${file}: the last line "${last}" is not a candle`)
    return time
  } finally {
    await handle.close()
  }
}

/** A price level as exact decimal strings. */
export interface PriceLevel {
  price: string
  qty: string
}

/** A REST depth snapshot: both sides best first. */
export interface DepthSnapshot {
  lastUpdateId: number
  localRecvNs: bigint
  bids: PriceLevel[]
  asks: PriceLevel[]
}

/** Reads a whole snapshot (2,000 rows) and checks it is one snapshot with levels 0, 1, 2... per side. */
export async function readDepthSnapshot(file: string): Promise<DepthSnapshot> {
  let snapshot: DepthSnapshot | undefined
  for await (const batch of readCsvBatches(file, DEPTH_SNAPSHOT_HEADER)) {
    for (const f of batch) {
      const row = parseDepthSnapshotRow(f)
      snapshot ??= { lastUpdateId: row.lastUpdateId, localRecvNs: row.localRecvNs, bids: [], asks: [] }
      if (row.lastUpdateId !== snapshot.lastUpdateId || row.localRecvNs !== snapshot.localRecvNs) {
        f.fail('a second snapshot (last_update_id or local_recv_ns changed)')
      }
      const levels = row.side === 'bid' ? snapshot.bids : snapshot.asks
      if (row.level !== levels.length) f.fail(`expected ${row.side} level ${levels.length}, found ${row.level}`)
      levels.push({ price: row.price, qty: row.qty })
    }
  }
  if (snapshot === undefined) throw new CsvFormatError(file, 2, 'the snapshot has no levels')
  return snapshot
}

/** One diff-depth event (`@depth@100ms` message): the level changes between update ids U and u. */
export interface DepthEvent {
  firstUpdateId: number
  lastUpdateId: number
  eventTime: number
  localRecvNs: bigint
  /** New absolute quantities; qty "0" removes the level. */
  changes: Array<{ side: BookSide; price: string; qty: string }>
  /** The file line of the event's first row, for error messages. */
  line: number
}

/** Groups the depth update rows (one per level) back into the exchange's events. */
export async function* readDepthEvents(file: string): AsyncGenerator<DepthEvent> {
  let current: DepthEvent | undefined
  for await (const batch of readCsvBatches(file, DEPTH_UPDATE_HEADER)) {
    for (const f of batch) {
      const row = parseDepthUpdate(f)
      if (current !== undefined && current.firstUpdateId === row.firstUpdateId && current.lastUpdateId === row.lastUpdateId) {
        if (row.localRecvNs !== current.localRecvNs || row.eventTime !== current.eventTime) {
          f.fail('rows of one event (same update ids) disagree on their times')
        }
        current.changes.push({ side: row.side, price: row.price, qty: row.qty })
        continue
      }
      if (current !== undefined) yield current
      if (row.firstUpdateId > row.lastUpdateId) f.fail('first_update_id is after last_update_id')
      current = {
        firstUpdateId: row.firstUpdateId,
        lastUpdateId: row.lastUpdateId,
        eventTime: row.eventTime,
        localRecvNs: row.localRecvNs,
        changes: [{ side: row.side, price: row.price, qty: row.qty }],
        line: f.line,
      }
    }
  }
  if (current !== undefined) yield current
}
