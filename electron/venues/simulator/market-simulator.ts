import type { Candle, Tick } from '../../../shared/domain/market'
import { stepGrid, type StepGrid } from '../../../shared/trading/precision'
import { accrue, type FundingAccrual, nextFundingTime, settle } from './funding'
import type { SimulatedAsset, SimulatedMarket } from './markets'
import { arrivalMultiple, type AssetDynamics, assetDynamics, extraSpreadBp, seasonality, SIMULATOR_MODEL, volatilityMultiple } from './model'
import { type SimulatedBook, simulatedBook } from './order-book'
import { deriveSeed, SeededRandom } from './random'

const MINUTE = 60_000
const DAY = 86_400_000
const STEP = SIMULATOR_MODEL.stepMs
/** Price samples per simulated history minute (for its high and low), one per model step. */
const SAMPLES_PER_MINUTE = MINUTE / STEP
/** How many of the latest jumps a live simulator remembers. */
const JUMP_LOG = 1_000
/** The widest a spread gets, in basis points of the price, however stressed the market. */
const MAX_EXTRA_SPREAD_BP = 100

/**
 * Where the simulated market stands: one price per underlying, one basis per perpetual, and
 * the latent state of the model. The latent fields are optional: absent, they start at their
 * long-run levels (what a start from the ledger's last closes does).
 */
export interface SimulationState {
  time: number
  prices: Record<string, number>
  basis: Record<string, number>
  /**
   * Log-volatility: the market's components (fast to slow, as in SIMULATOR_MODEL), each
   * underlying's own component, and each underlying's post-jump boost.
   */
  volatility?: { market: number[]; assets: Record<string, number>; kicks: Record<string, number> }
  /** Per perpetual: the slowly drifting premium its basis reverts to. */
  premium?: Record<string, number>
  /** Per perpetual: premium accrued towards the first funding settlement after `time`. */
  funding?: Record<string, FundingAccrual>
}

/** A price jump of one underlying (a market-wide jump is recorded once per underlying). */
export interface SimulatedJump {
  time: number
  base: string
  /** Log return of the jump. */
  size: number
  marketWide: boolean
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
  const { premium: premiumModel } = SIMULATOR_MODEL
  const basis: Record<string, number> = {}
  const premium: Record<string, number> = {}
  const funding: Record<string, FundingAccrual> = {}
  for (const market of markets.filter(isPerpetual)) {
    const symbol = market.instrument.symbol
    const close = lastCloses.get(symbol)
    const underlying = prices[market.base] as number
    basis[symbol] = close === undefined ? premiumModel.mean : close / underlying - 1
    premium[symbol] = premiumModel.mean
    funding[symbol] = { weighted: 0, weight: 0 }
  }
  const volatility = {
    market: SIMULATOR_MODEL.volatility.market.map(() => 0),
    assets: Object.fromEntries(assets.map((a) => [a.base, 0])),
    kicks: Object.fromEntries(assets.map((a) => [a.base, 0])),
  }
  return { time, prices, basis, volatility, premium, funding }
}

interface MarketSlot {
  market: SimulatedMarket
  symbol: string
  /** Index of its underlying. */
  asset: number
  /** Index among the perpetuals, or -1 for spot. */
  perp: number
  price: StepGrid
  amount: StepGrid
  tickValue: number
  /** Mean ticks per ms at an average moment. */
  baseRate: number
}

function quantizedVolume(grid: StepGrid, size: number): number {
  return grid.fromUnits(Math.max(1, grid.toUnits(size)))
}

/** Event slots, in the order ties are broken: funding, the model's grid, the jump sources, then per-mode events. */
const FUNDING = 0
const GRID = 1
const FIRST_JUMP = 2

/**
 * The model shared by live ticks and history candles. Every random draw happens inside an
 * event (a model step, a jump, a funding settlement, a tick or a history sample), and events
 * are processed in time order, so the path is a pure function of the seed and the state.
 *
 * Log price of underlying i between events:
 *   d ln S = sigma_i(t) (rho_i dM + sqrt(1 - rho_i^2) dW_i) - sigma_i(t)^2 / 2 dt - compensation dt + jumps,
 * with M a Brownian motion common to all underlyings (the market factor), sigma_i(t) the
 * asset's diffusive volatility times its volatility multiple (stochastic, see model.ts), and
 * compound-Poisson jumps (market-wide and the asset's own).
 */
class SimulationCore {
  readonly slots: MarketSlot[]
  readonly perps: MarketSlot[]
  readonly next: Float64Array
  readonly fundingRates = new Map<string, Map<number, string>>()
  readonly jumps: SimulatedJump[] = []

  private readonly dynamics: AssetDynamics[]
  private readonly complement: Float64Array
  // Volatility.
  private readonly marketLogVol: Float64Array
  private marketLogVolSum = 0
  private readonly ownLogVol: Float64Array
  private readonly kick: Float64Array
  private season: number
  readonly multiple: Float64Array
  // Prices.
  private readonly price: Float64Array
  private readonly pricedAt: Float64Array
  private factor = 0
  private factorAt: number
  private readonly factorMark: Float64Array
  private readonly varianceRate: Float64Array
  private readonly varianceSum: Float64Array
  private readonly varianceAt: Float64Array
  private readonly varianceMark: Float64Array
  private readonly gridLogPrice: Float64Array
  private readonly stress: Float64Array
  private readonly stressAt: Float64Array
  // Perpetuals.
  private readonly basis: Float64Array
  private readonly basisAt: Float64Array
  private readonly premium: Float64Array
  private readonly accruals: FundingAccrual[]
  private readonly accruedAt: Float64Array
  // Precomputed step factors.
  private readonly marketDecay: number[]
  private readonly marketNoise: number[]
  private readonly ownDecay: number
  private readonly ownNoise: number
  private readonly kickDecay: number
  private readonly premiumDecay: number
  private readonly premiumNoise: number
  private readonly basisTimescale: number

  constructor(
    readonly assets: readonly SimulatedAsset[],
    markets: readonly SimulatedMarket[],
    readonly rng: SeededRandom,
    state: SimulationState,
    /** Extra event slots after the model's own (the live markets' arrivals, or the history's sampler). */
    extraEvents: number,
    private readonly onRatesChanged: ((asset: number, time: number) => void) | undefined,
    /** Jumps kept in `jumps` (the oldest are dropped beyond it). */
    private readonly jumpLimit = Infinity,
  ) {
    const n = assets.length
    const perpSymbols = markets.filter(isPerpetual).map((m) => m.instrument.symbol)
    this.slots = markets.map((market) => {
      const asset = assets.findIndex((a) => a.base === market.base)
      if (asset < 0) throw new Error(`No simulated asset for ${market.instrument.symbol}`)
      const price = stepGrid(market.instrument.tickSize)
      return {
        market,
        symbol: market.instrument.symbol,
        asset,
        perp: perpSymbols.indexOf(market.instrument.symbol),
        price,
        amount: stepGrid(market.instrument.amountStep),
        tickValue: price.fromUnits(1),
        baseRate: market.ticksPerSecond / 1000,
      }
    })
    this.perps = this.slots.filter((s) => s.perp >= 0)
    this.dynamics = assets.map(assetDynamics)
    this.complement = Float64Array.from(this.dynamics, (d) => Math.sqrt(1 - d.loading * d.loading))

    const { volatility, premium, jumps, basis: basisModel } = SIMULATOR_MODEL
    const ou = (timescaleMs: number, sd: number): [decay: number, noise: number] => {
      const decay = Math.exp(-STEP / timescaleMs)
      return [decay, sd * Math.sqrt(1 - decay * decay)]
    }
    this.marketDecay = volatility.market.map((c) => ou(c.timescaleMs, c.sd)[0])
    this.marketNoise = volatility.market.map((c) => ou(c.timescaleMs, c.sd)[1])
    ;[this.ownDecay, this.ownNoise] = ou(volatility.idiosyncratic.timescaleMs, volatility.idiosyncratic.sd)
    this.kickDecay = Math.exp(-STEP / jumps.kickTimescaleMs)
    ;[this.premiumDecay, this.premiumNoise] = ou(premium.timescaleMs, premium.sd)
    this.basisTimescale = basisModel.timescaleMs

    const time = state.time
    this.marketLogVol = Float64Array.from(volatility.market, (_, c) => state.volatility?.market[c] ?? 0)
    this.marketLogVolSum = this.marketLogVol.reduce((a, b) => a + b, 0)
    this.ownLogVol = Float64Array.from(assets, (a) => state.volatility?.assets[a.base] ?? 0)
    this.kick = Float64Array.from(assets, (a) => state.volatility?.kicks[a.base] ?? 0)
    this.season = seasonality(time)
    this.multiple = new Float64Array(n)
    this.varianceRate = new Float64Array(n)
    this.varianceSum = new Float64Array(n)
    this.varianceAt = new Float64Array(n).fill(time)
    this.varianceMark = new Float64Array(n)
    for (let i = 0; i < n; i++) this.updateVolatility(i)

    this.price = Float64Array.from(assets, (a) => {
      const price = state.prices[a.base]
      if (price === undefined) throw new Error(`No starting price for ${a.base}`)
      return price
    })
    this.pricedAt = new Float64Array(n).fill(time)
    this.factorAt = time
    this.factorMark = new Float64Array(n)
    this.gridLogPrice = this.price.map(Math.log)
    this.stress = new Float64Array(n)
    this.stressAt = new Float64Array(n).fill(time)

    this.basis = Float64Array.from(this.perps, (s) => state.basis[s.symbol] ?? premium.mean)
    this.basisAt = new Float64Array(this.perps.length).fill(time)
    this.premium = Float64Array.from(this.perps, (s) => state.premium?.[s.symbol] ?? premium.mean)
    this.accruals = this.perps.map((s) => ({ ...(state.funding?.[s.symbol] ?? { weighted: 0, weight: 0 }) }))
    this.accruedAt = new Float64Array(this.perps.length).fill(time)
    for (const s of this.perps) this.fundingRates.set(s.symbol, new Map())

    this.next = new Float64Array(FIRST_JUMP + n + 1 + extraEvents)
    this.next[FUNDING] = this.perps.length > 0 ? nextFundingTime(time) : Infinity
    this.next[GRID] = Math.floor(time / STEP) * STEP + STEP
    for (let source = 0; source <= n; source++) this.next[FIRST_JUMP + source] = time + this.jumpWait(source)
  }

  /** Index of the first per-mode event slot. */
  get firstExtraEvent(): number {
    return FIRST_JUMP + this.assets.length + 1
  }

  /** Handles a model event (funding, grid step or jump) due at `time`. */
  process(slot: number, time: number): void {
    if (slot === GRID) this.step(time)
    else if (slot === FUNDING) this.settleFunding(time)
    else this.jump(slot - FIRST_JUMP, time)
  }

  /** Current post-jump stress of an underlying. */
  stressOf(asset: number, time: number): number {
    const stress = this.stress[asset] as number
    if (stress === 0) return 0
    const age = time - (this.stressAt[asset] as number)
    if (age > 30 * SIMULATOR_MODEL.stress.timescaleMs) {
      this.stress[asset] = 0
      return 0
    }
    return stress * Math.exp(-age / SIMULATOR_MODEL.stress.timescaleMs)
  }

  /** Brings an underlying's price forward to `time` (diffusion only; jumps are events of their own). */
  evolveAsset(i: number, time: number): number {
    const elapsed = time - (this.pricedAt[i] as number)
    if (elapsed <= 0) return this.price[i] as number
    if (time > this.factorAt) {
      this.factor += Math.sqrt(time - this.factorAt) * this.rng.normal()
      this.factorAt = time
    }
    const marketShock = (this.factor - (this.factorMark[i] as number)) / Math.sqrt(elapsed)
    this.factorMark[i] = this.factor
    const cumulative = (this.varianceSum[i] as number) + (this.varianceRate[i] as number) * (time - (this.varianceAt[i] as number))
    const variance = cumulative - (this.varianceMark[i] as number)
    this.varianceMark[i] = cumulative
    const dynamics = this.dynamics[i] as AssetDynamics
    const shock = dynamics.loading * marketShock + (this.complement[i] as number) * this.rng.normal()
    const logReturn = Math.sqrt(variance) * shock - variance / 2 - dynamics.jumpCompensationPerMs * elapsed
    this.pricedAt[i] = time
    return (this.price[i] = (this.price[i] as number) * Math.exp(logReturn))
  }

  /** Brings a perpetual's basis forward to `time`, accruing the premium held until then. */
  evolveBasis(p: number, time: number): number {
    const elapsed = time - (this.basisAt[p] as number)
    const basis = this.basis[p] as number
    if (elapsed <= 0) return basis
    this.accrue(p, time)
    const premium = this.premium[p] as number
    const decay = Math.exp(-elapsed / this.basisTimescale)
    const multiple = this.multiple[(this.perps[p] as MarketSlot).asset] as number
    const noise = SIMULATOR_MODEL.basis.sd * multiple * Math.sqrt(1 - decay * decay)
    this.basisAt[p] = time
    return (this.basis[p] = premium + (basis - premium) * decay + noise * this.rng.normal())
  }

  /** Mid price of a market now (its underlying and, for a perpetual, its basis brought to `time`). */
  mid(slot: MarketSlot, time: number): number {
    const underlying = this.evolveAsset(slot.asset, time)
    return slot.perp < 0 ? underlying : underlying * (1 + this.evolveBasis(slot.perp, time))
  }

  /** The state as it stands; prices and bases as of their last update. */
  snapshot(time: number): SimulationState {
    const prices: Record<string, number> = {}
    const assets: Record<string, number> = {}
    const kicks: Record<string, number> = {}
    this.assets.forEach((a, i) => {
      prices[a.base] = this.price[i] as number
      assets[a.base] = this.ownLogVol[i] as number
      kicks[a.base] = this.kick[i] as number
    })
    const basis: Record<string, number> = {}
    const premium: Record<string, number> = {}
    const funding: Record<string, FundingAccrual> = {}
    this.perps.forEach((s, p) => {
      basis[s.symbol] = this.basis[p] as number
      premium[s.symbol] = this.premium[p] as number
      const accrual = { ...(this.accruals[p] as FundingAccrual) }
      // Carry the premium held since the last update up to `time`.
      accrue(accrual, this.basis[p] as number, this.accruedAt[p] as number, time, this.next[FUNDING] as number)
      funding[s.symbol] = accrual
    })
    return { time, prices, basis, volatility: { market: [...this.marketLogVol], assets, kicks }, premium, funding }
  }

  /** Wait until the next jump of a source (0 = market-wide, 1 + i = underlying i's own). */
  private jumpWait(source: number): number {
    const { marketPerDay, idiosyncraticPerDay } = SIMULATOR_MODEL.jumps
    return this.rng.exponential(DAY / (source === 0 ? marketPerDay : idiosyncraticPerDay))
  }

  /** Integrates an underlying's variance up to `time` at its current rate, before the rate changes. */
  private settleVariance(i: number, time: number): void {
    this.varianceSum[i] = (this.varianceSum[i] as number) + (this.varianceRate[i] as number) * (time - (this.varianceAt[i] as number))
    this.varianceAt[i] = time
  }

  private updateVolatility(i: number): void {
    const logVol = this.marketLogVolSum + (this.ownLogVol[i] as number) + (this.kick[i] as number)
    const multiple = volatilityMultiple(logVol, this.season)
    this.multiple[i] = multiple
    this.varianceRate[i] = (this.dynamics[i] as AssetDynamics).diffusiveVariancePerMs * multiple * multiple
  }

  /** One model step: volatility, premium and (through onRatesChanged) arrival rates move. */
  private step(time: number): void {
    const n = this.assets.length
    for (let i = 0; i < n; i++) this.settleVariance(i, time)
    this.season = seasonality(time)
    let sum = 0
    for (let c = 0; c < this.marketLogVol.length; c++) {
      const value = (this.marketLogVol[c] as number) * (this.marketDecay[c] as number) + (this.marketNoise[c] as number) * this.rng.normal()
      this.marketLogVol[c] = value
      sum += value
    }
    this.marketLogVolSum = sum
    for (let i = 0; i < n; i++) {
      this.ownLogVol[i] = (this.ownLogVol[i] as number) * this.ownDecay + this.ownNoise * this.rng.normal()
      this.kick[i] = (this.kick[i] as number) * this.kickDecay
      this.updateVolatility(i)
    }
    const { mean, returnCoupling } = SIMULATOR_MODEL.premium
    for (let p = 0; p < this.perps.length; p++) {
      const asset = (this.perps[p] as MarketSlot).asset
      const logReturn = Math.log(this.price[asset] as number) - (this.gridLogPrice[asset] as number)
      const premium = mean + ((this.premium[p] as number) - mean) * this.premiumDecay + this.premiumNoise * this.rng.normal() + returnCoupling * logReturn
      this.premium[p] = Math.min(0.02, Math.max(-0.02, premium))
    }
    for (let i = 0; i < n; i++) this.gridLogPrice[i] = Math.log(this.price[i] as number)
    this.next[GRID] = time + STEP
    if (this.onRatesChanged !== undefined) for (let i = 0; i < n; i++) this.onRatesChanged(i, time)
  }

  private jump(source: number, time: number): void {
    const { minSize, meanExcess, maxSize, volKickPerPercent, maxVolKick } = SIMULATOR_MODEL.jumps
    const { perPercent, max } = SIMULATOR_MODEL.stress
    const magnitude = minSize + this.rng.exponential(meanExcess)
    const sign = this.rng.uniform() < 0.5 ? -1 : 1
    const first = source === 0 ? 0 : source - 1
    const last = source === 0 ? this.assets.length - 1 : source - 1
    for (let i = first; i <= last; i++) {
      this.evolveAsset(i, time)
      const size = sign * Math.min(maxSize, magnitude * (this.dynamics[i] as AssetDynamics).jumpScale)
      const percent = Math.abs(size) * 100
      this.price[i] = (this.price[i] as number) * Math.exp(size)
      this.settleVariance(i, time)
      this.kick[i] = Math.min(maxVolKick, (this.kick[i] as number) + volKickPerPercent * percent)
      this.updateVolatility(i)
      this.stress[i] = Math.min(max, this.stressOf(i, time) + perPercent * percent)
      this.stressAt[i] = time
      this.jumps.push({ time, base: (this.assets[i] as SimulatedAsset).base, size, marketWide: source === 0 })
      if (this.jumps.length > 2 * this.jumpLimit) this.jumps.splice(0, this.jumps.length - this.jumpLimit)
      this.onRatesChanged?.(i, time)
    }
    this.next[FIRST_JUMP + source] = time + this.jumpWait(source)
  }

  private accrue(p: number, time: number): void {
    accrue(this.accruals[p] as FundingAccrual, this.basis[p] as number, this.accruedAt[p] as number, time, this.next[FUNDING] as number)
    this.accruedAt[p] = time
  }

  private settleFunding(time: number): void {
    this.perps.forEach((slot, p) => {
      this.accrue(p, time)
      const rate = settle(this.accruals[p] as FundingAccrual)
      if (rate !== undefined) this.fundingRates.get(slot.symbol)?.set(time, rate)
      this.accruals[p] = { weighted: 0, weight: 0 }
    })
    this.next[FUNDING] = time + SIMULATOR_MODEL.funding.intervalMs
  }
}

/** Index of the earliest event (the lowest index among ties). */
function earliest(next: Float64Array): number {
  let index = 0
  let at = next[0] as number
  for (let i = 1; i < next.length; i++) {
    if ((next[i] as number) < at) {
      at = next[i] as number
      index = i
    }
  }
  return index
}

export interface SimulatedHistory {
  candles: Map<string, Candle[]>
  state: SimulationState
  /** Per perpetual: the funding rates settled in (from, to], by settlement time. */
  fundingRates: Map<string, Map<number, string>>
  jumps: SimulatedJump[]
}

/**
 * Closed one-minute candles for every market over [from, to), continuing from `state`, from
 * the same model as the live market (prices sampled every model step for highs and lows).
 * Deterministic in (seed, from, to, state). Returns the state at `to`, and the funding rates
 * and jumps of the period.
 */
export function simulateHistory(
  assets: readonly SimulatedAsset[],
  markets: readonly SimulatedMarket[],
  seed: number,
  from: number,
  to: number,
  state: SimulationState,
): SimulatedHistory {
  const rng = new SeededRandom(deriveSeed(seed, 'history', from))
  const core = new SimulationCore(assets, markets, rng, { ...state, time: from }, 1, undefined)
  const candles = new Map<string, Candle[]>(markets.map((m) => [m.instrument.symbol, []]))
  const series = core.slots.map((s) => candles.get(s.symbol) as Candle[])
  const sampler = core.firstExtraEvent
  const next = core.next
  next[sampler] = from + STEP
  const open = core.slots.map((s) => s.price.round(core.mid(s, from)))
  const high = [...open]
  const low = [...open]
  const trades = core.slots.map(() => 0)
  let minuteStart = from
  let samples = 0

  for (;;) {
    const slot = earliest(next)
    const at = next[slot] as number
    if (at > to) break
    if (slot !== sampler) {
      core.process(slot, at)
      continue
    }
    samples += 1
    core.slots.forEach((s, m) => {
      const point = s.price.round(core.mid(s, at))
      if (point > (high[m] as number)) high[m] = point
      if (point < (low[m] as number)) low[m] = point
      trades[m] = (trades[m] as number) + s.baseRate * STEP * arrivalMultiple(core.multiple[s.asset] as number, core.stressOf(s.asset, at))
    })
    if (samples === SAMPLES_PER_MINUTE) {
      core.slots.forEach((s, m) => {
        const close = s.price.round(core.mid(s, at))
        const activity = Math.exp(0.3 * rng.normal() - 0.045)
        series[m]?.push({
          time: minuteStart,
          open: open[m] as number,
          high: high[m] as number,
          low: low[m] as number,
          close,
          volume: quantizedVolume(s.amount, s.market.meanTradeSize * (trades[m] as number) * activity),
        })
        open[m] = close
        high[m] = close
        low[m] = close
        trades[m] = 0
      })
      minuteStart = at
      samples = 0
    }
    next[sampler] = at + STEP
  }
  return { candles, state: core.snapshot(to), fundingRates: core.fundingRates, jumps: core.jumps }
}

interface LastTick {
  tick: Tick
  multiple: number
  stress: number
}

/**
 * The live simulated market: tick arrivals per market (Poisson, faster in fast markets),
 * prices moving between arrivals under the shared model. One generator is consumed in global
 * event order (time, then event slot), so the ticks are the same however finely `advanceTo`
 * is called: a pure function of the seed and the starting state. Books and funding rates are
 * derived from that same path.
 */
export class LiveSimulator {
  private readonly rng: SeededRandom
  private readonly core: SimulationCore
  private readonly firstMarket: number
  private readonly lastTicks: Array<LastTick | undefined>
  private readonly marketsOf: number[][]
  private readonly bookSeed: number
  private simulatedTo: number

  constructor(assets: readonly SimulatedAsset[], markets: readonly SimulatedMarket[], seed: number, state: SimulationState) {
    this.rng = new SeededRandom(deriveSeed(seed, 'live', state.time))
    this.bookSeed = deriveSeed(seed, 'book')
    this.marketsOf = assets.map((a) => markets.flatMap((m, index) => (m.base === a.base ? [index] : [])))
    this.core = new SimulationCore(
      assets,
      markets,
      this.rng,
      state,
      markets.length,
      (asset, time) => {
        for (const m of this.marketsOf[asset] as number[]) this.scheduleArrival(m, time)
      },
      JUMP_LOG,
    )
    this.firstMarket = this.core.firstExtraEvent
    this.lastTicks = markets.map(() => undefined)
    this.simulatedTo = state.time
    for (let m = 0; m < markets.length; m++) this.scheduleArrival(m, state.time)
  }

  /** The time the market has been simulated up to. */
  get time(): number {
    return this.simulatedTo
  }

  /**
   * All ticks with times up to and including `time`, in time order; at most `maxTicks` of
   * them (the rest follow on the next call, unchanged).
   */
  advanceTo(time: number, maxTicks = Infinity): Tick[] {
    if (time === Infinity && maxTicks === Infinity) throw new RangeError('advanceTo(Infinity) needs a finite maxTicks')
    const ticks: Tick[] = []
    const next = this.core.next
    for (;;) {
      const slot = earliest(next)
      const at = next[slot] as number
      if (at > time) break
      if (slot < this.firstMarket) {
        this.core.process(slot, at)
        continue
      }
      if (ticks.length >= maxTicks) return ticks
      ticks.push(this.tick(slot - this.firstMarket, at))
      this.simulatedTo = Math.max(this.simulatedTo, at)
    }
    this.simulatedTo = Math.max(this.simulatedTo, time)
    return ticks
  }

  /** The book of a market as of its latest tick (undefined before its first tick or for an unknown symbol). */
  book(symbol: string): SimulatedBook | undefined {
    const m = this.core.slots.findIndex((s) => s.symbol === symbol)
    const last = this.lastTicks[m]
    const slot = this.core.slots[m]
    if (last === undefined || slot === undefined) return undefined
    return simulatedBook({
      seed: this.bookSeed,
      market: m,
      tick: last.tick,
      price: slot.price,
      amount: slot.amount,
      meanTradeSize: slot.market.meanTradeSize,
      multiple: last.multiple,
      stress: last.stress,
    })
  }

  /**
   * The funding rate a perpetual settled at `fundingTime` (a multiple of 8 h), once the
   * simulation has passed it; undefined for spot, for times not reached yet and for
   * settlements before the simulation started.
   */
  fundingRate(symbol: string, fundingTime: number): string | undefined {
    return this.core.fundingRates.get(symbol)?.get(fundingTime)
  }

  /** The latest jumps (at most 1000), oldest first. */
  recentJumps(): SimulatedJump[] {
    return this.core.jumps.slice(-JUMP_LOG)
  }

  private scheduleArrival(m: number, time: number): void {
    const slot = this.core.slots[m] as MarketSlot
    const rate = slot.baseRate * arrivalMultiple(this.core.multiple[slot.asset] as number, this.core.stressOf(slot.asset, time))
    this.core.next[this.firstMarket + m] = time + this.rng.exponential(1 / rate)
  }

  private tick(m: number, at: number): Tick {
    const core = this.core
    const slot = core.slots[m] as MarketSlot
    const { market, price, amount } = slot
    const mid = core.mid(slot, at)
    const multiple = core.multiple[slot.asset] as number
    const stress = core.stressOf(slot.asset, at)
    const ticksPerBp = (mid * 1e-4) / slot.tickValue
    const meanExtra = Math.min(MAX_EXTRA_SPREAD_BP, extraSpreadBp(multiple, stress)) * ticksPerBp
    const extra = meanExtra > 1e-3 ? Math.min(Math.floor(this.rng.exponential(meanExtra)), Math.ceil(MAX_EXTRA_SPREAD_BP * ticksPerBp)) : 0
    const spread = market.spreadTicks + extra
    const bidUnits = price.toUnits(mid) - Math.floor(spread / 2)
    const bid = price.fromUnits(bidUnits)
    const ask = price.fromUnits(bidUnits + spread)
    const takerBought = this.rng.uniform() < 0.5
    const tick: Tick = {
      symbol: slot.symbol,
      ts: Math.floor(at),
      last: takerBought ? ask : bid,
      bid,
      ask,
      volume: quantizedVolume(amount, this.rng.exponential(market.meanTradeSize)),
    }
    this.lastTicks[m] = { tick, multiple, stress }
    this.scheduleArrival(m, at)
    return tick
  }
}
