import { z } from 'zod'
import { defaultParams, paramsProblems, STRATEGY_IDS, type StrategyId, type StrategyParams } from '../domain/strategies'

/**
 * A strategy's parameters: a missing field takes its default; every problem names its
 * field (see paramsProblems, which the form uses too).
 */
export function strategyParamsSchema<S extends StrategyId>(id: S): z.ZodType<StrategyParams<S>> {
  return z
    .record(z.string(), z.unknown(), { error: 'Parameters must be an object of named values' })
    .superRefine((values, ctx) => {
      for (const [field, message] of Object.entries(paramsProblems(id, values))) ctx.addIssue({ code: 'custom', path: [field], message })
    })
    .transform((values) => ({ ...defaultParams(id), ...values }) as StrategyParams<S>) as unknown as z.ZodType<StrategyParams<S>>
}

/** A strategy and its parameters, as a bot or a backtest is given them. */
export type StrategyChoice = { [S in StrategyId]: { strategy: S; params: StrategyParams<S> } }[StrategyId]

export const StrategyChoiceSchema = z.discriminatedUnion(
  'strategy',
  STRATEGY_IDS.map((id) => z.object({ strategy: z.literal(id), params: strategyParamsSchema(id) }).strict()) as unknown as [
    z.ZodObject<{ strategy: z.ZodLiteral<StrategyId>; params: z.ZodType }>,
  ],
  { error: `Strategy must be one of ${STRATEGY_IDS.join(', ')}` },
) as unknown as z.ZodType<StrategyChoice>
