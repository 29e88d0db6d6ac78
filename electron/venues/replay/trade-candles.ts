import { type Atoms, formatAtoms } from '../../../shared/trading/money'
import type { TradeRow } from './csv-readers'
import { exactAtoms } from './decimal'

/** A candle built from trades, exact: prices are the trades' own strings, volume summed in atoms. */
export interface ExactCandle {
  /** Open time, epoch ms UTC; covers [time, time + interval). */
  time: number
  open: string
  high: string
  low: string
  close: string
  volume: string
  trades: number
}

/**
 * Aggregates trades (in trade order) into candles of `intervalMs`, aligned to the epoch
 * like the exchange's klines. Empty intervals yield no candle. The first and last candles
 * of a recording are partial: the caller knows which minutes its recording covers fully.
 */
export async function* tradesToCandles(trades: AsyncIterable<TradeRow>, intervalMs: number): AsyncGenerator<ExactCandle> {
  let current: (ExactCandle & { highAtoms: Atoms; lowAtoms: Atoms; volumeAtoms: Atoms }) | undefined
  for await (const trade of trades) {
    const time = trade.tradeTime - (trade.tradeTime % intervalMs)
    const price = exactAtoms(trade.price)
    const qty = exactAtoms(trade.qty)
    if (current !== undefined && time < current.time) {
      throw new Error(`Trade ${trade.tradeId} at ${trade.tradeTime} is older than the candle at ${current.time}: trades must be in time order`)
    }
    if (current === undefined || time > current.time) {
      if (current !== undefined) yield finish(current)
      current = { time, open: trade.price, high: trade.price, low: trade.price, close: trade.price, volume: '', trades: 0, highAtoms: price, lowAtoms: price, volumeAtoms: 0n }
    }
    if (price > current.highAtoms) [current.high, current.highAtoms] = [trade.price, price]
    if (price < current.lowAtoms) [current.low, current.lowAtoms] = [trade.price, price]
    current.close = trade.price
    current.volumeAtoms += qty
    current.trades += 1
  }
  if (current !== undefined) yield finish(current)
}

function finish(c: ExactCandle & { highAtoms: Atoms; lowAtoms: Atoms; volumeAtoms: Atoms }): ExactCandle {
  return { time: c.time, open: c.open, high: c.high, low: c.low, close: c.close, volume: formatAtoms(c.volumeAtoms), trades: c.trades }
}
