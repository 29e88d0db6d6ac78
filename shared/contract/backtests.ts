import { z } from 'zod'
import type { BacktestReport, BacktestRun } from '../domain/backtests'
import { EXCHANGE_VENUES } from '../domain/exchanges'
import { BACKTEST_STRATEGY_IDS, gridCombinations, MAX_SWEEP, paramsProblems } from '../domain/strategies'
import { EpochMsSchema, NoParams, PositiveDecimalSchema, SymbolSchema, TimeframeSchema } from './schemas'
import { StrategyChoiceSchema } from './strategies'

const type = <T>(): T => undefined as T

const RunIdSchema = z.number().int().positive().max(2 ** 31)

const DataSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('history') }).strict(),
    z
      .object({
        kind: z.literal('csv'),
        file: z
          .string()
          .trim()
          .min(1, { error: 'Give the path of a candle CSV file' })
          .max(4096)
          .regex(/\.csv$/i, { error: 'Candle files are .csv files' }),
      })
      .strict(),
    z
      .object({
        kind: z.literal('exchange'),
        venue: z.enum(EXCHANGE_VENUES, { error: `Exchange must be one of ${EXCHANGE_VENUES.join(', ')}` }),
        from: EpochMsSchema,
        to: EpochMsSchema,
      })
      .strict()
      .refine((data) => data.to > data.from, { error: 'The end date must come after the start date', path: ['to'] }),
  ],
  { error: 'Data must be the app’s history, a CSV file or an exchange' },
)

/** A run's set-up apart from its strategy: what every run of a sweep shares. */
const RUN_FIELDS = {
  name: z.string().trim().max(60, { error: 'Run names are at most 60 characters' }).regex(/^[^\p{C}]*$/u).optional(),
  symbol: SymbolSchema,
  timeframe: TimeframeSchema,
  data: DataSchema,
  startingBalance: PositiveDecimalSchema,
  /** Of equity, per entry: "0.5" = 50 %. */
  positionSize: PositiveDecimalSchema.refine((value) => Number(value) <= 1, { error: 'Position size is a fraction of equity, at most 1 (100 %)' }),
}

const SweepSchema = z
  .object({
    strategy: z.enum(BACKTEST_STRATEGY_IDS, { error: `Strategy must be one of ${BACKTEST_STRATEGY_IDS.join(', ')}` }),
    /** The parameters every run shares (missing ones take their defaults). */
    params: z.record(z.string(), z.unknown()),
    /** The values each swept parameter takes. */
    grid: z.record(z.string(), z.array(z.union([z.number(), z.string(), z.boolean()])).min(1, { error: 'Give at least one value' }).max(20, { error: 'At most 20 values per parameter' })),
    ...RUN_FIELDS,
  })
  .strict()
  .superRefine((sweep, ctx) => {
    const combos = gridCombinations(sweep.grid)
    if (combos.length > MAX_SWEEP) {
      ctx.addIssue({ code: 'custom', path: ['grid'], message: `That is ${combos.length} combinations; a sweep runs at most ${MAX_SWEEP}.` })
      return
    }
    for (const combo of combos) {
      const problems = Object.entries(paramsProblems(sweep.strategy, { ...sweep.params, ...combo }))
      const [field, message] = problems[0] ?? []
      if (field === undefined) continue
      const where = Object.keys(combo).includes(field) ? ['grid', field] : ['params', field]
      ctx.addIssue({ code: 'custom', path: where, message: `${message} (with ${Object.entries(combo).map(([k, v]) => `${k} ${String(v)}`).join(', ')})` })
      return
    }
  })

export const backtestRequests = {
  /**
   * Runs a strategy over recorded candles through the paper engine, in a ledger of its own;
   * returns at once with the run, which reports its progress (backtest.updated).
   */
  'backtests.start': {
    params: z
      .object({
        choice: StrategyChoiceSchema.refine((choice) => BACKTEST_STRATEGY_IDS.includes(choice.strategy), {
          error: 'AI decision runs in bots only: a backtest would send every candle to your paid models',
        }),
        ...RUN_FIELDS,
      })
      .strict(),
    result: type<BacktestRun>(),
  },
  /**
   * A parameter sweep: one run per combination of the grid's values, spread over worker
   * threads; returns the runs at once, which report their progress. Canceling one cancels all.
   */
  'backtests.sweep': { params: SweepSchema, result: type<BacktestRun[]>() },
  'backtests.cancel': { params: z.object({ id: RunIdSchema }).strict(), result: type<BacktestRun>() },
  /** Every run, newest first. */
  'backtests.list': { params: NoParams, result: type<BacktestRun[]>() },
  'backtests.report': { params: z.object({ id: RunIdSchema }).strict(), result: type<BacktestReport>() },
  /** Forgets a finished run and deletes its ledger. */
  'backtests.delete': { params: z.object({ id: RunIdSchema }).strict(), result: type<{ deleted: boolean }>() },
} as const

export const backtestEvents = {
  /** A run started, advanced, finished, failed or was canceled. */
  'backtest.updated': type<BacktestRun>(),
} as const
