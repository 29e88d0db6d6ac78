import { AppError } from '../../shared/contract'
import type { StrategyChoice } from '../../shared/contract/strategies'
import { Breakout } from './breakout'
import { EmaCrossover } from './ema-crossover'
import { RsiReversion } from './rsi-reversion'
import type { Strategy } from './strategy'

/** A fresh strategy of the chosen kind with validated parameters. */
export function createStrategy(choice: StrategyChoice): Strategy {
  switch (choice.strategy) {
    case 'ema-crossover':
      return new EmaCrossover(choice.params)
    case 'rsi-reversion':
      return new RsiReversion(choice.params)
    case 'breakout':
      return new Breakout(choice.params)
    case 'ai-decision':
      // It asks models over the network, so it decides asynchronously: bots run it as an AiBot.
      throw new AppError('REJECTED', 'AI decision runs in bots only.')
  }
}
