import { rmSync } from 'node:fs'
import { AppError } from '../../shared/contract'
import type { StrategyChoice } from '../../shared/contract/strategies'
import type { Instrument, Tick, Timeframe } from '../../shared/domain/market'
import type { SizingMethod } from '../../shared/domain/trading'
import { attachStrategy } from '../bots/strategy-runner'
import { TickRouter } from '../bots/tick-router'
import { silentLogger } from '../core/log'
import { EventBus } from '../engine/bus'
import { ManualClock } from '../engine/clock'
import { IntentDesk } from '../engine/paper/intent-desk'
import { PaperExchange } from '../engine/paper/paper-exchange'
import { tradableInstruments } from '../engine/paper/tradable'
import { closeLedger, openLedger } from '../ledger/db'
import { IntentRepo } from '../ledger/repos/intent-repo'

const TICKS_PER_REPORT = 20_000
const TICKS_PER_COMMIT = 200_000

/** What to test: a strategy on one market and timeframe, trading a fresh paper account. */
export interface BacktestPlan {
  choice: StrategyChoice
  symbol: string
  timeframe: Timeframe
  account: {
    name: string
    startingBalance: string
    sizingMethod: SizingMethod
    sizingValue: string
    maxLeverage?: number
    makerFee?: string
    takerFee?: string
  }
}

/** Recorded market data as the paper sandbox would play it. */
export interface BacktestMarket {
  instruments: readonly Instrument[]
  fundingRate?(symbol: string, fundingTime: number): string | undefined
  /** The ticks in time order, in groups of any size. */
  ticks(): AsyncIterable<readonly Tick[]>
}

export interface BacktestControl {
  /** A better-sqlite3 binary built for the running runtime (Electron), for the run's ledger. */
  nativeBinding?: string
  signal?: AbortSignal
  /** Called now and then with the engine time reached. */
  progress?(time: number): void
}

export interface BacktestOutcome {
  accountId: number
  /** Engine time of the first and the last tick played. */
  from: number
  to: number
  ticks: number
  /** The account's equity at the end (open positions at the last price). */
  equity: string
}

/**
 * Runs a strategy over recorded data through the paper engine itself, into a ledger of its
 * own: the same matching, fees, slippage, funding and liquidation as paper trading, on the
 * data's clock. Ticks reach the engine and closed candles the strategy through the same
 * TickRouter the sandbox uses, so a backtest and a paper replay of the same data fill alike.
 */
export async function runBacktest(ledgerFile: string, plan: BacktestPlan, market: BacktestMarket, control: BacktestControl = {}): Promise<BacktestOutcome> {
  if (!market.instruments.some((i) => i.symbol === plan.symbol)) {
    throw new AppError('NOT_FOUND', `${plan.symbol} is not in this data; it has ${market.instruments.map((i) => i.symbol).join(', ')}.`)
  }
  const clock = new ManualClock(0)
  const groups = market.ticks()[Symbol.asyncIterator]()
  const first = await groups.next()
  const firstTick = first.done === true ? undefined : first.value[0]
  if (firstTick === undefined) throw new AppError('NOT_FOUND', 'The data holds no prices to test on.')
  clock.set(firstTick.ts)
  const db = openLedger(ledgerFile, control.nativeBinding === undefined ? { now: clock.now() } : { now: clock.now(), nativeBinding: control.nativeBinding })
  try {
    const bus = new EventBus(silentLogger)
    const exchange = new PaperExchange(db, tradableInstruments(market.instruments), bus, clock, {
      ...(market.fundingRate === undefined ? {} : { fundingRate: (symbol, time) => market.fundingRate?.(symbol, time) }),
    })
    const desk = new IntentDesk(db, exchange, new IntentRepo(db), bus, clock)
    const accountId = openAccount(plan, exchange)
    const router = new TickRouter({
      onTicks: (ticks) => {
        clock.set((ticks.at(-1) as Tick).ts)
        exchange.onTicks(ticks)
      },
    })
    attachStrategy({ choice: plan.choice, accountId, symbol: plan.symbol, timeframe: plan.timeframe }, router, exchange, desk)
    let count = 0
    let last = firstTick.ts
    // A run is kept whole or not at all, so it need not commit as it goes: one transaction
    // per stretch of data (the engine's own commits become savepoints inside it).
    let reported = 0
    let committed = 0
    db.exec('BEGIN')
    for (let next = first; next.done !== true; next = await groups.next()) {
      if (control.signal?.aborted === true) throw new AppError('CANCELED', 'The backtest was canceled; its results were not kept.')
      router.onTicks(next.value)
      count += next.value.length
      last = (next.value.at(-1) as Tick | undefined)?.ts ?? last
      if (count - committed >= TICKS_PER_COMMIT) {
        committed = count
        db.exec('COMMIT')
        db.exec('BEGIN')
      }
      if (count - reported >= TICKS_PER_REPORT) {
        reported = count
        control.progress?.(last)
        // Lets the host answer its window and feed between stretches of a long run.
        await new Promise((resolve) => setImmediate(resolve))
      }
    }
    db.exec('COMMIT')
    control.progress?.(last)
    const { equity } = exchange.balance(accountId)
    closeLedger(db)
    return { accountId, from: firstTick.ts, to: last, ticks: count, equity }
  } catch (error) {
    // A run that did not finish leaves nothing behind (and lets go of its data files).
    await groups.return?.(undefined)
    if (db.inTransaction) db.exec('ROLLBACK')
    closeLedger(db)
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${ledgerFile}${suffix}`, { force: true })
    throw error
  }
}

function openAccount(plan: BacktestPlan, exchange: PaperExchange): number {
  const { account } = plan
  return exchange.createAccount({
    name: account.name,
    startingBalance: account.startingBalance,
    sizingMethod: account.sizingMethod,
    sizingValue: account.sizingValue,
    ...(account.maxLeverage === undefined ? {} : { maxLeverage: account.maxLeverage }),
    ...(account.makerFee === undefined ? {} : { makerFee: account.makerFee }),
    ...(account.takerFee === undefined ? {} : { takerFee: account.takerFee }),
  }).id
}
