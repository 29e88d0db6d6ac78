import { describe, expect, it } from 'vitest'
import type { Tick } from '../../../shared/domain/market'
import { paperHarness, T0 } from '../../support/paper'
import { useTempDirs } from '../../support/temp-dir'

const tempDir = useTempDirs()
const SPOT = 'BTC/USDT'

/** A candle-style tick: no book, so the engine quotes its synthetic spread around `last`. */
const bare = (ts: number, last: number): Tick => ({ symbol: SPOT, ts, last, bid: last, ask: last, volume: 1 })

describe('ticks of markets where nothing is at stake', () => {
  it('write nothing to the ledger, yet the next order fills at the latest of them', () => {
    const h = paperHarness(tempDir())
    const accountId = h.exchange.createAccount({ name: 'Idle' }).id
    h.exchange.onTicks([bare(T0 + 1_000, 60_000)]) // the first tick of the hour takes its snapshot mark
    const changes = h.db.prepare('SELECT total_changes() AS n').pluck()
    const before = changes.get()
    h.exchange.onTicks([bare(T0 + 2_000, 61_000), bare(T0 + 3_000, 62_000), bare(T0 + 4_000, 63_000)])
    expect(changes.get()).toBe(before)
    // 63,000 with the default 0.05 % synthetic spread: the ask is 63,000 + 15.75 on the 0.01 tick.
    const buy = h.exchange.placeOrder({ accountId, symbol: SPOT, side: 'buy', type: 'market', amount: '0.01' })
    expect(buy.averagePrice).toBe('63015.75')
    h.close()
  })

  it('keep the spread they came under when the fill model changes before anything reads them', () => {
    const h = paperHarness(tempDir())
    const accountId = h.exchange.createAccount({ name: 'Idle' }).id
    h.exchange.onTicks([bare(T0 + 1_000, 60_000)])
    h.exchange.setFillModel({ syntheticSpread: '0.01' })
    // Quoted under the 0.05 % spread in force when the tick came, not the 1 % set after it.
    const buy = h.exchange.placeOrder({ accountId, symbol: SPOT, side: 'buy', type: 'market', amount: '0.01' })
    expect(buy.averagePrice).toBe('60015')
    h.exchange.onTicks([bare(T0 + 2_000, 60_000)])
    const sell = h.exchange.placeOrder({ accountId, symbol: SPOT, side: 'sell', type: 'market', amount: '0.01' })
    expect(sell.averagePrice).toBe('59700')
    h.close()
  })
})
