import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Timeframe } from '../../../shared/domain/market'
import type { DataSource } from '../feed'

/**
 * The recorded candle data sets a candle replay can play: the files of the team's data
 * folder (SOURCES.md there) grouped by timeframe and window. A set's markets start when
 * the last of its files starts, so every market has a price from the first tick (the
 * replay can be started earlier with `from`: the later files then join when they begin).
 */
const SETS = {
  'btc-eth-1m-2024-08': {
    title: 'BTC, ETH 1m, 2024-07-26 to 2024-08-25',
    timeframe: '1m',
    candles: { BTC: 'binance_spot_BTCUSDT_1m_2024-07-26_2024-08-25.csv', ETH: 'binance_spot_ETHUSDT_1m_2024-07-26_2024-08-25.csv' },
  },
  'btc-eth-1m-2025-06': {
    title: 'BTC, ETH 1m, 2025-06-01 to 2025-07-01',
    timeframe: '1m',
    candles: { BTC: 'binance_spot_BTCUSDT_1m_2025-06-01_2025-07-01.csv', ETH: 'binance_spot_ETHUSDT_1m_2025-06-01_2025-07-01.csv' },
  },
  'btc-eth-5m': {
    title: 'BTC, ETH 5m, 2024-12-31 to 2026-02-19 (BTC from 2024-03-01)',
    timeframe: '5m',
    candles: { BTC: 'binance_spot_BTCUSDT_5m_2024-03-01_2026-02-19.csv', ETH: 'binance_spot_ETHUSDT_5m_2024-12-31_2026-02-19.csv' },
  },
  'btc-eth-sol-1h': {
    title: 'BTC, ETH, SOL 1h, 2020-08-11 to 2026-05-16 (BTC, ETH from 2018-01-01)',
    timeframe: '1h',
    candles: {
      BTC: 'binance_spot_BTCUSDT_1h_2018-01-01_2026-05-16.csv',
      ETH: 'binance_spot_ETHUSDT_1h_2018-01-01_2026-05-16.csv',
      SOL: 'binance_spot_SOLUSDT_1h_2020-08-11_2026-05-16.csv',
    },
  },
  'btc-eth-sol-1d': {
    title: 'BTC, ETH, SOL 1d, 2020-08-11 to 2026-01-05 (BTC, ETH from 2017-08-17)',
    timeframe: '1d',
    candles: {
      BTC: 'binance_spot_BTCUSDT_1d_2017-08-17_2026-01-05.csv',
      ETH: 'binance_spot_ETHUSDT_1d_2017-08-17_2026-01-05.csv',
      SOL: 'binance_spot_SOLUSDT_1d_2020-08-11_2026-01-05.csv',
    },
  },
} as const satisfies Record<string, { title: string; timeframe: Timeframe; candles: Readonly<Record<string, string>> }>

export type CandleSetId = keyof typeof SETS
export const CANDLE_SET_IDS = Object.keys(SETS) as CandleSetId[]

export function isCandleSetId(id: string): id is CandleSetId {
  return Object.hasOwn(SETS, id)
}

/** One base asset's recorded files: spot candles against USDT, and its perpetual's funding when recorded. */
export interface CandleMarketFiles {
  base: string
  candles: string
  funding?: string
}

/** What a candle replay plays: candle files of one timeframe, at most one per base. */
export interface CandleReplaySet {
  source: DataSource
  timeframe: Timeframe
  markets: CandleMarketFiles[]
}

/**
 * A named set's files in the data folder (candles/, funding/). Throws a readable Error when
 * the folder or one of the set's candle files is missing; a base without a funding file
 * simply lists no perpetual.
 */
export function candleSet(folder: string, id: CandleSetId): CandleReplaySet {
  const set = SETS[id]
  if (!existsSync(folder)) throw new Error(`The data folder ${folder} does not exist (a candle replay needs one holding candles/ and funding/)`)
  const markets = Object.entries(set.candles).map(([base, name]): CandleMarketFiles => {
    const candles = join(folder, 'candles', name)
    if (!existsSync(candles)) throw new Error(`The candle set "${id}" needs candles/${name} in the data folder ${folder}, which is not there`)
    const funding = fundingFile(folder, base)
    return funding === undefined ? { base, candles } : { base, candles, funding }
  })
  return { source: { id: `replay:candles:${id}`, name: `Replay: Binance ${set.title}` }, timeframe: set.timeframe, markets }
}

/** Binance USDⓈ-M funding of `base`USDT, if the folder has it (one file per contract). */
function fundingFile(folder: string, base: string): string | undefined {
  const dir = join(folder, 'funding')
  if (!existsSync(dir)) return undefined
  const name = readdirSync(dir)
    .sort()
    .find((file) => file.startsWith(`binance_usdm_${base}USDT_perp_funding_rate_`) && file.endsWith('.csv'))
  return name === undefined ? undefined : join(dir, name)
}
