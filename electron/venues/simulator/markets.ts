import type { Instrument } from '../../../shared/domain/market'
import { BINANCE_USDM_MAINTENANCE_TIERS, tiersToText, type TieredBase } from '../../../shared/trading/margin-tiers'

export const SIMULATOR_SOURCE = { id: 'simulator', name: 'Simulator' } as const

/** A simulated underlying: spot and perpetual markets on the same base quote around it. */
export interface SimulatedAsset {
  base: string
  startPrice: number
  /** Long-run annualised volatility of its log returns (diffusion and jumps together). */
  annualVolatility: number
  /**
   * Correlation of its diffusive returns with the common market factor (default 0.9); two
   * assets' returns correlate about loading x loading.
   */
  marketLoading?: number
}

export interface SimulatedMarket {
  instrument: Instrument
  base: string
  /** Mean number of ticks per second (Poisson arrivals; faster in fast markets, slower in calm ones). */
  ticksPerSecond: number
  /** Minimum quoted spread in ticks (the spread in calm markets; it widens with volatility and after jumps). */
  spreadTicks: number
  /** Mean base-asset size of one trade. */
  meanTradeSize: number
}

export const SIMULATED_ASSETS: readonly SimulatedAsset[] = [
  { base: 'BTC', startPrice: 60_000, annualVolatility: 0.8, marketLoading: 0.93 },
  { base: 'ETH', startPrice: 3_000, annualVolatility: 0.9, marketLoading: 0.9 },
  { base: 'SOL', startPrice: 150, annualVolatility: 1.1, marketLoading: 0.8 },
]

const sources = [SIMULATOR_SOURCE.id]

function spot(base: string, tickSize: string, amountStep: string): Instrument {
  return {
    symbol: `${base}/USDT`,
    base,
    quote: 'USDT',
    type: 'spot',
    tickSize,
    amountStep,
    minAmount: amountStep,
    minNotional: '5',
    maxLeverage: 1,
    makerFee: '0.001',
    takerFee: '0.001',
    sources,
  }
}

function perpetual(base: string, tickSize: string, amountStep: string, maxLeverage: number): Instrument {
  return {
    symbol: `${base}/USDT:USDT`,
    base,
    quote: 'USDT',
    settle: 'USDT',
    type: 'swap',
    tickSize,
    amountStep,
    minAmount: amountStep,
    minNotional: '5',
    maxLeverage,
    maintenanceTiers: tiersToText(BINANCE_USDM_MAINTENANCE_TIERS[base as TieredBase]),
    makerFee: '0.0002',
    takerFee: '0.0005',
    sources,
  }
}

/** The built-in simulated market: tick sizes and steps as on the large venues. */
export const SIMULATED_MARKETS: readonly SimulatedMarket[] = [
  { instrument: spot('BTC', '0.01', '0.00001'), base: 'BTC', ticksPerSecond: 6, spreadTicks: 1, meanTradeSize: 0.02 },
  { instrument: spot('ETH', '0.01', '0.0001'), base: 'ETH', ticksPerSecond: 5, spreadTicks: 1, meanTradeSize: 0.4 },
  { instrument: spot('SOL', '0.01', '0.001'), base: 'SOL', ticksPerSecond: 4, spreadTicks: 1, meanTradeSize: 6 },
  {
    instrument: perpetual('BTC', '0.1', '0.001', 125),
    base: 'BTC',
    ticksPerSecond: 8,
    spreadTicks: 1,
    meanTradeSize: 0.05,
  },
  {
    instrument: perpetual('ETH', '0.01', '0.001', 100),
    base: 'ETH',
    ticksPerSecond: 6,
    spreadTicks: 1,
    meanTradeSize: 0.8,
  },
  {
    instrument: perpetual('SOL', '0.01', '0.01', 75),
    base: 'SOL',
    ticksPerSecond: 5,
    spreadTicks: 1,
    meanTradeSize: 10,
  },
]

/** The assets and markets a simulator runs. */
export interface SimulatedUniverse {
  assets: readonly SimulatedAsset[]
  markets: readonly SimulatedMarket[]
}

export const BUILT_IN_UNIVERSE: SimulatedUniverse = { assets: SIMULATED_ASSETS, markets: SIMULATED_MARKETS }

/** The most markets a load-test universe may hold. */
export const MAX_LOAD_TEST_MARKETS = 500

/**
 * A larger market for load tests and benchmarks: `count` perpetuals (L00/USDT:USDT, ...)
 * shaped like BTC's (grid, fees, maintenance tiers) at prices from 10 to 100,000, each
 * ticking 20 times a second.
 */
export function loadTestUniverse(count: number): SimulatedUniverse {
  if (!Number.isInteger(count) || count < 1 || count > MAX_LOAD_TEST_MARKETS) {
    throw new RangeError(`A load-test market holds 1 to ${MAX_LOAD_TEST_MARKETS} symbols, got ${count}`)
  }
  const template = perpetual('BTC', '0.1', '0.001', 125)
  const assets: SimulatedAsset[] = []
  const markets: SimulatedMarket[] = []
  for (let i = 0; i < count; i++) {
    const base = `L${String(i).padStart(2, '0')}`
    assets.push({ base, startPrice: 10 * 10 ** (i % 5) + i, annualVolatility: 0.8 })
    markets.push({ instrument: { ...template, symbol: `${base}/USDT:USDT`, base }, base, ticksPerSecond: 20, spreadTicks: 1, meanTradeSize: 0.05 })
  }
  return { assets, markets }
}
