import { createHash } from 'node:crypto'
import { ATR, EMA, RSI } from 'trading-signals'
import type { Candle, Timeframe } from '../../shared/domain/market'
import type { PositionView } from '../strategies/strategy'

/** What the models are shown for one decision; its hash keys the answer cache. */
export interface AiContext {
  symbol: string
  timeframe: Timeframe
  /** Closed candles, oldest first: [open time (ISO), open, high, low, close, volume]. */
  candles: Array<[string, number, number, number, number, number]>
  indicators: { ema20?: number; ema50?: number; rsi14?: number; atr14?: number }
  position: PositionView | null
  account: { equity: string; available: string; quote: string }
  /** Whether the bot may go short (a perpetual, with shorts allowed). */
  canShort: boolean
}

const PROMPT_VERSION = 'tradedesk-ai-decision-1'

const SYSTEM = [
  'You are a trading decision module. Decide for one market what to do at the close of the latest candle.',
  'Answer with one JSON object only, no prose around it:',
  '{"action": "long" | "short" | "close" | "hold", "confidence": 0..1, "stop_loss": price or null, "take_profit": price or null, "reasoning": "one or two sentences"}',
  '"close" exits the current position; "hold" does nothing. Only give "short" when canShort is true.',
].join('\n')

const round = (value: number | undefined): number | undefined => (value === undefined || !Number.isFinite(value) ? undefined : Number(value.toPrecision(8)))

/** The context of a decision on the latest of `candles`. */
export function buildContext(input: Omit<AiContext, 'candles' | 'indicators'>, candles: readonly Candle[]): AiContext {
  const ema20 = new EMA(20)
  const ema50 = new EMA(50)
  const rsi = new RSI(14)
  const atr = new ATR(14)
  for (const c of candles) {
    ema20.add(c.close)
    ema50.add(c.close)
    rsi.add(c.close)
    atr.add(c)
  }
  const result = (indicator: { isStable: boolean; getResult(): unknown }) => (indicator.isStable ? round(Number(indicator.getResult())) : undefined)
  const indicators = Object.fromEntries(
    Object.entries({ ema20: result(ema20), ema50: result(ema50), rsi14: result(rsi), atr14: result(atr) }).filter(([, v]) => v !== undefined),
  ) as AiContext['indicators']
  return {
    ...input,
    candles: candles.map((c) => [new Date(c.time).toISOString(), c.open, c.high, c.low, c.close, round(c.volume) ?? 0]),
    indicators,
  }
}

export function promptFor(context: AiContext): Array<{ role: 'system' | 'user'; content: string }> {
  return [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: JSON.stringify(context) },
  ]
}

/**
 * The same question to the same models has the same hash: the market, its candles and
 * indicators, and which side the bot is on; not the account's figures, which move with
 * every tick while the question stays the same.
 */
export function questionHash(context: AiContext, models: readonly string[]): string {
  const { account: _figures, position, ...market } = context
  return createHash('sha256').update(JSON.stringify({ v: PROMPT_VERSION, market, side: position?.side ?? null, models })).digest('hex')
}
