import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import {
  CsvFormatError,
  readBookTicker,
  readCandles,
  readDepthEvents,
  readDepthSnapshot,
  readDepthUpdates,
  readFundingRates,
  readTrades,
} from '../../../../electron/venues/replay/csv-readers'
import { sharedDataFile } from '../../../support/shared-data'
import { useTempDirs } from '../../../support/temp-dir'
import { collect, count, recordedFiles } from './recorded-data'

const tempDir = useTempDirs()
const TRADE_HEADER = 'trade_id,price,qty,trade_time_ms,trade_time_utc,event_time_ms,is_buyer_maker,local_recv_ns'
const TRADE_1 = '3735683259,61837.63,0.02,1723161255342,2024-08-08T23:54:15.342Z,1723161255343,true,1723161254087896568'
const TRADE_2 = '3735683260,61837.63,0.048,1723161255617,2024-08-08T23:54:15.617Z,1723161255619,true,1723161254347673567'

function write(name: string, lines: string[], eol = '\n'): string {
  const file = join(tempDir(), name)
  writeFileSync(file, lines.join(eol) + eol)
  return file
}

async function failure(rows: AsyncIterable<unknown>): Promise<CsvFormatError> {
  try {
    for await (const _row of rows) {
      // drain
    }
  } catch (error) {
    if (error instanceof CsvFormatError) return error
    throw error
  }
  throw new Error('expected a CsvFormatError')
}

describe('the recorded data readers', () => {
  it('read every file with the row counts SOURCES.md gives, prices kept as the exact strings', async () => {
    const files = recordedFiles()
    const trades = await collect(readTrades(files.trades))
    expect(trades).toHaveLength(19_904)
    expect(trades[0]).toEqual({
      tradeId: 3735683259,
      price: '61837.63',
      qty: '0.02',
      tradeTime: 1723161255342,
      eventTime: 1723161255343,
      isBuyerMaker: true,
      localRecvNs: 1723161254087896568n,
    })
    // Contiguous trade ids: nothing missing.
    expect(trades.every((t, i) => t.tradeId === 3735683259 + i)).toBe(true)
    expect(await count(readBookTicker(files.bookTicker))).toBe(73_174)
    expect(await count(readCandles(files.candles1m))).toBe(43_209)
    expect(await count(readDepthUpdates(files.depthUpdates))).toBe(298_111)
    expect(await count(readDepthEvents(files.depthUpdates))).toBe(6_495)
    const snapshot = await readDepthSnapshot(files.depthSnapshot)
    expect(snapshot.lastUpdateId).toBe(50093239218)
    expect([snapshot.bids.length, snapshot.asks.length]).toEqual([1000, 1000])
    expect(snapshot.asks[0]).toEqual({ price: '61837.64', qty: '1.54698' })
    const funding = await collect(readFundingRates(sharedDataFile('funding/binance_usdm_BTCUSDT_perp_funding_rate_2019-09-10_2026-05-17.csv')))
    expect(funding).toHaveLength(7_323)
    expect(funding[0]).toEqual({ fundingTime: Date.UTC(2019, 8, 10, 8), rate: '0.0001' })
    expect(funding.some((f) => f.rate.startsWith('-'))).toBe(true)
  })

  it('reads LF and CRLF files alike', async () => {
    const lf = await collect(readTrades(write('lf.csv', [TRADE_HEADER, TRADE_1, TRADE_2])))
    const crlf = await collect(readTrades(write('crlf.csv', [TRADE_HEADER, TRADE_1, TRADE_2], '\r\n')))
    expect(crlf).toEqual(lf)
    expect(crlf[1]?.localRecvNs).toBe(1723161254347673567n)
  })

  it('refuses a header mismatch, naming the file and line 1', async () => {
    const file = write('header.csv', [TRADE_HEADER.replace('qty', 'quantity'), TRADE_1])
    const error = await failure(readTrades(file))
    expect(error.line).toBe(1)
    expect(error.message).toContain(file)
    expect(error.message).toContain('line 1')
    expect(error.message).toMatch(/expected header/)
  })

  it('refuses a bad row, naming the line and the column', async () => {
    const file = write('bad-price.csv', [TRADE_HEADER, TRADE_1, TRADE_2.replace('61837.63', '61837.6x')])
    const error = await failure(readTrades(file))
    expect(error.line).toBe(3)
    expect(error.message).toBe(`${file}, line 3: price "61837.6x" is not a non-negative decimal`)

    const short = await failure(readTrades(write('short.csv', [TRADE_HEADER, TRADE_1, '3735683260,61837.63'])))
    expect(short.message).toMatch(/line 3: expected 8 fields, found 2/)
    const blank = await failure(readTrades(write('blank.csv', [TRADE_HEADER, '', TRADE_1])))
    expect(blank.message).toMatch(/line 2: .*blank line/)
    const isoMismatch = await failure(readTrades(write('iso.csv', [TRADE_HEADER, TRADE_1.replace('15.342Z', '15.343Z')])))
    expect(isoMismatch.message).toMatch(/line 2: trade_time_utc/)
    const float = await failure(readTrades(write('exp.csv', [TRADE_HEADER, TRADE_1.replace('0.02', '2e-2')])))
    expect(float.message).toMatch(/line 2: qty "2e-2"/)
  })

  it('refuses a bad row inside a gzipped file with its line number', async () => {
    const file = join(tempDir(), 'depth.csv.gz')
    const header = 'local_recv_ns,event_time_ms,first_update_id,last_update_id,side,price,qty'
    const rows = [header, '1,2,10,12,bid,100.5,1', '1,2,10,12,ask,101,0', '3,4,13,14,buy,100,2']
    writeFileSync(file, gzipSync(rows.join('\r\n') + '\r\n'))
    const error = await failure(readDepthEvents(file))
    expect(error.line).toBe(4)
    expect(error.message).toMatch(/line 4: side "buy" is not bid or ask/)
  })

  it('refuses an empty file and reports a missing one', async () => {
    const empty = join(tempDir(), 'empty.csv')
    writeFileSync(empty, '')
    expect((await failure(readCandles(empty))).message).toMatch(/line 1: the file is empty/)
    await expect(collect(readCandles(join(tempDir(), 'missing.csv.gz')))).rejects.toThrow(/ENOENT/)
  })
})
