import { basename } from 'node:path'
import { AppError } from '../../shared/contract'
import type { BacktestData } from '../../shared/domain/backtests'
import { TIMEFRAMES, type Candle, type Instrument, type Tick, type Timeframe } from '../../shared/domain/market'
import { TIMEFRAME_MS } from '../../shared/trading/candles'
import { atoms, atomsOf, formatAtoms } from '../../shared/trading/money'
import { systemClock } from '../engine/clock'
import type { CandleRepo } from '../ledger/repos/candle-repo'
import { candleTicks } from '../venues/replay/candle-path'
import { CandleReplayFeed } from '../venues/replay/candle-replay-feed'
import { readCandles, type CandleRow } from '../venues/replay/csv-readers'
import type { BacktestMarket } from './backtest'

const MINUTE = TIMEFRAME_MS['1m']

/** The app's own market data, which a backtest on "history" plays. */
export interface AppMarket {
  sourceId: string
  sourceName: string
  instruments: readonly Instrument[]
  candles: CandleRepo
}

/** Data ready to play: the market, its span, and what it is in words. */
export interface BacktestInput {
  market: BacktestMarket
  from: number
  to: number
  /** The data's own candles. */
  timeframe: Timeframe
  description: string
}

/**
 * The candles a backtest of `symbol` on `timeframe` plays, checked before a run is
 * recorded: the market must be in the data, and the data no coarser than the timeframe.
 */
export async function openBacktestData(data: BacktestData, symbol: string, timeframe: Timeframe, app: AppMarket): Promise<BacktestInput> {
  const input = data.kind === 'history' ? historyInput(symbol, app) : await csvInput(data.file, symbol)
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
  const candles = app.candles.range({ source: app.sourceId, symbol, timeframe: '1m' }, 0, Number.MAX_SAFE_INTEGER)
  const first = candles[0]
  const last = candles.at(-1)
  if (first === undefined || last === undefined) throw new AppError('NOT_FOUND', `The app has no ${symbol} history yet to test on.`)
  const listing = [{ symbol, amountStep: atoms(instrument.amountStep) }]
  return {
    market: {
      instruments: [instrument],
      async *ticks(): AsyncGenerator<Tick[]> {
        for (const candle of candles) yield candleTicks(rowOf(candle), MINUTE, listing)
      },
    },
    from: first.time,
    to: last.time + MINUTE,
    timeframe: '1m',
    description: `${symbol} 1m history of ${app.sourceName}`,
  }
}

/** A cached candle as a recorded row: its numbers as the decimals they stand for (to 8 places). */
function rowOf(candle: Candle): CandleRow {
  const text = (value: number) => formatAtoms(atomsOf(value))
  return { openTime: candle.time, open: text(candle.open), high: text(candle.high), low: text(candle.low), close: text(candle.close), volume: text(candle.volume) }
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
    market: { instruments: feed.instruments.filter((i) => i.symbol === symbol), ticks: () => feed.tickGroupsFrom(startMs) },
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
