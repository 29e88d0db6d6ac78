import { z } from 'zod'
import { TIMEFRAMES } from '../domain/market'

/** A ccxt unified symbol: BASE/QUOTE for spot, BASE/QUOTE:SETTLE for linear perpetuals. */
export const SymbolSchema = z
  .string()
  .max(40)
  .regex(/^[A-Z0-9]{1,15}\/[A-Z0-9]{1,15}(:[A-Z0-9]{1,15})?$/, {
    error: 'Symbol must look like BTC/USDT or BTC/USDT:USDT',
  })

export const TimeframeSchema = z.enum(TIMEFRAMES, {
  error: `Timeframe must be one of ${TIMEFRAMES.join(', ')}`,
})

/** An epoch-millisecond instant (finite integer, after 2009, before 2200). */
export const EpochMsSchema = z.number().int().min(1_230_768_000_000).max(7_258_118_400_000)

/** Requests that take no parameters accept nothing else. */
export const NoParams = z.object({}).strict()

/** A positive exact decimal as a string: at most 10 whole digits and 8 decimals (fits int64 atoms). */
export const PositiveDecimalSchema = z
  .string()
  .regex(/^\d{1,10}(\.\d{1,8})?$/, {
    error: 'Must be a plain decimal number such as 0.015 (at most 10 digits before the point and 8 after)',
  })
  .refine((value) => /[1-9]/.test(value), { error: 'Must be greater than zero' })

export const AccountIdSchema = z.number().int().positive().max(2 ** 31)

export const AccountNameSchema = z
  .string()
  .trim()
  .min(1, { error: 'Give the account a name' })
  .max(60, { error: 'Account names are at most 60 characters' })
  .regex(/^[^\p{C}]+$/u, { error: 'Account names cannot contain control characters' })

export const ClientOrderIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._:-]+$/, { error: 'Client order ids use letters, digits and . _ : - only' })

export const LeverageSchema = z.number().int().min(1).max(125)

/** A fraction strictly between 0 and 1 as a decimal string, e.g. "0.02" for 2 %. */
export const FractionSchema = z
  .string()
  .regex(/^0\.\d{1,8}$/, { error: 'Must be a fraction between 0 and 1 such as 0.02 (2 %)' })
  .refine((value) => /[1-9]/.test(value), { error: 'Must be greater than zero' })

/** A price a bot may send as a number or a decimal string. */
export const LoosePriceSchema = z.union([
  PositiveDecimalSchema,
  z.number().positive({ error: 'Must be greater than zero' }).max(1e10).refine(Number.isFinite),
])
