import type { Instrument } from '../../../shared/domain/market'
import { notional } from '../../../shared/trading/margin'
import { atoms, divRound, formatAtoms, mul, ONE, type Atoms } from '../../../shared/trading/money'
import { toAccount } from '../../ledger/repos/account-repo'
import { toFill, toOrder, type FillRow, type OrderRow } from '../../ledger/repos/order-repo'
import { assertTransition } from '../order-status'
import { LIMIT_TYPES, engineOrderId } from './order-rules'
import { settleFill, settleSpotFill, type FillTransaction, type Settlement } from './settlement'
import { ExchangeState, closingSide, sideOf, type AccountState, type Emit, type Quote } from './exchange-state'

const DAY = 86_400_000

/** What a fill is: the paper engine decides price, amount and liquidity; an exchange also says its fee and trade id. */
export interface FillFacts {
  price: Atoms
  amount: Atoms
  liquidity: 'maker' | 'taker'
  /** The fee the exchange charged, and in which asset (a paper fill's is the account's rate, in the quote). */
  fee?: { asset: string; amount: Atoms }
  /** The exchange's trade id: a fill is booked once per account and trade id. */
  tradeId?: string
}

/**
 * Booking: how a fill changes the ledger (perpetual or spot), how orders end, brackets,
 * taking liquidity from the book, flattening, and the circuit breaker that fills can trip.
 */
export class Execution extends ExchangeState {
  /** True while flatten() runs, so fills it makes do not trip the circuit breaker into flattening again. */
  private flattening = false
  /**
   * An order that trades on arrival: FOK only if the book can fill all of it within its
   * price; what IOC and market orders cannot fill expires; a GTC limit rests the rest.
   */
  protected fillCrossing(account: AccountState, order: OrderRow, quote: Quote, ts: number, emit: Emit): void {
    const wanted = order.amount - order.filled
    const available = order.timeInForce === 'FOK' ? this.liquidityWithin(order.symbol, order.side, quote, order.price, wanted) : undefined
    if (available !== undefined && available < wanted) {
      this.finish(account, order, 'expired', `FOK: the book held ${formatAtoms(available)} of the ${formatAtoms(wanted)} wanted`, ts, emit)
      return
    }
    const { filled, stop } = this.takeLiquidity(account, order, wanted, order.price, quote, ts, emit)
    if (filled >= wanted) return
    // With fills it is in the working set unless something ended it (the circuit breaker);
    // without any, it was never there and is still this order.
    const current = filled > 0n ? account.orders.get(order.id) : order
    if (current === undefined) return
    if (order.type === 'limit' && order.timeInForce === 'GTC') this.setOrder(account, current)
    else this.finish(account, current, 'expired', `Only ${formatAtoms(filled)} of ${formatAtoms(wanted)} filled: ${stop}`, ts, emit)
  }

  /**
   * Takes liquidity for a taker order: walks the book's levels where the source has depth
   * (each level a fill at its own price), else the best bid or ask, never past `limit`.
   * Returns what it filled; the caller decides what happens to the rest.
   */
  protected takeLiquidity(
    account: AccountState,
    order: OrderRow,
    wanted: Atoms,
    limit: Atoms | undefined,
    quote: Quote,
    ts: number,
    emit: Emit,
  ): { filled: Atoms; stop: string } {
    const levels = this.levelsFor(order.symbol, order.side, quote)
    let filled = 0n
    for (const [price, size] of levels) {
      if (filled >= wanted) break
      if (limit !== undefined && (order.side === 'buy' ? price > limit : price < limit)) break
      const inBook = size === undefined || wanted - filled < size ? wanted - filled : size
      // Worse levels cost more than the check at the best price assumed: never spend money the account lacks.
      const take = this.affordable(account, order, price, inBook)
      if (take <= 0n) return { filled, stop: 'the account had no more margin for it' }
      this.execute(account, order, price, take, 'taker', ts, emit)
      filled += take
      if (take < inBook) return { filled, stop: 'the account had no more margin for it' }
      // The order may have ended mid-walk (the circuit breaker canceled it): stop there.
      if (filled < wanted && !account.orders.has(order.id)) break
    }
    return { filled, stop: 'the book had no more within reach' }
  }

  /**
   * How much of `amount` at `price` the account can pay for: margin plus fee for what a
   * perpetual order opens, cost plus fee for a spot buy; closing and selling need nothing.
   */
  private affordable(account: AccountState, order: OrderRow, price: Atoms, amount: Atoms): Atoms {
    const { instrument } = this.tradable(order.symbol)
    const fee = mul(price, this.feeRates(account.row, order.symbol).taker, 'up')
    let perUnit: Atoms
    if (instrument.type === 'spot') {
      if (order.side === 'sell') return amount
      perUnit = price + fee
    } else {
      const position = account.positions.get(order.symbol)
      if (order.reduceOnly || (position !== undefined && position.side !== sideOf(order.side))) return amount
      perUnit = divRound(price, BigInt(position?.leverage ?? order.leverage), 'up') + fee
    }
    const step = atoms(instrument.amountStep)
    const most = ((account.wallet > 0n ? (account.wallet * ONE) / perUnit : 0n) / step) * step
    return amount < most ? amount : most
  }

  /** Books one fill: settlement, fill row, ledger transaction, position and order updates. */
  protected execute(
    account: AccountState,
    order: OrderRow,
    price: Atoms,
    amount: Atoms,
    liquidity: 'maker' | 'taker',
    ts: number,
    emit: Emit,
    closeReason: 'trade' | 'liquidation' | 'reset' = 'trade',
  ): Settlement {
    return this.executeFill(account, order, { price, amount, liquidity }, ts, emit, closeReason)
  }

  /** Books one fill, the paper engine's or an exchange's (with the fee it charged and its trade id). */
  protected executeFill(account: AccountState, order: OrderRow, facts: FillFacts, ts: number, emit: Emit, closeReason: 'trade' | 'liquidation' | 'reset' = 'trade'): Settlement {
    const { price, amount, liquidity } = facts
    const { instrument } = this.tradable(order.symbol)
    const firstFill = order.filled === 0n
    const rates = this.feeRates(account.row, order.symbol)
    const feeRate = closeReason === 'liquidation' ? 0n : liquidity === 'maker' ? rates.maker : rates.taker
    const label = `${order.side === 'buy' ? 'Buy' : 'Sell'} ${formatAtoms(amount)} ${order.symbol} at ${formatAtoms(price)} (${liquidity})`
    if (instrument.type === 'spot') return this.executeSpot(account, order, instrument, facts, feeRate, label, ts, emit)
    const before = account.positions.get(order.symbol)
    const settlement = settleFill(before, {
      accountId: account.row.id,
      symbol: order.symbol,
      quote: account.row.quote,
      side: order.side,
      price,
      amount,
      feeRate,
      ...(facts.fee === undefined ? {} : { fee: facts.fee.amount }),
      leverage: order.leverage,
      ts,
      label,
    })
    const fill = this.bookFill(account, order, facts, settlement.fee, account.row.quote, settlement.realizedPnl, settlement.transaction, ts)
    account.wallet += settlement.walletChange

    if (settlement.closed !== undefined && before !== undefined) {
      this.positions.remove(account.row.id, order.symbol, {
        accountId: account.row.id,
        symbol: order.symbol,
        side: settlement.closed.side,
        entryPrice: settlement.closed.entryPrice,
        exitPrice: price,
        amount: settlement.closed.amount,
        realizedPnl: settlement.closed.realizedPnl,
        fees: settlement.closed.fees,
        closeReason: settlement.position === undefined ? closeReason : 'flip',
        openedAt: settlement.closed.openedAt,
        closedAt: ts,
      })
      this.dropPosition(account, order.symbol)
    }
    if (settlement.position !== undefined) {
      this.positions.save(settlement.position)
      this.setPosition(account, settlement.position)
    }

    // A closed or flipped position takes its bracket orders with it.
    if (settlement.closed !== undefined) this.cancelReduceOnly(account, order.symbol, order.id, ts, emit)
    const updated = this.recordFill(account, order, price, amount, ts)

    emit('order.filled', toFill(fill), account.row.id)
    emit('order.updated', toOrder(updated), account.row.id)
    if (firstFill) this.attachBrackets(account, updated, ts, emit)
    const after = account.positions.get(order.symbol)
    emit('position.updated', { accountId: account.row.id, symbol: order.symbol, position: after === undefined ? null : this.toPosition(after) }, account.row.id)
    emit('balance.updated', this.balance(account.row.id), account.row.id)
    this.checkBreaker(account, ts, emit)
    return settlement
  }

  /** Closes every position at the market (the last known price when a market has none yet). */
  /**
   * Closes every position at the market (the last known price when a market has none yet)
   * and, unless resetting, sells spot holdings. The circuit breaker is not consulted while
   * flattening: it would flatten the same positions again.
   */
  protected flatten(account: AccountState, ts: number, emit: Emit, why: 'reset' | 'kill-switch' | 'circuit-breaker'): void {
    this.flattening = true
    try {
      for (const symbol of [...account.positions.keys()]) this.closeAtMarket(account, symbol, ts, emit, why)
      if (why !== 'reset') this.sellHoldings(account, ts, emit, why)
    } finally {
      this.flattening = false
    }
  }

  private closeAtMarket(account: AccountState, symbol: string, ts: number, emit: Emit, why: 'reset' | 'kill-switch' | 'circuit-breaker'): void {
    // Read again: an earlier close in the same flatten may already have closed it.
    const position = account.positions.get(symbol)
    if (position === undefined) return
    const quote = this.quotes.get(symbol)
    const side = closingSide(position)
    const price = quote === undefined ? position.entryPrice : side === 'buy' ? quote.ask : quote.bid
    const order = this.insertOrder(account, {
      clientOrderId: engineOrderId(`${why}-${ts}-${symbol}`),
      symbol,
      side,
      type: 'market',
      timeInForce: 'IOC',
      amount: position.amount,
      leverage: position.leverage,
      reduceOnly: true,
      createdAt: ts,
    })
    this.execute(account, order, price, position.amount, 'taker', ts, emit, why === 'reset' ? 'reset' : 'trade')
  }

  private sellHoldings(account: AccountState, ts: number, emit: Emit, why: string): void {
    for (const [asset, amount] of [...account.holdings]) {
      const symbol = `${asset}/${account.row.quote}`
      const quote = this.quotes.get(symbol)
      if (quote === undefined || !this.instruments.has(symbol) || amount <= 0n) continue
      const order = this.insertOrder(account, {
        clientOrderId: engineOrderId(`${why}-${ts}-${symbol}`),
        symbol,
        side: 'sell',
        type: 'market',
        timeInForce: 'IOC',
        amount,
        leverage: 1,
        reduceOnly: false,
        createdAt: ts,
      })
      this.execute(account, order, quote.bid, amount, 'taker', ts, emit)
    }
  }

  protected halt(account: AccountState, by: 'circuit_breaker' | 'kill_switch', reason: string, ts: number, emit: Emit): void {
    const halt = { by, reason, since: ts }
    this.accountsRepo.setHalt(account.row.id, halt, reason, ts)
    account.row = { ...account.row, halt }
    emit('risk.changed', { accountId: account.row.id, halted: true, by, reason }, account.row.id)
    emit('account.updated', toAccount(account.row), account.row.id)
  }

  /**
   * Trips the circuit breaker when today's realized loss or the losing streak reaches its
   * limit. Both count from the later of the UTC day's start and the trader's last resume:
   * resuming is a deliberate override, not a trip waiting to happen on the next fill.
   */
  protected checkBreaker(account: AccountState, ts: number, emit: Emit): void {
    const { row } = account
    if (this.flattening || row.halt !== undefined || (row.dailyLossLimit === undefined && row.maxConsecutiveLosses === undefined)) return
    const since = Math.max(ts - (ts % DAY), this.accountsRepo.lastResumedAt(row.id))
    let reason: string | undefined
    if (row.dailyLossLimit !== undefined) {
      const today = this.books.resultSince(row.id, since)
      if (-today >= row.dailyLossLimit) {
        reason = `Daily loss limit: ${formatAtoms(-today)} ${row.quote} lost today (P&L less fees), the limit is ${formatAtoms(row.dailyLossLimit)}.`
      }
    }
    if (reason === undefined && row.maxConsecutiveLosses !== undefined) {
      const streak = this.positions.losingStreak(row.id, since, row.maxConsecutiveLosses)
      if (streak >= row.maxConsecutiveLosses) reason = `${streak} losing trades in a row, the limit is ${row.maxConsecutiveLosses}.`
    }
    if (reason === undefined) return
    for (const order of [...account.orders.values()]) {
      if (!order.reduceOnly) this.finish(account, order, 'canceled', `Circuit breaker: ${reason}`, ts, emit)
    }
    this.halt(account, 'circuit_breaker', reason, ts, emit)
    if (row.breakerMode === 'flatten') this.flatten(account, ts, emit, 'circuit-breaker')
  }

  /**
   * On an entry's first fill, its stop-loss and take-profit become orders for the whole
   * entry, one canceling the other: reduce-only on a perpetual (trimmed to the position when
   * they trigger); on spot, sells of what the buy bought (trimmed to the holding).
   */
  protected attachBrackets(account: AccountState, entry: OrderRow, ts: number, emit: Emit): void {
    const spot = this.tradable(entry.symbol).instrument.type === 'spot'
    const legs = [
      ['stop_market', entry.stopLoss, 'sl'],
      ['take_profit_market', entry.takeProfit, 'tp'],
    ] as const
    for (const [type, trigger, tag] of legs) {
      if (trigger === undefined) continue
      const child = this.insertOrder(account, {
        clientOrderId: engineOrderId(`${tag}-${entry.id}`),
        symbol: entry.symbol,
        side: entry.side === 'buy' ? 'sell' : 'buy',
        type,
        timeInForce: 'GTC',
        triggerPrice: trigger,
        amount: entry.amount,
        leverage: entry.leverage,
        reduceOnly: !spot,
        parentOrderId: entry.id,
        createdAt: ts,
      })
      this.setOrder(account, child)
      emit('order.updated', toOrder(child), account.row.id)
    }
  }

  /** Cancels the working bracket orders on `symbol` (other than `except`). */
  /**
   * When a position closes or flips, its reduce-only orders (bracket legs among them) have
   * nothing left to reduce and end, as on the exchanges.
   */
  protected cancelReduceOnly(account: AccountState, symbol: string, except: number, ts: number, emit: Emit): void {
    for (const working of [...account.orders.values()]) {
      if (working.symbol === symbol && working.reduceOnly && working.id !== except) {
        this.finish(account, working, 'canceled', 'Its position was closed, so this reduce-only order is no longer needed', ts, emit)
      }
    }
  }

  /** A spot fill: quote and base change hands with the market; there is no position. */
  protected executeSpot(account: AccountState, order: OrderRow, instrument: Instrument, facts: FillFacts, feeRate: Atoms, label: string, ts: number, emit: Emit): Settlement {
    const { price, amount } = facts
    const spot = settleSpotFill({
      accountId: account.row.id,
      base: instrument.base,
      quote: account.row.quote,
      side: order.side,
      price,
      amount,
      feeRate,
      ...(facts.fee === undefined ? {} : { fee: facts.fee }),
      ts,
      label,
    })
    const fill = this.bookFill(account, order, facts, spot.fee, spot.feeAsset, 0n, spot.transaction, ts)
    for (const [asset, change] of spot.walletChanges) {
      if (asset === account.row.quote) {
        account.wallet += change
        continue
      }
      const held = (account.holdings.get(asset) ?? 0n) + change
      if (held === 0n) account.holdings.delete(asset)
      else account.holdings.set(asset, held)
    }
    const firstFill = order.filled === 0n
    const updated = this.recordFill(account, order, price, amount, ts)
    emit('order.filled', toFill(fill), account.row.id)
    emit('order.updated', toOrder(updated), account.row.id)
    if (firstFill) this.attachBrackets(account, updated, ts, emit)
    emit('balance.updated', this.balance(account.row.id), account.row.id)
    this.checkBreaker(account, ts, emit)
    return { position: undefined, closed: undefined, realizedPnl: 0n, fee: spot.fee, walletChange: spot.quoteChange, transaction: spot.transaction }
  }

  /** Writes a fill and its ledger transaction; a paper trade id is unique per order and filled amount. */
  protected bookFill(
    account: AccountState,
    order: OrderRow,
    facts: FillFacts,
    fee: Atoms,
    feeAsset: string,
    realizedPnl: Atoms,
    transaction: FillTransaction,
    ts: number,
  ): FillRow {
    const fill: Omit<FillRow, 'id'> = {
      accountId: account.row.id,
      orderId: order.id,
      tradeId: facts.tradeId ?? `paper-${order.id}-${formatAtoms(order.filled + facts.amount)}`,
      symbol: order.symbol,
      side: order.side,
      price: facts.price,
      amount: facts.amount,
      fee,
      feeAsset,
      liquidity: facts.liquidity,
      realizedPnl,
      ts,
    }
    const id = this.orders.insertFill(fill)
    this.books.post({ ...transaction, orderId: order.id, fillId: id, symbol: order.symbol })
    return { ...fill, id }
  }

  /** Advances an order by one fill: amounts, average price, status and its event. */
  protected recordFill(account: AccountState, order: OrderRow, price: Atoms, amount: Atoms, ts: number): OrderRow {
    const filled = order.filled + amount
    const status = filled === order.amount ? 'filled' : 'partially_filled'
    assertTransition(order.id, order.status, status)
    const updated: OrderRow = { ...order, filled, filledNotional: order.filledNotional + notional(price, amount), status, updatedAt: ts }
    this.orders.update(updated, status !== order.status)
    if (status === 'filled') this.dropOrder(account, updated)
    else this.setOrder(account, updated)
    Object.assign(order, updated)
    return updated
  }

  /** Ends a working order without a fill (canceled or expired). */
  protected finish(account: AccountState, order: OrderRow, status: 'canceled' | 'expired', reason: string, ts: number, emit: Emit): void {
    assertTransition(order.id, order.status, status)
    const updated: OrderRow = { ...order, status, reason, updatedAt: ts }
    this.orders.update(updated, true)
    this.dropOrder(account, updated)
    emit('order.updated', toOrder(updated), account.row.id)
  }

  protected executeTriggered(account: AccountState, order: OrderRow, quote: Quote): void {
    const position = account.positions.get(order.symbol)
    let amount = order.amount - order.filled
    const { instrument } = this.tradable(order.symbol)
    if (instrument.type === 'spot' && order.side === 'sell') {
      const held = account.holdings.get(instrument.base) ?? 0n
      if (held === 0n) {
        this.commit((emit) => this.finish(account, order, 'canceled', `No ${instrument.base} left to sell when it triggered`, quote.ts, emit))
        return
      }
      if (amount > held) amount = held
    }
    if (order.reduceOnly) {
      if (position === undefined || position.side === sideOf(order.side)) {
        this.commit((emit) => this.finish(account, order, 'canceled', 'Reduce-only: no position left to reduce when it triggered', quote.ts, emit))
        return
      }
      if (amount > position.amount) amount = position.amount
    }
    this.commit((emit) => {
      // A triggered stop-limit trades only up to its limit; the rest keeps resting.
      const limit = LIMIT_TYPES.has(order.type) ? order.price : undefined
      const { filled, stop } = this.takeLiquidity(account, order, amount, limit, quote, quote.ts, emit)
      this.afterExecution(account, order, quote.ts, emit, filled < amount ? stop : undefined)
    })
  }

  protected commitExecution(account: AccountState, order: OrderRow, price: Atoms, amount: Atoms, liquidity: 'maker' | 'taker', ts: number): void {
    this.commit((emit) => {
      this.execute(account, order, price, amount, liquidity, ts, emit)
      this.afterExecution(account, order, ts, emit)
    })
  }

  /**
   * After a triggered or resting order traded: a bracket leg ends its sibling (one cancels
   * the other), and a triggered market order's unfilled rest ends (its position was smaller,
   * or `thin` says the book ran out).
   */
  protected afterExecution(account: AccountState, order: OrderRow, ts: number, emit: Emit, thin?: string): void {
    if (order.parentOrderId !== undefined) {
      for (const sibling of [...account.orders.values()]) {
        if (sibling.parentOrderId === order.parentOrderId && sibling.id !== order.id) {
          this.finish(account, sibling, 'canceled', 'The other leg of its bracket executed', ts, emit)
        }
      }
    }
    const current = account.orders.get(order.id)
    if (current === undefined || LIMIT_TYPES.has(order.type)) return
    if (thin !== undefined) this.finish(account, current, 'expired', `Only ${formatAtoms(current.filled)} of ${formatAtoms(current.amount)} filled: ${thin}`, ts, emit)
    else this.finish(account, current, 'canceled', 'Position closed; the rest of the order was not needed', ts, emit)
  }
}
