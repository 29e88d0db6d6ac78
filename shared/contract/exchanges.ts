import { z } from 'zod'
import type { HistoryJob } from '../domain/history'
import type { ExchangeKeyInfo, ExchangeVenueInfo } from '../domain/exchanges'
import { EXCHANGE_VENUES, IMPORT_VENUES } from '../domain/exchanges'
import { AccountNameSchema, EpochMsSchema, SymbolSchema } from './schemas'

const type = <T>(): T => undefined as T

export const VenueSchema = z.enum(EXCHANGE_VENUES, { error: `Exchange must be one of ${EXCHANGE_VENUES.join(', ')}` })
const ImportVenueSchema = z.enum(IMPORT_VENUES, { error: `Fills can be imported from ${IMPORT_VENUES.join(', ')} so far` })
export const LabelSchema = z
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
/** The passphrase a trader chose when creating the key (OKX, KuCoin): printable, kept exactly as typed. */
const PassphraseSchema = z
  .string()
  .min(1, { error: 'Enter the key’s passphrase' })
  .max(128, { error: 'Passphrases are at most 128 characters' })
  .regex(/^[\x20-\x7e]+$/, { error: 'Passphrases use printable characters only' })
const KeyRef = z.object({ venue: VenueSchema, label: LabelSchema }).strict()

export const exchangeRequests = {
  /** The exchanges the app can connect to, and what each asks for (passphrase, testnet). */
  'exchanges.venues': { params: z.object({}).strict(), result: type<ExchangeVenueInfo[]>() },
  'exchanges.keys': { params: z.object({}).strict(), result: type<ExchangeKeyInfo[]>() },
  /**
   * Checks an API key with a signed read-only call, then stores it in the OS keychain
   * (replacing one of the same name). A key the exchange refuses is not stored.
   */
  'exchanges.setKey': {
    params: z
      .object({
        venue: VenueSchema,
        label: LabelSchema,
        apiKey: KeyPartSchema,
        secret: KeyPartSchema,
        passphrase: PassphraseSchema.optional(),
        /** The exchange's testnet or demo environment instead of the real one. */
        testnet: z.boolean().optional(),
      })
      .strict(),
    result: type<ExchangeKeyInfo>(),
  },
  /** Checks a stored key again; the outcome (passed or refused, and why) is kept with the key. */
  'exchanges.testKey': { params: KeyRef, result: type<ExchangeKeyInfo>() },
  'exchanges.deleteKey': { params: KeyRef, result: type<{ deleted: boolean }>() },
  /** Reads an exchange account's fills through ccxt (fetchMyTrades) into a review-only account, as a job. */
  'history.importExchange': {
    params: z
      .object({
        venue: ImportVenueSchema,
        label: LabelSchema,
        accountName: AccountNameSchema,
        symbols: z.array(SymbolSchema).min(1, { error: 'Choose at least one market' }).max(50),
        since: EpochMsSchema,
      })
      .strict(),
    result: type<HistoryJob>(),
  },
} as const
