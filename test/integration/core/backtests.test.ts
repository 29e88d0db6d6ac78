import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AppCore } from '../../../electron/core/app-core'
import type { ParamsOf } from '../../../shared/contract'
import type { BacktestReport, BacktestRun } from '../../../shared/domain/backtests'
import { testCore } from '../../support/core'
import { value } from '../../support/replay'
import { readCandleCsv, sharedDataFile } from '../../support/shared-data'
import { startFakeBinance, type FakeBinance } from '../../support/fake-binance'
import { useTempDirs } from '../../support/temp-dir'

const tempDir = useTempDirs()

const EMA: ParamsOf<'backtests.start'> = {
  choice: { strategy: 'ema-crossover', params: { fast: 5, slow: 20, allowShort: true, stop: 'atr' } } as never,
  symbol: 'BTC/USDT:USDT',
  timeframe: '5m',
  data: { kind: 'history' },
  startingBalance: '10000',
  positionSize: '0.5',
}

/** Every backtest.updated the core publishes, and a way to wait for one run to end. */
function watchRuns(core: AppCore) {
  const updates: BacktestRun[] = []
  const waiters: Array<() => void> = []
  core.subscribe((name, payload) => {
    if (name !== 'backtest.updated') return
    updates.push(payload as BacktestRun)
    for (const wake of waiters.splice(0)) wake()
  })
  const ended = async (id: number): Promise<BacktestRun> => {
    for (;;) {
      const last = updates.filter((u) => u.id === id).at(-1)
      if (last !== undefined && last.status !== 'running') return last
      await new Promise<void>((resolve) => waiters.push(resolve))
    }
  }
  return { updates, ended }
}

describe('backtests on an exchange’s candles, downloaded through ccxt', () => {
  const HOURS = readCandleCsv('candles/binance_spot_BTCUSDT_1h_2018-01-01_2026-05-16.csv')
  const FROM = Date.UTC(2024, 0, 1)
  const TO = Date.UTC(2024, 3, 1)
  const RSI = { ...EMA, choice: { strategy: 'rsi-reversion', params: {} } as never, symbol: 'BTC/USDT', timeframe: '1h' as const }
  const fromBinance = { kind: 'exchange' as const, venue: 'binance' as const, from: FROM, to: TO }
  let fake: FakeBinance

  beforeAll(async () => {
    fake = await startFakeBinance({ apiKey: 'unused-key-000', secret: 'unused-secret-000', klines: { BTCUSDT: { '1h': HOURS } } })
  })
  afterAll(() => fake.close())
  const klineRequests = () => fake.requests.filter((r) => r.path === '/api/v3/klines').length

  it('download with progress into the candle cache, and read the cache the next time', async () => {
    const core = await testCore(tempDir(), { exchangeApiHost: fake.url })
    const { updates, ended } = watchRuns(core)
    const first = value<BacktestRun>(await core.dispatch('backtests.start', { ...RSI, data: fromBinance }))
    const done = await ended(first.id)
    expect(done).toMatchObject({ status: 'done', data: 'BTC/USDT 1h from Binance', from: FROM, to: TO - 3_600_000 + 2_700_000 })
    expect(done.summary?.trades).toBeGreaterThan(3)
    expect(updates.some((u) => u.stage === 'downloading')).toBe(true)
    // 2,184 hours in pages of 1,000.
    expect(klineRequests()).toBe(3)

    const again = value<BacktestRun>(await core.dispatch('backtests.start', { ...RSI, data: fromBinance }))
    expect((await ended(again.id)).summary).toEqual(done.summary)
    expect(klineRequests()).toBe(3)
    core.close()
  }, 60_000)

  it('fail in words when the exchange is down, keeping no run ledger, and refuse a market it does not list', async () => {
    const dataDir = tempDir()
    const core = await testCore(dataDir, { exchangeApiHost: fake.url })
    const { ended } = watchRuns(core)
    expect(await core.dispatch('backtests.start', { ...RSI, symbol: 'XYZ/USDT', data: fromBinance })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'Binance has no spot market XYZ/USDT the app can trade (unknown, inactive, or priced finer than 8 decimals).' },
    })
    fake.marketDown = true
    try {
      const run = value<BacktestRun>(await core.dispatch('backtests.start', { ...RSI, data: { ...fromBinance, from: Date.UTC(2023, 0, 1) } }))
      const failed = await ended(run.id)
      expect(failed.status).toBe('failed')
      expect(failed.error).toMatch(/^Binance /)
      expect(existsSync(join(dataDir, 'backtests', `run-${run.id}.sqlite`))).toBe(false)
    } finally {
      fake.marketDown = false
    }
    core.close()
  }, 60_000)
})

describe('parameter sweeps on worker threads', () => {
  const DAILY = { kind: 'csv' as const, file: sharedDataFile('candles/binance_spot_BTCUSDT_1d_2017-08-17_2026-01-05.csv') }
  const SWEEP = { ...EMA, strategy: 'ema-crossover' as const, params: { stop: 'atr' }, grid: { fast: [5, 10], slow: [20, 30] }, symbol: 'BTC/USDT', timeframe: '1d' as const, data: DAILY }
  delete (SWEEP as { choice?: unknown }).choice

  it('run every combination, each exactly as a single run of it would', async () => {
    const core = await testCore(tempDir())
    const { ended } = watchRuns(core)
    const runs = value<BacktestRun[]>(await core.dispatch('backtests.sweep', SWEEP))
    expect(runs.map((r) => r.name)).toEqual([
      'EMA crossover BTC/USDT 1d · Fast EMA 5 · Slow EMA 20',
      'EMA crossover BTC/USDT 1d · Fast EMA 5 · Slow EMA 30',
      'EMA crossover BTC/USDT 1d · Fast EMA 10 · Slow EMA 20',
      'EMA crossover BTC/USDT 1d · Fast EMA 10 · Slow EMA 30',
    ])
    expect(new Set(runs.map((r) => r.sweepId))).toEqual(new Set([runs[0]?.id]))
    const done = await Promise.all(runs.map((r) => ended(r.id)))
    expect(done.map((r) => r.status)).toEqual(['done', 'done', 'done', 'done'])
    // The thread a run played on changes nothing: the same combination alone gives the same figures.
    const single = value<BacktestRun>(await core.dispatch('backtests.start', { ...EMA, choice: { strategy: 'ema-crossover', params: { fast: 10, slow: 20, stop: 'atr' } } as never, symbol: 'BTC/USDT', timeframe: '1d', data: DAILY }))
    expect((await ended(single.id)).summary).toEqual(done[2]?.summary)
    core.close()
  }, 90_000)

  it('refuse a combination the strategy refuses, or too many, naming it; cancel one run and the whole sweep stops', async () => {
    const dataDir = tempDir()
    const core = await testCore(dataDir)
    const { ended } = watchRuns(core)
    expect(await core.dispatch('backtests.sweep', { ...SWEEP, grid: { fast: [10, 30], slow: [20] } })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_PARAMS', details: { issues: [{ path: ['grid', 'fast'], message: 'The fast EMA must be shorter than the slow one (with fast 30, slow 20)' }] } },
    })
    expect(await core.dispatch('backtests.sweep', { ...SWEEP, grid: { fast: [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], slow: [20, 21, 22, 23, 24, 25, 26, 27, 28, 29] } })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_PARAMS', message: expect.stringContaining('That is 110 combinations; a sweep runs at most 100.') },
    })
    const slow = { ...SWEEP, timeframe: '1h' as const, data: { kind: 'csv' as const, file: sharedDataFile('candles/binance_spot_BTCUSDT_5m_2024-03-01_2026-02-19.csv') } }
    const runs = value<BacktestRun[]>(await core.dispatch('backtests.sweep', slow))
    await core.dispatch('backtests.cancel', { id: runs[1]?.id as number })
    const ends = await Promise.all(runs.map((r) => ended(r.id)))
    expect(ends.map((r) => r.status)).toEqual(['canceled', 'canceled', 'canceled', 'canceled'])
    expect(runs.filter((r) => existsSync(join(dataDir, 'backtests', `run-${r.id}.sqlite`)))).toEqual([])
    core.close()
  }, 90_000)
})

describe('backtests through the contract', () => {
  it('run a strategy over the app’s own history in the background, reporting progress, and keep a report the history code reads', async () => {
    const dataDir = tempDir()
    const core = await testCore(dataDir)
    const { updates, ended } = watchRuns(core)
    const started = value<BacktestRun>(await core.dispatch('backtests.start', EMA))
    expect(started).toMatchObject({ status: 'running', name: 'EMA crossover BTC/USDT:USDT 5m', data: 'BTC/USDT:USDT 1m history of Simulator' })
    // While it runs, another is refused.
    expect(await core.dispatch('backtests.start', EMA)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    const done = await ended(started.id)
    expect(done.status).toBe('done')
    expect(updates.some((u) => u.status === 'running' && (u.progress ?? 0) > 0)).toBe(true)
    expect(done.summary?.trades).toBeGreaterThan(5)
    const report = value<BacktestReport>(await core.dispatch('backtests.report', { id: started.id }))
    expect(report.analytics.trades).toBe(done.summary?.trades)
    expect(report.analytics.startingEquity).toBe('10000')
    expect(report.analytics.equity.length).toBeGreaterThan(24)
    expect(report.trades.length).toBe(report.totalTrades)
    expect(report.decisions[0]?.reasoning).toMatch(/^EMA5 .* EMA20 /)
    // The run's ledger is its own: the app's accounts and history do not see it.
    expect(value<unknown[]>(await core.dispatch('accounts.list', {}))).toEqual([])
    expect(value<{ total: number }>(await core.dispatch('history.trades', { filter: {}, offset: 0, limit: 10 })).total).toBe(0)
    expect(value<BacktestRun[]>(await core.dispatch('backtests.list', {}))).toEqual([done])
    const file = join(dataDir, 'backtests', `run-${started.id}.sqlite`)
    expect(existsSync(file)).toBe(true)
    expect(value(await core.dispatch('backtests.delete', { id: started.id }))).toEqual({ deleted: true })
    expect(existsSync(file)).toBe(false)
    expect(value<BacktestRun[]>(await core.dispatch('backtests.list', {}))).toEqual([])
    core.close()
  }, 60_000)

  it('play a candle CSV from the shared data, and refuse what cannot be tested in words, recording nothing', async () => {
    const core = await testCore(tempDir())
    const { ended } = watchRuns(core)
    const file = sharedDataFile('candles/binance_spot_BTCUSDT_1d_2017-08-17_2026-01-05.csv')
    const refusals = await Promise.all([
      core.dispatch('backtests.start', { ...EMA, choice: { strategy: 'ema-crossover', params: { fast: 30, slow: 20 } } as never }),
      core.dispatch('backtests.start', { ...EMA, choice: { strategy: 'ema-crossover', params: { fast: Number.NaN } } as never }),
      core.dispatch('backtests.start', { ...EMA, positionSize: '1.5' }),
      core.dispatch('backtests.start', { ...EMA, symbol: 'DOGE/USDT' }),
      core.dispatch('backtests.start', { ...EMA, symbol: 'BTC/USDT', timeframe: '1h', data: { kind: 'csv', file } }),
      core.dispatch('backtests.start', { ...EMA, symbol: 'BTC/USDT', data: { kind: 'csv', file: join(tempDir(), 'missing.csv') } }),
      core.dispatch('backtests.start', { ...EMA, symbol: 'BTC/USDT', timeframe: '1d', data: { kind: 'csv', file } }),
    ])
    expect(refusals.map((r) => (r.ok ? 'ok' : `${r.error.code}: ${r.error.message}`))).toEqual([
      expect.stringMatching(/^INVALID_PARAMS: .*The fast EMA must be shorter than the slow one/),
      expect.stringMatching(/^INVALID_PARAMS: .*Fast EMA must be a number between 2 and 500/),
      expect.stringMatching(/^INVALID_PARAMS: .*Position size is a fraction of equity, at most 1/),
      "NOT_FOUND: DOGE/USDT is not one of the app's markets (Simulator); choose one of BTC/USDT, ETH/USDT, SOL/USDT, BTC/USDT:USDT, ETH/USDT:USDT, SOL/USDT:USDT.",
      'REJECTED: The data is 1d candles; a strategy on 1h candles needs data at least that fine.',
      'INVALID_FILE: There is no file missing.csv there; check the path.',
      'REJECTED: Shorts need a perpetual: BTC/USDT is a spot market. Turn off “Also trade short” or choose a perpetual.',
    ])
    expect(value<BacktestRun[]>(await core.dispatch('backtests.list', {}))).toEqual([])
    const longOnly = { strategy: 'ema-crossover', params: { fast: 5, slow: 20, stop: 'atr' } } as never
    const run = value<BacktestRun>(await core.dispatch('backtests.start', { ...EMA, choice: longOnly, symbol: 'BTC/USDT', timeframe: '1d', data: { kind: 'csv', file } }))
    const done = await ended(run.id)
    expect(done).toMatchObject({ status: 'done', data: 'BTC/USDT 1d from binance_spot_BTCUSDT_1d_2017-08-17_2026-01-05.csv', from: Date.UTC(2017, 7, 17) })
    expect(done.summary?.trades).toBeGreaterThan(20)
    core.close()
  }, 60_000)

  it('cancel on request, keeping nothing, and mark a run the app was closed during as failed at the next start', async () => {
    const dataDir = tempDir()
    const core = await testCore(dataDir)
    const { ended } = watchRuns(core)
    const slow = { ...EMA, choice: { strategy: 'rsi-reversion', params: {} } as never, symbol: 'BTC/USDT', timeframe: '1h' as const, data: { kind: 'csv' as const, file: sharedDataFile('candles/binance_spot_BTCUSDT_5m_2024-03-01_2026-02-19.csv') } }
    const first = value<BacktestRun>(await core.dispatch('backtests.start', slow))
    expect(value<BacktestRun>(await core.dispatch('backtests.cancel', { id: first.id })).id).toBe(first.id)
    expect(await ended(first.id)).toMatchObject({ status: 'canceled', error: 'The backtest was canceled; its results were not kept.' })
    expect(existsSync(join(dataDir, 'backtests', `run-${first.id}.sqlite`))).toBe(false)
    expect(await core.dispatch('backtests.report', { id: first.id })).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } })
    const second = value<BacktestRun>(await core.dispatch('backtests.start', slow))
    core.close()
    const reopened = await testCore(dataDir)
    const runs = value<BacktestRun[]>(await reopened.dispatch('backtests.list', {}))
    expect(runs.find((r) => r.id === second.id)).toMatchObject({ status: 'failed', error: 'The app stopped during this run; start it again.' })
    reopened.close()
  }, 60_000)
})
