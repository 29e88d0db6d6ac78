import { z } from 'zod'
import { STRATEGY_IDS, STRATEGY_SPECS, type ParamSpec, type StrategyId, type StrategyParams } from '../domain/strategies'

function fieldSchema(spec: ParamSpec): z.ZodType {
  switch (spec.kind) {
    case 'boolean':
      return z.boolean({ error: `${spec.label}: choose yes or no` }).default(spec.default)
    case 'choice':
      return z.enum(spec.options as [string, ...string[]], { error: `${spec.label} must be one of: ${spec.options.join(', ')}` }).default(spec.default)
    default: {
      const range = `between ${spec.min} and ${spec.max}`
      const number = z.number({ error: `${spec.label} must be a number ${range}` }).refine(Number.isFinite, { error: `${spec.label} must be a number ${range}`, abort: true })
      const whole = spec.kind === 'integer' ? number.refine(Number.isInteger, { error: `${spec.label} must be a whole number ${range}`, abort: true }) : number
      return whole
        .refine((value) => value >= spec.min && value <= spec.max, { error: `${spec.label} must be ${range}`, abort: true })
        .default(spec.default)
    }
  }
}

/**
 * A strategy's parameters: each field checked on its own (a missing one takes its default),
 * then across fields, so every error names the field a form should mark.
 */
export function strategyParamsSchema<S extends StrategyId>(id: S): z.ZodType<StrategyParams<S>> {
  const spec = STRATEGY_SPECS[id]
  const fields = Object.fromEntries(Object.entries(spec.params as Readonly<Record<string, ParamSpec>>).map(([key, param]) => [key, fieldSchema(param)]))
  return z
    .object(fields)
    .strict()
    .superRefine((params, ctx) => {
      const problem = spec.check(params)
      if (problem !== undefined) ctx.addIssue({ code: 'custom', path: [problem.field], message: problem.message })
    }) as unknown as z.ZodType<StrategyParams<S>>
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
