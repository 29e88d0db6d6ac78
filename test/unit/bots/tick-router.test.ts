import { describe, expect, it } from 'vitest'
import type { Candle, Tick } from '../../../shared/domain/market'
import { TickRouter } from '../../../electron/bots/tick-router'

const MINUTE = 60_000
const tick = (ts: number, last: number, symbol = 'BTC/USDT'): Tick => ({ symbol, ts, last, bid: last, ask: last, volume: 1 })

/** What happened, in order: the engine's segments (their prices) and the candles given out. */
function recorder() {
  const log: string[] = []
  const router = new TickRouter({ onTicks: (ticks) => log.push(`engine ${ticks.map((t) => t.last).join(',')}`) })
  const listen = (candle: Candle) => log.push(`candle ${candle.time / MINUTE} o${candle.open} h${candle.high} l${candle.low} c${candle.close}`)
  return { log, router, listen }
}

const TICKS = [tick(0, 10), tick(20_000, 12), tick(40_000, 9), tick(60_000, 11), tick(61_000, 13), tick(125_000, 14), tick(125_000, 15, 'ETH/USDT')]

describe('the tick router', () => {
  it('gives a closed candle after the engine has seen every tick before the next one’s first, whatever the batching', () => {
    const whole = recorder()
    whole.router.watch('BTC/USDT', '1m', whole.listen)
    whole.router.onTicks(TICKS)
    expect(whole.log).toEqual(['engine 10,12,9', 'candle 0 o10 h12 l9 c9', 'engine 11,13', 'candle 1 o11 h13 l11 c13', 'engine 14,15'])

    const single = recorder()
    single.router.watch('BTC/USDT', '1m', single.listen)
    for (const t of TICKS) single.router.onTicks([t])
    // The same candles at the same places among the ticks; only the engine's batches differ.
    const sequence = (log: string[]) => log.flatMap((line) => (line.startsWith('engine ') ? line.slice(7).split(',') : [line]))
    expect(sequence(single.log)).toEqual(sequence(whole.log))
  })

  it('passes ticks straight to the engine when nobody watches, and skips the candle a late watcher saw only part of', () => {
    const { log, router, listen } = recorder()
    router.onTicks(TICKS.slice(0, 2))
    expect(log).toEqual(['engine 10,12'])
    router.watch('BTC/USDT', '1m', listen, MINUTE)
    router.onTicks(TICKS.slice(2))
    expect(log.filter((line) => line.startsWith('candle'))).toEqual(['candle 1 o11 h13 l11 c13'])
  })
})
