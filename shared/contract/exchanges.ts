import { z } from 'zod'
import type { HistoryJob } from '../domain/history'
import { AccountNameSchema, EpochMsSchema, SymbolSchema } from './schemas'

const type = <T>(): T => undefined as T

/** The exchanges whose account history the app can read through ccxt so far. */
export const EXCHANGE_VENUES = ['binance'] as const

const VenueSchema = z.enum(EXCHANGE_VENUES, { error: `Exchange must be one of ${EXCHANGE_VENUES.join(', ')}` })
const LabelSchema = z
  .string()
  .trim()
  .min(1, { error: 'Name the key, e.g. "main"' })
  .max(40, { error: 'Key names are at most 40 characters' })
  .regex(/^[A-Za-z0-9 ._-]+$/, { error: 'Key names use letters, digits, spaces and . _ - only' })
const KeyPartSchema = z
  .string()
  .min(8, { error: 'That is too short to be an API key or secret' })
  .max(256)
  .regex(/^[\x21-\x7e]+$/, { error: 'API keys and secrets have no spaces or special characters' })

/** A stored key as the screen may see it: never the secret, only a hint of the public key. */
export interface ExchangeKeyInfo {
  venue: (typeof EXCHANGE_VENUES)[number]
  label: string
  /** The API key's first and last four characters, e.g. "vmPU…A4Xs". */
  apiKeyHint: string
}

export const exchangeRequests = {
  'exchanges.keys': { params: z.object({}).strict(), result: type<ExchangeKeyInfo[]>() },
  /** Stores an exchange API key in the OS keychain (replacing one of the same name). */
  'exchanges.setKey': {
    params: z.object({ venue: VenueSchema, label: LabelSchema, apiKey: KeyPartSchema, secret: KeyPartSchema }).strict(),
    result: type<ExchangeKeyInfo>(),
  },
  'exchanges.deleteKey': { params: z.object({ venue: VenueSchema, label: LabelSchema }).strict(), result: type<{ deleted: boolean }>() },
  /** Reads an exchange account's fills through ccxt (fetchMyTrades) into a review-only account, as a job. */
  'history.importExchange': {
    params: z
      .object({
        venue: VenueSchema,
        label: LabelSchema,
        accountName: AccountNameSchema,
        symbols: z.array(SymbolSchema).min(1, { error: 'Choose at least one market' }).max(50),
        since: EpochMsSchema,
      })
      .strict(),
    result: type<HistoryJob>(),
  },
} as const
