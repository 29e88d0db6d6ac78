// Backtest figures for `npm run bench` (JSON lines): a year of 1-minute BTC/USDT candles
// through the full engine with the EMA crossover, beside a bare loop computing the same
// crossover and the same strategy run by grademark (an npm backtesting library).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { DataFrame } from 'data-forge'
import { backtest as grademarkBacktest, type IBar } from 'grademark'
import { EMA } from 'trading-signals'
import type { Tick } from '../../shared/domain/market'
import { defaultParams, type StrategyParams } from '../../shared/domain/strategies'
import { atoms, formatAtoms, type Atoms } from '../../shared/trading/money'
import { runBacktest, type BacktestPlan } from '../../electron/backtest/backtest'
import { candleTicks, splitVolume } from '../../electron/venues/replay/candle-path'
import { readCandles, type CandleRow } from '../../electron/venues/replay/csv-readers'
import { SIMULATED_MARKETS } from '../../electron/venues/simulator/markets'
import { sharedDataFile } from '../support/shared-data'

const MINUTE = 60_000
const YEAR_OF_5M = 365 * 288
const SPOT = SIMULATED_MARKETS.find((m) => m.instrument.symbol === 'BTC/USDT')?.instrument
if (SPOT === undefined) throw new Error('the simulator lists BTC/USDT')
const EMA_PARAMS: StrategyParams<'ema-crossover'> = { ...defaultParams('ema-crossover'), fast: 12, slow: 26 }

/**
 * A year of 1-minute candles from the last 365 days of the recorded 5-minute BTC/USDT file
 * (2025-02-19 to 2026-02-19): each 5-minute bar becomes five 1-minute bars walking its
 * recorded prices (open -> the nearer extreme -> the other extreme -> close, then two bars
 * at the close), its volume split exactly. Re-aggregated, they give the recorded 5-minute
 * bars back; no price is invented. The recorded 1-minute files cover two months only.
 */
async function yearOfMinutes(): Promise<CandleRow[]> {
  const bars: CandleRow[] = []
  for await (const bar of readCandles(sharedDataFile('candles/binance_spot_BTCUSDT_5m_2024-03-01_2026-02-19.csv'))) bars.push(bar)
  return bars.slice(-YEAR_OF_5M).flatMap(minutesOf)
}

function minutesOf(bar: CandleRow): CandleRow[] {
  const [open, high, low] = [bar.open, bar.high, bar.low].map((p) => atoms(p)) as [Atoms, Atoms, Atoms]
  const highFirst = high - open < open - low || (high - open === open - low && atoms(bar.close) < open)
  const [near, far] = highFirst ? [bar.high, bar.low] : [bar.low, bar.high]
  const legs: Array<[string, string]> = [[bar.open, near], [near, far], [far, bar.close], [bar.close, bar.close], [bar.close, bar.close]]
  const volumes = splitVolume(atoms(bar.volume), legs.length, 1n)
  return legs.map(([from, to], i) => {
    const up = atoms(to) >= atoms(from)
    return { openTime: bar.openTime + i * MINUTE, open: from, high: up ? to : from, low: up ? from : to, close: to, volume: formatAtoms(volumes[i] as Atoms) }
  })
}

/** The full engine: ticks of every candle's path, the EMA crossover trading a spot account, all booked in a ledger. */
async function engineRun(minutes: readonly CandleRow[], ticks: ReadonlyArray<readonly Tick[]>) {
  const dir = mkdtempSync(join(tmpdir(), 'tradedesk-bench-'))
  try {
    const plan: BacktestPlan = {
      choice: { strategy: 'ema-crossover', params: EMA_PARAMS },
      symbol: 'BTC/USDT',
      timeframe: '1m',
      account: { name: 'EMA 12/26', startingBalance: '10000', sizingMethod: 'ACCOUNT_PERCENTAGE', sizingValue: '0.95' },
    }
    const started = performance.now()
    const outcome = await runBacktest(join(dir, 'run.sqlite'), plan, {
      instruments: [SPOT as NonNullable<typeof SPOT>],
      ticks: async function* () {
        yield* ticks
      },
    })
    const seconds = (performance.now() - started) / 1000
    return { candles: minutes.length, ticks: outcome.ticks, candlesPerSecond: Math.round(minutes.length / seconds), seconds: round(seconds) }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The same crossover decisions with nothing else: two EMAs and a position flag, per candle close. */
function bareLoop(closes: Float64Array): { candlesPerSecond: number; entries: number } {
  const kFast = 2 / (EMA_PARAMS.fast + 1)
  const kSlow = 2 / (EMA_PARAMS.slow + 1)
  const started = performance.now()
  let fast = closes[0] as number
  let slow = fast
  let above: boolean | undefined
  let long = false
  let entries = 0
  for (let i = 0; i < closes.length; i++) {
    const close = closes[i] as number
    fast = close * kFast + fast * (1 - kFast)
    slow = close * kSlow + slow * (1 - kSlow)
    if (i + 1 < EMA_PARAMS.slow) continue
    const now = fast > slow
    if (above !== undefined && now !== above) {
      if (now && !long) entries++
      long = now
    }
    above = now
  }
  return { candlesPerSecond: Math.round(closes.length / ((performance.now() - started) / 1000)), entries }
}

interface EmaBar extends IBar {
  fast: number
  slow: number
}

/** grademark 0.3 on data-forge: the same crossover, EMAs from trading-signals prepared as columns. */
function grademarkRun(minutes: readonly CandleRow[]): { candlesPerSecond: number; trades: number } {
  const bars: IBar[] = minutes.map((m) => ({ time: new Date(m.openTime), open: Number(m.open), high: Number(m.high), low: Number(m.low), close: Number(m.close), volume: Number(m.volume) }))
  const started = performance.now()
  const fast = new EMA(EMA_PARAMS.fast)
  const slow = new EMA(EMA_PARAMS.slow)
  const series = new DataFrame<number, IBar>(bars).select((bar): EmaBar => ({ ...bar, fast: fast.add(bar.close) as number, slow: slow.add(bar.close) as number }))
  const trades = grademarkBacktest<IBar, EmaBar, object, number>(
    {
      lookbackPeriod: 2,
      prepIndicators: () => series.bake(),
      entryRule: (enter, { lookback }) => {
        const [before, now] = lookback.toArray() as [EmaBar, EmaBar]
        if (before.fast <= before.slow && now.fast > now.slow) enter()
      },
      exitRule: (exit, { lookback }) => {
        const [before, now] = lookback.toArray() as [EmaBar, EmaBar]
        if (before.fast > before.slow && now.fast <= now.slow) exit()
      },
    },
    new DataFrame<number, IBar>(bars),
  )
  return { candlesPerSecond: Math.round(bars.length / ((performance.now() - started) / 1000)), trades: trades.length }
}

const round = (value: number) => Math.round(value * 100) / 100

export async function backtestBenchmarks(): Promise<string[]> {
  const prepared = performance.now()
  const minutes = await yearOfMinutes()
  const listing = [{ symbol: 'BTC/USDT', amountStep: atoms((SPOT as NonNullable<typeof SPOT>).amountStep) }]
  const ticks = minutes.map((m) => candleTicks(m, MINUTE, listing))
  const prepareSeconds = (performance.now() - prepared) / 1000
  const data = { data: 'BTC/USDT 1m, 2025-02-19 to 2026-02-19, from the 5m file (see test/bench/backtest.ts)', strategy: 'EMA crossover 12/26 on 1m closes' }
  const engine = await engineRun(minutes, ticks)
  const bare = bareLoop(Float64Array.from(minutes, (m) => Number(m.close)))
  const library = grademarkRun(minutes)
  return [
    JSON.stringify({ bench: 'backtest_throughput', ...data, ...engine, prepare_s: round(prepareSeconds), target_candles_per_s: 2_000_000 }),
    JSON.stringify({ bench: 'backtest_bare_loop', ...data, candlesPerSecond: bare.candlesPerSecond, entries: bare.entries, engine_share: Number((engine.candlesPerSecond / bare.candlesPerSecond).toPrecision(2)) }),
    JSON.stringify({ bench: 'backtest_library', ...data, library: 'grademark 0.3.0 (data-forge)', candlesPerSecond: library.candlesPerSecond, trades: library.trades, note: 'grademark enters and exits at the next bar open and ignores a signal while an entry is pending, so it trades less' }),
  ]
}
