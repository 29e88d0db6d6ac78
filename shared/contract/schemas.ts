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
