import { z } from 'zod'
import type { Alert, AlertDelivery, AlertDeliverySettings, AlertFired } from '../domain/alerts'
import { AccountIdSchema, NoParams, PositiveDecimalSchema, SymbolSchema } from './schemas'

const type = <T>(): T => undefined as T

const AlertIdSchema = z.number().int().positive().max(2 ** 31)
const PercentSchema = z
  .string()
  .regex(/^\d{1,3}(\.\d{1,4})?$/, { error: 'A percentage such as 5 or 2.5' })
  .refine((value) => Number(value) > 0 && Number(value) <= 100, { error: 'A percentage above 0 and at most 100' })

const ConditionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('price_above'), symbol: SymbolSchema, price: PositiveDecimalSchema }).strict(),
  z.object({ kind: z.literal('price_below'), symbol: SymbolSchema, price: PositiveDecimalSchema }).strict(),
  z
    .object({
      kind: z.literal('percent_move'),
      symbol: SymbolSchema,
      percent: PercentSchema,
      minutes: z.number().int().min(1, { error: 'From 1 to 1,440 minutes' }).max(1440, { error: 'From 1 to 1,440 minutes' }),
    })
    .strict(),
  z.object({ kind: z.literal('drawdown'), accountId: AccountIdSchema, percent: PercentSchema }).strict(),
  z.object({ kind: z.literal('margin_usage'), accountId: AccountIdSchema, percent: PercentSchema }).strict(),
  z.object({ kind: z.literal('liquidation_distance'), accountId: AccountIdSchema, percent: PercentSchema }).strict(),
])

/** Telegram bot tokens look like 123456789:AA… (digits, a colon, 30+ URL-safe characters). */
const TelegramTokenSchema = z.string().regex(/^\d{5,15}:[A-Za-z0-9_-]{30,60}$/, { error: 'A Telegram bot token looks like 123456789:AAE…, as @BotFather gives it' })
/** A chat's numeric id (negative for groups) or a public channel's @name. */
const ChatIdSchema = z.string().regex(/^(-?\d{1,20}|@[A-Za-z][A-Za-z0-9_]{4,31})$/, { error: 'A chat id such as 123456789, -100123456789 or @mychannel' })
const WebhookUrlSchema = z
  .url({ protocol: /^https?$/, error: 'A web address starting with https:// (or http://)' })
  .max(2_000)

export const alertRequests = {
  'alerts.list': { params: NoParams, result: type<Alert[]>() },
  /** Starts watching at once; the app's notification always, Telegram and the webhook if asked. */
  'alerts.create': {
    params: z
      .object({
        condition: ConditionSchema,
        telegram: z.boolean().optional(),
        webhook: z.boolean().optional(),
        repeat: z.enum(['once', 'rearm']).optional(),
      })
      .strict(),
    result: type<Alert>(),
  },
  /** Pauses an alert, or sets it watching again (a triggered one is re-armed). */
  'alerts.setActive': { params: z.object({ id: AlertIdSchema, active: z.boolean() }).strict(), result: type<Alert>() },
  'alerts.delete': { params: z.object({ id: AlertIdSchema }).strict(), result: type<{ deleted: boolean }>() },
  /** Deliveries, newest first: every try to reach Telegram or the webhook, with its outcome. */
  'alerts.deliveries': { params: z.object({ alertId: AlertIdSchema.optional(), limit: z.number().int().min(1).max(1000).optional() }).strict(), result: type<AlertDelivery[]>() },
  'alerts.deliverySettings': { params: NoParams, result: type<AlertDeliverySettings>() },
  /** Sets the Telegram bot (its token goes to the OS keychain) and chat; null removes them. */
  'alerts.setTelegram': {
    params: z.union([z.object({ botToken: TelegramTokenSchema, chatId: ChatIdSchema }).strict(), z.null()]),
    result: type<AlertDeliverySettings>(),
  },
  'alerts.setWebhook': { params: z.object({ url: WebhookUrlSchema.nullable() }).strict(), result: type<AlertDeliverySettings>() },
  /** Sends a test message to a channel now and answers whether it arrived. */
  'alerts.test': { params: z.object({ channel: z.enum(['telegram', 'webhook']) }).strict(), result: type<{ delivered: boolean; error?: string }>() },
} as const

export const alertEvents = {
  /** An alert's condition was met. */
  'alert.fired': type<AlertFired>(),
  /** An alert was created, changed state or was deleted. */
  'alerts.changed': type<{ id: number }>(),
  /** A delivery was sent, is being retried, or failed. */
  'alert.deliveryChanged': type<AlertDelivery>(),
} as const
