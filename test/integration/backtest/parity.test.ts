import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import type { StrategyChoice } from '../../../shared/contract/strategies'
import { defaultParams } from '../../../shared/domain/strategies'
import { runBacktest, type BacktestPlan } from '../../../electron/backtest/backtest'
import { attachStrategy } from '../../../electron/bots/strategy-runner'
import { TickRouter } from '../../../electron/bots/tick-router'
import { silentLogger } from '../../../electron/core/log'
import { EventBus } from '../../../electron/engine/bus'
import { systemClock } from '../../../electron/engine/clock'
import { MarketData } from '../../../electron/engine/market-data'
import { IntentDesk } from '../../../electron/engine/paper/intent-desk'
import { PaperExchange } from '../../../electron/engine/paper/paper-exchange'
import { tradableInstruments } from '../../../electron/engine/paper/tradable'
import { closeLedger, openLedger } from '../../../electron/ledger/db'
import { CandleRepo } from '../../../electron/ledger/repos/candle-repo'
import { IntentRepo } from '../../../electron/ledger/repos/intent-repo'
import { CandleReplayFeed } from '../../../electron/venues/replay/candle-replay-feed'
import type { CandleReplaySet } from '../../../electron/venues/replay/candle-sets'
import { sharedDataFile } from '../../support/shared-data'
import { useTempDirs } from '../../support/temp-dir'

const tempDir = useTempDirs()

/** A month of BTC 1m candles with the perpetual's recorded funding: spot and perpetual listed. */
const SET: CandleReplaySet = {
  source: { id: 'replay:candles:parity', name: 'Replay: BTC 1m' },
  timeframe: '1m',
  markets: [
    {
      base: 'BTC',
      candles: sharedDataFile('candles/binance_spot_BTCUSDT_1m_2024-07-26_2024-08-25.csv'),
      funding: sharedDataFile('funding/binance_usdm_BTCUSDT_perp_funding_rate_2019-09-10_2026-05-17.csv'),
    },
  ],
}

const ACCOUNT: BacktestPlan['account'] = { name: 'Parity', startingBalance: '10000', sizingMethod: 'ACCOUNT_PERCENTAGE', sizingValue: '0.5', maxLeverage: 3 }

/** What a fill is, without when the host happened to book it. */
function fillsIn(file: string): unknown[] {
  const db = new Database(file, { readonly: true })
  try {
    return db.prepare('SELECT id, order_id, symbol, side, price, amount, fee, liquidity, realized_pnl FROM fills ORDER BY id').all()
  } finally {
    db.close()
  }
}

function intentsIn(file: string): unknown[] {
  const db = new Database(file, { readonly: true })
  try {
    return db.prepare('SELECT action, status, reason, reasoning, order_id FROM intents ORDER BY id').all()
  } finally {
    db.close()
  }
}

/** The paper sandbox replaying the set: the paced feed in its own batches, market data, the engine on the replay's clock. */
async function paperReplay(file: string, placement: { choice: StrategyChoice; symbol: string; timeframe: '5m' | '15m' }, maxBatch: number): Promise<void> {
  const feed = await CandleReplayFeed.open(SET, systemClock, { speed: Infinity, maxBatch })
  const db = openLedger(file, { now: feed.now() })
  const bus = new EventBus(silentLogger)
  const market = new MarketData(feed, new CandleRepo(db), bus, feed)
  const exchange = new PaperExchange(db, tradableInstruments(feed.instruments), bus, feed, { fundingRate: (symbol, time) => feed.fundingRate(symbol, time) })
  const desk = new IntentDesk(db, exchange, new IntentRepo(db), bus, feed)
  const router = new TickRouter(exchange)
  market.onTicks((ticks) => router.onTicks(ticks))
  const accountId = exchange.createAccount(ACCOUNT).id
  attachStrategy({ ...placement, accountId }, router, exchange, desk)
  await market.start()
  await feed.finished()
  market.stop()
  closeLedger(db)
}

async function backtest(file: string, placement: { choice: StrategyChoice; symbol: string; timeframe: '5m' | '15m' }): Promise<void> {
  const feed = await CandleReplayFeed.open(SET, systemClock)
  await runBacktest(file, { ...placement, account: ACCOUNT }, { instruments: feed.instruments, fundingRate: (s, t) => feed.fundingRate(s, t), ticks: () => feed.tickGroupsFrom(feed.startsAt()) })
}

describe('a backtest and the paper sandbox replaying the same data', () => {
  it('fill alike, fill for fill: an EMA crossover trading the perpetual long and short with ATR stops', async () => {
    const dir = tempDir()
    const placement = {
      choice: { strategy: 'ema-crossover', params: { ...defaultParams('ema-crossover'), fast: 9, slow: 21, allowShort: true, stop: 'atr' } } as StrategyChoice,
      symbol: 'BTC/USDT:USDT',
      timeframe: '15m' as const,
    }
    await backtest(join(dir, 'backtest.sqlite'), placement)
    await paperReplay(join(dir, 'paper.sqlite'), placement, 333)
    const tested = fillsIn(join(dir, 'backtest.sqlite'))
    expect(tested.length).toBeGreaterThan(100)
    expect(fillsIn(join(dir, 'paper.sqlite'))).toEqual(tested)
    expect(intentsIn(join(dir, 'paper.sqlite'))).toEqual(intentsIn(join(dir, 'backtest.sqlite')))
  }, 120_000)
})
