import { z } from 'zod'
import type { BacktestReport, BacktestRun } from '../domain/backtests'
import { EXCHANGE_VENUES } from '../domain/exchanges'
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

export const backtestRequests = {
  /**
   * Runs a strategy over recorded candles through the paper engine, in a ledger of its own;
   * returns at once with the run, which reports its progress (backtest.updated).
   */
  'backtests.start': {
    params: z
      .object({
        name: z.string().trim().max(60, { error: 'Run names are at most 60 characters' }).regex(/^[^\p{C}]*$/u).optional(),
        choice: StrategyChoiceSchema,
        symbol: SymbolSchema,
        timeframe: TimeframeSchema,
        data: DataSchema,
        startingBalance: PositiveDecimalSchema,
        /** Of equity, per entry: "0.5" = 50 %. */
        positionSize: PositiveDecimalSchema.refine((value) => Number(value) <= 1, { error: 'Position size is a fraction of equity, at most 1 (100 %)' }),
      })
      .strict(),
    result: type<BacktestRun>(),
  },
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
