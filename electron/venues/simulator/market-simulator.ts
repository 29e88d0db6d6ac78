import type { Candle, Tick } from '../../../shared/domain/market'
import { stepGrid, type StepGrid } from '../../../shared/trading/precision'
import { deriveSeed, SeededRandom } from './random'
import type { SimulatedAsset, SimulatedMarket } from './markets'

const SECONDS_PER_YEAR = 365 * 24 * 3600
const MINUTE = 60_000
/** Sample points per simulated history minute (for its high and low). */
const HISTORY_SUBSTEPS = 12

/** Perpetuals trade at a small, mean-reverting premium (basis) over their underlying. */
const BASIS_MEAN = 0.0002
const BASIS_REVERSION_PER_SECOND = 1 / 600
const BASIS_VOLATILITY_PER_SQRT_SECOND = 2.9e-5

/** Where the simulated market stands: one price per underlying, one basis per perpetual. */
export interface SimulationState {
  time: number
  prices: Record<string, number>
  basis: Record<string, number>
}

/** Geometric Brownian motion step over `seconds` with a standard normal shock `z`. */
function stepPrice(price: number, annualVolatility: number, seconds: number, z: number): number {
  const variance = (annualVolatility * annualVolatility * seconds) / SECONDS_PER_YEAR
  return price * Math.exp(Math.sqrt(variance) * z - variance / 2)
}

/** Ornstein-Uhlenbeck step of a perpetual's basis. */
function stepBasis(basis: number, seconds: number, z: number): number {
  const pull = 1 - Math.exp(-BASIS_REVERSION_PER_SECOND * seconds)
  return basis + (BASIS_MEAN - basis) * pull + BASIS_VOLATILITY_PER_SQRT_SECOND * Math.sqrt(seconds) * z
}

const isPerpetual = (market: SimulatedMarket): boolean => market.instrument.type === 'swap'

/** The state a brand-new market starts from, or one that continues from the ledger's last closes. */
export function startingState(
  time: number,
  assets: readonly SimulatedAsset[],
  markets: readonly SimulatedMarket[],
  lastCloses: ReadonlyMap<string, number> = new Map(),
): SimulationState {
  const prices: Record<string, number> = {}
  for (const asset of assets) {
    const spotClose = markets
      .filter((m) => m.base === asset.base && !isPerpetual(m))
      .map((m) => lastCloses.get(m.instrument.symbol))
      .find((close) => close !== undefined)
    prices[asset.base] = spotClose ?? asset.startPrice
  }
  const basis: Record<string, number> = {}
  for (const market of markets.filter(isPerpetual)) {
    const close = lastCloses.get(market.instrument.symbol)
    const underlying = prices[market.base] as number
    basis[market.instrument.symbol] = close === undefined ? BASIS_MEAN : close / underlying - 1
  }
  return { time, prices, basis }
}

interface MarketGrids {
  market: SimulatedMarket
  asset: SimulatedAsset
  price: StepGrid
  amount: StepGrid
}

function gridsFor(markets: readonly SimulatedMarket[], assets: readonly SimulatedAsset[]): MarketGrids[] {
  return markets.map((market) => {
    const asset = assets.find((a) => a.base === market.base)
    if (asset === undefined) throw new Error(`No simulated asset for ${market.instrument.symbol}`)
    return {
      market,
      asset,
      price: stepGrid(market.instrument.tickSize),
      amount: stepGrid(market.instrument.amountStep),
    }
  })
}

function quantizedVolume(grid: StepGrid, size: number): number {
  return grid.fromUnits(Math.max(1, grid.toUnits(size)))
}

/**
 * Closed one-minute candles for every market over [from, to), continuing from `state`.
 * Deterministic in (seed, from, to, state). Returns the state at `to`.
 */
export function simulateHistory(
  assets: readonly SimulatedAsset[],
  markets: readonly SimulatedMarket[],
  seed: number,
  from: number,
  to: number,
  state: SimulationState,
): { candles: Map<string, Candle[]>; state: SimulationState } {
  const rng = new SeededRandom(deriveSeed(seed, 'history', from))
  const grids = gridsFor(markets, assets)
  const prices = { ...state.prices }
  const basis = { ...state.basis }
  const candles = new Map<string, Candle[]>(markets.map((m) => [m.instrument.symbol, []]))
  const seconds = 60 / HISTORY_SUBSTEPS

  for (let time = from; time < to; time += MINUTE) {
    const paths: Record<string, number[]> = {}
    for (const asset of assets) {
      const path = [prices[asset.base] as number]
      for (let i = 0; i < HISTORY_SUBSTEPS; i++) {
        path.push(stepPrice(path[i] as number, asset.annualVolatility, seconds, rng.normal()))
      }
      paths[asset.base] = path
      prices[asset.base] = path[HISTORY_SUBSTEPS] as number
    }
    for (const { market, price, amount } of grids) {
      const symbol = market.instrument.symbol
      const underlying = paths[market.base] as number[]
      let b = basis[symbol] ?? 0
      const points = underlying.map((p, i) => {
        if (isPerpetual(market) && i > 0) b = stepBasis(b, seconds, rng.normal())
        return price.round(p * (1 + b))
      })
      if (isPerpetual(market)) basis[symbol] = b
      const activity = Math.exp(0.35 * rng.normal() - 0.06)
      candles.get(symbol)?.push({
        time,
        open: points[0] as number,
        high: Math.max(...points),
        low: Math.min(...points),
        close: points[HISTORY_SUBSTEPS] as number,
        volume: quantizedVolume(amount, market.meanTradeSize * market.ticksPerSecond * 60 * activity),
      })
    }
  }
  return { candles, state: { time: to, prices, basis } }
}

/**
 * The live simulated market: Poisson tick arrivals per market, prices moving between
 * arrivals. One generator is consumed in global event order (time, then market), so the
 * ticks are the same however finely `advanceTo` is called: a pure function of the seed
 * and the starting state.
 */
export class LiveSimulator {
  private readonly rng: SeededRandom
  private readonly grids: MarketGrids[]
  private readonly nextEventAt: number[]
  private readonly prices: Record<string, number>
  private readonly pricedAt: Record<string, number>
  private readonly basis: Record<string, number>
  private readonly basisAt: Record<string, number>

  constructor(assets: readonly SimulatedAsset[], markets: readonly SimulatedMarket[], seed: number, state: SimulationState) {
    this.rng = new SeededRandom(deriveSeed(seed, 'live', state.time))
    this.grids = gridsFor(markets, assets)
    this.prices = { ...state.prices }
    this.basis = { ...state.basis }
    this.pricedAt = Object.fromEntries(assets.map((a) => [a.base, state.time]))
    this.basisAt = Object.fromEntries(Object.keys(state.basis).map((symbol) => [symbol, state.time]))
    this.nextEventAt = this.grids.map(({ market }) => state.time + this.rng.exponential(1000 / market.ticksPerSecond))
  }

  /** All ticks with times up to and including `time`, in time order. */
  advanceTo(time: number): Tick[] {
    const ticks: Tick[] = []
    for (;;) {
      let index = 0
      for (let i = 1; i < this.nextEventAt.length; i++) {
        if ((this.nextEventAt[i] as number) < (this.nextEventAt[index] as number)) index = i
      }
      const at = this.nextEventAt[index] as number
      if (at > time) return ticks
      const grids = this.grids[index] as MarketGrids
      ticks.push(this.tick(grids, at))
      this.nextEventAt[index] = at + this.rng.exponential(1000 / grids.market.ticksPerSecond)
    }
  }

  private tick({ market, asset, price, amount }: MarketGrids, at: number): Tick {
    const base = asset.base
    const elapsed = (at - (this.pricedAt[base] as number)) / 1000
    this.prices[base] = stepPrice(this.prices[base] as number, asset.annualVolatility, elapsed, this.rng.normal())
    this.pricedAt[base] = at
    let mid = this.prices[base] as number
    const symbol = market.instrument.symbol
    if (isPerpetual(market)) {
      const sinceBasis = (at - (this.basisAt[symbol] as number)) / 1000
      this.basis[symbol] = stepBasis(this.basis[symbol] as number, sinceBasis, this.rng.normal())
      this.basisAt[symbol] = at
      mid *= 1 + (this.basis[symbol] as number)
    }
    const bidUnits = price.toUnits(mid) - Math.floor(market.spreadTicks / 2)
    const bid = price.fromUnits(bidUnits)
    const ask = price.fromUnits(bidUnits + market.spreadTicks)
    const takerBought = this.rng.uniform() < 0.5
    return {
      symbol,
      ts: Math.floor(at),
      last: takerBought ? ask : bid,
      bid,
      ask,
      volume: quantizedVolume(amount, this.rng.exponential(market.meanTradeSize)),
    }
  }
}
