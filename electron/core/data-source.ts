import type { Exchange } from 'ccxt'
import { EXCHANGE_VENUE_NAMES, EXCHANGE_VENUES, type ExchangeVenue } from '../../shared/domain/exchanges'
import type { Clock } from '../engine/clock'
import { ExchangePollingFeed } from '../venues/ccxt/polling-feed'
import type { MarketFeed } from '../venues/feed'
import { CandleReplayFeed } from '../venues/replay/candle-replay-feed'
import { CANDLE_SET_IDS, candleSet, type CandleSetId, isCandleSetId } from '../venues/replay/candle-sets'
import type { ResumableReplay } from '../venues/replay/playback'
import { ReplayFeed, replayFiles } from '../venues/replay/replay-feed'
import { loadTestUniverse, MAX_LOAD_TEST_MARKETS } from '../venues/simulator/markets'
import { SimulatedFeed } from '../venues/simulator/simulated-feed'

/** Which market the app trades on: the built-in simulator (default), a recorded day, or recorded candles. */
export type DataSourceChoice =
  /** `markets`: a load-test universe of that many perpetuals instead of the built-in market. */
  | { kind: 'simulator'; speed?: number; markets?: number }
  /** `folder` holds the recordings in the team's data layout (candles/, ticks/). */
  | { kind: 'replay'; folder: string; speed?: number }
  /** A named candle set of `folder` (candles/, funding/), from its start or from `from` (epoch ms). */
  | { kind: 'candles'; folder: string; set: CandleSetId; from?: number; speed?: number }
  /** An exchange's live public prices (spot `symbols`), through ccxt; no key. */
  | { kind: 'exchange'; venue: ExchangeVenue; symbols: string[]; speed?: undefined }

/** The markets an exchange source trades unless told otherwise. */
export const DEFAULT_EXCHANGE_SYMBOLS = ['BTC/USDT', 'ETH/USDT']

export interface OpenedSource {
  feed: MarketFeed
  /** The engine's time: the wall clock, or the feed's own timeline (a replay, a sped-up simulator). */
  clock: Clock
  /** A replay (the feed itself), which can continue where its ledger stopped. */
  replay?: MarketFeed & ResumableReplay
}

export const LEDGER_FILE = 'ledger.sqlite'
export const REPLAY_LEDGER_FILE = 'replay.sqlite'

/**
 * Replays get their own ledger, so a recorded day never mixes with live paper accounts;
 * each candle set its own too, as every set runs on a different stretch of time.
 */
export function ledgerFileFor(choice: DataSourceChoice): string {
  // Paper trading on an exchange's prices: never mixed with the simulator's accounts and symbols.
  if (choice.kind === 'exchange') return `paper-${choice.venue}.sqlite`
  if (choice.kind === 'candles') return `replay-${choice.set}.sqlite`
  // A load-test market lists other symbols: it never shares the trader's ledger.
  if (choice.kind === 'simulator' && choice.markets !== undefined) return `load-test-${choice.markets}.sqlite`
  return choice.kind === 'replay' ? REPLAY_LEDGER_FILE : LEDGER_FILE
}

/** The market in a sentence ("paper trading on ..."). */
export function describeSource(choice: DataSourceChoice): string {
  if (choice.kind === 'exchange') return `live prices from ${EXCHANGE_VENUE_NAMES[choice.venue]} (${choice.symbols.join(', ')})`
  if (choice.kind === 'candles') return `a replay of the candle set ${choice.set} in ${choice.folder}`
  if (choice.kind === 'simulator' && choice.markets !== undefined) return `a simulated load-test market of ${choice.markets} perpetuals`
  return choice.kind === 'replay' ? `a replay of ${choice.folder}` : 'the built-in simulated market'
}

/** A ccxt client for an exchange's public data (the host decides where its requests go). */
export type PublicExchange = (venue: ExchangeVenue) => Exchange

export async function openDataSource(
  choice: DataSourceChoice,
  clock: Clock,
  seed: () => number,
  pumpIntervalMs: number | undefined,
  publicExchange: PublicExchange,
): Promise<OpenedSource> {
  if (choice.kind === 'exchange') return { feed: await ExchangePollingFeed.open(publicExchange(choice.venue), choice.venue, choice.symbols, clock), clock }
  const speed = choice.speed ?? 1
  if (choice.kind === 'replay') {
    const replay = await ReplayFeed.open(replayFiles(choice.folder), clock, { speed })
    return { feed: replay, clock: replay, replay }
  }
  if (choice.kind === 'candles') {
    const options = choice.from === undefined ? { speed } : { speed, from: choice.from }
    const replay = await CandleReplayFeed.open(candleSet(choice.folder, choice.set), clock, options)
    return { feed: replay, clock: replay, replay }
  }
  const universe = choice.markets === undefined ? {} : { universe: loadTestUniverse(choice.markets) }
  const simulator = new SimulatedFeed(seed(), clock, pumpIntervalMs, { speed, ...universe })
  return { feed: simulator, clock: speed === 1 ? clock : simulator }
}

export interface SourceSettings {
  /** The data folder to replay. */
  replay?: string | undefined
  /** A candle set of that folder; without one the folder's tick recording is replayed. */
  replayCandles?: string | undefined
  /**
   * Where a candle replay starts, a UTC date ("2024-08-05" or "2024-08-05T12:00Z"). On a
   * ledger that already played the set, see planReplayStart (replay-resume.ts).
   */
  from?: string | undefined
  /** "1", "10", ... or "max". */
  speed?: string | undefined
  /** A load-test market of this many simulated perpetuals. */
  loadTestMarkets?: string | undefined
  /** Paper-trade on this exchange's live prices ("binance"). */
  exchange?: string | undefined
  /** Its markets, comma-separated ("BTC/USDT,ETH/USDT"). */
  symbols?: string | undefined
}

/**
 * The data source from user settings (command-line flags, environment). Throws a readable
 * Error on a bad speed or start, an unknown candle set, or candle flags without a folder.
 */
export function sourceFromSettings(settings: SourceSettings): DataSourceChoice {
  const exchange = given(settings.exchange)
  const symbols = given(settings.symbols)
  if (exchange !== undefined) {
    const others = [settings.replay, settings.replayCandles, settings.from, settings.speed, settings.loadTestMarkets].some((v) => given(v) !== undefined)
    if (others) throw new Error('--exchange trades on live prices in real time; it cannot be combined with a replay, --speed or --load-test-markets')
    return { kind: 'exchange', venue: parseVenue(exchange), symbols: symbols === undefined ? DEFAULT_EXCHANGE_SYMBOLS : parseSymbols(symbols) }
  }
  if (symbols !== undefined) throw new Error('--symbols only applies to --exchange')
  const speed = parseSpeed(settings.speed)
  const base = speed === undefined ? {} : { speed }
  const folder = given(settings.replay)
  const set = given(settings.replayCandles)
  const from = given(settings.from)
  const markets = parseMarkets(given(settings.loadTestMarkets))
  if (markets !== undefined && (folder !== undefined || set !== undefined)) throw new Error('--load-test-markets runs the simulator; it cannot be combined with a replay')
  if (set === undefined) {
    if (from !== undefined) throw new Error('--from only applies to a candle replay (--replay-candles SET)')
    if (folder !== undefined) return { kind: 'replay', folder, ...base }
    return { kind: 'simulator', ...base, ...(markets === undefined ? {} : { markets }) }
  }
  if (!isCandleSetId(set)) throw new Error(`Unknown candle set "${set}"; the sets are ${CANDLE_SET_IDS.join(', ')}`)
  if (folder === undefined) throw new Error('--replay-candles needs --replay FOLDER, the data folder holding candles/ and funding/')
  return { kind: 'candles', folder, set, ...(from === undefined ? {} : { from: parseFrom(from) }), ...base }
}

const given = (text: string | undefined): string | undefined => (text === undefined || text === '' ? undefined : text)

function parseVenue(text: string): ExchangeVenue {
  const venue = EXCHANGE_VENUES.find((v) => v === text.toLowerCase())
  if (venue === undefined) throw new Error(`--exchange must be one of ${EXCHANGE_VENUES.join(', ')}, got "${text}"`)
  return venue
}

/** ccxt spot symbols, "BTC/USDT,ETH/USDT": at most 20, no repeats. */
function parseSymbols(text: string): string[] {
  const symbols = [...new Set(text.split(',').map((s) => s.trim().toUpperCase()).filter((s) => s !== ''))]
  const wrong = symbols.filter((s) => !/^[A-Z0-9]{1,15}\/[A-Z0-9]{1,15}$/.test(s))
  if (wrong.length > 0) throw new Error(`--symbols takes spot markets like BTC/USDT,ETH/USDT; "${wrong.join('", "')}" is not one`)
  if (symbols.length === 0 || symbols.length > 20) throw new Error('--symbols takes from 1 to 20 markets')
  return symbols
}

function parseMarkets(text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  const count = Number(text)
  if (!/^\d+$/.test(text) || count < 1 || count > MAX_LOAD_TEST_MARKETS) {
    throw new Error(`--load-test-markets must be a whole number from 1 to ${MAX_LOAD_TEST_MARKETS}, got "${text}"`)
  }
  return count
}

/** A UTC date or minute, spelled so it cannot be read as local time. */
function parseFrom(text: string): number {
  const time = /^\d{4}-\d\d-\d\d(?:T\d\d:\d\d(?::\d\d)?Z)?$/.test(text) ? Date.parse(text) : NaN
  // Date.parse rolls impossible days over (2025-02-30 is March 2): refuse them instead.
  if (Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== text.slice(0, 10)) {
    throw new Error(`--from must be a UTC date like 2024-08-05 or 2024-08-05T12:00Z, got "${text}"`)
  }
  return time
}

function parseSpeed(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined
  if (text === 'max') return Infinity
  const speed = Number(text)
  if (!Number.isFinite(speed) || speed <= 0 || speed > 1_000) throw new Error(`--speed must be a number from 0.1 to 1000, or "max", got "${text}"`)
  return speed
}
