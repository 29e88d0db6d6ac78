import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import type { AppInfo } from '../../../shared/domain/app'
import type { Candle, MarketSummary } from '../../../shared/domain/market'
import { atoms, divRound, ONE } from '../../../shared/trading/money'
import { ManualClock } from '../../../electron/engine/clock'
import { testCore } from '../../support/core'
import { readCandleCsv, SHARED_DATA_DIR } from '../../support/shared-data'
import { useTempDirs } from '../../support/temp-dir'

const tempDir = useTempDirs()
const START = Date.UTC(2024, 7, 5, 7, 50)
const SETTLEMENT = Date.UTC(2024, 7, 5, 8)
/** funding/binance_usdm_BTCUSDT_perp_funding_rate_*.csv, the row of 2024-08-05T08:00:00Z. */
const RECORDED_RATE = '0.00004429'

type Reply<T> = { ok: true; value: T } | { ok: false; error: unknown }
const value = <T>(reply: unknown): T => {
  const r = reply as Reply<T>
  if (!r.ok) throw new Error(JSON.stringify(r.error))
  return r.value
}

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
})
