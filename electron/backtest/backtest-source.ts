import { basename } from 'node:path'
import type { Candle, Instrument, Tick, Timeframe } from '../../shared/domain/market'
import { TIMEFRAME_MS } from '../../shared/trading/candles'
import { atoms, atomsOf, formatAtoms } from '../../shared/trading/money'
import { systemClock } from '../engine/clock'
import type { CandleKey, CandleRepo } from '../ledger/repos/candle-repo'
import { candleTicks } from '../venues/replay/candle-path'
import { CandleReplayFeed } from '../venues/replay/candle-replay-feed'
import type { CandleRow } from '../venues/replay/csv-readers'
import type { BacktestMarket } from './backtest'

/**
 * Where a backtest's ticks come from, as plain data (a worker thread can be given it): the
 * ledger's candle cache (the app's history, downloaded candles), or a candle file.
 */
export type BacktestSource =
  | { kind: 'cache'; instrument: Instrument; key: CandleKey; from: number; to: number }
  | { kind: 'csv'; file: string; base: string; symbol: string; timeframe: Timeframe }

/**
 * The market a source plays: cached candles (read from `candles`) or a candle file, both
 * as the candle replay plays them (the same paths, the same market shapes).
 */
export async function marketOf(source: BacktestSource, candles: CandleRepo | undefined): Promise<BacktestMarket> {
  if (source.kind === 'csv') {
    const feed = await CandleReplayFeed.open({ source: { id: `backtest:${basename(source.file)}`, name: basename(source.file) }, timeframe: source.timeframe, markets: [{ base: source.base, candles: source.file }] }, systemClock)
    return { instruments: feed.instruments.filter((i) => i.symbol === source.symbol), ticks: () => feed.tickGroupsFrom(feed.timeline().startMs) }
  }
  if (candles === undefined) throw new Error('A cached source needs the candle cache')
  const { instrument, key, from, to } = source
  const listing = [{ symbol: instrument.symbol, amountStep: atoms(instrument.amountStep) }]
  const interval = TIMEFRAME_MS[key.timeframe]
  return {
    instruments: [instrument],
    async *ticks(): AsyncGenerator<Tick[]> {
      for (const candle of candles.range(key, from, to)) yield candleTicks(rowOf(candle), interval, listing)
    },
  }
}

/** A cached candle as a recorded row: its numbers as the decimals they stand for (to 8 places). */
function rowOf(candle: Candle): CandleRow {
  const text = (value: number) => formatAtoms(atomsOf(value))
  return { openTime: candle.time, open: text(candle.open), high: text(candle.high), low: text(candle.low), close: text(candle.close), volume: text(candle.volume) }
}
