import { z } from 'zod'
import type { Bot, BotLogEntry, BotView } from '../domain/bots'
import type { IntentDecision } from '../domain/trading'
import { AccountIdSchema, NoParams, PositiveDecimalSchema, SymbolSchema, TimeframeSchema } from './schemas'
import { StrategyChoiceSchema } from './strategies'

const type = <T>(): T => undefined as T

const BotRef = z.object({ id: z.number().int().positive().max(2 ** 31) }).strict()

export const botRequests = {
  /** Every bot with its account's equity, P&L and position in its market. */
  'bots.list': { params: NoParams, result: type<BotView[]>() },
  /** A bot trading `symbol` on `timeframe` candles on an account; created stopped (bots.start runs it). */
  'bots.create': {
    params: z
      .object({
        name: z.string().trim().max(60, { error: 'Bot names are at most 60 characters' }).regex(/^[^\p{C}]*$/u).optional(),
        choice: StrategyChoiceSchema,
        symbol: SymbolSchema,
        timeframe: TimeframeSchema,
        accountId: AccountIdSchema,
        /** The bot's own circuit breaker (the account's limits apply as well). */
        risk: z
          .object({
            maxDailyLoss: PositiveDecimalSchema.optional(),
            maxConsecutiveLosses: z.number().int().min(1, { error: 'From 1 to 100 losing trades' }).max(100, { error: 'From 1 to 100 losing trades' }).optional(),
          })
          .strict()
          .optional(),
      })
      .strict(),
    result: type<Bot>(),
  },
  /** Runs a stopped, faulted or paused bot (a stopped one is warmed up on the candle history first). */
  'bots.start': { params: BotRef, result: type<Bot>() },
  /** Keeps watching but stops trading; bots.start resumes it. */
  'bots.pause': { params: BotRef, result: type<Bot>() },
  /** Stops deciding; its positions and orders stay as they are. */
  'bots.stop': { params: BotRef, result: type<Bot>() },
  /** The same set-up as a new, stopped bot. */
  'bots.duplicate': { params: BotRef, result: type<Bot>() },
  'bots.delete': { params: BotRef, result: type<{ deleted: boolean }>() },
  /** What happened to the bot (created, started, paused, stopped and why), newest first. */
  'bots.log': { params: BotRef.extend({ limit: z.number().int().min(1).max(1000).optional() }).strict(), result: type<BotLogEntry[]>() },
  /** What the bot decided and why, newest first. */
  'bots.decisions': { params: BotRef.extend({ limit: z.number().int().min(1).max(1000).optional() }).strict(), result: type<IntentDecision[]>() },
} as const

export const botEvents = {
  /** A bot was created or its status changed (with why, when it stopped or faulted). */
  'bot.updated': type<Bot>(),
  'bot.deleted': type<{ id: number }>(),
} as const
