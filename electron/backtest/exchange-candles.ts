import type { Exchange } from 'ccxt'
import { AppError } from '../../shared/contract'
import { EXCHANGE_VENUE_NAMES, type ExchangeVenue } from '../../shared/domain/exchanges'
import type { Instrument } from '../../shared/domain/market'
import { TIMEFRAME_MS } from '../../shared/trading/candles'
import type { CandleKey, CandleRepo } from '../ledger/repos/candle-repo'
import { toAppError } from '../venues/ccxt/ccxt-errors'
import { instrumentFromMarket } from '../venues/ccxt/instruments'
import { candleOf } from '../venues/ccxt/ohlcv'

/** Candles per fetchOHLCV request (the most Binance, OKX and Bybit give in one page). */
const PAGE = 1_000

/** The spot market of `symbol` on an exchange, shaped as the paper engine trades it. */
export async function exchangeInstrument(exchange: Exchange, venue: ExchangeVenue, symbol: string): Promise<Instrument> {
  let markets: Awaited<ReturnType<Exchange['loadMarkets']>>
  try {
    markets = await exchange.loadMarkets()
  } catch (error) {
    throw toAppError(error, exchange, 'list its markets')
  }
  const market = markets[symbol]
  const instrument = market === undefined ? undefined : instrumentFromMarket(market, exchange.precisionMode, venue)
  if (instrument === undefined) {
    throw new AppError('NOT_FOUND', `${EXCHANGE_VENUE_NAMES[venue]} has no spot market ${symbol} the app can trade (unknown, inactive, or priced finer than 8 decimals).`)
  }
  return instrument
}

/**
 * Brings the candle cache up to [from, to) for `key` through fetchOHLCV: from the first
 * candle the cache does not hold on, page by page, each page kept as it comes (a run
 * canceled halfway keeps what it downloaded for the next). Reports the share of the span
 * covered; returns how many candles were downloaded.
 */
export async function downloadCandles(
  exchange: Exchange,
  candles: CandleRepo,
  key: CandleKey,
  span: { from: number; to: number },
  control: { signal?: AbortSignal; progress?(fraction: number): void } = {},
): Promise<number> {
  const step = TIMEFRAME_MS[key.timeframe]
  let since = span.from
  for (const candle of candles.range(key, span.from, span.to)) {
    if (candle.time !== since) break
    since += step
  }
  let downloaded = 0
  while (since < span.to) {
    control.progress?.((since - span.from) / (span.to - span.from))
    if (control.signal?.aborted === true) throw new AppError('CANCELED', 'The backtest was canceled; its results were not kept.')
    let page: Awaited<ReturnType<Exchange['fetchOHLCV']>>
    try {
      page = await exchange.fetchOHLCV(key.symbol, key.timeframe, since, PAGE)
    } catch (error) {
      throw toAppError(error, exchange, `download ${key.symbol} ${key.timeframe} candles`)
    }
    const fresh = page.flatMap((row) => candleOf(row) ?? []).filter((c) => c.time >= since && c.time < span.to)
    candles.upsert(fresh.map((candle) => ({ ...key, candle })))
    downloaded += fresh.length
    const last = fresh.at(-1)
    if (last === undefined) break
    since = last.time + step
  }
  control.progress?.(1)
  return downloaded
}
