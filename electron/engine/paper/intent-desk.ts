import { AppError } from '../../../shared/contract'
import type { IntentDecision, Order, TradeIntent } from '../../../shared/domain/trading'
import { notional } from '../../../shared/trading/margin'
import { atoms, atomsOf, divRound, formatAtoms, type Atoms } from '../../../shared/trading/money'
import { bracketPrice, sizePosition } from '../../../shared/trading/sizing'
import type { IntentRepo } from '../../ledger/repos/intent-repo'
import type { Db } from '../../ledger/db'
import type { EventBus } from '../bus'
import type { Clock } from '../clock'
import type { LiveExchange } from '../live/live-exchange'
import type { AccountDesk } from './account-desk'
import { reject } from './order-rules'
import type { PaperExchange, PlaceOrderParams, SizingContext } from './paper-exchange'

/** Refusals an intent is recorded with; anything else is a fault, not a decision. */
const DECISION_CODES = new Set(['REJECTED', 'CONFLICT', 'UNAVAILABLE', 'NOT_FOUND'])

/**
 * Turns decision modules' trade intents into orders: sized by the account's method, with
 * default stop-loss and take-profit, leverage clamped to the limits. Every intent is
 * recorded with its reasoning; an accepted one in the same transaction as its order.
 */
export class IntentDesk {
  constructor(
    private readonly db: Db,
    private readonly exchange: PaperExchange,
    private readonly intents: IntentRepo,
    private readonly bus: EventBus,
    private readonly clock: Clock,
    /** Live accounts, when the app runs on an exchange; only `submitToAny` trades them. */
    private readonly live?: LiveExchange,
  ) {}

  /** Decides on an intent for a paper account; `botId` when one of the app's bots sent it (its decisions are listed per bot). */
  submit(intent: TradeIntent, botId?: number): IntentDecision {
    const ts = this.clock.now()
    let decision: IntentDecision | undefined
    const record = (order: Order) => {
      decision = this.intents.record(intent, { status: 'accepted', orderId: order.id }, ts, botId)
    }
    try {
      if (intent.action === 'close') this.exchange.closePosition(intent.account, intent.symbol, undefined, record)
      else this.exchange.placeOrder(this.entry(intent, this.exchange), record)
    } catch (error) {
      decision = this.refused(intent, error, ts, botId, this.exchange)
    }
    return this.decided(decision as IntentDecision)
  }

  /**
   * Decides on an intent for any account: a live one trades its exchange only when armed
   * (the same checks as its orders), or its paper twin while in dry run. Signals come here.
   */
  async submitToAny(intent: TradeIntent, botId?: number): Promise<IntentDecision> {
    const live = this.live
    if (live === undefined || !live.isLive(intent.account)) return this.submit(intent, botId)
    const twin = live.dryRunTarget(intent.account)
    if (twin !== undefined) return this.submit({ ...intent, account: twin, reasoning: `${intent.reasoning ?? ''} (dry run of account ${intent.account})`.trim() }, botId)
    const ts = this.clock.now()
    let decision: IntentDecision | undefined
    const record = (order: Order) => {
      decision = this.intents.record(intent, { status: 'accepted', orderId: order.id }, ts, botId)
    }
    try {
      if (intent.action === 'close') await live.closePosition(intent.account, intent.symbol, undefined, record)
      else await live.placeOrder(this.entry(intent, live), record)
    } catch (error) {
      // Refused before it was stored, or by the exchange after: either way the intent says why.
      decision = decision === undefined ? this.refused(intent, error, ts, botId, live) : this.refusedAfterSending(decision, error)
    }
    return this.decided(decision as IntentDecision)
  }

  list(accountId: number, limit = 500): IntentDecision[] {
    this.engineOf(accountId).balance(accountId) // NOT_FOUND for an unknown account
    return this.intents.list(accountId, limit)
  }

  private decided(decision: IntentDecision): IntentDecision {
    this.bus.publish('intent.decided', decision)
    return decision
  }

  /** Records the engine's refusal; an unknown account cannot hold a record, and a fault is not a decision. */
  private refused(intent: TradeIntent, error: unknown, ts: number, botId: number | undefined, engine: AccountDesk): IntentDecision {
    const known = engine.listAccounts().some((a) => a.id === intent.account)
    if (!(error instanceof AppError) || !DECISION_CODES.has(error.code) || !known) throw error
    return this.db.transaction(() => this.intents.record(intent, { status: 'refused', reason: error.message }, ts, botId))()
  }

  private refusedAfterSending(accepted: IntentDecision, error: unknown): IntentDecision {
    if (!(error instanceof AppError)) throw error
    return this.intents.refuse(accepted.id, error.message)
  }

  private engineOf(accountId: number): AccountDesk {
    return this.live?.isLive(accountId) === true ? this.live : this.exchange
  }

  private entry(intent: TradeIntent, engine: AccountDesk): PlaceOrderParams {
    const ctx = engine.sizingContext(intent.account, intent.symbol)
    const side = intent.action === 'long' ? 'buy' : 'sell'
    if (ctx.position?.side === intent.action) {
      reject('already_in_position', `Already ${ctx.position.side} ${formatAtoms(ctx.position.amount)} ${intent.symbol}; the intent would add to it.`)
    }
    const limit = Math.min(ctx.account.maxLeverage, ctx.instrument.maxLeverage)
    const leverage = Math.max(1, Math.min(intent.leverage_override ?? limit, limit))
    const price = side === 'buy' ? ctx.ask : ctx.bid
    const sized = sizePosition({
      method: ctx.account.sizingMethod,
      value: ctx.account.sizingValue,
      confidence: atomsOf(intent.confidence),
      equity: ctx.equity,
      available: ctx.available,
      price,
      leverage,
      takerFee: ctx.takerFee,
      amountStep: atoms(ctx.instrument.amountStep),
      ...(intent.position_size_usd_override === undefined ? {} : { notionalOverride: loose(intent.position_size_usd_override) }),
    })
    this.checkMinimums(ctx, sized.amount, price, sized.cappedByMargin)
    const flip = ctx.position?.amount ?? 0n
    return {
      accountId: intent.account,
      symbol: intent.symbol,
      side,
      type: 'market',
      amount: formatAtoms(flip + sized.amount),
      ...(ctx.position === undefined ? { leverage } : {}),
      ...this.brackets(intent, ctx, price),
    }
  }

  private checkMinimums(ctx: SizingContext, amount: Atoms, price: Atoms, capped: boolean): void {
    const { instrument } = ctx
    const value = amount === 0n ? 0n : notional(price, amount)
    const why = capped ? ' (limited to 95 % of the available margin)' : ''
    if (amount < atoms(instrument.minAmount) || value < atoms(instrument.minNotional)) {
      reject(
        'below_minimum',
        `Sized at ${formatAtoms(amount)} ${instrument.base} (${formatAtoms(value)} ${instrument.quote}) by ${ctx.account.sizingMethod}${why}: ` +
          `below ${instrument.symbol}'s minimum of ${instrument.minAmount} ${instrument.base} and ${instrument.minNotional} ${instrument.quote}.`,
      )
    }
  }

  /** Given stop-loss / take-profit prices (to the nearest tick), or the account's default distances. */
  private brackets(intent: TradeIntent, ctx: SizingContext, entry: Atoms): Pick<PlaceOrderParams, 'stopLoss' | 'takeProfit'> {
    const tick = atoms(ctx.instrument.tickSize)
    const side = intent.action === 'long' ? 'long' : 'short'
    const onTick = (value: Atoms) => formatAtoms(divRound(value, tick, 'half-up') * tick)
    const pick = (given: string | number | undefined, fraction: Atoms | undefined, kind: 'stop_loss' | 'take_profit') =>
      given !== undefined ? onTick(loose(given)) : fraction !== undefined ? formatAtoms(bracketPrice(entry, fraction, side, kind, tick)) : undefined
    const stopLoss = pick(intent.stop_loss_price, ctx.account.defaultStopLoss, 'stop_loss')
    const takeProfit = pick(intent.take_profit_price, ctx.account.defaultTakeProfit, 'take_profit')
    return { ...(stopLoss === undefined ? {} : { stopLoss }), ...(takeProfit === undefined ? {} : { takeProfit }) }
  }
}

/** Bots send prices as numbers or strings. */
function loose(value: string | number): Atoms {
  return typeof value === 'number' ? atomsOf(value) : atoms(value)
}
