import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Candle } from '../../shared/domain/market'

/** The team's real market data, read in place beside the project root (never copied in). */
export const SHARED_DATA_DIR = resolve(import.meta.dirname, '../../../shared/data')

export function sharedDataFile(relative: string): string {
  const file = join(SHARED_DATA_DIR, relative)
  if (!existsSync(file)) throw new Error(`Shared market data not found: ${relative} (expected ../shared/data beside the project)`)
  return file
}

/** Reads a candle CSV in the shared format (open_time_ms,open_time_utc,open,high,low,close,volume). */
export function readCandleCsv(relative: string): Candle[] {
  const [header, ...rows] = readFileSync(sharedDataFile(relative), 'utf8').trim().split('\n')
  if (header !== 'open_time_ms,open_time_utc,open,high,low,close,volume') throw new Error(`Unexpected header: ${header}`)
  return rows.map((row) => {
    const [time, , open, high, low, close, volume] = row.split(',')
    return { time: Number(time), open: Number(open), high: Number(high), low: Number(low), close: Number(close), volume: Number(volume) }
  })
}
