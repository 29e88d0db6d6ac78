import { join } from 'node:path'
import type { binance } from 'ccxt'
import type { EventName } from '../../shared/contract'
import type { Clock } from '../../electron/engine/clock'
import { silentLogger } from '../../electron/core/log'
import { EventBus } from '../../electron/engine/bus'
import { LiveExchange } from '../../electron/engine/live/live-exchange'
import type { TradableInstrument } from '../../electron/engine/paper/paper-exchange'
import { tradableInstruments } from '../../electron/engine/paper/tradable'
import { closeLedger, openLedger, type Db } from '../../electron/ledger/db'
import { CcxtVenue } from '../../electron/venues/ccxt/ccxt-venue'
import { instrumentFromMarket, PRECISION_MODE } from '../../electron/venues/ccxt/instruments'
import { VenueGuard, type VenueGuardOptions } from '../../electron/venues/ccxt/venue-guard'
import { createExchange } from '../../electron/venues/ccxt/venues'
import { binanceUrlsAt, mapErrorsAsProduction, startFakeBinance, TRADING_RESTRICTIONS, type BinanceBalance, type FakeBinance } from './fake-binance'

export const KEY = 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A'
export const SECRET = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j'
export const BTC = 'BTC/USDT'

/** Real time, which a test can move forward (the exchange signs and checks with real time). */
export class AheadClock implements Clock {
  ahead = 0
  now(): number {
    return Date.now() + this.ahead
  }
}

export interface LiveHarness {
  fake: FakeBinance
  db: Db
  bus: EventBus
  instruments: Map<string, TradableInstrument>
  file: string
  clock: AheadClock
  exchange: LiveExchange
  events: Array<{ name: EventName; payload: unknown }>
  /** The exchange's quote as a tick the engine sees (for order values and equity). */
  tick(): void
  /** A new engine on the same ledger file, as after a crash or restart. */
  restart(): LiveHarness
  close(): Promise<void>
}

export const balances = (btc: string, usdt: string): BinanceBalance[] => [
  { asset: 'BTC', free: btc, locked: '0.00000000' },
  { asset: 'USDT', free: usdt, locked: '0.00000000' },
]

/**
 * A live engine on a fresh ledger, trading the local Binance through the real ccxt client
 * with production's error classes; requests time out after 1.5 s.
 */
export async function liveHarness(dir: string, options: { guard?: Partial<VenueGuardOptions>; funds?: BinanceBalance[] } = {}): Promise<LiveHarness> {
  const fake = await startFakeBinance({ apiKey: KEY, secret: SECRET, restrictions: TRADING_RESTRICTIONS, balances: options.funds ?? balances('0.50000000', '10000.00000000') })
  const client = () => mapErrorsAsProduction(createExchange('binance', { apiKey: KEY, secret: SECRET }, { urls: binanceUrlsAt(fake.url), timeoutMs: 1500 }) as binance, fake.url)
  const probe = client()
  await probe.loadMarkets()
  const instruments = tradableInstruments(Object.values(probe.markets ?? {}).flatMap((m) => instrumentFromMarket(m, PRECISION_MODE.tickSize, 'binance') ?? []))
  const clock = new AheadClock()
  const file = join(dir, 'ledger.sqlite')
  const open = (): LiveHarness => {
    const db = openLedger(file, { now: clock.now() })
    const bus = new EventBus(silentLogger)
    const events: LiveHarness['events'] = []
    bus.subscribe((name, payload) => events.push({ name, payload }))
    const guard = new VenueGuard('binance', () => clock.now(), options.guard ?? {})
    const exchange = new LiveExchange(db, instruments, bus, clock, async () => new CcxtVenue('binance', client(), guard))
    const harness: LiveHarness = {
      fake,
      db,
      bus,
      instruments,
      file,
      clock,
      exchange,
      events,
      tick() {
        const quote = fake.quotes['BTCUSDT']!
        exchange.onTicks([{ symbol: BTC, ts: clock.now(), last: Number(quote.last), bid: Number(quote.bid), ask: Number(quote.ask), volume: 1 }])
      },
      restart() {
        closeLedger(db)
        return open()
      },
      async close() {
        closeLedger(db)
        await fake.close()
      },
    }
    harness.tick()
    return harness
  }
  return open()
}

/** The AppError (or other error) a promise rejects with; fails when it resolves. */
export async function refusalOf(promise: Promise<unknown>): Promise<Error & { code?: string; details?: { rule?: string } }> {
  try {
    await promise
  } catch (error) {
    return error as Error & { code?: string; details?: { rule?: string } }
  }
  throw new Error('expected a refusal')
}
