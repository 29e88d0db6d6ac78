/** Plain, serialisable market types shared by the core and the renderer. */

/** ccxt's unified market types: `spot` (BTC/USDT) and `swap` (perpetual, BTC/USDT:USDT). */
export type MarketType = 'spot' | 'swap'

export interface Instrument {
  /** ccxt unified symbol, e.g. `BTC/USDT` or `BTC/USDT:USDT`. */
  symbol: string
  base: string
  quote: string
  /** Settlement asset of a derivative; absent for spot. */
  settle?: string
  type: MarketType
  /** Price increment, as an exact decimal string (e.g. "0.01"). */
  tickSize: string
  /** Amount increment in the base asset, exact decimal string. */
  amountStep: string
  minAmount: string
  /** Minimum order value in the quote asset. */
  minNotional: string
  maxLeverage: number
  /** Fee rates as exact decimal fractions (0.001 = 0.1 %). */
  makerFee: string
  takerFee: string
  /** Ids of the data sources that list this instrument. */
  sources: string[]
  /** Perpetuals: maintenance-margin brackets by position notional, smallest first. */
  maintenanceTiers?: MaintenanceTierText[]
}

/** A maintenance-margin bracket as exact decimals: (previous max, maxNotional] (null = no cap). */
export interface MaintenanceTierText {
  maxNotional: string | null
  maintenanceMarginRate: string
  maintenanceAmount: string
  maxLeverage: number
}

/** One market-data update for a symbol: the latest trade and the top of the book. */
export interface Tick {
  symbol: string
  /** Exchange time of the update, epoch ms UTC. */
  ts: number
  last: number
  bid: number
  ask: number
  /** Base-asset volume traded since the previous tick of this symbol. */
  volume: number
}

/** A candle; `time` is its open time in epoch ms UTC, covering [time, time + timeframe). */
export interface Candle {
  time: number
  open: number
  high: number
  low: number
  close: number
  volume: number
}

export const TIMEFRAMES = ['1m', '5m', '15m', '1h', '4h', '1d'] as const
export type Timeframe = (typeof TIMEFRAMES)[number]

/** What a market-watch row shows. */
export interface MarketSummary {
  instrument: Instrument
  last: number
  bid: number
  ask: number
  /** Price 24 hours ago (open of the rolling 24h window). */
  open24h: number
  high24h: number
  low24h: number
  volume24h: number
  ts: number
}

/** `ended`: a replay whose recording has played out; nothing more will come. */
export type FeedState = 'connecting' | 'live' | 'stale' | 'down' | 'ended'

export interface FeedStatus {
  sourceId: string
  sourceName: string
  state: FeedState
  /** When the feed entered this state, epoch ms. */
  since: number
  /** A sentence about the state, when there is more to say (why a replay has ended). */
  detail?: string
}
