import { z } from 'zod'
import type { LiveAccountInfo, VenueHealth } from '../domain/live'
import type { Account } from '../domain/trading'
import { LabelSchema, VenueSchema } from './exchanges'
import { AccountIdSchema, AccountNameSchema, NoParams, PositiveDecimalSchema } from './schemas'

const type = <T>(): T => undefined as T
const ForAccount = z.object({ accountId: AccountIdSchema }).strict()

/**
 * Live trading: accounts whose orders an exchange executes. Their orders, positions,
 * balances and kill switch go through the same requests as paper accounts'
 * (orders.place, risk.killSwitch, ...); these are what only live accounts have.
 */
export const liveRequests = {
  'live.accounts': { params: NoParams, result: type<LiveAccountInfo[]>() },
  /** Reads the exchange's balances with the key and opens the account with them; it starts disarmed. */
  'live.createAccount': {
    params: z
      .object({
        name: AccountNameSchema,
        venue: VenueSchema,
        keyLabel: LabelSchema,
        /** No single order may be worth more (quote currency). */
        maxOrderNotional: PositiveDecimalSchema,
        /** New orders are refused once the UTC day's loss reaches it. */
        maxDailyLoss: PositiveDecimalSchema,
      })
      .strict(),
    result: type<Account>(),
  },
  /** Lets the account send orders to the exchange; `confirmName` must repeat the account's name. */
  'live.arm': {
    params: z.object({ accountId: AccountIdSchema, confirmName: z.string().max(60) }).strict(),
    result: type<LiveAccountInfo>(),
  },
  'live.disarm': { params: ForAccount, result: type<LiveAccountInfo>() },
  'live.setLimits': {
    params: z.object({ accountId: AccountIdSchema, maxOrderNotional: PositiveDecimalSchema.optional(), maxDailyLoss: PositiveDecimalSchema.optional() }).strict(),
    result: type<LiveAccountInfo>(),
  },
  /** On: the account's orders go to a paper account (made once, funded like it) on the same live prices. */
  'live.setDryRun': { params: z.object({ accountId: AccountIdSchema, on: z.boolean() }).strict(), result: type<LiveAccountInfo>() },
  /** Settles orders in doubt, books fills missed, reads balances again. */
  'live.reconcile': { params: ForAccount, result: type<LiveAccountInfo>() },
  /** Each exchange's API as the app sees it: paused or not, requests, failures, latency. */
  'live.venues': { params: NoParams, result: type<VenueHealth[]>() },
} as const

export const liveEvents = {
  'live.accountUpdated': type<LiveAccountInfo>(),
  'venue.healthChanged': type<VenueHealth>(),
} as const
