import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../../shared/contract'
import type { StrategyChoice } from '../../../shared/contract/strategies'
import { BACKTEST_STRATEGY_IDS, defaultParams } from '../../../shared/domain/strategies'
import { runBacktest, type BacktestPlan } from '../../../electron/backtest/backtest'
import { ManualClock, systemClock } from '../../../electron/engine/clock'
import { HistoryService } from '../../../electron/history/history-service'
import { CandleReplayFeed } from '../../../electron/venues/replay/candle-replay-feed'
import { expectLedgerConsistent, paperHarness } from '../../support/paper'
import { sharedDataFile } from '../../support/shared-data'
import { useTempDirs } from '../../support/temp-dir'

const tempDir = useTempDirs()

async function btcHours() {
  const feed = await CandleReplayFeed.open(
    { source: { id: 'replay:btc-1h', name: 'BTC 1h' }, timeframe: '1h', markets: [{ base: 'BTC', candles: sharedDataFile('candles/binance_spot_BTCUSDT_1h_2018-01-01_2026-05-16.csv') }] },
    systemClock,
  )
  return { instruments: feed.instruments, ticks: () => feed.tickGroupsFrom(feed.startsAt()) }
}

const PLAN: BacktestPlan = {
  choice: { strategy: 'ema-crossover', params: { ...defaultParams('ema-crossover'), fast: 20, slow: 50, stop: 'atr' } },
  symbol: 'BTC/USDT',
  timeframe: '4h',
  account: { name: 'EMA 20/50 on BTC 4h', startingBalance: '10000', sizingMethod: 'ACCOUNT_PERCENTAGE', sizingValue: '0.9' },
}

describe('a backtest', () => {
  it('trades eight years of BTC through the paper engine into a ledger that reconciles, and the history reads it unchanged', async () => {
    const file = join(tempDir(), 'run.sqlite')
    const outcome = await runBacktest(file, PLAN, await btcHours())
    expect(outcome.from).toBe(Date.UTC(2018, 0, 1))
    expect(outcome.to).toBeGreaterThan(Date.UTC(2026, 4, 16))
    const h = paperHarness(tempDir(), file, new ManualClock(outcome.to))
    expectLedgerConsistent(h)
    const fills = h.exchange.listFills(outcome.accountId, 100_000)
    expect(fills.length).toBeGreaterThan(100)
    for (const fill of fills) expect(fill.ts).toBeGreaterThanOrEqual(outcome.from)
    // Entries carry the ATR stop as a bracket: some trades end on it, at or below the entry's stop.
    expect(h.exchange.listOrders(outcome.accountId, false, 100_000).some((o) => o.type === 'stop_market' && o.status === 'filled')).toBe(true)
    const analytics = new HistoryService(h.db, h.clock).analytics({ accountIds: [outcome.accountId] })
    expect(analytics.trades).toBeGreaterThan(50)
    expect(analytics.startingEquity).toBe('10000')
    expect(Number(analytics.fees)).toBeGreaterThan(0)
    h.close()
  }, 60_000)

  it.each(BACKTEST_STRATEGY_IDS)('with %s at its defaults trades BTC’s daily candles into a ledger that reconciles', async (id) => {
    const feed = await CandleReplayFeed.open(
      { source: { id: 'replay:btc-1d', name: 'BTC 1d' }, timeframe: '1d', markets: [{ base: 'BTC', candles: sharedDataFile('candles/binance_spot_BTCUSDT_1d_2017-08-17_2026-01-05.csv') }] },
      systemClock,
    )
    const file = join(tempDir(), 'run.sqlite')
    const outcome = await runBacktest(file, { ...PLAN, choice: { strategy: id, params: defaultParams(id) } as StrategyChoice, timeframe: '1d' }, { instruments: feed.instruments, ticks: () => feed.tickGroupsFrom(feed.startsAt()) })
    const h = paperHarness(tempDir(), file, new ManualClock(outcome.to))
    expectLedgerConsistent(h)
    expect(h.exchange.listFills(outcome.accountId, 10_000).length).toBeGreaterThan(4)
    h.close()
  })

  it('that is canceled stops at once, says so and leaves no ledger behind', async () => {
    const controller = new AbortController()
    const file = join(tempDir(), 'run.sqlite')
    const reached: number[] = []
    const run = runBacktest(file, PLAN, await btcHours(), {
      signal: controller.signal,
      progress: (time) => {
        reached.push(time)
        controller.abort()
      },
    })
    await expect(run).rejects.toMatchObject({ code: 'CANCELED', message: 'The backtest was canceled; its results were not kept.' })
    expect(reached).toHaveLength(1)
    expect(reached[0]).toBeLessThan(Date.UTC(2019, 0, 1))
    expect(['', '-wal', '-shm'].filter((suffix) => existsSync(file + suffix))).toEqual([])
  }, 60_000)

  it('refuses a market the data does not hold, before anything is written', async () => {
    const file = join(tempDir(), 'run.sqlite')
    const error = await runBacktest(file, { ...PLAN, symbol: 'ETH/USDT' }, await btcHours()).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AppError)
    expect((error as AppError).message).toBe('ETH/USDT is not in this data; it has BTC/USDT.')
    expect(existsSync(file)).toBe(false)
  })
})
