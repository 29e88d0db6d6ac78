import type { Candle, Timeframe } from '../../../shared/domain/market'
import type { Db } from '../db'

interface CandleRow {
  open_time: number
  open: number
  high: number
  low: number
  close: number
  volume: number
}

const toCandle = (row: CandleRow): Candle => ({
  time: row.open_time,
  open: row.open,
  high: row.high,
  low: row.low,
  close: row.close,
  volume: row.volume,
})

export interface CandleKey {
  source: string
  symbol: string
  timeframe: Timeframe
}

/** The ledger's candle cache. */
export class CandleRepo {
  private readonly upsertStmt
  private readonly rangeStmt
  private readonly latestStmt
  private readonly earliestStmt

  constructor(private readonly db: Db) {
    this.upsertStmt = db.prepare(
      `INSERT INTO candles (source, symbol, timeframe, open_time, open, high, low, close, volume)
       VALUES (@source, @symbol, @timeframe, @time, @open, @high, @low, @close, @volume)
       ON CONFLICT (source, symbol, timeframe, open_time) DO UPDATE SET
         open = excluded.open, high = excluded.high, low = excluded.low,
         close = excluded.close, volume = excluded.volume`,
    )
    this.rangeStmt = db.prepare<[string, string, string, number, number], CandleRow>(
      `SELECT open_time, open, high, low, close, volume FROM candles
       WHERE source = ? AND symbol = ? AND timeframe = ? AND open_time >= ? AND open_time < ?
       ORDER BY open_time`,
    )
    this.latestStmt = db.prepare<[string, string, string], CandleRow>(
      `SELECT open_time, open, high, low, close, volume FROM candles
       WHERE source = ? AND symbol = ? AND timeframe = ? ORDER BY open_time DESC LIMIT 1`,
    )
    this.earliestStmt = db.prepare<[string, string, string], CandleRow>(
      `SELECT open_time, open, high, low, close, volume FROM candles
       WHERE source = ? AND symbol = ? AND timeframe = ? ORDER BY open_time LIMIT 1`,
    )
  }

  /** Stores many candles (possibly of several symbols) in one transaction. */
  upsert(rows: ReadonlyArray<CandleKey & { candle: Candle }>): void {
    this.db.transaction(() => {
      for (const { source, symbol, timeframe, candle } of rows) {
        this.upsertStmt.run({ source, symbol, timeframe, ...candle })
      }
    })()
  }

  /** Candles with open time in [from, to), ascending. */
  range(key: CandleKey, from: number, to: number): Candle[] {
    return this.rangeStmt.all(key.source, key.symbol, key.timeframe, from, to).map(toCandle)
  }

  latest(key: CandleKey): Candle | undefined {
    const row = this.latestStmt.get(key.source, key.symbol, key.timeframe)
    return row === undefined ? undefined : toCandle(row)
  }

  earliest(key: CandleKey): Candle | undefined {
    const row = this.earliestStmt.get(key.source, key.symbol, key.timeframe)
    return row === undefined ? undefined : toCandle(row)
  }
}
