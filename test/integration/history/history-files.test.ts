import { afterEach, describe, expect, it } from 'vitest'
import type { AppCore } from '../../../electron/core/app-core'
import type { EventName } from '../../../shared/contract'
import type { HistoryJob } from '../../../shared/domain/history'
import { testCore } from '../../support/core'
import { useTempDirs } from '../../support/temp-dir'

const tempDir = useTempDirs()
let cores: AppCore[] = []
afterEach(() => {
  for (const core of cores) core.close()
  cores = []
})

const HEADER = 'Trade ID,Order ID,Time (UTC),Symbol,Side,Price,Amount,Fee,Fee asset,Liquidity,Realized P&L,Account'

async function open(dir: string) {
  const core = await testCore(dir)
  cores.push(core)
  const jobs: HistoryJob[] = []
  core.subscribe((name: EventName, payload) => {
    if (name === 'history.jobUpdated') jobs.push(payload as HistoryJob)
  })
  const must = async <T,>(method: string, params: unknown): Promise<T> => {
    const result = await core.dispatch(method, params)
    if (!result.ok) throw new Error(`${method}: ${result.error.message}`)
    return result.value as T
  }
  /** Resolves with the job once it is no longer running. */
  const settled = async (id: string): Promise<HistoryJob> => {
    for (let i = 0; i < 200; i++) {
      const last = jobs.filter((j) => j.id === id).at(-1)
      if (last !== undefined && last.state !== 'running') return last
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    throw new Error(`job ${id} never finished`)
  }
  return { core, must, settled }
}

/** Sends a CSV the way the screen does: start, chunks, finish. */
async function importCsv(must: Awaited<ReturnType<typeof open>>['must'], csv: string, chunk = 50): Promise<HistoryJob> {
  const job = await must<HistoryJob>('history.importStart', { format: 'tradedesk', accountName: 'Binance main', venue: 'binance' })
  for (let at = 0; at < csv.length; at += chunk) await must('history.importChunk', { jobId: job.id, text: csv.slice(at, at + chunk) })
  return must<HistoryJob>('history.importFinish', { jobId: job.id })
}

async function readWhole(must: Awaited<ReturnType<typeof open>>['must'], file: string): Promise<Buffer> {
  const parts: Buffer[] = []
  let offset: number | null = 0
  while (offset !== null) {
    const piece: { data: string; nextOffset: number | null } = await must('history.readFile', { file, offset })
    parts.push(Buffer.from(piece.data, 'base64'))
    offset = piece.nextOffset
  }
  return Buffer.concat(parts)
}

const CSV = [
  HEADER,
  't1,o1,2024-08-05T08:00:00.000Z,BTC/USDT:USDT,buy,50000,0.2,5,USDT,taker,0,x',
  't2,o2,2024-08-05T09:00:00.000Z,BTC/USDT:USDT,sell,51000,0.2,5.1,USDT,taker,0,x',
  't3,o3,2024-08-06T10:00:00.000Z,ETH/USDT,buy,2500,1,2.5,USDT,maker,0,x',
  '',
].join('\r\n')

describe('imports, exports and backups through the contract', () => {
  it('imports a CSV into a review-only account once; a second import books nothing twice', async () => {
    const { must } = await open(tempDir())
    const first = await importCsv(must, CSV)
    expect(first).toMatchObject({ state: 'finished', message: 'Imported 3 fills into Binance main.' })
    const again = await importCsv(must, CSV)
    expect(again).toMatchObject({ state: 'finished', message: 'Imported 0 fills into Binance main; 3 were already in the ledger and were skipped.' })
    const trades = await must<{ rows: Array<{ symbol: string; netPnl: string; source: string; outcome: string }>; total: number }>('history.trades', {
      filter: { sources: ['imported'] },
      offset: 0,
      limit: 10,
    })
    // Long 0.2 BTC from 50,000 to 51,000: +200 gross, 10.1 of fees. The ETH buy is still open.
    expect(trades.rows.map((t) => [t.symbol, t.netPnl, t.outcome])).toEqual([
      ['ETH/USDT', '-2.5', 'open'],
      ['BTC/USDT:USDT', '189.9', 'win'],
    ])
    // The engine never trades an imported account.
    expect(await must<Array<{ name: string }>>('accounts.list', {})).not.toContainEqual(expect.objectContaining({ name: 'Binance main' }))
  })

  it('a malformed row is reported with its line number and nothing is imported', async () => {
    const { core, must } = await open(tempDir())
    const bad = CSV.replace('t3,o3,2024-08-06T10:00:00.000Z,ETH/USDT,buy,2500', 't3,o3,2024-08-06T10:00:00.000Z,ETH/USDT,buy,abc')
    const job = await importCsv(must, bad)
    expect(job.state).toBe('failed')
    expect(job.message).toMatch(/^Line 4: .*abc/)
    const facts = await core.dispatch('history.fills', { filter: {}, offset: 0, limit: 10 })
    expect(facts).toMatchObject({ ok: true, value: { total: 0 } })
  })

  it('exports the fills it imported, byte for byte in the import layout', async () => {
    const { must, settled } = await open(tempDir())
    await importCsv(must, CSV)
    const job = await must<HistoryJob>('history.export', { what: 'fills', filter: { sources: ['imported'] } })
    const done = await settled(job.id)
    expect(done).toMatchObject({ state: 'finished', message: expect.stringMatching(/^Exported 3 rows to fills-\d{8}-\d{6}-\d{3}\.csv\.$/) })
    const text = (await readWhole(must, done.file ?? '')).toString('utf8')
    const lines = text.replace(/^\uFEFF/, '').trimEnd().split('\r\n')
    expect(lines[0]).toBe(HEADER)
    // Order ids are the ledger's own (the exchange's order id is kept as the order's client id).
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 10).join(','))).toEqual([
      't1,1,2024-08-05T08:00:00.000Z,BTC/USDT:USDT,buy,50000,0.2,5,USDT,taker',
      't2,2,2024-08-05T09:00:00.000Z,BTC/USDT:USDT,sell,51000,0.2,5.1,USDT,taker',
      't3,3,2024-08-06T10:00:00.000Z,ETH/USDT,buy,2500,1,2.5,USDT,maker',
    ])
    // And the export imports back as nothing new.
    expect(await importCsv(must, text)).toMatchObject({ message: expect.stringMatching(/Imported 0 fills.*3 were already/) })
  })

  it('a backup taken while running restores into the ledger when the app next opens', async () => {
    const dir = tempDir()
    const first = await open(dir)
    await importCsv(first.must, CSV)
    const backup = await first.settled((await first.must<HistoryJob>('ledger.backup', {})).id)
    expect(backup).toMatchObject({ state: 'finished', file: expect.stringMatching(/^ledger-\d{8}-\d{6}-\d{3}\.sqlite$/) })
    // After the backup, more history arrives; restoring goes back to the backup's state.
    await first.must('history.importStart', { format: 'tradedesk', accountName: 'Later', venue: 'okx' })
    await importCsv(first.must, CSV.replaceAll('t1,', 'later1,'))
    expect(await first.must<Array<{ file: string }>>('ledger.backups', {})).toEqual([expect.objectContaining({ file: backup.file })])
    const restored = await first.must<{ message: string }>('ledger.restore', { file: backup.file })
    expect(restored.message).toMatch(/is a good ledger \(\d+ accounts?, 3 fills\).*Restart TradeDesk/)
    first.core.close()
    const second = await open(dir)
    const fills = await second.must<{ total: number }>('history.fills', { filter: {}, offset: 0, limit: 10 })
    expect(fills.total).toBe(3)
  })

  it('refuses file names that are paths, and unknown jobs, in words', async () => {
    const { core } = await open(tempDir())
    expect(await core.dispatch('history.readFile', { file: '../ledger.sqlite', offset: 0 })).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS' } })
    expect(await core.dispatch('ledger.restore', { file: 'nope.sqlite' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(await core.dispatch('history.importFinish', { jobId: 'abc' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  })
})
