import { describe, expect, it } from 'vitest'
import type { BacktestRun } from '../../../shared/domain/backtests'
import { mergeRun } from '../../../renderer/src/store/backtest-slice'

const run = (status: BacktestRun['status'], progress?: number): BacktestRun => ({
  id: 1,
  name: 'EMA',
  strategy: 'ema-crossover',
  params: {},
  symbol: 'BTC/USDT',
  timeframe: '1h',
  data: 'file',
  startingBalance: '10000',
  positionSize: '0.5',
  status,
  createdAt: 0,
  ...(progress === undefined ? {} : { progress }),
})

describe('a backtest run reported twice', () => {
  it('never goes back to running once it ended, nor back in progress while it runs', () => {
    expect(mergeRun(run('done'), run('running', 0.9))).toEqual(run('done'))
    expect(mergeRun(run('running', 0.5), run('running', 0.2))).toEqual(run('running', 0.5))
    expect(mergeRun(run('running', 0.5), run('running', 0.7))).toEqual(run('running', 0.7))
    expect(mergeRun(run('running', 0.5), run('canceled'))).toEqual(run('canceled'))
    expect(mergeRun(undefined, run('running', 0))).toEqual(run('running', 0))
  })
})
