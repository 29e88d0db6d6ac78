import { describe, expect, it } from 'vitest'
import { StrategyChoiceSchema, strategyParamsSchema } from '../../../shared/contract/strategies'
import { defaultParams, STRATEGY_IDS, STRATEGY_SPECS } from '../../../shared/domain/strategies'

/** The field each problem names and its message, as a form would show them. */
function problems(result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }): Record<string, string> {
  expect(result.success).toBe(false)
  return Object.fromEntries((result.error?.issues ?? []).map((issue) => [issue.path.join('.'), issue.message]))
}

describe('strategy parameters', () => {
  it('fill what is left out with the defaults the form shows', () => {
    for (const id of STRATEGY_IDS) expect(strategyParamsSchema(id).parse({})).toEqual(defaultParams(id))
    expect(strategyParamsSchema('ema-crossover').parse({ fast: 5 })).toMatchObject({ fast: 5, slow: 26, stop: 'none' })
  })

  it('are refused field by field, each in words naming the field and its range', () => {
    const refused = problems(strategyParamsSchema('ema-crossover').safeParse({ fast: 2.5, slow: Number.NaN, stopPercent: -1, atrPeriod: Infinity, stop: 'sometimes', allowShort: 'yes' }))
    expect(refused).toEqual({
      fast: 'Fast EMA must be a whole number between 2 and 500',
      slow: 'Slow EMA must be a number between 3 and 1000',
      stopPercent: 'Stop distance (%) must be between 0.05 and 50',
      atrPeriod: 'ATR period must be a number between 2 and 200',
      stop: 'Stop-loss must be one of: none, percent, atr, trailing-percent',
      allowShort: 'Also trade short: choose yes or no',
    })
    expect(problems(strategyParamsSchema('ema-crossover').safeParse({ fast: 1e9 }))).toEqual({ fast: 'Fast EMA must be between 2 and 500' })
    expect(problems(strategyParamsSchema('rsi-reversion').safeParse({ period: '14' }))).toEqual({ period: 'RSI period must be a number between 2 and 200' })
  })

  it('are checked across fields, blaming the field to change', () => {
    expect(problems(strategyParamsSchema('ema-crossover').safeParse({ fast: 30, slow: 20 }))).toEqual({ fast: 'The fast EMA must be shorter than the slow one' })
    expect(problems(strategyParamsSchema('rsi-reversion').safeParse({ oversold: 30, exitLevel: 25 }))).toEqual({
      exitLevel: 'The exit level must lie between the oversold and overbought levels',
    })
  })

  it('refuse unknown fields and unknown strategies', () => {
    expect(problems(strategyParamsSchema('ema-crossover').safeParse({ fast: 5, leverage: 100 }))).toEqual({ leverage: 'leverage is not a parameter of EMA crossover' })
    expect(StrategyChoiceSchema.safeParse({ strategy: 'martingale', params: {} }).success).toBe(false)
    expect(StrategyChoiceSchema.parse({ strategy: 'rsi-reversion', params: { period: 7 } })).toEqual({ strategy: 'rsi-reversion', params: { ...defaultParams('rsi-reversion'), period: 7 } })
  })

  it('have a label and a default inside their range for every field', () => {
    for (const id of STRATEGY_IDS) {
      for (const spec of Object.values(STRATEGY_SPECS[id].params)) {
        expect(spec.label.length).toBeGreaterThan(0)
        if (spec.kind === 'integer' || spec.kind === 'number') expect(spec.default >= spec.min && spec.default <= spec.max).toBe(true)
      }
    }
  })
})
