import { basename } from 'node:path'
import type { Exchange } from 'ccxt'
import { AppError } from '../../shared/contract'
import type { BacktestData } from '../../shared/domain/backtests'
import { EXCHANGE_VENUE_NAMES, type ExchangeVenue } from '../../shared/domain/exchanges'
import { TIMEFRAMES, type Instrument, type Timeframe } from '../../shared/domain/market'
import { TIMEFRAME_MS } from '../../shared/trading/candles'
import { systemClock } from '../engine/clock'
import type { CandleKey, CandleRepo } from '../ledger/repos/candle-repo'
import { CandleReplayFeed } from '../venues/replay/candle-replay-feed'
import { readCandles } from '../venues/replay/csv-readers'
import type { BacktestSource } from './backtest-source'
import { downloadCandles, exchangeInstrument } from './exchange-candles'

const MINUTE = TIMEFRAME_MS['1m']
/** The most candles one backtest downloads (a year of 1m is 525,600). */
const MAX_DOWNLOAD = 1_000_000

/** The app's own market data (a backtest on "history" plays it), its candle cache, and the exchanges it may download from. */
export interface AppMarket {
  sourceId: string
  sourceName: string
  instruments: readonly Instrument[]
  candles: CandleRepo
  /** A ccxt client for an exchange's public data (no key). */
  publicExchange(venue: ExchangeVenue): Exchange
}

/** Data ready to play: where its ticks come from, its span, and what it is in words. */
export interface BacktestInput {
  source: BacktestSource
  from: number
  to: number
  /** The data's own candles. */
  timeframe: Timeframe
  description: string
  /** Work before the ticks can play (a download), with its progress; cancelable. */
  prepare?(control: { signal: AbortSignal; progress(fraction: number): void }): Promise<void>
}

/**
 * The candles a backtest of `symbol` on `timeframe` plays, checked before a run is
 * recorded: the market must be in the data, and the data no coarser than the timeframe.
 */
export async function openBacktestData(data: BacktestData, symbol: string, timeframe: Timeframe, app: AppMarket): Promise<BacktestInput> {
  const input =
    data.kind === 'history' ? historyInput(symbol, app) : data.kind === 'csv' ? await csvInput(data.file, symbol) : await exchangeInput(data, symbol, timeframe, app)
  if (TIMEFRAME_MS[timeframe] % TIMEFRAME_MS[input.timeframe] !== 0) {
    throw new AppError('REJECTED', `The data is ${input.timeframe} candles; a strategy on ${timeframe} candles needs data at least that fine.`)
  }
  return input
}

function historyInput(symbol: string, app: AppMarket): BacktestInput {
  const instrument = app.instruments.find((i) => i.symbol === symbol)
  if (instrument === undefined) {
    throw new AppError('NOT_FOUND', `${symbol} is not one of the app's markets (${app.sourceName}); choose one of ${app.instruments.map((i) => i.symbol).join(', ')}.`)
  }
  const key: CandleKey = { source: app.sourceId, symbol, timeframe: '1m' }
  const first = app.candles.earliest(key)
  const last = app.candles.latest(key)
  if (first === undefined || last === undefined) throw new AppError('NOT_FOUND', `The app has no ${symbol} history yet to test on.`)
  return {
    source: { kind: 'cache', instrument, key, from: first.time, to: last.time + MINUTE },
    from: first.time,
    to: last.time + MINUTE,
    timeframe: '1m',
    description: `${symbol} 1m history of ${app.sourceName}`,
  }
}

/** An exchange's candles on the strategy's own timeframe, downloaded into the cache before the run plays them. */
async function exchangeInput(data: Extract<BacktestData, { kind: 'exchange' }>, symbol: string, timeframe: Timeframe, app: AppMarket): Promise<BacktestInput> {
  const step = TIMEFRAME_MS[timeframe]
  const from = data.from - (data.from % step)
  const to = data.to - (data.to % step)
  if (to <= from) throw new AppError('REJECTED', `The span holds no whole ${timeframe} candle.`)
  if ((to - from) / step > MAX_DOWNLOAD) throw new AppError('REJECTED', `That is ${Math.round((to - from) / step).toLocaleString('en')} candles of ${timeframe}; a download takes at most ${MAX_DOWNLOAD.toLocaleString('en')}. Choose a shorter span or longer candles.`)
  const exchange = app.publicExchange(data.venue)
  const instrument = await exchangeInstrument(exchange, data.venue, symbol)
  const key: CandleKey = { source: `exchange:${data.venue}`, symbol, timeframe }
  return {
    source: { kind: 'cache', instrument, key, from, to },
    from,
    to,
    timeframe,
    description: `${symbol} ${timeframe} from ${EXCHANGE_VENUE_NAMES[data.venue]}`,
    prepare: async (control) => {
      await downloadCandles(exchange, app.candles, key, { from, to }, control)
    },
  }
}

/** A candle CSV of `base`/USDT, played like the candle replay plays it (same paths, same market shapes). */
async function csvInput(file: string, symbol: string): Promise<BacktestInput> {
  const match = /^([A-Z0-9]+)\/USDT$/.exec(symbol)
  if (match === null) throw new AppError('REJECTED', `A candle file is tested as a spot market against USDT (such as BTC/USDT), not ${symbol}.`)
  const base = match[1] as string
  const name = basename(file)
  const timeframe = await fileTimeframe(file, name)
  let feed: CandleReplayFeed
  try {
    feed = await CandleReplayFeed.open({ source: { id: `backtest:${name}`, name }, timeframe, markets: [{ base, candles: file }] }, systemClock)
  } catch (error) {
    throw new AppError('INVALID_FILE', `${name}: ${error instanceof Error ? error.message : String(error)}`)
  }
  const { startMs, endMs } = feed.timeline()
  return {
    source: { kind: 'csv', file, base, symbol, timeframe },
    from: startMs,
    to: endMs,
    timeframe,
    description: `${symbol} ${timeframe} from ${name}`,
  }
}

/** The timeframe a candle file is on, from its first two rows. */
async function fileTimeframe(file: string, name: string): Promise<Timeframe> {
  const rows = readCandles(file)
  const times: number[] = []
  try {
    for await (const row of rows) {
      times.push(row.openTime)
      if (times.length === 2) break
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new AppError('INVALID_FILE', `There is no file ${name} there; check the path.`)
    throw new AppError('INVALID_FILE', `${name} cannot be read as candles: ${error instanceof Error ? error.message : String(error)}`)
  } finally {
    await rows.return(undefined)
  }
  const [first, second] = times
  if (first === undefined || second === undefined) throw new AppError('INVALID_FILE', `${name} holds fewer than two candles.`)
  const timeframe = TIMEFRAMES.find((tf) => TIMEFRAME_MS[tf] === second - first)
  if (timeframe === undefined) throw new AppError('INVALID_FILE', `${name}: its candles are ${Math.round((second - first) / 1000)} s apart, which is none of ${TIMEFRAMES.join(', ')}.`)
  return timeframe
}
