import { AppError, type EventName, type PayloadOf } from '../../../shared/contract'
import type { Instrument, Tick } from '../../../shared/domain/market'
import type {
  Account,
  AccountBalance,
  Fill,
  LedgerEntry,
  Order,
  OrderSide,
  OrderType,
  Position,
  BreakerMode,
  SizingMethod,
  TimeInForce,
} from '../../../shared/domain/trading'
import {
  initialMargin,
  isLiquidatable,
  liquidationPrice,
  notional,
  tradingFee,
  unrealizedPnl,
  type MaintenanceTier,
} from '../../../shared/trading/margin'
import { atoms, atomsOf, divRound, formatAtoms, mul, type Atoms } from '../../../shared/trading/money'
import type { Db } from '../../ledger/db'
import { AccountRepo, toAccount, type AccountRow, type RiskSettings } from '../../ledger/repos/account-repo'
import { BookRepo } from '../../ledger/repos/book-repo'
import { FundingRepo } from '../../ledger/repos/funding-repo'
import { JournalRepo } from '../../ledger/repos/journal-repo'
import { OrderRepo, orderShape, toFill, toOrder, type FillRow, type OrderRow } from '../../ledger/repos/order-repo'
import { PositionRepo, type PositionRow } from '../../ledger/repos/position-repo'
import type { EventBus } from '../bus'
import type { Clock } from '../clock'
import { assertTransition } from '../order-status'
import {
  checkAgainstInstrument,
  checkBracket,
  checkShape,
  checkTrigger,
  LIMIT_TYPES,
  reject,
  trailingTrigger,
  triggersUpward,
  type OrderRequest,
} from './order-rules'
import { EXTERNAL, marginBook, settleFill, settleSpotFill, WALLET, type Settlement } from './settlement'

export interface TradableInstrument {
  instrument: Instrument
  /** Maintenance-margin tiers (perpetuals); liquidation follows them. */
  tiers: readonly MaintenanceTier[]
}

export interface PaperExchangeOptions {
  /**
   * When a resting limit order fills: 'trade-through' (default, conservative) needs a trade
   * strictly beyond its price, as if the order were last in the queue; 'touch' fills on a
   * trade at its price.
   */
  queue?: 'trade-through' | 'touch'
  /**
   * The funding rate of a perpetual for the settlement at `fundingTime` (decimal string,
   * positive = longs pay shorts), from the data source; none means no funding is charged.
   */
  fundingRate?: (symbol: string, fundingTime: number) => string | undefined
  /**
   * The order book of `symbol` (best first), from a source that carries depth: taker orders
   * then walk its levels. Without it they fill at the best bid or ask, whatever their size.
   */
  bookOf?: (symbol: string) => BookLevels | undefined
  /** Spread quoted around the last price when a source has no real bid/ask (default 0.0005 = 0.05 %). */
  syntheticSpread?: string
}

export interface BookLevels {
  bids: ReadonlyArray<readonly [price: number, amount: number]>
  asks: ReadonlyArray<readonly [price: number, amount: number]>
}

/** Perpetuals settle funding every 8 hours, at 00:00, 08:00 and 16:00 UTC. */
export const FUNDING_INTERVAL_MS = 8 * 3_600_000

export interface CreateAccountParams {
  name: string
  startingBalance?: string
  maxLeverage?: number
  maxOpenPositions?: number
  sizingMethod?: SizingMethod
  sizingValue?: string
  defaultStopLoss?: string
  defaultTakeProfit?: string
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
  bid: Atoms
  ask: Atoms
  equity: Atoms
  available: Atoms
  position?: { side: 'long' | 'short'; amount: Atoms }
}

interface Quote {
  bid: Atoms
  ask: Atoms
  last: Atoms
  /** Base volume of the last trade, which bounds how much a resting order can fill on it. */
  volume: Atoms
  ts: number
}

interface AccountState {
  row: AccountRow
  /** Free balance of the quote currency (the 'wallet' book). */
  wallet: Atoms
  /** Spot holdings: the other assets' wallet balances (BTC, ETH, ...). */
  holdings: Map<string, Atoms>
  positions: Map<string, PositionRow>
  /** Working orders: resting limits and untriggered stops, by id. */
  orders: Map<number, OrderRow>
}

type Emit = <E extends EventName>(name: E, payload: PayloadOf<E>, accountId?: number) => void

const DEFAULT_STARTING_BALANCE = '10000'
const DEFAULT_MAX_LEVERAGE = 10
const DEFAULT_MAX_OPEN_POSITIONS = 5
const DEFAULT_SIZING = { method: 'ACCOUNT_PERCENTAGE', value: '0.1' } as const
const DAY = 86_400_000
const QUOTE = 'USDT'

const sideOf = (side: OrderSide): 'long' | 'short' => (side === 'buy' ? 'long' : 'short')
const closingSide = (position: PositionRow): OrderSide => (position.side === 'long' ? 'sell' : 'buy')
const midpoint = (q: Quote): Atoms => divRound(q.bid + q.ask, 2n, 'half-up')

/**
 * The paper exchange: isolated-margin perpetuals in net mode, filled against the live feed.
 * The ledger is the state: every command and every execution commits in one SQLite
 * transaction with its journal entries, and the engine's memory is rebuilt from the ledger
 * at start and after any failed transaction.
 */
export class PaperExchange {
  private readonly accountsRepo: AccountRepo
  private readonly books: BookRepo
  private readonly orders: OrderRepo
  private readonly positions: PositionRepo
  private readonly journal: JournalRepo
  private readonly funding: FundingRepo
  private readonly fundingRate: PaperExchangeOptions['fundingRate']
  private readonly bookOf: PaperExchangeOptions['bookOf']
  private readonly syntheticSpread: Atoms
  /** Per perpetual: the latest funding settlement handled (applied, or passed before it had a position). */
  private readonly fundedUntil = new Map<string, number>()
  /** Working orders by symbol (order id -> the order and its account), so a tick looks only at its own market. */
  private readonly workingBySymbol = new Map<string, Map<number, { account: AccountState; order: OrderRow }>>()
  /** Accounts holding a position, by symbol, for liquidation checks. */
  private readonly holdersBySymbol = new Map<string, Set<AccountState>>()
  /** Liquidation price per position; positions are replaced on every change, so entries never go stale. */
  private readonly liquidationCache = new WeakMap<PositionRow, Atoms | null>()
  /** The highest order id so far: orders above a tick's starting ceiling were created by it. */
  private lastOrderId = 0
  /** Events of a tick batch, published once the whole batch has committed. */
  private pending: Array<[EventName, unknown]> | undefined
  private readonly accounts = new Map<number, AccountState>()
  private readonly quotes = new Map<string, Quote>()
  private readonly queue: 'trade-through' | 'touch'

  constructor(
    private readonly db: Db,
    private readonly instruments: ReadonlyMap<string, TradableInstrument>,
    private readonly bus: EventBus,
    private readonly clock: Clock,
    options: PaperExchangeOptions = {},
  ) {
    this.accountsRepo = new AccountRepo(db)
    this.books = new BookRepo(db)
    this.orders = new OrderRepo(db)
    this.positions = new PositionRepo(db)
    this.journal = new JournalRepo(db)
    this.funding = new FundingRepo(db)
    this.fundingRate = options.fundingRate
    this.bookOf = options.bookOf
    this.syntheticSpread = atoms(options.syntheticSpread ?? '0.0005')
    this.queue = options.queue ?? 'trade-through'
    this.load()
  }

  // ---------------------------------------------------------------- accounts

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
      if (flatten) this.flatten(account, now, emit, 'kill-switch')
      this.halt(account, 'kill_switch', `${reason}${flatten ? ' (positions closed)' : ''}`, now, emit)
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

  // ---------------------------------------------------------------- orders

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
    this.checkMargin(account, instrument, request, position, leverage, request.price ?? request.triggerPrice ?? takerPrice)

    const crosses = request.type === 'market' || (request.type === 'limit' && (request.side === 'buy' ? request.price! >= quote.ask : request.price! <= quote.bid))
    if (request.timeInForce === 'PO' && crosses) {
      reject('post_only_cross', `Post-only: a ${request.side} at ${formatAtoms(request.price!)} would trade at once against ${formatAtoms(takerPrice)}.`)
    }
    const now = this.clock.now()
    return this.commit((emit) => {
      const order = this.insertOrder(account, {
        // The id SQLite will give this order (single writer, inside the transaction).
        clientOrderId: params.clientOrderId ?? `td-${this.orders.nextId()}`,
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

  /**
   * An order that trades on arrival: FOK only if the book can fill all of it within its
   * price; what IOC and market orders cannot fill expires; a GTC limit rests the rest.
   */
  private fillCrossing(account: AccountState, order: OrderRow, quote: Quote, ts: number, emit: Emit): void {
    const wanted = order.amount - order.filled
    const available = this.liquidityWithin(order.symbol, order.side, quote, order.price)
    if (order.timeInForce === 'FOK' && available !== undefined && available < wanted) {
      this.finish(account, order, 'expired', `FOK: the book held ${formatAtoms(available)} of the ${formatAtoms(wanted)} wanted`, ts, emit)
      return
    }
    const filled = this.takeLiquidity(account, order, wanted, order.price, quote, ts, emit)
    const current = account.orders.get(order.id) ?? (filled < wanted ? order : undefined)
    if (current === undefined || filled >= wanted) return
    if (order.type === 'limit' && order.timeInForce === 'GTC') this.setOrder(account, current)
    else this.finish(account, current, 'expired', `Only ${formatAtoms(filled)} of ${formatAtoms(wanted)} filled: the book had no more within reach`, ts, emit)
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
    if (!order.reduceOnly) {
      const others = this.reservedByOrders(account) - this.reservationOf(order)
      const value = notional(request.price ?? request.triggerPrice ?? quote.last, amount - order.filled)
      const needed = initialMargin(value, order.leverage) + tradingFee(value, atoms(instrument.takerFee))
      if (needed > account.wallet - others) {
        reject('insufficient_margin', `Not enough margin for the amended order: it needs ${formatAtoms(needed)} ${account.row.quote}.`)
      }
    }
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

  listPositions(accountId: number): Position[] {
    return [...this.account(accountId).positions.values()].map((p) => this.toPosition(p))
  }

  balance(accountId: number): AccountBalance {
    const account = this.account(accountId)
    let marginUsed = 0n
    let unrealized = 0n
    for (const p of account.positions.values()) {
      marginUsed += p.margin
      unrealized += this.unrealized(p)
    }
    let held = 0n
    const holdings: AccountBalance['holdings'] = []
    for (const [asset, amount] of account.holdings) {
      const quote = this.quotes.get(`${asset}/${account.row.quote}`)
      const value = quote === undefined ? 0n : notional(midpoint(quote), amount)
      held += value
      holdings.push({ asset, amount: formatAtoms(amount), available: formatAtoms(this.freeHolding(account, asset)), value: formatAtoms(value) })
    }
    return {
      accountId,
      asset: account.row.quote,
      wallet: formatAtoms(account.wallet),
      marginUsed: formatAtoms(marginUsed),
      unrealizedPnl: formatAtoms(unrealized),
      equity: formatAtoms(account.wallet + marginUsed + unrealized + held),
      available: formatAtoms(account.wallet - this.reservedByOrders(account)),
      holdings,
    }
  }

  /** What sizing a trade intent needs to know, read in one place (throws like placeOrder would). */
  sizingContext(accountId: number, symbol: string): SizingContext {
    const account = this.activeAccount(accountId)
    const { instrument } = this.tradable(symbol)
    const quote = this.quote(symbol)
    let margin = 0n
    let unrealized = 0n
    for (const p of account.positions.values()) {
      margin += p.margin
      unrealized += this.unrealized(p)
    }
    const position = account.positions.get(symbol)
    return {
      account: account.row,
      instrument,
      bid: quote.bid,
      ask: quote.ask,
      equity: account.wallet + margin + unrealized,
      available: account.wallet - this.reservedByOrders(account),
      ...(position === undefined ? {} : { position: { side: position.side, amount: position.amount } }),
    }
  }

  // ---------------------------------------------------------------- market

  /** Advances the paper market: resting orders, triggers and liquidations, tick by tick. */
  onTicks(ticks: readonly Tick[]): void {
    this.batch(() => {
      for (const tick of ticks) {
        if (!this.instruments.has(tick.symbol)) continue
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
    })
  }

  // ---------------------------------------------------------------- internals

  /**
   * A tick as the engine prices against. A source without a real book (bid not below ask:
   * trades or candles only) gets the configured spread around its last price, on the tick.
   */
  private quoteOf(tick: Tick): Quote {
    const last = atomsOf(tick.last)
    let bid = atomsOf(tick.bid)
    let ask = atomsOf(tick.ask)
    if (bid >= ask) {
      const half = mul(last, this.syntheticSpread, 'up') / 2n
      const step = atoms(this.tradable(tick.symbol).instrument.tickSize)
      bid = ((last - half) / step) * step
      ask = divRound(last + half, step, 'up') * step
      if (bid === ask) ask += step
    }
    return { bid, ask, last, volume: atomsOf(tick.volume), ts: tick.ts }
  }

  /**
   * Takes liquidity for a taker order: walks the book's levels where the source has depth
   * (each level a fill at its own price), else the best bid or ask, never past `limit`.
   * Returns what it filled; the caller decides what happens to the rest.
   */
  private takeLiquidity(account: AccountState, order: OrderRow, wanted: Atoms, limit: Atoms | undefined, quote: Quote, ts: number, emit: Emit): Atoms {
    const levels = this.levelsFor(order.symbol, order.side, quote)
    let filled = 0n
    for (const [price, size] of levels) {
      if (filled >= wanted) break
      if (limit !== undefined && (order.side === 'buy' ? price > limit : price < limit)) break
      const take = size === undefined || wanted - filled < size ? wanted - filled : size
      if (take <= 0n) continue
      this.execute(account, order, price, take, 'taker', ts, emit)
      filled += take
    }
    return filled
  }

  /** The levels a taker `side` order meets: the book's (asks for a buy), or the top of book with no size limit. */
  private levelsFor(symbol: string, side: OrderSide, quote: Quote): Array<[Atoms, Atoms | undefined]> {
    const book = this.bookOf?.(symbol)
    const levels = book === undefined ? undefined : side === 'buy' ? book.asks : book.bids
    if (levels === undefined || levels.length === 0) return [[side === 'buy' ? quote.ask : quote.bid, undefined]]
    return levels.map(([price, amount]) => [atomsOf(price), atomsOf(amount)])
  }

  /** What the book holds for a taker `side` order within `limit` (undefined = unlimited). */
  private liquidityWithin(symbol: string, side: OrderSide, quote: Quote, limit: Atoms | undefined): Atoms | undefined {
    let total = 0n
    for (const [price, size] of this.levelsFor(symbol, side, quote)) {
      if (limit !== undefined && (side === 'buy' ? price > limit : price < limit)) break
      if (size === undefined) return undefined
      total += size
    }
    return total
  }

  private load(): void {
    this.accounts.clear()
    this.workingBySymbol.clear()
    this.holdersBySymbol.clear()
    for (const row of this.accountsRepo.all()) {
      const wallets = this.books.balances(row.id).filter((b) => b.book === WALLET)
      const wallet = wallets.find((b) => b.asset === row.quote)?.amount ?? 0n
      const holdings = new Map(wallets.filter((b) => b.asset !== row.quote && b.amount !== 0n).map((b) => [b.asset, b.amount]))
      this.accounts.set(row.id, { row, wallet, holdings, positions: new Map(), orders: new Map() })
    }
    for (const p of this.positions.all()) {
      const account = this.accounts.get(p.accountId)
      if (account !== undefined) this.setPosition(account, p)
    }
    for (const o of this.orders.open()) {
      const account = this.accounts.get(o.accountId)
      if (account !== undefined) this.setOrder(account, o)
    }
    this.lastOrderId = this.orders.nextId() - 1
  }

  // The only writers of the working-order and position maps, which keep the indexes in step.

  private setOrder(account: AccountState, given: OrderRow): void {
    const order = orderShape(given)
    account.orders.set(order.id, order)
    let working = this.workingBySymbol.get(order.symbol)
    if (working === undefined) this.workingBySymbol.set(order.symbol, (working = new Map()))
    const entry = working.get(order.id)
    if (entry === undefined) working.set(order.id, { account, order })
    else entry.order = order
  }

  private dropOrder(account: AccountState, order: OrderRow): void {
    account.orders.delete(order.id)
    this.workingBySymbol.get(order.symbol)?.delete(order.id)
  }

  private setPosition(account: AccountState, position: PositionRow): void {
    account.positions.set(position.symbol, position)
    let holders = this.holdersBySymbol.get(position.symbol)
    if (holders === undefined) this.holdersBySymbol.set(position.symbol, (holders = new Set()))
    holders.add(account)
  }

  private dropPosition(account: AccountState, symbol: string): void {
    account.positions.delete(symbol)
    this.holdersBySymbol.get(symbol)?.delete(account)
  }

  /**
   * Runs `work` in one SQLite transaction, journaling each event it emits; publishes the
   * events only after the commit. On failure SQLite rolls back and memory is rebuilt from
   * the ledger, so neither holds a half-done change.
   */
  private commit<T>(work: (emit: Emit) => T): T {
    // Inside a tick batch this is a savepoint, and its events wait for the batch's commit.
    const events = this.pending ?? []
    const before = events.length
    const ts = this.clock.now()
    const emit: Emit = (name, payload, accountId) => {
      this.journal.append(accountId, name, payload, ts)
      events.push([name, payload])
    }
    let result: T
    try {
      result = this.db.transaction(() => work(emit))()
    } catch (error) {
      events.length = before
      this.load()
      throw error
    }
    if (this.pending === undefined) this.publish(events)
    return result
  }

  /**
   * Group commit: everything a batch of ticks causes (fills, triggers, liquidations,
   * funding) commits in one transaction, and is published only after it has.
   */
  private batch(work: () => void): void {
    if (this.pending !== undefined) return work()
    const events: Array<[EventName, unknown]> = []
    this.pending = events
    try {
      this.db.transaction(work)()
    } catch (error) {
      this.load()
      throw error
    } finally {
      this.pending = undefined
    }
    this.publish(events)
  }

  private publish(events: ReadonlyArray<[EventName, unknown]>): void {
    for (const [name, payload] of events) this.bus.publish(name, payload as never)
  }

  private insertOrder(
    account: AccountState,
    o: Pick<OrderRow, 'clientOrderId' | 'symbol' | 'side' | 'type' | 'timeInForce' | 'amount' | 'leverage' | 'reduceOnly' | 'createdAt'> &
      Partial<
        Pick<
          OrderRow,
          'price' | 'triggerPrice' | 'stopLoss' | 'takeProfit' | 'parentOrderId' | 'triggerBy' | 'trailingDistance' | 'trailingPercent' | 'trailingAnchor'
        >
      >,
  ): OrderRow {
    const row: Omit<OrderRow, 'id'> = {
      accountId: account.row.id,
      price: undefined,
      triggerPrice: undefined,
      triggerBy: 'last',
      trailingDistance: undefined,
      trailingPercent: undefined,
      trailingAnchor: undefined,
      triggeredAt: undefined,
      stopLoss: undefined,
      takeProfit: undefined,
      parentOrderId: undefined,
      ...o,
      filled: 0n,
      filledNotional: 0n,
      status: 'open',
      reason: undefined,
      updatedAt: o.createdAt,
    }
    const id = this.orders.insert(row)
    this.lastOrderId = id
    return { ...row, id }
  }

  /** Books one fill: settlement, fill row, ledger transactions, position and order updates. */
  private execute(
    account: AccountState,
    order: OrderRow,
    price: Atoms,
    amount: Atoms,
    liquidity: 'maker' | 'taker',
    ts: number,
    emit: Emit,
    closeReason: 'trade' | 'liquidation' | 'reset' = 'trade',
  ): Settlement {
    const { instrument } = this.tradable(order.symbol)
    const firstFill = order.filled === 0n
    const feeRate = closeReason === 'liquidation' ? 0n : atoms(liquidity === 'maker' ? instrument.makerFee : instrument.takerFee)
    const label = `${order.side === 'buy' ? 'Buy' : 'Sell'} ${formatAtoms(amount)} ${order.symbol} at ${formatAtoms(price)} (${liquidity})`
    if (instrument.type === 'spot') return this.executeSpot(account, order, instrument, price, amount, liquidity, feeRate, label, ts, emit)
    const before = account.positions.get(order.symbol)
    const settlement = settleFill(before, {
      accountId: account.row.id,
      symbol: order.symbol,
      quote: account.row.quote,
      side: order.side,
      price,
      amount,
      feeRate,
      leverage: order.leverage,
      ts,
      label,
    })
    const filled = order.filled + amount
    const fill: Omit<FillRow, 'id'> = {
      accountId: account.row.id,
      orderId: order.id,
      tradeId: `paper-${order.id}-${formatAtoms(filled)}`,
      symbol: order.symbol,
      side: order.side,
      price,
      amount,
      fee: settlement.fee,
      feeAsset: account.row.quote,
      liquidity,
      realizedPnl: settlement.realizedPnl,
      ts,
    }
    const fillId = this.orders.insertFill(fill)
    for (const tx of settlement.transactions) this.books.post({ ...tx, orderId: order.id, fillId })
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
    if (settlement.closed !== undefined) this.cancelBrackets(account, order.symbol, order.id, ts, emit)
    const updated = this.recordFill(account, order, price, amount, ts)

    emit('order.filled', toFill({ ...fill, id: fillId }), account.row.id)
    emit('order.updated', toOrder(updated), account.row.id)
    if (firstFill) this.attachBrackets(account, updated, ts, emit)
    const after = account.positions.get(order.symbol)
    emit('position.updated', { accountId: account.row.id, symbol: order.symbol, position: after === undefined ? null : this.toPosition(after) }, account.row.id)
    emit('balance.updated', this.balance(account.row.id), account.row.id)
    this.checkBreaker(account, ts, emit)
    return settlement
  }

  /**
   * Applies the latest funding settlement a tick has passed, once: each open position pays
   * (or receives) notional at mark x rate. Settlements passed while the app was not running
   * are not charged (the engine saw no market then); the first tick after a start only marks
   * where it stands.
   */
  private settleFunding(symbol: string, quote: Quote): void {
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
  private payFunding(account: AccountState, position: PositionRow, rate: Atoms, mark: Atoms, time: number, emit: Emit): void {
    const value = notional(mark, position.amount)
    const signed = mul(value, rate, 'half-up')
    const pays = position.side === 'long' ? signed : -signed
    if (pays === 0n) return
    const fromWallet = pays > 0n && pays > account.wallet ? account.wallet : pays
    const fromMargin = pays - fromWallet
    const { quote } = account.row
    const hour = new Date(time).toISOString().slice(11, 16)
    this.books.post({
      accountId: account.row.id,
      kind: 'funding',
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

  /** Closes every position at the market (the last known price when a market has none yet). */
  private flatten(account: AccountState, ts: number, emit: Emit, why: 'reset' | 'kill-switch' | 'circuit-breaker'): void {
    for (const position of [...account.positions.values()]) {
      const quote = this.quotes.get(position.symbol)
      const side = closingSide(position)
      const price = quote === undefined ? position.entryPrice : side === 'buy' ? quote.ask : quote.bid
      const order = this.insertOrder(account, {
        clientOrderId: `${why}-${ts}-${position.symbol}`,
        symbol: position.symbol,
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
  }

  private halt(account: AccountState, by: 'circuit_breaker' | 'kill_switch', reason: string, ts: number, emit: Emit): void {
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
  private checkBreaker(account: AccountState, ts: number, emit: Emit): void {
    const { row } = account
    if (row.halt !== undefined || (row.dailyLossLimit === undefined && row.maxConsecutiveLosses === undefined)) return
    const since = Math.max(ts - (ts % DAY), this.accountsRepo.lastResumedAt(row.id))
    let reason: string | undefined
    if (row.dailyLossLimit !== undefined) {
      const today = this.orders.realizedSince(row.id, since)
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
   * On an entry's first fill, its stop-loss and take-profit become reduce-only orders for
   * the whole entry (reduce-only trims them to the position when they trigger).
   */
  private attachBrackets(account: AccountState, entry: OrderRow, ts: number, emit: Emit): void {
    const legs = [
      ['stop_market', entry.stopLoss, 'sl'],
      ['take_profit_market', entry.takeProfit, 'tp'],
    ] as const
    for (const [type, trigger, tag] of legs) {
      if (trigger === undefined) continue
      const child = this.insertOrder(account, {
        clientOrderId: `${entry.clientOrderId}:${tag}`,
        symbol: entry.symbol,
        side: entry.side === 'buy' ? 'sell' : 'buy',
        type,
        timeInForce: 'GTC',
        triggerPrice: trigger,
        amount: entry.amount,
        leverage: entry.leverage,
        reduceOnly: true,
        parentOrderId: entry.id,
        createdAt: ts,
      })
      this.setOrder(account, child)
      emit('order.updated', toOrder(child), account.row.id)
    }
  }

  /** Cancels the working bracket orders on `symbol` (other than `except`). */
  private cancelBrackets(account: AccountState, symbol: string, except: number, ts: number, emit: Emit): void {
    for (const working of [...account.orders.values()]) {
      if (working.symbol === symbol && working.parentOrderId !== undefined && working.id !== except) {
        this.finish(account, working, 'canceled', 'Its position was closed, so this bracket order is no longer needed', ts, emit)
      }
    }
  }

  /** A spot fill: quote and base change hands with the market; there is no position. */
  private executeSpot(
    account: AccountState,
    order: OrderRow,
    instrument: Instrument,
    price: Atoms,
    amount: Atoms,
    liquidity: 'maker' | 'taker',
    feeRate: Atoms,
    label: string,
    ts: number,
    emit: Emit,
  ): Settlement {
    const spot = settleSpotFill({ accountId: account.row.id, base: instrument.base, quote: account.row.quote, side: order.side, price, amount, feeRate, ts, label })
    const filled = order.filled + amount
    const fill: Omit<FillRow, 'id'> = {
      accountId: account.row.id,
      orderId: order.id,
      tradeId: `paper-${order.id}-${formatAtoms(filled)}`,
      symbol: order.symbol,
      side: order.side,
      price,
      amount,
      fee: spot.fee,
      feeAsset: account.row.quote,
      liquidity,
      realizedPnl: 0n,
      ts,
    }
    const fillId = this.orders.insertFill(fill)
    for (const tx of spot.transactions) this.books.post({ ...tx, orderId: order.id, fillId })
    account.wallet += spot.quoteChange
    const held = (account.holdings.get(instrument.base) ?? 0n) + spot.baseChange
    if (held === 0n) account.holdings.delete(instrument.base)
    else account.holdings.set(instrument.base, held)
    const updated = this.recordFill(account, order, price, amount, ts)
    emit('order.filled', toFill({ ...fill, id: fillId }), account.row.id)
    emit('order.updated', toOrder(updated), account.row.id)
    emit('balance.updated', this.balance(account.row.id), account.row.id)
    this.checkBreaker(account, ts, emit)
    return { position: undefined, closed: undefined, realizedPnl: 0n, fee: spot.fee, walletChange: spot.quoteChange, transactions: spot.transactions }
  }

  /** Advances an order by one fill: amounts, average price, status and its event. */
  private recordFill(account: AccountState, order: OrderRow, price: Atoms, amount: Atoms, ts: number): OrderRow {
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
  private finish(account: AccountState, order: OrderRow, status: 'canceled' | 'expired', reason: string, ts: number, emit: Emit): void {
    assertTransition(order.id, order.status, status)
    const updated: OrderRow = { ...order, status, reason, updatedAt: ts }
    this.orders.update(updated, true)
    this.dropOrder(account, updated)
    emit('order.updated', toOrder(updated), account.row.id)
  }

  /**
   * Resting limits fill as maker when the market trades through them; triggers watch the
   * last or the mark price, as each order says.
   */
  private workOrders(symbol: string, quote: Quote): void {
    const mark = midpoint(quote)
    const working = this.workingBySymbol.get(symbol) as Map<number, { account: AccountState; order: OrderRow }>
    // The orders working when the tick arrived; those it creates (bracket legs) wait for the
    // next. A Map may lose entries while it is iterated; new ones are skipped by id.
    const ceiling = this.lastOrderId
    for (const entry of working.values()) {
      const { account, order } = entry
      if (order.id > ceiling || !account.orders.has(order.id)) continue
      const watched = order.triggerBy === 'mark' ? mark : quote.last
      if (order.type === 'limit' || order.triggeredAt !== undefined) this.workLimit(account, order, quote)
      else if (order.type === 'trailing_stop_market') this.workTrailing(account, order, watched, quote)
      else if (this.triggered(order, watched)) {
        if (LIMIT_TYPES.has(order.type)) this.triggerLimit(account, order, quote)
        else this.executeTriggered(account, order, quote)
      }
    }
  }

  private workLimit(account: AccountState, order: OrderRow, quote: Quote): void {
    const price = order.price as Atoms
    const through = order.side === 'buy' ? quote.last < price : quote.last > price
    const touched = order.side === 'buy' ? quote.last <= price : quote.last >= price
    if (!(this.queue === 'touch' ? touched : through) || quote.volume === 0n) return
    const remaining = order.amount - order.filled
    this.commitExecution(account, order, price, remaining < quote.volume ? remaining : quote.volume, 'maker', quote.ts)
  }

  /** A stop-limit or take-profit-limit that triggered: it trades at once if its price crosses, else rests. */
  private triggerLimit(account: AccountState, order: OrderRow, quote: Quote): void {
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
  private workTrailing(account: AccountState, order: OrderRow, watched: Atoms, quote: Quote): void {
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

  private triggered(order: OrderRow, watched: Atoms): boolean {
    const trigger = order.triggerPrice as Atoms
    return triggersUpward(order.type, order.side) ? watched >= trigger : watched <= trigger
  }

  private executeTriggered(account: AccountState, order: OrderRow, quote: Quote): void {
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
      const filled = this.takeLiquidity(account, order, amount, limit, quote, quote.ts, emit)
      this.afterExecution(account, order, quote.ts, emit, filled < amount ? 'the book had no more within reach' : undefined)
    })
  }

  private commitExecution(account: AccountState, order: OrderRow, price: Atoms, amount: Atoms, liquidity: 'maker' | 'taker', ts: number): void {
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
  private afterExecution(account: AccountState, order: OrderRow, ts: number, emit: Emit, thin?: string): void {
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

  /**
   * Isolated liquidation when the mark price crosses the liquidation price: the position
   * closes at mark, and what is left of its margin goes to the insurance fund as the
   * clearance fee, so the trader loses exactly the position's margin.
   */
  private checkLiquidation(account: AccountState, position: PositionRow, quote: Quote): void {
    const mark = midpoint(quote)
    const price = this.liquidationPriceOf(position)
    if (price === undefined || !isLiquidatable(position.side, mark, price)) return
    this.commit((emit) => {
      const order = this.insertOrder(account, {
        clientOrderId: `liquidation-${position.symbol}-${quote.ts}`,
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

  private liquidationPriceOf(position: PositionRow): Atoms | undefined {
    let price = this.liquidationCache.get(position)
    if (price === undefined) {
      const { tiers } = this.tradable(position.symbol)
      price = liquidationPrice({ side: position.side, entryPrice: position.entryPrice, quantity: position.amount, isolatedMargin: position.margin, tiers })
      this.liquidationCache.set(position, price)
    }
    return price ?? undefined
  }

  private unrealized(position: PositionRow): Atoms {
    const quote = this.quotes.get(position.symbol)
    return quote === undefined ? 0n : unrealizedPnl(position.side, position.entryPrice, midpoint(quote), position.amount)
  }

  private toPosition(p: PositionRow): Position {
    const quote = this.quotes.get(p.symbol)
    const liquidation = this.liquidationPriceOf(p)
    return {
      accountId: p.accountId,
      symbol: p.symbol,
      side: p.side,
      amount: formatAtoms(p.amount),
      entryPrice: formatAtoms(p.entryPrice),
      leverage: p.leverage,
      margin: formatAtoms(p.margin),
      markPrice: formatAtoms(quote === undefined ? p.entryPrice : midpoint(quote)),
      unrealizedPnl: formatAtoms(this.unrealized(p)),
      ...(liquidation === undefined ? {} : { liquidationPrice: formatAtoms(liquidation) }),
      openedAt: p.openedAt,
    }
  }

  /** Margin and fees working orders would need if they filled at their price. */
  private reservedByOrders(account: AccountState): Atoms {
    let reserved = 0n
    for (const o of account.orders.values()) reserved += this.reservationOf(o)
    return reserved
  }

  private reservationOf(o: OrderRow): Atoms {
    if (o.reduceOnly || (o.side === 'sell' && this.tradable(o.symbol).instrument.type === 'spot')) return 0n
    // A market order in the middle of walking the book has no price to reserve at.
    const price = o.price ?? o.triggerPrice
    if (price === undefined) return 0n
    const value = notional(price, o.amount - o.filled)
    return initialMargin(value, o.leverage) + tradingFee(value, atoms(this.tradable(o.symbol).instrument.takerFee))
  }

  /** A spot asset's balance less what working sell orders will deliver. */
  private freeHolding(account: AccountState, asset: string): Atoms {
    let free = account.holdings.get(asset) ?? 0n
    for (const o of account.orders.values()) {
      if (o.side === 'sell' && this.tradable(o.symbol).instrument.base === asset && this.tradable(o.symbol).instrument.type === 'spot') {
        free -= o.amount - o.filled
      }
    }
    return free
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
      if (request.stopLoss !== undefined || request.takeProfit !== undefined) {
        reject('spot_brackets', 'Attached stop-loss and take-profit are for perpetuals; on spot, place a sell stop for what you hold.')
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
      const allowed = onlyReduceOnly ? request.reduceOnly : request.reduceOnly || reduces
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

  private checkMargin(account: AccountState, instrument: Instrument, request: OrderRequest, position: PositionRow | undefined, leverage: number, price: Atoms): void {
    if (request.reduceOnly) return
    if (instrument.type === 'spot' && request.side === 'sell') {
      const free = this.freeHolding(account, instrument.base)
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
    const fee = tradingFee(notional(price, request.amount), atoms(instrument.takerFee))
    // An order that only closes (or shrinks) a position opens nothing and needs no margin.
    const needed = (opening > 0n ? initialMargin(notional(price, opening), leverage) : 0n) + fee
    const available = account.wallet - this.reservedByOrders(account)
    if (needed > available) {
      reject(
        'insufficient_margin',
        `Not enough margin: this order needs ${formatAtoms(needed)} ${account.row.quote} (margin at ${leverage}x plus fee), ${formatAtoms(available < 0n ? 0n : available)} is available.`,
        { needed: formatAtoms(needed), available: formatAtoms(available) },
      )
    }
  }

  /** A working order of the account, or the reason it is not one. */
  private workingOrder(account: AccountState, orderId: number): OrderRow {
    const order = account.orders.get(orderId)
    if (order !== undefined) return order
    const stored = this.orders.byId(orderId)
    if (stored === undefined || stored.accountId !== account.row.id) throw new AppError('NOT_FOUND', `Order ${orderId} does not exist in this account.`)
    return reject('order_closed', `Order ${orderId} is already ${stored.status.replace('_', ' ')}.`)
  }

  private account(accountId: number): AccountState {
    const account = this.accounts.get(accountId)
    if (account === undefined) throw new AppError('NOT_FOUND', `There is no account with id ${accountId}.`)
    return account
  }

  private activeAccount(accountId: number): AccountState {
    const account = this.account(accountId)
    if (account.row.status !== 'active') reject('account_archived', `"${account.row.name}" is archived; it cannot trade.`)
    return account
  }

  private tradable(symbol: string): TradableInstrument {
    const tradable = this.instruments.get(symbol)
    if (tradable === undefined) throw new AppError('NOT_FOUND', `${symbol} is not a market the paper exchange lists.`)
    return tradable
  }

  private quote(symbol: string): Quote {
    const quote = this.quotes.get(symbol)
    if (quote === undefined) throw new AppError('UNAVAILABLE', `There is no price for ${symbol} yet; try again in a moment.`)
    return quote
  }
}
