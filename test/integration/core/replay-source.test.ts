import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import type { AppInfo } from '../../../shared/domain/app'
import type { Candle, MarketSummary, Tick } from '../../../shared/domain/market'
import type { AccountBalance, Fill } from '../../../shared/domain/trading'
import type { DataSourceChoice } from '../../../electron/core/data-source'
import { ManualClock } from '../../../electron/engine/clock'
import { readTrades } from '../../../electron/venues/replay/csv-readers'
import { replayFiles } from '../../../electron/venues/replay/replay-feed'
import { tradesToCandles } from '../../../electron/venues/replay/trade-candles'
import { testCore } from '../../support/core'
import { contiguous, expectSameCandles, ledgerIn, publishedTicks, storedMinutes, value } from '../../support/replay'
import { SHARED_DATA_DIR } from '../../support/shared-data'
import { useTempDirs } from '../../support/temp-dir'

const tempDir = useTempDirs()
const RECORDING_START = Date.UTC(2024, 7, 8, 23, 54)
const MINUTE = 60_000
const SOURCE_ID = 'replay:binance-btcusdt-2024-08-08'
const dayReplay = (speed: number): DataSourceChoice => ({ kind: 'replay', folder: SHARED_DATA_DIR, speed })

/** The one-minute candles the recorded trades make, as numbers. */
async function tradeMinutes(): Promise<Candle[]> {
  const out: Candle[] = []
  for await (const c of tradesToCandles(readTrades(replayFiles(SHARED_DATA_DIR).trades), MINUTE)) {
    out.push({ time: c.time, open: Number(c.open), high: Number(c.high), low: Number(c.low), close: Number(c.close), volume: Number(c.volume) })
  }
  return out
}

describe('paper trading a recorded day', () => {
  it('replays the recording on its own timeline and ledger, and fills against the recorded book', async () => {
    const dataDir = tempDir()
    const core = await testCore(dataDir, { source: { kind: 'replay', folder: SHARED_DATA_DIR, speed: 50 } })
    const info = await core.dispatch('app.info', {})
    expect(info.ok && (info.value as AppInfo).feed).toMatchObject({ sourceName: 'Replay: Binance BTC/USDT 2024-08-08 23:54', state: 'live' })
    expect(existsSync(join(dataDir, 'replay.sqlite'))).toBe(true)
    expect(existsSync(join(dataDir, 'ledger.sqlite'))).toBe(false)

    const markets = await core.dispatch('markets.list', {})
    expect(markets.ok && (markets.value as MarketSummary[]).map((m) => m.instrument.symbol)).toEqual(['BTC/USDT'])
    const history = await core.dispatch('candles.history', { symbol: 'BTC/USDT', timeframe: '1m', limit: 30 })
    const candles = (history as { value: Array<{ time: number; close: number }> }).value
    expect(candles.every((c) => c.time >= RECORDING_START - 6 * 3_600_000 && c.time < RECORDING_START + 12 * 60_000)).toBe(true)

    // Let the replay run, then trade on it.
    await new Promise((resolve) => setTimeout(resolve, 800))
    const account = await core.dispatch('accounts.create', { name: 'Replay day' })
    const accountId = (account as { value: { id: number } }).value.id
    const order = await core.dispatch('orders.place', { accountId, symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: '0.1' })
    expect(order, JSON.stringify(order)).toMatchObject({ ok: true, value: { status: 'filled' } })
    const fills = (await core.dispatch('fills.list', { accountId })) as { value: Array<{ price: string; ts: number }> }
    for (const fill of fills.value) {
      expect(Number(fill.price)).toBeGreaterThan(61_000)
      expect(Number(fill.price)).toBeLessThan(62_500)
      expect(fill.ts).toBeGreaterThanOrEqual(RECORDING_START) // booked on the recording's clock
      expect(fill.ts).toBeLessThan(RECORDING_START + 12 * 60_000)
    }
    core.close()
  }, 30_000)

  it('continues the recorded day where its ledger stopped after a restart', async () => {
    const dataDir = tempDir()
    const clock = new ManualClock(0)
    const first = await testCore(dataDir, { clock, source: dayReplay(60) })
    const before = publishedTicks(first)
    let accountId: number
    let kept: { fills: Fill[]; balance: AccountBalance }
    try {
      // Two clock seconds at speed 60: two recorded minutes, to 23:56:15.
      clock.advance(2_000)
      await vi.waitFor(() => expect(before.at(-1)?.ts).toBeGreaterThan(Date.UTC(2024, 7, 8, 23, 56, 10)), { timeout: 10_000 })
      accountId = value<{ id: number }>(await first.dispatch('accounts.create', { name: 'Day trader' })).id
      const order = value<{ status: string }>(await first.dispatch('orders.place', { accountId, symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: '0.1' }))
      expect(order.status).toBe('filled')
      kept = {
        fills: value<Fill[]>(await first.dispatch('fills.list', { accountId })),
        balance: value<AccountBalance>(await first.dispatch('balances.get', { accountId })),
      }
      expect(kept.fills.every((f) => f.ts >= Date.UTC(2024, 7, 8, 23, 56, 10) && f.ts < Date.UTC(2024, 7, 8, 23, 57))).toBe(true)
    } finally {
      first.close()
    }
    const lastBefore = before.at(-1) as Tick
    const resumed = Date.UTC(2024, 7, 8, 23, 57)

    const clock2 = new ManualClock(0)
    const second = await testCore(dataDir, { clock: clock2, source: dayReplay(60) })
    const after = publishedTicks(second)
    try {
      // Ninety clock seconds at speed 60 from 23:57: 23:57 closes.
      clock2.advance(90_000 / 60)
      await vi.waitFor(() => expect(after.at(-1)?.ts).toBeGreaterThan(resumed + MINUTE), { timeout: 10_000 })
      // (3) The replay goes on from the minute after the one it stopped in: later than the
      // last tick before, no trade of 23:56 sent again, none of 23:57 left out.
      expect(after[0]?.ts).toBeGreaterThan(lastBefore.ts)
      expect(Math.min(...after.map((t) => t.ts))).toBeGreaterThanOrEqual(resumed)
      expect(after[0]?.ts).toBeLessThan(resumed + 1_000)
      const { [0]: firstTrade } = (await tradeMinutes()).filter((c) => c.time === resumed)
      expect(after[0]?.last).toBe(firstTrade?.open)
      // The account is as it was.
      expect(value<Fill[]>(await second.dispatch('fills.list', { accountId }))).toEqual(kept.fills)
      const balance = value<AccountBalance>(await second.dispatch('balances.get', { accountId }))
      expect({ wallet: balance.wallet, holdings: balance.holdings.map((h) => [h.asset, h.amount]) }).toEqual({
        wallet: kept.balance.wallet,
        holdings: kept.balance.holdings.map((h) => [h.asset, h.amount]),
      })
    } finally {
      second.close()
    }

    // Every minute of the recording once: 23:56, where the first run stopped, backfilled whole from the trades.
    const stored = storedMinutes(ledgerIn(dataDir, 'replay.sqlite'), SOURCE_ID, 'BTC/USDT')
    expect(contiguous(stored)).toBe(true)
    expect(stored.at(-1)?.time).toBe(resumed)
    const played = stored.filter((c) => c.time >= RECORDING_START)
    expectSameCandles(played, (await tradeMinutes()).filter((c) => c.time <= resumed))
  }, 60_000)

  it('starts a finished day cleanly and says so', async () => {
    const dataDir = tempDir()
    const first = await testCore(dataDir, { source: dayReplay(Infinity) })
    try {
      await vi.waitFor(async () => expect(value<AppInfo>(await first.dispatch('app.info', {})).feed.state).toBe('ended'), { timeout: 20_000 })
    } finally {
      first.close()
    }
    const second = await testCore(dataDir, { source: dayReplay(Infinity) })
    const ticks = publishedTicks(second)
    try {
      const { feed } = value<AppInfo>(await second.dispatch('app.info', {}))
      expect(feed).toMatchObject({ sourceId: SOURCE_ID, state: 'ended' })
      expect(feed.detail).toMatch(/^The recording ended at 2024-08-09 00:05 UTC and this ledger has played it to its end/)
      await new Promise((resolve) => setTimeout(resolve, 300))
      expect(ticks).toEqual([])
    } finally {
      second.close()
    }
    // Every recorded minute, the last (partial) one included, once.
    const stored = storedMinutes(ledgerIn(dataDir, 'replay.sqlite'), SOURCE_ID, 'BTC/USDT').filter((c) => c.time >= RECORDING_START)
    expect(stored.map((c) => c.time)).toEqual((await tradeMinutes()).map((c) => c.time))
  }, 60_000)
})
