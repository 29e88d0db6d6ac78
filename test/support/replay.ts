import { join } from 'node:path'
import Database from 'better-sqlite3'
import { expect } from 'vitest'
import type { AppCore } from '../../electron/core/app-core'
import type { Candle, Tick } from '../../shared/domain/market'

/** The value of an `{ok: true}` reply; throws with the error otherwise. */
export function value<T>(reply: unknown): T {
  const r = reply as { ok: true; value: T } | { ok: false; error: unknown }
  if (!r.ok) throw new Error(JSON.stringify(r.error))
  return r.value
}

/** Every tick the core publishes from now on, in order. */
export function publishedTicks(core: AppCore): Tick[] {
  const ticks: Tick[] = []
  core.subscribe((name, payload) => {
    if (name === 'market.ticked') ticks.push(...(payload as { ticks: Tick[] }).ticks)
  })
  return ticks
}

/** The one-minute candles a (closed) ledger file holds for a source's symbol, ascending. */
export function storedMinutes(ledgerFile: string, source: string, symbol: string): Candle[] {
  const db = new Database(ledgerFile, { readonly: true })
  try {
    return db
      .prepare<[string, string], Candle>(
        `SELECT open_time AS time, open, high, low, close, volume FROM candles
         WHERE source = ? AND symbol = ? AND timeframe = '1m' ORDER BY open_time`,
      )
      .all(source, symbol)
  } finally {
    db.close()
  }
}

export const ledgerIn = (dataDir: string, file: string): string => join(dataDir, file)

/** Candles with the same minutes and prices; volumes summed from float ticks may differ in the last bits. */
export function expectSameCandles(actual: readonly Candle[], expected: readonly Candle[]): void {
  expect(actual.map(({ volume: _v, ...prices }) => prices)).toEqual(expected.map(({ volume: _v, ...prices }) => prices))
  actual.forEach((candle, i) => expect(candle.volume).toBeCloseTo(expected[i]?.volume ?? NaN, 6))
}

/** True when every candle opens one minute after the one before it. */
export const contiguous = (candles: readonly Candle[]): boolean =>
  candles.every((c, i) => i === 0 || c.time === (candles[i - 1] as Candle).time + 60_000)
