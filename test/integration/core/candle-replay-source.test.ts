import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import type { AppInfo } from '../../../shared/domain/app'
import type { Candle, MarketSummary, Tick } from '../../../shared/domain/market'
import type { Fill, LedgerEntry, Position } from '../../../shared/domain/trading'
import { atoms, divRound, ONE } from '../../../shared/trading/money'
import type { DataSourceChoice } from '../../../electron/core/data-source'
import type { Logger } from '../../../electron/core/log'
import { ManualClock } from '../../../electron/engine/clock'
import { testCore } from '../../support/core'
import { contiguous, expectSameCandles, ledgerIn, publishedTicks, storedMinutes, value } from '../../support/replay'
import { readCandleCsv, SHARED_DATA_DIR } from '../../support/shared-data'
import { useTempDirs } from '../../support/temp-dir'

const tempDir = useTempDirs()
const START = Date.UTC(2024, 7, 5, 7, 50)
const SETTLEMENT = Date.UTC(2024, 7, 5, 8)
/** funding/binance_usdm_BTCUSDT_perp_funding_rate_*.csv, the row of 2024-08-05T08:00:00Z. */
const RECORDED_RATE = '0.00004429'

const MINUTE = 60_000
const SOURCE_ID = 'replay:candles:btc-eth-1m-2024-08'
const LEDGER = 'replay-btc-eth-1m-2024-08.sqlite'
const BTC_1M = 'candles/binance_spot_BTCUSDT_1m_2024-07-26_2024-08-25.csv'
/** The set's data ends when its last candle (14:23) closes. */
const SET_END = Date.UTC(2024, 7, 25, 14, 24)
const candles1m = (from: number | undefined, speed = 600): DataSourceChoice => ({
  kind: 'candles',
  folder: SHARED_DATA_DIR,
  set: 'btc-eth-1m-2024-08',
  ...(from === undefined ? {} : { from }),
  speed,
})

describe('paper trading recorded candles', () => {
  it('opens a perpetual long on the 1m BTC/ETH set and pays the recorded funding at 08:00, on the recording’s clock and its own ledger', async () => {
    const dataDir = tempDir()
    const clock = new ManualClock(1_000)
    const core = await testCore(dataDir, {
      clock,
      source: { kind: 'candles', folder: SHARED_DATA_DIR, set: 'btc-eth-1m-2024-08', from: START, speed: 600 },
    })
    try {
      const info = value<AppInfo>(await core.dispatch('app.info', {}))
      expect(info.feed).toMatchObject({ sourceName: 'Replay: Binance BTC, ETH 1m, 2024-07-26 to 2024-08-25', state: 'live' })
      expect(existsSync(join(dataDir, 'replay-btc-eth-1m-2024-08.sqlite'))).toBe(true)
      expect(existsSync(join(dataDir, 'ledger.sqlite'))).toBe(false)

      // The chart has the recorded minutes before the start (backfilled).
      const history = value<Candle[]>(await core.dispatch('candles.history', { symbol: 'BTC/USDT', timeframe: '1m', limit: 30, before: START }))
      const file = readCandleCsv('candles/binance_spot_BTCUSDT_1m_2024-07-26_2024-08-25.csv')
      expect(history).toEqual(file.filter((c) => c.time >= START - 30 * 60_000 && c.time < START))

      // The first ticks (the 07:50 opens) are out before the clock moves.
      await vi.waitFor(async () => {
        const markets = value<MarketSummary[]>(await core.dispatch('markets.list', {}))
        expect(markets.map((m) => m.instrument.symbol)).toEqual(['BTC/USDT', 'BTC/USDT:USDT', 'ETH/USDT', 'ETH/USDT:USDT'])
        expect(markets.find((m) => m.instrument.symbol === 'BTC/USDT:USDT')?.ts).toBe(START)
      })
      const accountId = value<{ id: number }>(await core.dispatch('accounts.create', { name: 'Crash day' })).id
      const order = value<{ status: string }>(
        await core.dispatch('orders.place', { accountId, symbol: 'BTC/USDT:USDT', side: 'buy', type: 'market', amount: '0.01' }),
      )
      expect(order.status).toBe('filled')
      const [fill] = value<Array<{ price: string; ts: number }>>(await core.dispatch('fills.list', { accountId }))
      expect(fill?.ts).toBe(START)
      // The 07:50 open was 52,887.71 (the 1m file); a market buy pays the synthetic spread above it.
      const open = file.find((c) => c.time === START)?.open as number
      expect(Number(fill?.price)).toBeGreaterThan(open)
      expect(Number(fill?.price)).toBeLessThan(open * 1.001)

      // One clock second at speed 600 plays ten recorded minutes, past the 08:00 settlement.
      clock.advance(1_000)
      const funding = await vi.waitFor(
        async () => {
          const entries = value<Array<{ kind: string; amount: string; description: string; ts: number }>>(await core.dispatch('ledger.entries', { accountId }))
          const row = entries.find((e) => e.kind === 'funding')
          expect(row).toBeDefined()
          return row as { amount: string; description: string; ts: number }
        },
        { timeout: 10_000 },
      )
      expect(funding.ts).toBe(SETTLEMENT)
      expect(funding.description).toMatch(/^Funding BTC\/USDT:USDT long 0\.01 at 0\.004429% on [\d.]+ USDT \(08:00 UTC\)$/)
      // Longs pay notional x the recorded rate, rounded up against the trader.
      const notional = atoms(/on ([\d.]+) USDT/.exec(funding.description)?.[1] as string)
      expect(atoms(funding.amount)).toBe(-divRound(notional * atoms(RECORDED_RATE), ONE, 'up'))
    } finally {
      core.close()
    }
  }, 30_000)

  it('continues where its ledger stopped after a restart: later ticks, the same account, every minute once', async () => {
    const dataDir = tempDir()
    const source = candles1m(START)
    const clock = new ManualClock(1_000)
    const first = await testCore(dataDir, { clock, source })
    const before = publishedTicks(first)
    let accountId = 0
    let kept: { fills: Fill[]; positions: Array<Partial<Position>>; entries: LedgerEntry[] }
    const positionsOf = async (core: typeof first) =>
      value<Position[]>(await core.dispatch('positions.list', { accountId })).map(({ symbol, side, amount, entryPrice, margin, openedAt }) => ({ symbol, side, amount, entryPrice, margin, openedAt }))
    try {
      await vi.waitFor(() => expect(before.some((t) => t.ts === START)).toBe(true))
      accountId = value<{ id: number }>(await first.dispatch('accounts.create', { name: 'Restarted' })).id
      await first.dispatch('orders.place', { accountId, symbol: 'BTC/USDT:USDT', side: 'buy', type: 'market', amount: '0.01' })
      // 1.04 clock seconds at speed 600: to 08:00:24, past the 08:00 funding and into that minute.
      clock.advance(1_040)
      await vi.waitFor(() => expect(before.at(-1)?.ts).toBe(SETTLEMENT + 15_000), { timeout: 10_000 })
      // A trade between ticks (08:00:15 and :30) is stamped with the replay's clock, 08:00:24.
      const spot = value<{ status: string }>(await first.dispatch('orders.place', { accountId, symbol: 'ETH/USDT', side: 'buy', type: 'market', amount: '0.1' }))
      expect(spot.status).toBe('filled')
      kept = {
        fills: value<Fill[]>(await first.dispatch('fills.list', { accountId })),
        positions: await positionsOf(first),
        entries: value<LedgerEntry[]>(await first.dispatch('ledger.entries', { accountId })),
      }
      expect(kept.fills.map((f) => f.ts)).toEqual([SETTLEMENT + 24_000, START])
      expect(kept.entries.filter((e) => e.kind === 'funding')).toHaveLength(1)
    } finally {
      first.close()
    }
    const lastBefore = before.at(-1) as Tick
    // The ledger closed the minutes before 08:00; 08:00 was still forming.
    expect(storedMinutes(ledgerIn(dataDir, LEDGER), SOURCE_ID, 'BTC/USDT').at(-1)?.time).toBe(SETTLEMENT - MINUTE)

    // The same settings on the same data folder: the replay continues at 08:01.
    const clock2 = new ManualClock(50_000)
    const second = await testCore(dataDir, { clock: clock2, source })
    const after = publishedTicks(second)
    try {
      await vi.waitFor(() => expect(after.length).toBeGreaterThan(0))
      // (1) Later than the last tick before: the next minute's open. The rest of 08:00 is
      // skipped (its ticks at :00 and :15 were played, an order is stamped :24), nothing is replayed.
      expect(after[0]?.ts).toBe(SETTLEMENT + MINUTE)
      expect(after[0]?.ts).toBeGreaterThan(lastBefore.ts)
      expect(value<AppInfo>(await second.dispatch('app.info', {})).feed.state).toBe('live')
      clock2.advance(200) // two recorded minutes
      await vi.waitFor(() => expect(after.at(-1)?.ts).toBe(SETTLEMENT + 3 * MINUTE), { timeout: 10_000 })
      expect(Math.min(...after.map((t) => t.ts))).toBe(SETTLEMENT + MINUTE)

      // (2) The account is as it was: same fills and positions, the 08:00 funding paid once.
      expect(value<Fill[]>(await second.dispatch('fills.list', { accountId }))).toEqual(kept.fills)
      expect(await positionsOf(second)).toEqual(kept.positions)
      expect(value<LedgerEntry[]>(await second.dispatch('ledger.entries', { accountId }))).toEqual(kept.entries)
    } finally {
      second.close()
    }

    // (2) Every recorded minute once in the candle cache, none missing: the one the first run
    // stopped in (08:00) is there whole, backfilled from the recording on restart.
    const stored = storedMinutes(ledgerIn(dataDir, LEDGER), SOURCE_ID, 'BTC/USDT')
    expect(stored.at(-1)?.time).toBe(SETTLEMENT + 2 * MINUTE)
    expect(contiguous(stored)).toBe(true)
    const file = readCandleCsv(BTC_1M)
    expectSameCandles(stored, file.filter((c) => c.time >= (stored[0] as Candle).time && c.time <= SETTLEMENT + 2 * MINUTE))
  }, 60_000)

  it('refuses a --from back in time on a ledger that went further, continues on the --from it started with, and moves forward to a later one', async () => {
    const dataDir = tempDir()
    const clock = new ManualClock(1_000)
    const first = await testCore(dataDir, { clock, source: candles1m(START) })
    const ticks = publishedTicks(first)
    try {
      clock.advance(1_040) // to 08:00:24
      await vi.waitFor(() => expect(ticks.at(-1)?.ts).toBe(SETTLEMENT + 15_000), { timeout: 10_000 })
    } finally {
      first.close()
    }
    const firstTickOf = async (source: DataSourceChoice, dir = dataDir): Promise<number> => {
      const core = await testCore(dir, { clock: new ManualClock(0), source })
      const played = publishedTicks(core)
      try {
        await vi.waitFor(() => expect(played.length).toBeGreaterThan(0))
        return (played[0] as Tick).ts
      } finally {
        core.close()
      }
    }

    // Back in time: refused, before anything is written.
    const DAY = 24 * 3_600_000
    await expect(testCore(dataDir, { source: candles1m(START - DAY) })).rejects.toThrow(
      'The ledger replay-btc-eth-1m-2024-08.sqlite has already played Replay: Binance BTC, ETH 1m, 2024-07-26 to 2024-08-25 up to 2024-08-05T08:01:00.000Z: ' +
        'starting it from 2024-08-04T07:50:00.000Z (--from, or TRADEDESK_FROM) would take its accounts back in time. ' +
        'Start without --from to continue at 2024-08-05T08:01:00.000Z, or use a fresh data folder (--data-dir, or TRADEDESK_DATA_DIR) to replay from 2024-08-04T07:50:00.000Z.',
    )
    // The same --from as before, or none: continue.
    expect(await firstTickOf(candles1m(START))).toBe(SETTLEMENT + MINUTE)
    // (that start played 08:01's opens: 08:01 is the minute it stopped in)
    expect(await firstTickOf(candles1m(undefined))).toBe(SETTLEMENT + 2 * MINUTE)
    // A later --from moves the ledger forward; restarting with it again then continues.
    const NEXT_DAY = Date.UTC(2024, 7, 6)
    expect(await firstTickOf(candles1m(NEXT_DAY))).toBe(NEXT_DAY)
    expect(await firstTickOf(candles1m(NEXT_DAY))).toBe(NEXT_DAY + MINUTE)
    await expect(testCore(dataDir, { source: candles1m(START) })).rejects.toThrow(/would take its accounts back in time/)
    // A fresh data folder replays from anywhere.
    expect(await firstTickOf(candles1m(START - DAY), tempDir())).toBe(START - DAY)
  }, 60_000)

  it('starts a finished recording cleanly, says so, and plays nothing', async () => {
    const dataDir = tempDir()
    const source = candles1m(SET_END - 20 * MINUTE, Infinity)
    const first = await testCore(dataDir, { source })
    try {
      // Played out in the session: the feed reports it.
      await vi.waitFor(async () => expect(value<AppInfo>(await first.dispatch('app.info', {})).feed.state).toBe('ended'), { timeout: 10_000 })
    } finally {
      first.close()
    }
    // The last minute closed when the recording ended.
    const stored = storedMinutes(ledgerIn(dataDir, LEDGER), SOURCE_ID, 'BTC/USDT')
    expect(stored.at(-1)?.time).toBe(SET_END - MINUTE)

    const lines: string[] = []
    const log: Logger = { info: (line) => lines.push(line), warn: (line) => lines.push(line), error: (line) => lines.push(line) }
    const second = await testCore(dataDir, { source, log })
    const ticks = publishedTicks(second)
    try {
      const { feed } = value<AppInfo>(await second.dispatch('app.info', {}))
      expect(feed).toMatchObject({ sourceId: SOURCE_ID, state: 'ended' })
      expect(feed.detail).toBe(
        'The recording ended at 2024-08-25 14:24 UTC and this ledger has played it to its end: nothing is left to play. To replay it again, start with a fresh data folder.',
      )
      expect(lines).toContain(`Replay: Binance BTC, ETH 1m, 2024-07-26 to 2024-08-25: ${feed.detail}`)
      // The markets show where the recording ended; nothing plays.
      const markets = value<MarketSummary[]>(await second.dispatch('markets.list', {}))
      expect(markets.find((m) => m.instrument.symbol === 'BTC/USDT')?.last).toBe(readCandleCsv(BTC_1M).at(-1)?.close)
      await new Promise((resolve) => setTimeout(resolve, 300))
      expect(ticks).toEqual([])
    } finally {
      second.close()
    }
    expect(storedMinutes(ledgerIn(dataDir, LEDGER), SOURCE_ID, 'BTC/USDT')).toEqual(stored)
  }, 60_000)
})
