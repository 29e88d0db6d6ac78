import type { HistoryFill, RoundTrip } from '../../shared/domain/history'
import type { LedgerEntry } from '../../shared/domain/trading'
import { abs, atoms, formatAtoms, SCALE, toPlainDecimal, type Atoms } from '../../shared/trading/money'
import { formatScaled, isSignedDecimal } from '../venues/replay/decimal'

/**
 * CSV exports of trade history, RFC 4180: comma-separated, CRLF line ends, a field quoted
 * when it holds a comma, quote mark or line break. Money stays the ledger's exact decimal
 * strings; the one product written (a spot trade's cost) is computed in atoms, never floats.
 */

export type CsvValue = string | number | undefined

/** A file layout: its header and how one domain object becomes a row (absent values as ""). */
export interface CsvLayout<Item> {
  readonly header: readonly string[]
  readonly row: (item: Item) => string[]
}

/** What a spreadsheet runs as a formula when a cell starts with it ("CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/
const NEEDS_QUOTES = /[",\r\n]/

/**
 * One field. Text a spreadsheet would take for a formula gets a leading apostrophe, so it
 * shows as text and never runs. Numbers are told apart by content, not by type: a field
 * that is wholly a plain decimal ("-12.5") cannot be a formula and stays a number, which
 * keeps the money columns (decimal strings) numeric; anything else starting with = + - @
 * tab or CR ("-1+2", "=HYPERLINK(...)") is guarded. Undefined is an empty field.
 */
export function csvField(value: CsvValue): string {
  if (value === undefined) return ''
  const text = typeof value === 'number' ? toPlainDecimal(value) : value
  const safe = FORMULA_START.test(text) && !isSignedDecimal(text) ? `'${text}` : text
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe
}

/**
 * Undoes csvField's guard when a file of ours is read back. A text that really began with
 * an apostrophe followed by = + - @ tab or CR reads back without its apostrophe: the one
 * ambiguity of the guard, accepted as no id or asset code looks like that.
 */
export function unguardCsvField(text: string): string {
  const rest = text.slice(1)
  return text.startsWith("'") && FORMULA_START.test(rest) && !isSignedDecimal(rest) ? rest : text
}

export function csvLine(values: readonly CsvValue[]): string {
  return `${values.map(csvField).join(',')}\r\n`
}

const isoTime = (ts: number): string => new Date(ts).toISOString()

/** The assets of a ccxt symbol: BTC/USDT is spot; BTC/USDT:USDT a perpetual settled in USDT. */
export function symbolAssets(symbol: string): { base: string; quote: string; settle: string } {
  const [pair = '', settle] = symbol.split(':')
  const [base = '', quote = ''] = pair.split('/')
  return { base, quote, settle: settle ?? quote }
}

export const TRADES_CSV: CsvLayout<RoundTrip> = {
  header: [
    'Trade ID',
    'Account',
    'Source',
    'Venue',
    'Symbol',
    'Side',
    'Opened (UTC)',
    'Closed (UTC)',
    'Max amount',
    'Entry price',
    'Exit price',
    'Gross P&L',
    'Fees',
    'Funding',
    'Net P&L',
    'Outcome',
    'Tags',
    'Note',
  ],
  row: (t) => [
    String(t.id),
    t.accountName,
    t.source,
    t.venue,
    t.symbol,
    t.side,
    isoTime(t.openedAt),
    t.closedAt === undefined ? '' : isoTime(t.closedAt),
    t.maxAmount,
    t.entryPrice,
    t.exitPrice ?? '',
    t.grossPnl,
    t.fees,
    t.funding,
    t.netPnl,
    t.outcome,
    t.tags.join('; '),
    t.note ?? '',
  ],
}

/** Fills; also the 'tradedesk' import format, which reads this layout back. */
export const FILLS_CSV: CsvLayout<HistoryFill> = {
  header: ['Trade ID', 'Order ID', 'Time (UTC)', 'Symbol', 'Side', 'Price', 'Amount', 'Fee', 'Fee asset', 'Liquidity', 'Realized P&L', 'Account'],
  row: (f) => [f.tradeId, String(f.orderId), isoTime(f.ts), f.symbol, f.side, f.price, f.amount, f.fee, f.feeAsset, f.liquidity, f.realizedPnl, f.accountName],
}

export const LEDGER_CSV: CsvLayout<LedgerEntry & { accountName: string }> = {
  header: ['Entry ID', 'Transaction ID', 'Time (UTC)', 'Account', 'Kind', 'Book', 'Asset', 'Amount', 'Description'],
  row: (e) => [String(e.id), String(e.txId), isoTime(e.ts), e.accountName, e.kind, e.book, e.asset, e.amount, e.description],
}

/** Koinly's "universal" layout. A fill becomes 0..n rows (koinlyRows), a funding payment 0..1. */
export const KOINLY_CSV = {
  header: [
    'Date',
    'Sent Amount',
    'Sent Currency',
    'Received Amount',
    'Received Currency',
    'Fee Amount',
    'Fee Currency',
    'Net Worth Amount',
    'Net Worth Currency',
    'Label',
    'Description',
    'TxHash',
  ],
} as const

/** Koinly's label for futures P&L, on deposits (gains) and withdrawals (losses) alike. */
const REALIZED = 'realized gain'
/** Koinly's label for exchange kickbacks such as rebates (counted as income). */
const REWARD = 'reward'

interface Movement {
  amount: string
  currency: string
}

interface KoinlyTx {
  ts: number
  sent?: Movement
  received?: Movement
  fee?: Movement
  label?: string
  description: string
  txHash: string
}

/** Koinly wants "YYYY-MM-DD HH:mm:ss UTC". */
function koinlyDate(ts: number): string {
  const iso = isoTime(ts)
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`
}

function koinlyRow(tx: KoinlyTx): string[] {
  return [
    koinlyDate(tx.ts),
    tx.sent?.amount ?? '',
    tx.sent?.currency ?? '',
    tx.received?.amount ?? '',
    tx.received?.currency ?? '',
    tx.fee?.amount ?? '',
    tx.fee?.currency ?? '',
    '', // Net worth: left for Koinly to price.
    '',
    tx.label ?? '',
    tx.description,
    tx.txHash,
  ]
}

/** A signed cash flow as a deposit (positive) or withdrawal (negative); none when zero. */
function flowRow(amount: Atoms, currency: string, tx: Omit<KoinlyTx, 'sent' | 'received' | 'fee'>): string[][] {
  if (amount === 0n) return []
  const movement = { amount: formatAtoms(abs(amount)), currency }
  return [koinlyRow(amount > 0n ? { ...tx, received: movement } : { ...tx, sent: movement })]
}

/**
 * A fill as Koinly sees it. A spot fill is a disposal: a buy sends the quote (price x amount,
 * exact) and receives the base, a sell the reverse, with the fee in the Fee columns. A
 * perpetual fill swaps no coins, so (as Koinly's own futures imports do) only its cash flows
 * go in, as deposits or withdrawals labelled "realized gain": the P&L it realized and its fee.
 * Koinly refuses a row holding a fee alone, so a perpetual's fee is a withdrawal of its own.
 * A maker rebate (negative fee) is a deposit: "reward" on spot, part of the P&L on perpetuals.
 * TxHash is the trade id (suffixed per extra row) so re-imported exports are recognised.
 */
export function koinlyRows(fill: HistoryFill, spot: boolean): string[][] {
  const { base, quote, settle } = symbolAssets(fill.symbol)
  const what = `${fill.side} ${fill.amount} ${fill.symbol} at ${fill.price}`
  const fee = atoms(fill.fee)
  const feeTx = { ts: fill.ts, label: spot ? REWARD : REALIZED, description: `Trading fee, ${what}`, txHash: `${fill.tradeId}-fee` }
  if (!spot) {
    const pnl = { ts: fill.ts, label: REALIZED, description: `Realized P&L, ${what}`, txHash: fill.tradeId }
    return [...flowRow(atoms(fill.realizedPnl), settle, pnl), ...flowRow(-fee, fill.feeAsset, feeTx)]
  }
  const cost = { amount: formatScaled(atoms(fill.price) * atoms(fill.amount), 2 * SCALE), currency: quote }
  const coins = { amount: fill.amount, currency: base }
  const trade: KoinlyTx = {
    ts: fill.ts,
    ...(fill.side === 'buy' ? { sent: cost, received: coins } : { sent: coins, received: cost }),
    ...(fee > 0n ? { fee: { amount: fill.fee, currency: fill.feeAsset } } : {}),
    description: what,
    txHash: fill.tradeId,
  }
  return [koinlyRow(trade), ...flowRow(fee < 0n ? -fee : 0n, fill.feeAsset, feeTx)]
}

/**
 * A funding payment, `amount` signed as the wallet saw it (negative: paid). Koinly counts
 * funding with futures P&L ("other gains"), so it is labelled "realized gain" both ways;
 * "cost" and "income" would file it as an expense and as income instead. None when zero.
 */
export function koinlyFundingRow(funding: { ts: number; amount: string; asset: string; symbol: string; accountId: number }): string[] | undefined {
  const description = `Funding ${funding.symbol}`
  return flowRow(atoms(funding.amount), funding.asset, { ts: funding.ts, label: REALIZED, description, txHash: `funding-${funding.accountId}-${funding.symbol}-${funding.ts}` })[0]
}
