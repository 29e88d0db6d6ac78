import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { closeLedger, openLedger } from '../../../electron/ledger/db'
import { CandleRepo } from '../../../electron/ledger/repos/candle-repo'
import { readCandleCsv } from '../../support/shared-data'
import { useTempDirs } from '../../support/temp-dir'

const tempDir = useTempDirs()
const key = { source: 'binance', symbol: 'BTC/USDT', timeframe: '1m' } as const

describe('the candle cache', () => {
  it('keeps real candles exactly across a restart', () => {
    const candles = readCandleCsv('candles/binance_spot_BTCUSDT_1m_2024-07-26_2024-08-25.csv').slice(0, 5_000)
    const file = join(tempDir(), 'ledger.sqlite')
    const db = openLedger(file, { now: 0 + 1_600_000_000_000 })
    new CandleRepo(db).upsert(candles.map((candle) => ({ ...key, candle })))
    closeLedger(db)

    const reopened = openLedger(file, { now: 1_600_000_000_000 })
    const repo = new CandleRepo(reopened)
    expect(repo.range(key, candles[0]!.time, candles.at(-1)!.time + 60_000)).toEqual(candles)
    expect(repo.range(key, candles[10]!.time, candles[20]!.time)).toEqual(candles.slice(10, 20))
    expect(repo.latest(key)).toEqual(candles.at(-1))
    expect(repo.latest({ ...key, symbol: 'ETH/USDT' })).toBeUndefined()
    closeLedger(reopened)
  })

  it('replaces a candle stored twice instead of duplicating it', () => {
    const db = openLedger(join(tempDir(), 'ledger.sqlite'), { now: 1_600_000_000_000 })
    const repo = new CandleRepo(db)
    const candle = { time: 1_700_000_000_000, open: 1, high: 2, low: 0.5, close: 1.5, volume: 3 }
    repo.upsert([{ ...key, candle }])
    repo.upsert([{ ...key, candle: { ...candle, close: 1.75 } }])
    expect(repo.range(key, 0, Number.MAX_SAFE_INTEGER)).toEqual([{ ...candle, close: 1.75 }])
    closeLedger(db)
  })
})
