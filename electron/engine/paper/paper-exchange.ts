import { AppError } from '../../../shared/contract'
import type { Instrument } from '../../../shared/domain/market'
import type { Account, BalanceSnapshot, Fill, FillModel, LedgerEntry, Order, OrderSide, OrderType, Position, BreakerMode, SizingMethod, TimeInForce } from '../../../shared/domain/trading'
import { initialMargin, maxLeverageFor, notional, tradingFee } from '../../../shared/trading/margin'
import { atoms, formatAtoms, type Atoms } from '../../../shared/trading/money'
import { toAccount, type AccountRow, type RiskSettings } from '../../ledger/repos/account-repo'
import { toFill, toOrder, type OrderRow } from '../../ledger/repos/order-repo'
import type { PositionRow } from '../../ledger/repos/position-repo'
import { checkAgainstInstrument, checkBracket, checkShape, checkTrigger, LIMIT_TYPES, reject, trailingTrigger, type OrderRequest, engineOrderId } from './order-rules'
import { EXTERNAL, WALLET } from './settlement'
import { MarketHandler } from './market-handler'
import { closingSide, sideOf, midpoint, FILL_MODEL_KEY, type AccountState } from './exchange-state'
import { changeFillModel, fillModelOf, fillModelState } from './fill-model'

export type { BookLevels, PaperExchangeOptions, TradableInstrument } from './exchange-state'
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

export interface RiskParams {
  /** undefined keeps a limit, null removes it. */
  maxPositionNotional?: string | null
  dailyLossLimit?: string | null
  maxConsecutiveLosses?: number | null
  breakerMode?: BreakerMode
}

export interface PlaceOrderParams {
  accountId: number
  clientOrderId?: string
  symbol: string
  side: OrderSide
  type: OrderType
  amount: string
  price?: string
  triggerPrice?: string
  timeInForce?: TimeInForce
  reduceOnly?: boolean
  leverage?: number
  stopLoss?: string
  takeProfit?: string
  triggerBy?: 'last' | 'mark'
  trailingDistance?: string
  trailingPercent?: string
}

export interface AmendParams {
  price?: string
  triggerPrice?: string
  amount?: string
}

export interface SizingContext {
  account: AccountRow
  instrument: Instrument
  /** The taker fee this account pays on this market. */
  takerFee: Atoms
  bid: Atoms
  ask: Atoms
  equity: Atoms
  available: Atoms
  position?: { side: 'long' | 'short'; amount: Atoms }
}

const DEFAULT_STARTING_BALANCE = '10000'
const DEFAULT_MAX_LEVERAGE = 10
const DEFAULT_MAX_OPEN_POSITIONS = 5
const DEFAULT_SIZING = { method: 'ACCOUNT_PERCENTAGE', value: '0.1' } as const
const QUOTE = 'USDT'

/** Instruments' minimum amounts in atoms, parsed once (a bot asks on every candle). */
const minAmounts = new WeakMap<Instrument, Atoms>()
function minAmountOf(instrument: Instrument): Atoms {
  let min = minAmounts.get(instrument)
  if (min === undefined) minAmounts.set(instrument, (min = atoms(instrument.minAmount)))
  return min
}

/**
 * The paper exchange: spot, and isolated-margin perpetuals in net mode, filled against the
 * feed. The ledger is the state: every command and every execution commits in one SQLite
 * transaction with its journal entries, and memory is rebuilt from the ledger at start and
 * after any failed transaction.
 *
 * Layers, each in its own file: ExchangeState (state, indexes, commits, views) <- Execution
 * (booking fills, brackets, breaker) <- MarketHandler (what ticks do) <- PaperExchange (the
 * commands traders and bots send, and the checks that refuse bad ones).
 */
export class PaperExchange extends MarketHandler {
  listAccounts(): Account[] {
    return [...this.accounts.values()].map((a) => toAccount(a.row))
  }

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

  renameAccount(accountId: number, name: string): Account {
    const account = this.account(accountId)
    const trimmed = name.trim()
    if (this.accountsRepo.activeNameTaken(trimmed, accountId)) throw new AppError('CONFLICT', `An account named "${trimmed}" already exists.`)
    return this.commit((emit) => {
      this.accountsRepo.rename(accountId, trimmed, this.clock.now())
      account.row = { ...account.row, name: trimmed }
      emit('account.updated', toAccount(account.row), accountId)
      return toAccount(account.row)
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

  setRisk(accountId: number, params: RiskParams): Account {
    const account = this.account(accountId)
    const row = account.row
    // undefined keeps the current limit, null removes it.
    const amount = (given: string | null | undefined, current: Atoms | undefined) =>
      given === undefined ? current : given === null ? undefined : atoms(given)
    const risk: RiskSettings = {
      maxPositionNotional: amount(params.maxPositionNotional, row.maxPositionNotional),
      dailyLossLimit: amount(params.dailyLossLimit, row.dailyLossLimit),
      maxConsecutiveLosses: params.maxConsecutiveLosses === undefined ? row.maxConsecutiveLosses : (params.maxConsecutiveLosses ?? undefined),
      breakerMode: params.breakerMode ?? row.breakerMode,
    }
    return this.commit((emit) => {
      this.accountsRepo.setRisk(accountId, risk, 'Risk limits changed by the trader', this.clock.now())
      account.row = { ...row, ...risk }
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

  resume(accountId: number): Account {
    const account = this.activeAccount(accountId)
    if (account.row.halt === undefined) reject('not_halted', `"${account.row.name}" is not halted.`)
    return this.commit((emit) => {
      const reason = 'Resumed by the trader'
      this.accountsRepo.setHalt(accountId, undefined, reason, this.clock.now())
      account.row = { ...account.row, halt: undefined }
      emit('risk.changed', { accountId, halted: false, reason }, accountId)
      emit('account.updated', toAccount(account.row), accountId)
      return toAccount(account.row)
    })
  }

  /**
   * Places an order. `inTransaction` runs inside the order's transaction (e.g. to record the
   * intent that caused it), so both commit or neither does.
   */
  placeOrder(params: PlaceOrderParams, inTransaction?: (order: Order) => void): Order {
    const account = this.activeAccount(params.accountId)
    const request: OrderRequest = {
      symbol: params.symbol,
      side: params.side,
      type: params.type,
      amount: atoms(params.amount),
      price: params.price === undefined ? undefined : atoms(params.price),
      triggerPrice: params.triggerPrice === undefined ? undefined : atoms(params.triggerPrice),
      timeInForce: params.timeInForce ?? (params.type === 'market' ? 'IOC' : 'GTC'),
      reduceOnly: params.reduceOnly ?? false,
      stopLoss: params.stopLoss === undefined ? undefined : atoms(params.stopLoss),
      takeProfit: params.takeProfit === undefined ? undefined : atoms(params.takeProfit),
      triggerBy: params.triggerBy ?? 'last',
      trailingDistance: params.trailingDistance === undefined ? undefined : atoms(params.trailingDistance),
      trailingPercent: params.trailingPercent === undefined ? undefined : atoms(params.trailingPercent),
    }
    if (params.clientOrderId !== undefined) {
      const existing = this.orders.byClientId(account.row.id, params.clientOrderId)
      if (existing !== undefined) return this.resent(existing, request, params.leverage)
    }
    const { instrument } = this.tradable(request.symbol)
    checkShape(request)
    const quote = this.quote(request.symbol)
    const takerPrice = request.side === 'buy' ? quote.ask : quote.bid
    const watched = request.triggerBy === 'mark' ? midpoint(quote) : quote.last
    if (request.type === 'trailing_stop_market') {
      request.triggerPrice = trailingTrigger(request.side, watched, request.trailingDistance, request.trailingPercent, atoms(instrument.tickSize))
    }
    checkAgainstInstrument(request, instrument, request.price ?? request.triggerPrice ?? takerPrice)
    checkTrigger(request, watched)
    checkBracket(request, request.price ?? request.triggerPrice ?? takerPrice)
    const position = account.positions.get(request.symbol)
    const leverage = this.leverageFor(account, instrument, position, params.leverage)
    this.checkPosition(account, request, position)
    this.checkRisk(account, request, position, request.price ?? request.triggerPrice ?? takerPrice)
    this.checkTierLeverage(request, position, leverage, request.price ?? request.triggerPrice ?? takerPrice)
    this.checkMargin(account, instrument, request, position, leverage, request.price ?? request.triggerPrice ?? takerPrice)

    const crosses = request.type === 'market' || (request.type === 'limit' && (request.side === 'buy' ? request.price! >= quote.ask : request.price! <= quote.bid))
    if (request.timeInForce === 'PO' && crosses) {
      reject('post_only_cross', `Post-only: a ${request.side} at ${formatAtoms(request.price!)} would trade at once against ${formatAtoms(takerPrice)}.`)
    }
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

  listOrders(accountId: number, onlyOpen: boolean, limit = 500): Order[] {
    this.account(accountId)
    return this.orders.list(accountId, onlyOpen, limit).map(toOrder)
  }

  listFills(accountId: number, limit = 500): Fill[] {
    this.account(accountId)
    return this.orders.fills(accountId, limit).map(toFill)
  }

  ledgerEntries(accountId: number, limit = 500): LedgerEntry[] {
    this.account(accountId)
    return this.books.entries(accountId, limit)
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

  balanceHistory(accountId: number, limit = 500): BalanceSnapshot[] {
    this.account(accountId)
    return this.snapshots.list(accountId, limit)
  }

  listPositions(accountId: number): Position[] {
    return [...this.account(accountId).positions.values()].map((p) => this.toPosition(p))
  }

  /** Whether a market is spot or a perpetual (NOT_FOUND for one the exchange does not list). */
  marketType(symbol: string): Instrument['type'] {
    return this.tradable(symbol).instrument.type
  }

  /** The ids of an account's working orders in one market (from memory: a bot asks before every exit). */
  workingOrderIds(accountId: number, symbol: string): number[] {
    return [...this.account(accountId).orders.values()].filter((o) => o.symbol === symbol).map((o) => o.id)
  }

  /**
   * What an account holds in one market, as a bot sees it: a perpetual's position, or a
   * spot balance of at least the market's minimum amount (less is dust, not a position).
   */
  exposure(accountId: number, symbol: string): { side: 'long' | 'short'; amount: Atoms; entryPrice: Atoms | undefined; spot: boolean } | undefined {
    const account = this.account(accountId)
    const { instrument } = this.tradable(symbol)
    if (instrument.type === 'spot') {
      const held = account.holdings.get(instrument.base) ?? 0n
      return held > 0n && held >= minAmountOf(instrument) ? { side: 'long', amount: held, entryPrice: undefined, spot: true } : undefined
    }
    const position = account.positions.get(symbol)
    return position === undefined ? undefined : { side: position.side, amount: position.amount, entryPrice: position.entryPrice, spot: false }
  }

  /** What sizing a trade intent needs to know, read in one place (throws like placeOrder would). */
  sizingContext(accountId: number, symbol: string): SizingContext {
    const account = this.activeAccount(accountId)
    const { instrument } = this.tradable(symbol)
    const quote = this.quote(symbol)
    // Spot holdings count toward equity, like balance() reports it.
    const { equity } = this.totals(account)
    const position = account.positions.get(symbol)
    return {
      account: account.row,
      instrument,
      takerFee: this.feeRates(account.row, symbol).taker,
      bid: quote.bid,
      ask: quote.ask,
      equity,
      available: account.wallet - this.reservedByOrders(account),
      ...(position === undefined ? {} : { position: { side: position.side, amount: position.amount } }),
    }
  }

  private resent(existing: OrderRow, request: OrderRequest, leverage: number | undefined): Order {
    const same =
      existing.symbol === request.symbol &&
      existing.side === request.side &&
      existing.type === request.type &&
      existing.amount === request.amount &&
      existing.price === request.price &&
      // A trailing stop's trigger was computed when it was placed; its distance identifies it.
      (existing.type === 'trailing_stop_market' || existing.triggerPrice === request.triggerPrice) &&
      existing.timeInForce === request.timeInForce &&
      existing.reduceOnly === request.reduceOnly &&
      existing.stopLoss === request.stopLoss &&
      existing.triggerBy === request.triggerBy &&
      existing.trailingDistance === request.trailingDistance &&
      existing.trailingPercent === request.trailingPercent &&
      existing.takeProfit === request.takeProfit &&
      (leverage === undefined || leverage === existing.leverage)
    if (!same) {
      throw new AppError('CONFLICT', `Client order id "${existing.clientOrderId}" was already used for a different order (${existing.id}).`, {
        orderId: existing.id,
      })
    }
    return toOrder(existing)
  }

  private leverageFor(account: AccountState, instrument: Instrument, position: PositionRow | undefined, asked: number | undefined): number {
    if (instrument.type === 'spot') {
      if (asked !== undefined && asked !== 1) reject('spot_leverage', `${instrument.symbol} is spot: it trades without leverage (use the perpetual for leverage).`)
      return 1
    }
    const limit = Math.min(account.row.maxLeverage, instrument.maxLeverage)
    if (asked !== undefined && asked > limit) {
      const which = asked > instrument.maxLeverage ? `${instrument.symbol}'s maximum of ${instrument.maxLeverage}x` : `this account's limit of ${account.row.maxLeverage}x`
      reject('max_leverage', `Leverage ${asked}x is above ${which}.`, { maximum: limit })
    }
    if (position !== undefined) {
      if (asked !== undefined && asked !== position.leverage) {
        reject('leverage_locked', `The open ${position.symbol} position uses ${position.leverage}x; leverage cannot change while it is open.`)
      }
      return position.leverage
    }
    return asked ?? limit
  }

  private checkPosition(account: AccountState, request: OrderRequest, position: PositionRow | undefined): void {
    if (this.tradable(request.symbol).instrument.type === 'spot') {
      if (request.reduceOnly) reject('spot_reduce_only', 'Reduce-only applies to perpetuals; on spot, a sell simply sells what you hold.')
      if (request.side === 'sell' && (request.stopLoss !== undefined || request.takeProfit !== undefined)) {
        reject('spot_brackets', 'On spot, an attached stop-loss and take-profit protect a buy (they sell what it bought); for a sell, place a buy stop separately.')
      }
      return
    }
    const reduces = position !== undefined && position.side !== sideOf(request.side)
    if (request.reduceOnly) {
      if (!reduces) reject('reduce_only_increase', `Reduce-only: there is no ${request.side === 'buy' ? 'short' : 'long'} ${request.symbol} position for this order to reduce.`)
      if (request.amount > position!.amount) {
        reject('reduce_only_size', `Reduce-only: ${formatAtoms(request.amount)} is more than the open position of ${formatAtoms(position!.amount)}.`)
      }
      return
    }
    const opensNew = position === undefined || (reduces && request.amount > position.amount)
    if (position === undefined && opensNew && account.positions.size >= account.row.maxOpenPositions) {
      reject('max_positions', `"${account.row.name}" already has ${account.positions.size} open positions, its limit.`, {
        maximum: account.row.maxOpenPositions,
      })
    }
  }

  /** As on Binance, a larger position allows less leverage: the tier of its notional sets the cap. */
  private checkTierLeverage(request: OrderRequest, position: PositionRow | undefined, leverage: number, price: Atoms): void {
    const { instrument, tiers } = this.tradable(request.symbol)
    if (instrument.type !== 'swap' || request.reduceOnly) return
    const current = position === undefined ? 0n : position.side === 'long' ? position.amount : -position.amount
    const after = current + (request.side === 'buy' ? request.amount : -request.amount)
    if (after === 0n) return
    const value = notional(price, after < 0n ? -after : after)
    const allowed = maxLeverageFor(tiers, value)
    if (leverage > allowed) {
      reject(
        'tier_leverage',
        `A ${request.symbol} position worth ${formatAtoms(value)} ${instrument.quote} allows at most ${allowed}x; lower the leverage or the size.`,
        { maximum: allowed },
      )
    }
  }

  /** Halts, breaker modes and the position-notional limit. */
  private checkRisk(account: AccountState, request: OrderRequest, position: PositionRow | undefined, price: Atoms): void {
    const { row } = account
    const spot = this.tradable(request.symbol).instrument
    const held = spot.type === 'spot' ? (account.holdings.get(spot.base) ?? 0n) : 0n
    const reduces =
      spot.type === 'spot'
        ? request.side === 'sell'
        : position !== undefined && position.side !== sideOf(request.side) && request.amount <= position.amount
    if (row.halt !== undefined) {
      const onlyReduceOnly = row.halt.by === 'kill_switch' || row.breakerMode !== 'block_entries'
      // A spot sell only reduces what is held, so it passes wherever reduce-only orders do.
      const spotSell = spot.type === 'spot' && request.side === 'sell'
      const allowed = onlyReduceOnly ? request.reduceOnly || spotSell : request.reduceOnly || reduces
      if (!allowed) {
        const what = row.halt.by === 'kill_switch' ? 'the kill switch' : 'the circuit breaker'
        const only = onlyReduceOnly ? 'reduce-only orders' : 'orders that reduce a position'
        reject('trading_halted', `Trading is halted by ${what} (${row.halt.reason}); only ${only} are accepted until you resume.`)
      }
    }
    if (row.maxPositionNotional !== undefined && !request.reduceOnly && !reduces) {
      const current = spot.type === 'spot' ? held : position === undefined ? 0n : position.side === 'long' ? position.amount : -position.amount
      const signed = current + (request.side === 'buy' ? request.amount : -request.amount)
      const after = notional(price, signed < 0n ? -signed : signed)
      if (after > row.maxPositionNotional) {
        reject(
          'max_position_notional',
          `The ${request.symbol} position would be worth ${formatAtoms(after)} ${row.quote}, above this account's limit of ${formatAtoms(row.maxPositionNotional)}.`,
        )
      }
    }
  }

  /** `amending` is the working order being changed: what it holds now is available to it. */
  private checkMargin(
    account: AccountState,
    instrument: Instrument,
    request: OrderRequest,
    position: PositionRow | undefined,
    leverage: number,
    price: Atoms,
    amending?: OrderRow,
  ): void {
    if (request.reduceOnly) return
    if (instrument.type === 'spot' && request.side === 'sell') {
      const own = amending === undefined ? 0n : amending.amount - amending.filled
      const free = this.freeHolding(account, instrument.base) + own
      if (request.amount > free) {
        reject('insufficient_balance', `Not enough ${instrument.base}: selling ${formatAtoms(request.amount)} needs that much, ${formatAtoms(free)} is free.`, {
          needed: formatAtoms(request.amount),
          available: formatAtoms(free),
        })
      }
      return
    }
    const closing = position !== undefined && position.side !== sideOf(request.side) ? (request.amount < position.amount ? request.amount : position.amount) : 0n
    const opening = request.amount - closing
    const fee = tradingFee(notional(price, request.amount), this.feeRates(account.row, instrument.symbol).taker)
    // An order that only closes (or shrinks) a position opens nothing and needs no margin.
    const needed = (opening > 0n ? initialMargin(notional(price, opening), leverage) : 0n) + fee
    const available = account.wallet - this.reservedByOrders(account) + (amending === undefined ? 0n : this.reservationOf(amending))
    if (needed > available) {
      reject(
        'insufficient_margin',
        `Not enough margin: this order needs ${formatAtoms(needed)} ${account.row.quote} (margin at ${leverage}x plus fee), ${formatAtoms(available < 0n ? 0n : available)} is available.`,
        { needed: formatAtoms(needed), available: formatAtoms(available) },
      )
    }
  }
}
