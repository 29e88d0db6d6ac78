import { z } from 'zod'
import { AccountIdSchema, LeverageSchema, LoosePriceSchema } from '../../shared/contract/schemas'
import type { Instrument } from '../../shared/domain/market'

/** What senders may say to do; TradingView's {{strategy.market_position}} gives long/short/flat, {{strategy.order.action}} buy/sell. */
const ACTIONS = { long: 'long', buy: 'long', short: 'short', sell: 'short', close: 'close', flat: 'close', exit: 'close' } as const

/** A number, or a number in a string (TradingView placeholders arrive quoted). */
const looseNumber = (schema: z.ZodNumber) => z.union([schema, z.string().trim().regex(/^\d+(\.\d+)?$/).transform(Number).pipe(schema)])

/**
 * A signal's body: the engine's trade-intent fields (account and symbol may come from the
 * channel), plus `token` and `time` for senders that cannot sign (TradingView). Unknown
 * fields are refused, so a misspelt "stoploss" cannot pass unnoticed.
 */
export const SignalBodySchema = z
  .object({
    account: AccountIdSchema.optional(),
    symbol: z.string().trim().min(1).max(60).optional(),
    action: z.string().transform((value, ctx) => {
      const action = ACTIONS[value.trim().toLowerCase() as keyof typeof ACTIONS]
      if (action === undefined) ctx.addIssue({ code: 'custom', message: `"${value.slice(0, 20)}" is not an action: use long, short or close (or buy, sell, flat)` })
      return action ?? 'close'
    }),
    confidence: looseNumber(z.number().min(0, { error: 'Confidence is from 0 to 1' }).max(1, { error: 'Confidence is from 0 to 1' })).optional(),
    stop_loss_price: LoosePriceSchema.optional(),
    take_profit_price: LoosePriceSchema.optional(),
    position_size_usd_override: LoosePriceSchema.optional(),
    leverage_override: looseNumber(LeverageSchema).optional(),
    reasoning: z.string().max(1_000).optional(),
    token: z.string().max(256).optional(),
    time: z.union([z.string().max(40), z.number()]).optional(),
  })
  .strict()

export type SignalBody = z.output<typeof SignalBodySchema>

/**
 * The market a signal names: a ccxt symbol ("BTC/USDT", "BTC/USDT:USDT") or a TradingView
 * ticker ("BINANCE:BTCUSDT" for spot, "BTCUSDT.P" for the perpetual).
 */
export function resolveSymbol(text: string, instruments: readonly Instrument[]): Instrument | undefined {
  const exact = instruments.find((i) => i.symbol === text)
  if (exact !== undefined) return exact
  const ticker = text.toUpperCase().replace(/^[A-Z0-9_]+:/, '')
  const perpetual = ticker.endsWith('.P')
  const compact = perpetual ? ticker.slice(0, -2) : ticker
  return instruments.find((i) => (i.type === 'swap') === perpetual && `${i.base}${i.quote}` === compact)
}
