import type { Tick } from '../../../shared/domain/market'
import { isLiquidatable, notional } from '../../../shared/trading/margin'
import { atoms, divRound, formatAtoms, ONE, type Atoms } from '../../../shared/trading/money'
import { toOrder, type OrderRow } from '../../ledger/repos/order-repo'
import type { PositionRow } from '../../ledger/repos/position-repo'
import { LIMIT_TYPES, trailingTrigger, triggersUpward, engineOrderId } from './order-rules'
import { EXTERNAL, marginBook, WALLET } from './settlement'
import { AccountDesk } from './account-desk'
import { closingSide, midpoint, sideOf, UnitFailed, type AccountState, type Quote, type Emit } from './exchange-state'

/** Perpetuals settle funding every 8 hours, at 00:00, 08:00 and 16:00 UTC. */
export const FUNDING_INTERVAL_MS = 8 * 3_600_000
export { SNAPSHOT_INTERVAL_MS } from './exchange-state'

/**
 * What the market does to the book of accounts, tick by tick: liquidations first, then
 * resting limits, triggers and trailing stops, and funding at each settlement.
 */
export class MarketHandler extends AccountDesk {
  /**
   * Advances the paper market: resting orders, triggers and liquidations, tick by tick. A
   * tick of a market where nothing is at stake only moves its quote; a call with no such
   * tick (and no snapshot due) opens no transaction at all.
   */
  onTicks(ticks: readonly Tick[]): void {
    const last = ticks.at(-1)
    if (last !== undefined && !this.snapshotDue(last.ts) && !ticks.some((tick) => this.atStake(tick))) {
      for (const tick of ticks) if (this.instruments.has(tick.symbol)) this.quotes.defer(tick)
      return
    }
    this.batch(() => {
      for (const tick of ticks) {
        if (!this.instruments.has(tick.symbol)) continue
        if (!this.atStake(tick)) {
          this.quotes.defer(tick)
          continue
        }
        const quote = this.quoteOf(tick)
        this.quotes.set(tick.symbol, quote)
        this.settleFunding(tick.symbol, quote)
        // The liquidation engine goes first: on a gap past the liquidation price, the position
        // is liquidated (its loss capped at its margin), not stopped out beyond bankruptcy.
        const holders = this.holdersBySymbol.get(tick.symbol)
        if (holders !== undefined) {
          for (const account of holders) {
            const position = account.positions.get(tick.symbol)
            if (position !== undefined) this.checkLiquidation(account, position, quote)
          }
        }
        if ((this.workingBySymbol.get(tick.symbol)?.size ?? 0) > 0) this.workOrders(tick.symbol, quote)
      }
      if (last !== undefined) this.snapshotIfDue(last.ts)
    })
  }

  /** Whether a tick can change anything but its market's quote: a position, a working order, or funding due. */
  private atStake(tick: Tick): boolean {
    const { symbol } = tick
    if ((this.holdersBySymbol.get(symbol)?.size ?? 0) > 0 || (this.workingBySymbol.get(symbol)?.size ?? 0) > 0) return true
    if (this.fundingRate === undefined || this.instruments.get(symbol)?.instrument.type !== 'swap') return false
    const handled = this.fundedUntil.get(symbol)
    return handled === undefined || handled < tick.ts - (tick.ts % FUNDING_INTERVAL_MS)
  }

  /**
   * Applies the latest funding settlement a tick has passed, once: each open position pays
   * (or receives) notional at mark x rate. Of the settlements passed while the app was not
   * running, only the latest is charged (at the first tick's mark; the engine saw no market
   * in between); a new ledger's first tick only marks where it stands.
   */
  protected settleFunding(symbol: string, quote: Quote): void {
    if (this.fundingRate === undefined || this.tradable(symbol).instrument.type !== 'swap') return
    const due = quote.ts - (quote.ts % FUNDING_INTERVAL_MS)
    const handled = this.fundedUntil.get(symbol) ?? this.funding.latest(symbol)
    if (handled !== undefined && handled >= due) {
      this.fundedUntil.set(symbol, handled)
      return
    }
    this.fundedUntil.set(symbol, due)
    if (handled === undefined) return
    const rateText = this.fundingRate(symbol, due)
    if (rateText === undefined) return
    const rate = atoms(rateText)
    const mark = midpoint(quote)
    this.commit((emit) => {
      this.funding.record(symbol, due, rate)
      for (const account of this.accounts.values()) {
        const position = account.positions.get(symbol)
        if (position !== undefined) this.payFunding(account, position, rate, mark, due, emit)
      }
    })
  }

  /** One position's funding: paid from the wallet, the rest from its isolated margin. */
  protected payFunding(account: AccountState, position: PositionRow, rate: Atoms, mark: Atoms, time: number, emit: Emit): void {
    const value = notional(mark, position.amount)
    // Rounded against the trader: a payment up, a receipt down.
    const raw = (position.side === 'long' ? value : -value) * rate
    const pays = divRound(raw, ONE, raw > 0n ? 'up' : 'down')
    if (pays === 0n) return
    const fromWallet = pays > 0n && pays > account.wallet ? account.wallet : pays
    const fromMargin = pays - fromWallet
    const { quote } = account.row
    const hour = new Date(time).toISOString().slice(11, 16)
    this.books.post({
      accountId: account.row.id,
      kind: 'funding',
      symbol: position.symbol,
      description: `Funding ${position.symbol} ${position.side} ${formatAtoms(position.amount)} at ${formatAtoms(rate * 100n)}% on ${formatAtoms(value)} ${quote} (${hour} UTC)`,
      ts: time,
      postings: [
        { book: WALLET, asset: quote, amount: -fromWallet },
        { book: marginBook(position.symbol), asset: quote, amount: -fromMargin },
        { book: EXTERNAL.funding, asset: quote, amount: pays },
      ],
    })
    account.wallet -= fromWallet
    if (fromMargin !== 0n) {
      const updated = { ...position, margin: position.margin - fromMargin, updatedAt: time }
      this.positions.save(updated)
      this.setPosition(account, updated)
    }
    emit('balance.updated', this.balance(account.row.id), account.row.id)
  }


  /**
   * Resting limits fill as maker when the market trades through them; triggers watch the
   * last or the mark price, as each order says.
   */
  protected workOrders(symbol: string, quote: Quote): void {
    const mark = midpoint(quote)
    const working = this.workingBySymbol.get(symbol) as Map<number, { account: AccountState; order: OrderRow }>
    // The orders working when the tick arrived; those it creates (bracket legs) wait for the
    // next. A Map may lose entries while it is iterated; new ones are skipped by id.
    const ceiling = this.lastOrderId
    for (const entry of working.values()) {
      const { account, order } = entry
      if (order.id > ceiling || !account.orders.has(order.id)) continue
      try {
        this.workOrder(account, order, quote, order.triggerBy === 'mark' ? mark : quote.last)
      } catch (error) {
        if (error instanceof UnitFailed) throw error // the batch is redone with savepoints
        // One order's failure (rolled back with its savepoint) must not stop the market for all.
        this.quarantine(order, quote.ts, error)
        return // memory was rebuilt from the ledger; the rest waits for the next tick
      }
    }
  }

  private workOrder(account: AccountState, order: OrderRow, quote: Quote, watched: Atoms): void {
    if (order.type === 'limit' || order.triggeredAt !== undefined) this.workLimit(account, order, quote)
    else if (order.type === 'trailing_stop_market') this.workTrailing(account, order, watched, quote)
    else if (this.triggered(order, watched)) {
      if (LIMIT_TYPES.has(order.type)) this.triggerLimit(account, order, quote)
      else this.executeTriggered(account, order, quote)
    }
  }

  /** Cancels an order the engine failed to process, so it cannot fail on every tick. */
  private quarantine(order: OrderRow, ts: number, error: unknown): void {
    this.log.error(`order ${order.id} (${order.symbol}) could not be processed and is canceled`, error)
    const account = this.accounts.get(order.accountId)
    const current = account?.orders.get(order.id)
    if (account === undefined || current === undefined) return
    this.commit((emit) => this.finish(account, current, 'canceled', 'The engine could not process this order (an internal error); it was canceled', ts, emit))
  }

  protected workLimit(account: AccountState, order: OrderRow, quote: Quote): void {
    const price = order.price as Atoms
    const through = order.side === 'buy' ? quote.last < price : quote.last > price
    const touched = order.side === 'buy' ? quote.last <= price : quote.last >= price
    if (!(this.fillModel.queue === 'touch' ? touched : through) || quote.volume === 0n) return
    let amount = order.amount - order.filled
    if (amount > quote.volume) amount = quote.volume
    if (order.reduceOnly) {
      // Reduce-only never opens or grows a position: trimmed to what is left to reduce.
      const position = account.positions.get(order.symbol)
      if (position === undefined || position.side === sideOf(order.side)) {
        this.commit((emit) => this.finish(account, order, 'canceled', 'Reduce-only: no position left to reduce', quote.ts, emit))
        return
      }
      if (amount > position.amount) amount = position.amount
    }
    this.commitExecution(account, order, price, amount, 'maker', quote.ts)
  }

  /** A stop-limit or take-profit-limit that triggered: it trades at once if its price crosses, else rests. */
  protected triggerLimit(account: AccountState, order: OrderRow, quote: Quote): void {
    const triggered: OrderRow = { ...order, triggeredAt: quote.ts, updatedAt: quote.ts }
    const crosses = order.side === 'buy' ? (order.price as Atoms) >= quote.ask : (order.price as Atoms) <= quote.bid
    this.commit((emit) => {
      this.orders.update(triggered, `Triggered at ${formatAtoms(order.triggerPrice as Atoms)}; now a limit at ${formatAtoms(order.price as Atoms)}`)
      this.setOrder(account, triggered)
      emit('order.updated', toOrder(triggered), account.row.id)
    })
    if (crosses) this.executeTriggered(account, triggered, quote)
  }

  /** A trailing stop follows the best price seen, then triggers like a stop-market. */
  protected workTrailing(account: AccountState, order: OrderRow, watched: Atoms, quote: Quote): void {
    const anchor = order.trailingAnchor as Atoms
    const better = order.side === 'sell' ? watched > anchor : watched < anchor
    if (better) {
      const tick = atoms(this.tradable(order.symbol).instrument.tickSize)
      const trigger = trailingTrigger(order.side, watched, order.trailingDistance, order.trailingPercent, tick)
      const moved: OrderRow = { ...order, trailingAnchor: watched, triggerPrice: trigger, updatedAt: quote.ts }
      this.commit((emit) => {
        this.orders.update(moved, false)
        this.setOrder(account, moved)
        if (trigger !== order.triggerPrice) emit('order.updated', toOrder(moved), account.row.id)
      })
      return
    }
    if (this.triggered(order, watched)) this.executeTriggered(account, order, quote)
  }

  protected triggered(order: OrderRow, watched: Atoms): boolean {
    const trigger = order.triggerPrice as Atoms
    return triggersUpward(order.type, order.side) ? watched >= trigger : watched <= trigger
  }

  /**
   * Isolated liquidation when the mark price crosses the liquidation price: the position
   * closes at mark, and what is left of its margin goes to the insurance fund as the
   * clearance fee, so the trader loses exactly the position's margin.
   */
  protected checkLiquidation(account: AccountState, position: PositionRow, quote: Quote): void {
    const mark = midpoint(quote)
    const price = this.liquidationPriceOf(position)
    if (price === undefined || !isLiquidatable(position.side, mark, price)) return
    this.commit((emit) => {
      const order = this.insertOrder(account, {
        clientOrderId: engineOrderId(`liquidation-${position.symbol}-${quote.ts}`),
        symbol: position.symbol,
        side: closingSide(position),
        type: 'market',
        timeInForce: 'IOC',
        amount: position.amount,
        leverage: position.leverage,
        reduceOnly: true,
        createdAt: quote.ts,
      })
      const settlement = this.execute(account, order, mark, position.amount, 'taker', quote.ts, emit, 'liquidation')
      const clearance = position.margin + settlement.realizedPnl
      this.books.post({
        accountId: account.row.id,
        kind: 'liquidation_clearance',
        description: `Liquidation clearance fee: the rest of the ${position.symbol} position's margin`,
        orderId: order.id,
        ts: quote.ts,
        postings: [
          { book: WALLET, asset: account.row.quote, amount: -clearance },
          { book: EXTERNAL.insurance, asset: account.row.quote, amount: clearance },
        ],
      })
      account.wallet -= clearance
      for (const working of [...account.orders.values()]) {
        if (working.symbol === position.symbol && working.reduceOnly) this.finish(account, working, 'canceled', 'Position was liquidated', quote.ts, emit)
      }
      const message =
        `Liquidated: ${position.side} ${formatAtoms(position.amount)} ${position.symbol}. The mark price ${formatAtoms(mark)} crossed the ` +
        `liquidation price ${formatAtoms(price)}; the position's margin of ${formatAtoms(position.margin)} ${account.row.quote} is lost ` +
        `(P&L ${formatAtoms(settlement.realizedPnl)}, clearance fee ${formatAtoms(clearance)}).`
      emit('position.liquidated', { accountId: account.row.id, symbol: position.symbol, message }, account.row.id)
      emit('balance.updated', this.balance(account.row.id), account.row.id)
    })
  }
}
