import { z } from 'zod'
import type {
  HistoryFill,
  HistoryJob,
  HistoryOrder,
  HistoryPage,
  RoundTrip,
  RoundTripDetail,
  TradeAnalytics,
} from '../domain/history'
import { AccountIdSchema, AccountNameSchema, EpochMsSchema, NoParams, PositiveDecimalSchema, SymbolSchema } from './schemas'

const type = <T>(): T => undefined as T

const TagSchema = z
  .string()
  .trim()
  .min(1, { error: 'A tag cannot be empty' })
  .max(40, { error: 'Tags are at most 40 characters' })
  .regex(/^[^\p{C},]+$/u, { error: 'Tags cannot contain commas or control characters' })

const VenueSchema = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[a-z0-9_-]+$/, { error: 'A venue is a lower-case exchange id such as binance' })

export const HistoryFilterSchema = z
  .object({
    accountIds: z.array(AccountIdSchema).max(500).optional(),
    venues: z.array(VenueSchema).max(50).optional(),
    symbols: z.array(SymbolSchema).max(500).optional(),
    side: z.enum(['long', 'short']).optional(),
    sources: z.array(z.enum(['paper', 'live', 'imported'])).max(3).optional(),
    from: EpochMsSchema.optional(),
    to: EpochMsSchema.optional(),
    outcome: z.enum(['win', 'loss', 'open']).optional(),
    tag: TagSchema.optional(),
    search: z.string().max(100).optional(),
  })
  .strict()
  .refine((f) => f.from === undefined || f.to === undefined || f.from < f.to, { error: 'The start date must be before the end date' })

const Page = {
  offset: z.number().int().min(0).max(100_000_000),
  limit: z.number().int().min(1).max(5_000),
}

const TripIdSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER)
const JobIdSchema = z.string().regex(/^[a-z0-9-]{1,40}$/)
/** An export or backup file the app wrote into its own folder: a bare name, never a path. */
const FileNameSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,120}\.(csv|sqlite)$/, { error: 'Not a file name this app wrote' })

/** The most text one import chunk may carry (the socket refuses messages above 256 KB). */
export const IMPORT_CHUNK_CHARS = 200_000

export const historyRequests = {
  /** Round-trip trades matching a filter, newest first unless sorted otherwise. */
  'history.trades': {
    params: z
      .object({
        filter: HistoryFilterSchema,
        sort: z.enum(['time', 'netPnl', 'symbol', 'fees']).optional(),
        descending: z.boolean().optional(),
        ...Page,
      })
      .strict(),
    result: type<HistoryPage<RoundTrip>>(),
  },
  'history.fills': { params: z.object({ filter: HistoryFilterSchema, ...Page }).strict(), result: type<HistoryPage<HistoryFill>>() },
  'history.orders': { params: z.object({ filter: HistoryFilterSchema, ...Page }).strict(), result: type<HistoryPage<HistoryOrder>>() },
  /** One trade with its fills, ledger entries and protective orders. */
  'history.trade': { params: z.object({ id: TripIdSchema }).strict(), result: type<RoundTripDetail>() },
  'history.analytics': { params: z.object({ filter: HistoryFilterSchema }).strict(), result: type<TradeAnalytics>() },
  /** What the filters can choose from. */
  'history.facets': {
    params: NoParams,
    result: type<{
      accounts: Array<{ id: number; name: string; source: string; venue: string }>
      venues: string[]
      symbols: string[]
      tags: string[]
    }>(),
  },
  'history.setNote': {
    params: z.object({ id: TripIdSchema, note: z.string().max(10_000, { error: 'Notes are at most 10,000 characters' }) }).strict(),
    result: type<RoundTrip>(),
  },
  'history.setTags': {
    params: z.object({ id: TripIdSchema, tags: z.array(TagSchema).max(20, { error: 'At most 20 tags per trade' }) }).strict(),
    result: type<RoundTrip>(),
  },
  /** Writes a CSV into the app's exports folder in the background; progress arrives as `history.jobUpdated`. */
  'history.export': {
    params: z
      .object({
        what: z.enum(['trades', 'fills', 'ledger', 'koinly']),
        filter: HistoryFilterSchema,
      })
      .strict(),
    result: type<HistoryJob>(),
  },
  /** Reads a finished export or backup back in pieces (for the browser to save it). */
  'history.readFile': {
    params: z.object({ file: FileNameSchema, offset: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) }).strict(),
    result: type<{ data: string; encoding: 'utf8' | 'base64'; nextOffset: number | null; size: number }>(),
  },
  /** Starts an import of fills from CSV into a review-only account (created, or reused by name). */
  'history.importStart': {
    params: z
      .object({
        format: z.enum(['tradedesk', 'binance']),
        accountName: AccountNameSchema,
        venue: VenueSchema,
        /** Capital the account's statistics start from (default 10,000 of the quote currency). */
        startingBalance: PositiveDecimalSchema.optional(),
      })
      .strict(),
    result: type<HistoryJob>(),
  },
  'history.importChunk': {
    params: z.object({ jobId: JobIdSchema, text: z.string().max(IMPORT_CHUNK_CHARS) }).strict(),
    result: type<HistoryJob>(),
  },
  /** The whole file has been sent: check every row, then book all of it or nothing. */
  'history.importFinish': { params: z.object({ jobId: JobIdSchema }).strict(), result: type<HistoryJob>() },
  'history.cancelJob': { params: z.object({ jobId: JobIdSchema }).strict(), result: type<HistoryJob>() },
  /** A consistent copy of the whole ledger, taken while the app runs (SQLite online backup). */
  'ledger.backup': { params: NoParams, result: type<HistoryJob>() },
  'ledger.backups': { params: NoParams, result: type<Array<{ file: string; size: number; createdAt: number }>>() },
  /** Checks a backup and puts it in place of the ledger; the app reopens on it. */
  'ledger.restore': { params: z.object({ file: FileNameSchema }).strict(), result: type<{ message: string }>() },
} as const

export const historyEvents = {
  /** An import, export or backup advanced, finished, failed or was canceled. */
  'history.jobUpdated': type<HistoryJob>(),
  /** Imported fills or a restored ledger changed what history shows. */
  'history.changed': type<{ reason: string }>(),
} as const
