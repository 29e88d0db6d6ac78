import { AppError } from '../../../shared/contract'
import type { FillModel, OrderSide } from '../../../shared/domain/trading'
import { atoms, divRound, formatAtoms, mul, type Atoms } from '../../../shared/trading/money'

export const DEFAULT_FILL_MODEL: FillModel = {
  queue: 'trade-through',
  syntheticSpread: '0.0005',
  // 25,000 of the quote currency per 0.01 % of price: a 1,000,000 order walks 40 levels and
  // fills about 0.2 % worse on average, conservative for liquid perpetuals, as a sandbox should be.
  slippage: { levelStep: '0.0001', depthPerLevel: '25000' },
}

/** Levels of a synthetic book; an order larger than them all fills its rest at the last one. */
const SYNTHETIC_LEVELS = 50

const LIMITS = { syntheticSpread: atoms('0.05'), levelStep: atoms('0.01') }

/** The fill model as the engine computes with it. */
export interface FillModelState {
  queue: FillModel['queue']
  syntheticSpread: Atoms
  levelStep: Atoms
  depthPerLevel: Atoms
}

/** Applies a change to a model, refusing rates no market would show. */
export function changeFillModel(model: FillModel, change: Partial<FillModel>): FillModel {
  const next: FillModel = { ...model, ...change, slippage: { ...model.slippage, ...change.slippage } }
  if (atoms(next.syntheticSpread) > LIMITS.syntheticSpread) {
    throw new AppError('INVALID_PARAMS', `The synthetic spread must be at most 5 % (0.05), got ${next.syntheticSpread}.`)
  }
  if (atoms(next.slippage.levelStep) > LIMITS.levelStep) {
    throw new AppError('INVALID_PARAMS', `The slippage level step must be at most 1 % (0.01) of the price, got ${next.slippage.levelStep}.`)
  }
  return next
}

export function fillModelState(model: FillModel): FillModelState {
  return {
    queue: model.queue,
    syntheticSpread: atoms(model.syntheticSpread),
    levelStep: atoms(model.slippage.levelStep),
    depthPerLevel: atoms(model.slippage.depthPerLevel),
  }
}

export const fillModelOf = (state: FillModelState): FillModel => ({
  queue: state.queue,
  syntheticSpread: formatAtoms(state.syntheticSpread),
  slippage: { levelStep: formatAtoms(state.levelStep), depthPerLevel: formatAtoms(state.depthPerLevel) },
})

/**
 * The book a taker `side` order meets where the source has none: from the best price, a
 * level every `levelStep` of it (rounded away from the trader onto the tick), each holding
 * `depthPerLevel` of the quote currency (on the amount step, at least one step); the last
 * level takes whatever is left. Levels are made as the order walks them: most orders stop
 * at the first.
 */
export function* syntheticLevels(
  side: OrderSide,
  best: Atoms,
  model: FillModelState,
  grid: { tick: Atoms; step: Atoms },
): Generator<[Atoms, Atoms | undefined]> {
  const priceAt = (i: bigint): Atoms => {
    const offset = divRound(mul(best, model.levelStep * i, 'up'), grid.tick, 'up') * grid.tick
    return side === 'buy' ? best + offset : best - offset
  }
  const levels = BigInt(SYNTHETIC_LEVELS)
  let price = priceAt(0n)
  if (price <= 0n) return
  for (let i = 1n; ; i++) {
    const next = i < levels ? priceAt(i) : 0n
    if (next <= 0n) {
      yield [price, undefined]
      return
    }
    const amount = divRound(divRound(model.depthPerLevel * 10n ** 8n, price, 'down'), grid.step, 'down') * grid.step
    yield [price, amount > grid.step ? amount : grid.step]
    price = next
  }
}
