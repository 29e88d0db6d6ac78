import type { Exchange, Trade } from 'ccxt'
import { AppError } from '../../../shared/contract/result'
import { toPlainDecimal, type Atoms } from '../../../shared/trading/money'
import type { ImportedFill } from '../../history/csv-import'
import { exactAtoms } from '../replay/decimal'
import { isRateLimit, retryAfterMs, toAppError, venueName } from './ccxt-errors'

/**
 * Reads an exchange account's fills through ccxt (fetchMyTrades), page by page, into
 * ImportedFill rows. Amounts become exact atoms here, once, from the exchange's own
 * decimal strings; ccxt errors become AppErrors in a trader's words, never carrying the
 * API secret.
 */

const DAY_MS = 86_400_000

// ---------------------------------------------------------------------------------------
// Paging
// ---------------------------------------------------------------------------------------

export interface TradeHistoryOptions {
  /** Backoff after a rate limit: base x 2^attempt, at least Retry-After, at most max. */
  backoff?: { baseMs: number; maxMs: number }
}

/** Binance's largest myTrades page. */
export const PAGE_SIZE = 1000
const MAX_RETRIES = 3
const DEFAULT_BACKOFF = { baseMs: 1000, maxMs: 60_000 }

interface Context {
  exchange: Exchange
  signal: AbortSignal
  backoff: { baseMs: number; maxMs: number }
  progress: () => void
}

/**
 * All fills of `symbols` (ccxt unified, e.g. "BTC/USDT") since `since` (ms), oldest
 * first. `onProgress` gets the number of fills read so far after every page.
 */
export async function fetchTradeHistory(
  exchange: Exchange,
  symbols: string[],
  since: number,
  onProgress: (done: number) => void,
  signal: AbortSignal,
  options: TradeHistoryOptions = {},
): Promise<ImportedFill[]> {
  const fills: ImportedFill[] = []
  const ctx: Context = { exchange, signal, backoff: options.backoff ?? DEFAULT_BACKOFF, progress: () => onProgress(fills.length) }
  await loadMarkets(ctx, symbols)
  for (const symbol of symbols) {
    throwIfCanceled(signal)
    await fetchSymbol(ctx, symbol, since, fills)
  }
  // Stable: fills of one millisecond keep their per-symbol (trade id) order.
  return fills.sort((a, b) => a.ts - b.ts)
}

/**
 * Loaded up front so a retry can force a reload: ccxt keeps a failed loadMarkets promise
 * and hands the same rejection to every later call.
 */
async function loadMarkets(ctx: Context, symbols: readonly string[]): Promise<void> {
  const markets = await withRetries(ctx, (attempt) => ctx.exchange.loadMarkets(attempt > 0))
  const unknown = symbols.filter((s) => markets[s] === undefined)
  if (unknown.length > 0) throw new AppError('NOT_FOUND', `${venueName(ctx.exchange)} has no spot market ${unknown.join(', ')}.`)
}

/** Where the next page starts: a time (inclusive) until a first trade is found, then a trade id. */
type Cursor = { since: number } | { fromId: bigint }

async function fetchSymbol(ctx: Context, symbol: string, since: number, into: ImportedFill[]): Promise<void> {
  const seen = new Set<string>()
  let cursor: Cursor = { since }
  let lastId = -1n
  for (;;) {
    throwIfCanceled(ctx.signal)
    // ccxt orders a page by time, then by id as text ("1000" before "999"): re-sort by id as a number.
    const page = byTimeThenId(await withRetries(ctx, () => fetchPage(ctx.exchange, symbol, cursor)))
    const fresh = page.filter((t) => !seen.has(tradeId(t)))
    for (const trade of fresh) {
      seen.add(tradeId(trade))
      into.push(toFill(trade))
      lastId = maxBigint(lastId, BigInt(tradeId(trade)))
    }
    ctx.progress()
    if ('fromId' in cursor && page.length < PAGE_SIZE) return
    // Once a trade is known, continue by id: Binance may answer a startTime with only the 24
    // hours after it, and ids follow time within a symbol.
    if (lastId >= 0n || 'fromId' in cursor) {
      cursor = { fromId: lastId + 1n }
      continue
    }
    // Nothing yet: the next day, until now.
    const next: number = cursor.since + DAY_MS
    if (next > ctx.exchange.milliseconds()) return
    cursor = { since: next }
  }
}

function fetchPage(exchange: Exchange, symbol: string, cursor: Cursor): Promise<Trade[]> {
  // Binance refuses fromId together with startTime, so a fromId page sends no `since`.
  return 'since' in cursor ? exchange.fetchMyTrades(symbol, cursor.since, PAGE_SIZE) : exchange.fetchMyTrades(symbol, undefined, PAGE_SIZE, { fromId: cursor.fromId.toString() })
}

function byTimeThenId(trades: Trade[]): Trade[] {
  const key = (t: Trade): [number, bigint] => [timestampOf(t), BigInt(tradeId(t))]
  return trades
    .map((t) => ({ t, k: key(t) }))
    .sort((a, b) => a.k[0] - b.k[0] || (a.k[1] < b.k[1] ? -1 : a.k[1] > b.k[1] ? 1 : 0))
    .map(({ t }) => t)
}

const maxBigint = (a: bigint, b: bigint): bigint => (a > b ? a : b)

function throwIfCanceled(signal: AbortSignal): void {
  if (signal.aborted) throw new AppError('CANCELED', 'The import was canceled; nothing was kept.')
}

// ---------------------------------------------------------------------------------------
// Conversion
// ---------------------------------------------------------------------------------------

function toFill(trade: Trade): ImportedFill {
  const info = (trade.info ?? {}) as Record<string, unknown>
  const id = tradeId(trade)
  return {
    line: 0,
    tradeId: id,
    orderId: required(trade.order, 'order id', id),
    ts: timestampOf(trade),
    symbol: required(trade.symbol, 'symbol', id),
    side: oneOf(trade.side, ['buy', 'sell'], 'side', id),
    price: exact(info['price'], trade.price, 'price', id),
    amount: exact(info['qty'], trade.amount, 'amount', id),
    fee: exact(info['commission'], trade.fee?.cost ?? 0, 'fee', id),
    feeAsset: required(trade.fee?.currency ?? undefined, 'fee asset', id),
    liquidity: oneOf(trade.takerOrMaker, ['maker', 'taker'], 'maker/taker flag', id),
  }
}

function tradeId(trade: Trade): string {
  if (trade.id === undefined || !/^\d+$/.test(trade.id)) throw unreadable(String(trade.id), 'trade id')
  return trade.id
}

function timestampOf(trade: Trade): number {
  const ts = trade.timestamp
  return ts !== undefined && Number.isSafeInteger(ts) ? ts : unreadableField(tradeIdOrUnknown(trade), 'time')
}

const tradeIdOrUnknown = (trade: Trade): string => trade.id ?? '?'

/**
 * The exchange's own decimal string when it sent one (Binance: "0.00100000"); else ccxt's
 * number through its shortest round-trip decimal. Either way it is read into atoms once
 * and refused, never rounded, if it has more than 8 decimals.
 */
function exact(raw: unknown, parsed: number | undefined, what: string, id: string): Atoms {
  const text = typeof raw === 'string' ? raw : parsed !== undefined && Number.isFinite(parsed) ? toPlainDecimal(parsed) : undefined
  if (text === undefined) return unreadableField(id, what)
  try {
    return exactAtoms(text)
  } catch {
    return unreadableField(id, `${what} "${text}"`)
  }
}

function required(value: string | undefined, what: string, id: string): string {
  return value === undefined || value === '' ? unreadableField(id, what) : value
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], what: string, id: string): T {
  return allowed.find((a) => a === value) ?? unreadableField(id, `${what} "${String(value)}"`)
}

function unreadableField(id: string, what: string): never {
  throw unreadable(id, what)
}

function unreadable(id: string, what: string): AppError {
  return new AppError('UNAVAILABLE', `The exchange sent trade ${id} with a ${what} the app cannot read exactly; nothing was imported.`)
}

// ---------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------

/** Retries rate limits with a backoff; every other failure becomes an AppError at once. */
async function withRetries<T>(ctx: Context, call: (attempt: number) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await call(attempt)
    } catch (error) {
      if (!isRateLimit(error) || attempt >= MAX_RETRIES) throw toAppError(error, ctx.exchange, 'return the trade history')
      await sleep(backoffMs(ctx, attempt), ctx.signal)
    }
  }
}

function backoffMs(ctx: Context, attempt: number): number {
  const wanted = Math.max(ctx.backoff.baseMs * 2 ** attempt, retryAfterMs(ctx.exchange))
  return Math.min(wanted, ctx.backoff.maxMs)
}

/** Resolves after `ms`, or rejects with CANCELED as soon as the signal aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const canceled = (): void => {
      clearTimeout(timer)
      reject(new AppError('CANCELED', 'The import was canceled; nothing was kept.'))
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', canceled)
      resolve()
    }, ms)
    if (signal.aborted) canceled()
    else signal.addEventListener('abort', canceled, { once: true })
  })
}
