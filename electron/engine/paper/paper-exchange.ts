import { AppError } from '../../../shared/contract'
import type { Account, FillModel, Order, SizingMethod } from '../../../shared/domain/trading'
import { atoms, formatAtoms } from '../../../shared/trading/money'
import { toAccount, type AccountRow } from '../../ledger/repos/account-repo'
import { toOrder, type OrderRow } from '../../ledger/repos/order-repo'
import { checkAgainstInstrument, checkTrigger, LIMIT_TYPES, reject, type OrderRequest, engineOrderId } from './order-rules'
import { EXTERNAL, WALLET } from './settlement'
import { MarketHandler } from './market-handler'
import { orderRequestOf, type PlaceOrderParams } from './order-checks'
import { closingSide, midpoint, FILL_MODEL_KEY } from './exchange-state'
import { changeFillModel, fillModelOf, fillModelState } from './fill-model'

export type { BookLevels, PaperExchangeOptions, TradableInstrument } from './exchange-state'
export type { PlaceOrderParams } from './order-checks'
export type { RiskParams, SizingContext } from './account-desk'
export { FUNDING_INTERVAL_MS } from './market-handler'

export interface CreateAccountParams {
  name: string
  startingBalance?: string
  maxLeverage?: number
  maxOpenPositions?: number
  sizingMethod?: SizingMethod
  sizingValue?: string
  defaultStopLoss?: string
  defaultTakeProfit?: string
  makerFee?: string
  takerFee?: string
}

export interface AmendParams {
  price?: string
  triggerPrice?: string
  amount?: string
}

const DEFAULT_STARTING_BALANCE = '10000'
const DEFAULT_MAX_LEVERAGE = 10
const DEFAULT_MAX_OPEN_POSITIONS = 5
const DEFAULT_SIZING = { method: 'ACCOUNT_PERCENTAGE', value: '0.1' } as const
const QUOTE = 'USDT'

/**
 * The paper exchange: spot, and isolated-margin perpetuals in net mode, filled against the
 * feed. The ledger is the state: every command and every execution commits in one SQLite
 * transaction with its journal entries, and memory is rebuilt from the ledger at start and
 * after any failed transaction.
 *
 * Layers, each in its own file: ExchangeState (state, indexes, commits, views) <- Execution
 * (booking fills, brackets, breaker) <- OrderChecks (what refuses a bad order) <- AccountDesk
 * (settings and views paper and live accounts share) <- MarketHandler (what ticks do) <-
 * PaperExchange (the commands traders and bots send to paper accounts).
 */
export class PaperExchange extends MarketHandler {
  createAccount(params: CreateAccountParams): Account {
    const name = params.name.trim()
    if (this.accountsRepo.activeNameTaken(name)) throw new AppError('CONFLICT', `An account named "${name}" already exists.`)
    const startingBalance = atoms(params.startingBalance ?? DEFAULT_STARTING_BALANCE)
    const now = this.clock.now()
    return this.commit((emit) => {
      const id = this.accountsRepo.insert({
        name,
        quote: QUOTE,
        startingBalance,
        maxLeverage: params.maxLeverage ?? DEFAULT_MAX_LEVERAGE,
        maxOpenPositions: params.maxOpenPositions ?? DEFAULT_MAX_OPEN_POSITIONS,
        sizingMethod: params.sizingMethod ?? DEFAULT_SIZING.method,
        sizingValue: atoms(params.sizingValue ?? DEFAULT_SIZING.value),
        defaultStopLoss: params.defaultStopLoss === undefined ? undefined : atoms(params.defaultStopLoss),
        defaultTakeProfit: params.defaultTakeProfit === undefined ? undefined : atoms(params.defaultTakeProfit),
        makerFee: params.makerFee === undefined ? undefined : atoms(params.makerFee),
        takerFee: params.takerFee === undefined ? undefined : atoms(params.takerFee),
        createdAt: now,
      })
      this.books.post({
        accountId: id,
        kind: 'deposit',
        description: `Starting balance of the paper account "${name}"`,
        ts: now,
        postings: [
          { book: WALLET, asset: QUOTE, amount: startingBalance },
          { book: EXTERNAL.capital, asset: QUOTE, amount: -startingBalance },
        ],
      })
      const row = this.accountsRepo.byId(id) as AccountRow
      this.accounts.set(id, { row, wallet: startingBalance, holdings: new Map(), positions: new Map(), orders: new Map() })
      emit('account.updated', toAccount(row), id)
      emit('balance.updated', this.balance(id), id)
      return toAccount(row)
    })
  }

  /** Cancels working orders, closes positions at the market and restores the starting balance. */
  resetAccount(accountId: number): Account {
    const account = this.activeAccount(accountId)
    const now = this.clock.now()
    return this.commit((emit) => {
      for (const order of [...account.orders.values()]) this.finish(account, order, 'canceled', 'Account reset', now, emit)
      this.flatten(account, now, emit, 'reset')
      for (const [asset, amount] of account.holdings) {
        this.books.post({
          accountId,
          kind: 'reset',
          description: `Account reset: ${formatAtoms(amount)} ${asset} removed`,
          ts: now,
          postings: [
            { book: WALLET, asset, amount: -amount },
            { book: EXTERNAL.capital, asset, amount },
          ],
        })
      }
      account.holdings.clear()
      const topUp = account.row.startingBalance - account.wallet
      if (topUp !== 0n) {
        this.books.post({
          accountId,
          kind: 'reset',
          description: `Account reset: balance restored to ${formatAtoms(account.row.startingBalance)} ${QUOTE}`,
          ts: now,
          postings: [
            { book: WALLET, asset: QUOTE, amount: topUp },
            { book: EXTERNAL.capital, asset: QUOTE, amount: -topUp },
          ],
        })
        account.wallet += topUp
      }
      emit('account.updated', toAccount(account.row), accountId)
      emit('balance.updated', this.balance(accountId), accountId)
      return toAccount(account.row)
    })
  }

  /** Archives an account with no open position; its working orders are canceled. */
  archiveAccount(accountId: number): Account {
    const account = this.activeAccount(accountId)
    if (account.positions.size > 0) {
      reject('positions_open', `Close the ${account.positions.size} open position(s) of "${account.row.name}" before archiving it.`)
    }
    const now = this.clock.now()
    return this.commit((emit) => {
      for (const order of [...account.orders.values()]) this.finish(account, order, 'canceled', 'Account archived', now, emit)
      this.accountsRepo.setStatus(accountId, 'archived', now)
      account.row = { ...account.row, status: 'archived' }
      emit('account.updated', toAccount(account.row), accountId)
      return toAccount(account.row)
    })
  }

  /** Cancels every working order, optionally closes every position, and halts trading until resumed. */
  killSwitch(accountId: number, flatten: boolean, reason = 'Kill switch'): Account {
    const account = this.activeAccount(accountId)
    const now = this.clock.now()
    return this.commit((emit) => {
      for (const order of [...account.orders.values()]) this.finish(account, order, 'canceled', `Kill switch: ${reason}`, now, emit)
      this.halt(account, 'kill_switch', `${reason}${flatten ? ' (positions closed)' : ''}`, now, emit)
      if (flatten) this.flatten(account, now, emit, 'kill-switch')
      return toAccount(account.row)
    })
  }

  /**
   * Places an order. `inTransaction` runs inside the order's transaction (e.g. to record the
   * intent that caused it), so both commit or neither does.
   */
  placeOrder(params: PlaceOrderParams, inTransaction?: (order: Order) => void): Order {
    const account = this.activeAccount(params.accountId)
    const request = orderRequestOf(params)
    const again = this.resentOrder(account, params.clientOrderId, request, params.leverage)
    if (again !== undefined) return again
    const { quote, takerPrice, watched, leverage, crosses } = this.vetOrder(account, request, params.leverage)
    const now = this.clock.now()
    return this.commit((emit) => {
      const order = this.insertOrder(account, {
        // The id SQLite will give this order (single writer, inside the transaction).
        clientOrderId: params.clientOrderId ?? engineOrderId(String(this.lastOrderId + 1)),
        symbol: request.symbol,
        side: request.side,
        type: request.type,
        timeInForce: request.timeInForce,
        price: request.price,
        triggerPrice: request.triggerPrice,
        amount: request.amount,
        leverage,
        reduceOnly: request.reduceOnly,
        stopLoss: request.stopLoss,
        takeProfit: request.takeProfit,
        triggerBy: request.triggerBy,
        trailingDistance: request.trailingDistance,
        trailingPercent: request.trailingPercent,
        trailingAnchor: request.type === 'trailing_stop_market' ? watched : undefined,
        createdAt: now,
      })
      emit('order.updated', toOrder(order), account.row.id)
      if (crosses) {
        this.fillCrossing(account, order, quote, now, emit)
      } else if (request.timeInForce === 'IOC' || request.timeInForce === 'FOK') {
        this.finish(account, order, 'expired', `${request.timeInForce} limit did not cross the market (best ${request.side === 'buy' ? 'ask' : 'bid'} ${formatAtoms(takerPrice)})`, now, emit)
      } else {
        this.setOrder(account, order)
      }
      const placed = toOrder(this.orders.byId(order.id) as OrderRow)
      inTransaction?.(placed)
      return placed
    })
  }

  cancelOrder(accountId: number, orderId: number): Order {
    const account = this.account(accountId)
    const order = this.workingOrder(account, orderId)
    return this.commit((emit) => {
      this.finish(account, order, 'canceled', 'Canceled by the trader', this.clock.now(), emit)
      return toOrder(this.orders.byId(orderId) as OrderRow)
    })
  }

  /** Changes a working order's limit price, trigger price or amount, checked as a new order would be. */
  amendOrder(accountId: number, orderId: number, changes: AmendParams): Order {
    const account = this.activeAccount(accountId)
    const order = this.workingOrder(account, orderId)
    const { instrument } = this.tradable(order.symbol)
    const quote = this.quote(order.symbol)
    if (changes.price !== undefined && !LIMIT_TYPES.has(order.type)) reject('price_not_allowed', `A ${order.type.replace(/_/g, ' ')} order has no limit price to change.`)
    if (changes.triggerPrice !== undefined && (order.triggerPrice === undefined || order.triggeredAt !== undefined || order.type === 'trailing_stop_market')) {
      reject('trigger_not_amendable', 'This order has no waiting trigger price to change (a trailing stop moves by itself).')
    }
    const amount = changes.amount === undefined ? order.amount : atoms(changes.amount)
    if (amount <= order.filled) reject('amend_below_filled', `${formatAtoms(order.filled)} of order ${orderId} has filled already; the amount must stay above that.`)
    const request: OrderRequest = {
      ...order,
      price: changes.price === undefined ? order.price : atoms(changes.price),
      triggerPrice: changes.triggerPrice === undefined ? order.triggerPrice : atoms(changes.triggerPrice),
      amount,
    }
    checkAgainstInstrument(request, instrument, request.price ?? request.triggerPrice ?? quote.last)
    if (changes.triggerPrice !== undefined) checkTrigger(request, order.triggerBy === 'mark' ? midpoint(quote) : quote.last)
    const resting = order.type === 'limit' || order.triggeredAt !== undefined
    const crosses = resting && (order.side === 'buy' ? request.price! >= quote.ask : request.price! <= quote.bid)
    if (crosses && order.timeInForce === 'PO') reject('post_only_cross', `Post-only: ${formatAtoms(request.price!)} would trade at once.`)
    // The unfilled rest is checked as a new order would be, net of what this order holds now.
    const rest: OrderRequest = { ...request, amount: amount - order.filled }
    const position = account.positions.get(order.symbol)
    const price = request.price ?? request.triggerPrice ?? quote.last
    this.checkPosition(account, rest, position)
    this.checkRisk(account, rest, position, price)
    this.checkMargin(account, instrument, rest, position, order.leverage, price, order)
    const changed = (['price', 'triggerPrice', 'amount'] as const)
      .filter((key) => request[key] !== order[key])
      .map((key) => `${key} ${formatAtoms(order[key] ?? 0n)} -> ${formatAtoms(request[key] ?? 0n)}`)
    if (changed.length === 0) return toOrder(order)
    const now = this.clock.now()
    return this.commit((emit) => {
      const updated: OrderRow = { ...order, price: request.price, triggerPrice: request.triggerPrice, amount, updatedAt: now }
      this.orders.update(updated, `Amended: ${changed.join(', ')}`)
      this.setOrder(account, updated)
      emit('order.updated', toOrder(updated), accountId)
      if (crosses) this.fillCrossing(account, updated, quote, now, emit)
      return toOrder(this.orders.byId(orderId) as OrderRow)
    })
  }

  /** Closes all or part of a position with a reduce-only market order. */
  closePosition(accountId: number, symbol: string, amount?: string, inTransaction?: (order: Order) => void): Order {
    const account = this.activeAccount(accountId)
    const { instrument } = this.tradable(symbol)
    if (instrument.type === 'spot') {
      const free = this.freeHolding(account, instrument.base)
      if (free <= 0n) throw new AppError('NOT_FOUND', `There is no ${instrument.base} to sell in "${account.row.name}".`)
      return this.placeOrder({ accountId, symbol, side: 'sell', type: 'market', amount: amount ?? formatAtoms(free) }, inTransaction)
    }
    const position = account.positions.get(symbol)
    if (position === undefined) throw new AppError('NOT_FOUND', `There is no open ${symbol} position in "${account.row.name}".`)
    return this.placeOrder({
      accountId,
      symbol,
      side: closingSide(position),
      type: 'market',
      amount: amount ?? formatAtoms(position.amount),
      reduceOnly: true,
    }, inTransaction)
  }

  getFillModel(): FillModel {
    return fillModelOf(this.fillModel)
  }

  /** Changes the fill assumptions from the next tick on; the ledger keeps them. */
  setFillModel(change: Partial<FillModel>): FillModel {
    const next = changeFillModel(fillModelOf(this.fillModel), change)
    // Ticks not yet quoted were quoted under the model in force when they came.
    this.quotes.settle()
    this.commit((emit) => {
      this.meta.set(FILL_MODEL_KEY, JSON.stringify(next))
      emit('engine.fillModelChanged', next)
    })
    this.fillModel = fillModelState(next)
    return next
  }
}
