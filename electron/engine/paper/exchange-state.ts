import { AppError, type EventName, type PayloadOf } from '../../../shared/contract'
import type { Instrument, Tick } from '../../../shared/domain/market'
import type { AccountBalance, FillModel, OrderSide, Position } from '../../../shared/domain/trading'
import { initialMargin, positionMaintenanceMargin, liquidationPrice, notional, tradingFee, unrealizedPnl, type MaintenanceTier } from '../../../shared/trading/margin'
import { midpoint as midpointOf } from '../../../shared/trading/mark'
import { atoms, atomsOf, divRound, formatAtoms, max, mul, type Atoms } from '../../../shared/trading/money'
import { silentLogger, type Logger } from '../../core/log'
import type { Db } from '../../ledger/db'
import { AccountRepo, type AccountRow } from '../../ledger/repos/account-repo'
import { BookRepo } from '../../ledger/repos/book-repo'
import { FundingRepo } from '../../ledger/repos/funding-repo'
import { JournalRepo } from '../../ledger/repos/journal-repo'
import { OrderRepo, orderShape, type OrderRow } from '../../ledger/repos/order-repo'
import { MetaRepo } from '../../ledger/repos/meta-repo'
import { SnapshotRepo } from '../../ledger/repos/snapshot-repo'
import { PositionRepo, type PositionRow } from '../../ledger/repos/position-repo'
import type { EventBus } from '../bus'
import type { Clock } from '../clock'
import { changeFillModel, DEFAULT_FILL_MODEL, fillModelState, syntheticLevels, type FillModelState } from './fill-model'
import { reject } from './order-rules'
import { QuoteBoard } from './quote-board'
import { WALLET } from './settlement'


export interface TradableInstrument {
  instrument: Instrument
  /** Maintenance-margin tiers (perpetuals); liquidation follows them. */
  tiers: readonly MaintenanceTier[]
}

export interface PaperExchangeOptions {
  /**
   * Fill assumptions for this ledger's first start (queue position, synthetic spread and
   * slippage); once a trader changes them, the ledger's own are used.
   */
  fillModel?: Partial<FillModel>
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
  /** Where the engine reports what it could not do. */
  log?: Logger
  /** Which accounts this engine trades: paper accounts (default), or live ones, whose orders an exchange executes. */
  accounts?: 'paper' | 'live'
}

/** Balance snapshots are taken once an hour (engine time). */
export const SNAPSHOT_INTERVAL_MS = 3_600_000

/** Where the ledger keeps the trader's fill model (app_meta). */
export const FILL_MODEL_KEY = 'engine.fillModel'

export interface BookLevels {
  bids: ReadonlyArray<readonly [price: number, amount: number]>
  asks: ReadonlyArray<readonly [price: number, amount: number]>
}


export interface Quote {
  bid: Atoms
  ask: Atoms
  last: Atoms
  /** Base volume of the last trade, which bounds how much a resting order can fill on it. */
  volume: Atoms
  ts: number
  /** The source had no bid and ask: they were quoted by the fill model around the last price. */
  synthetic: boolean
}

export interface AccountState {
  row: AccountRow
  /** Free balance of the quote currency (the 'wallet' book). */
  wallet: Atoms
  /** Spot holdings: the other assets' wallet balances (BTC, ETH, ...). */
  holdings: Map<string, Atoms>
  positions: Map<string, PositionRow>
  /** Working orders: resting limits and untriggered stops, by id. */
  orders: Map<number, OrderRow>
}

/** A unit of work failed inside a batch attempt without savepoints; the batch must be redone with them. */
export class UnitFailed extends Error {
  constructor(readonly failure: unknown) {
    super('A unit of work failed inside a tick batch', { cause: failure })
  }
}

/** An event waiting for its commit: name, payload, and the account it concerns. */
export type PendingEvent = [name: EventName, payload: unknown, accountId: number | undefined]

export type Emit = <E extends EventName>(name: E, payload: PayloadOf<E>, accountId?: number) => void

export const sideOf = (side: OrderSide): 'long' | 'short' => (side === 'buy' ? 'long' : 'short')
export const closingSide = (position: PositionRow): OrderSide => (position.side === 'long' ? 'sell' : 'buy')
export const midpoint = (q: Quote): Atoms => midpointOf(q.bid, q.ask)

/**
 * The paper exchange's state and the machinery every layer shares: accounts, positions and
 * working orders (with per-symbol indexes), quotes, the ledger repositories, one-transaction
 * commits with their journal, group commit per tick batch, and the views built from state.
 * Rebuilt from the ledger at start and after any failed transaction.
 */
export class ExchangeState {
  protected readonly accountsRepo: AccountRepo
  protected readonly books: BookRepo
  protected readonly orders: OrderRepo
  protected readonly positions: PositionRepo
  protected readonly snapshots: SnapshotRepo
  protected readonly journal: JournalRepo
  protected readonly funding: FundingRepo
  protected readonly meta: MetaRepo
  protected readonly fundingRate: PaperExchangeOptions['fundingRate']
  protected readonly accountSource: 'paper' | 'live'
  protected readonly bookOf: PaperExchangeOptions['bookOf']
  protected fillModel: FillModelState
  /** Per perpetual: the latest funding settlement handled (applied, or passed before it had a position). */
  protected readonly log: Logger
  protected readonly fundedUntil = new Map<string, number>()
  /** The latest hour snapshotted (engine time); like fundedUntil, forgotten when a batch rolls back. */
  protected snapshotAt: number | undefined
  /** Working orders by symbol (order id -> the order and its account), so a tick looks only at its own market. */
  protected readonly workingBySymbol = new Map<string, Map<number, { account: AccountState; order: OrderRow }>>()
  /** Accounts holding a position, by symbol, for liquidation checks. */
  protected readonly holdersBySymbol = new Map<string, Set<AccountState>>()
  /** Liquidation price per position; positions are replaced on every change, so entries never go stale. */
  protected readonly liquidationCache = new WeakMap<PositionRow, Atoms | null>()
  /** The highest order id so far: orders above a tick's starting ceiling were created by it. */
  protected lastOrderId = 0
  /** Events of a tick batch, published once the whole batch has committed. */
  protected pending: PendingEvent[] | undefined
  /** Whether each unit of work in a batch runs in its own savepoint (see batch()). */
  private isolating = true
  protected readonly accounts = new Map<number, AccountState>()
  protected readonly quotes = new QuoteBoard((tick) => this.quoteOf(tick))
  /** Runs a function in a SQLite transaction (a savepoint when nested); built once, it is on every commit's path. */
  private readonly inTransaction: <T>(work: () => T) => T

  constructor(
    protected readonly db: Db,
    protected readonly instruments: ReadonlyMap<string, TradableInstrument>,
    protected readonly bus: EventBus,
    protected readonly clock: Clock,
    options: PaperExchangeOptions = {},
  ) {
    const transaction = db.transaction((work: () => unknown) => work())
    this.inTransaction = <T>(work: () => T): T => transaction(work) as T
    this.accountsRepo = new AccountRepo(db)
    this.books = new BookRepo(db)
    this.orders = new OrderRepo(db)
    this.positions = new PositionRepo(db)
    this.journal = new JournalRepo(db)
    this.snapshots = new SnapshotRepo(db)
    this.funding = new FundingRepo(db)
    this.log = options.log ?? silentLogger
    this.fundingRate = options.fundingRate
    this.accountSource = options.accounts ?? 'paper'
    this.bookOf = options.bookOf
    this.meta = new MetaRepo(db)
    this.fillModel = fillModelState(this.storedFillModel() ?? changeFillModel(DEFAULT_FILL_MODEL, options.fillModel ?? {}))
    this.load()
  }

  protected snapshotDue(ts: number): boolean {
    return this.snapshotAt === undefined || ts - (ts % SNAPSHOT_INTERVAL_MS) > this.snapshotAt
  }

  /** Records every active account's balance when engine time passes the next full hour. */
  protected snapshotIfDue(ts: number): void {
    const hour = ts - (ts % SNAPSHOT_INTERVAL_MS)
    this.snapshotAt ??= this.snapshots.latest() ?? hour
    if (hour <= this.snapshotAt) return
    this.snapshotAt = hour
    for (const account of this.accounts.values()) {
      if (account.row.status !== 'active') continue
      const totals = this.totals(account)
      this.snapshots.insert({
        accountId: account.row.id,
        ts: hour,
        wallet: account.wallet,
        margin: totals.marginUsed,
        unrealized: totals.unrealized,
        holdings: totals.held,
        equity: totals.equity,
      })
    }
  }

  /** An account's money: wallet, margin held, unrealized P&L, spot holdings at mid, and their sum. */
  protected totals(account: AccountState): { marginUsed: Atoms; unrealized: Atoms; held: Atoms; equity: Atoms; holdings: AccountBalance['holdings'] } {
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
    return { marginUsed, unrealized, held, equity: account.wallet + marginUsed + unrealized + held, holdings }
  }

  /** The fee rates an account pays on a market: its own tier where it has one, else the market's. */
  feeRates(account: AccountRow, symbol: string): { maker: Atoms; taker: Atoms } {
    const { instrument } = this.tradable(symbol)
    return { maker: account.makerFee ?? atoms(instrument.makerFee), taker: account.takerFee ?? atoms(instrument.takerFee) }
  }

  private accountOf(order: OrderRow): AccountRow {
    return this.account(order.accountId).row
  }

  balance(accountId: number): AccountBalance {
    const account = this.account(accountId)
    const { marginUsed, unrealized, equity, holdings } = this.totals(account)
    return {
      accountId,
      asset: account.row.quote,
      wallet: formatAtoms(account.wallet),
      marginUsed: formatAtoms(marginUsed),
      unrealizedPnl: formatAtoms(unrealized),
      equity: formatAtoms(equity),
      available: formatAtoms(account.wallet - this.reservedByOrders(account)),
      holdings,
    }
  }


  /**
   * A tick as the engine prices against. A source without a real book (bid not below ask:
   * trades or candles only) gets the configured spread around its last price, on the tick.
   */
  protected quoteOf(tick: Tick): Quote {
    const last = atomsOf(tick.last)
    let bid = atomsOf(tick.bid)
    let ask = atomsOf(tick.ask)
    const synthetic = bid >= ask
    if (synthetic) {
      const half = mul(last, this.fillModel.syntheticSpread, 'up') / 2n
      const step = atoms(this.tradable(tick.symbol).instrument.tickSize)
      bid = ((last - half) / step) * step
      ask = divRound(last + half, step, 'up') * step
      if (bid === ask) ask += step
    }
    return { bid, ask, last, volume: atomsOf(tick.volume), ts: tick.ts, synthetic }
  }

  /**
   * The levels a taker `side` order meets: the source's book (asks for a buy); without one,
   * the fill model's synthetic book around a synthetic quote, or a real top of book with no
   * size limit.
   */
  protected levelsFor(symbol: string, side: OrderSide, quote: Quote): Iterable<[Atoms, Atoms | undefined]> {
    const book = this.bookOf?.(symbol)
    const levels = book === undefined ? undefined : side === 'buy' ? book.asks : book.bids
    if (levels !== undefined && levels.length > 0) return levels.map(([price, amount]) => [atomsOf(price), atomsOf(amount)])
    const best = side === 'buy' ? quote.ask : quote.bid
    if (!quote.synthetic) return [[best, undefined]]
    const { instrument } = this.tradable(symbol)
    return syntheticLevels(side, best, this.fillModel, { tick: atoms(instrument.tickSize), step: atoms(instrument.amountStep) })
  }

  /** The fill model the ledger keeps, if a trader has set one. */
  private storedFillModel(): FillModel | undefined {
    const stored = this.meta.get(FILL_MODEL_KEY)
    return stored === undefined ? undefined : changeFillModel(DEFAULT_FILL_MODEL, JSON.parse(stored) as Partial<FillModel>)
  }

  /** What the book holds for a taker `side` order within `limit`, counted up to `enough` (undefined = unlimited). */
  protected liquidityWithin(symbol: string, side: OrderSide, quote: Quote, limit: Atoms | undefined, enough: Atoms): Atoms | undefined {
    let total = 0n
    for (const [price, size] of this.levelsFor(symbol, side, quote)) {
      if (limit !== undefined && (side === 'buy' ? price > limit : price < limit)) break
      if (size === undefined) return undefined
      total += size
      if (total >= enough) break
    }
    return total
  }

  protected load(): void {
    this.accounts.clear()
    // Markers of work that may have been rolled back: read again from the ledger when needed.
    this.fundedUntil.clear()
    this.snapshotAt = undefined
    this.workingBySymbol.clear()
    this.holdersBySymbol.clear()
    for (const row of this.accountsRepo.all(this.accountSource)) {
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

  protected setOrder(account: AccountState, given: OrderRow): void {
    const order = orderShape(given)
    account.orders.set(order.id, order)
    let working = this.workingBySymbol.get(order.symbol)
    if (working === undefined) this.workingBySymbol.set(order.symbol, (working = new Map()))
    const entry = working.get(order.id)
    if (entry === undefined) working.set(order.id, { account, order })
    else entry.order = order
  }

  protected dropOrder(account: AccountState, order: OrderRow): void {
    account.orders.delete(order.id)
    this.workingBySymbol.get(order.symbol)?.delete(order.id)
  }

  protected setPosition(account: AccountState, position: PositionRow): void {
    account.positions.set(position.symbol, position)
    let holders = this.holdersBySymbol.get(position.symbol)
    if (holders === undefined) this.holdersBySymbol.set(position.symbol, (holders = new Set()))
    holders.add(account)
  }

  protected dropPosition(account: AccountState, symbol: string): void {
    account.positions.delete(symbol)
    this.holdersBySymbol.get(symbol)?.delete(account)
  }

  /**
   * Runs `work` in one SQLite transaction with its balance changes and one journal row of
   * the events it emits; publishes the events only after the commit. On failure SQLite rolls
   * back and memory is rebuilt from the ledger, so neither holds a half-done change.
   */
  protected commit<T>(work: (emit: Emit) => T): T {
    // Inside a tick batch its events wait for the batch's commit.
    const events = this.pending ?? []
    const before = events.length
    const emit: Emit = (name, payload, accountId) => {
      events.push([name, payload, accountId])
    }
    if (this.pending !== undefined && !this.isolating) {
      // A batch's first attempt: no savepoint per unit (they halve its throughput). A failure
      // aborts the whole attempt, which batch() then redoes with a savepoint per unit.
      try {
        return work(emit)
      } catch (error) {
        throw error instanceof UnitFailed ? error : new UnitFailed(error)
      }
    }
    let result: T
    // Balance changes posted earlier in a batch are written first, so a rollback of this
    // unit (a savepoint) discards only its own.
    this.books.flush()
    try {
      result = this.inTransaction(() => {
        const done = work(emit)
        this.books.flush()
        if (this.pending === undefined) this.journal.append(this.clock.now(), events)
        return done
      })
    } catch (error) {
      events.length = before
      this.books.discard()
      this.load()
      throw error
    }
    if (this.pending === undefined) this.publish(events)
    return result
  }

  /**
   * Group commit: everything a batch of ticks causes (fills, triggers, liquidations,
   * funding) commits in one transaction with one journal row, and is published only after
   * it has. When one unit of work fails, the batch is redone with a savepoint per unit, so
   * that unit alone rolls back (the engine is deterministic: the redo decides the same).
   */
  protected batch(work: () => void): void {
    if (this.pending !== undefined) return work()
    try {
      this.attemptBatch(work, false)
    } catch (error) {
      if (!(error instanceof UnitFailed)) throw error
      this.attemptBatch(work, true)
    }
  }

  private attemptBatch(work: () => void, isolating: boolean): void {
    this.books.flush()
    const events: PendingEvent[] = []
    this.pending = events
    this.isolating = isolating
    try {
      this.inTransaction(() => {
        work()
        this.books.flush()
        this.journal.append(this.clock.now(), events)
      })
    } catch (error) {
      this.books.discard()
      this.load()
      throw error
    } finally {
      this.pending = undefined
      this.isolating = true
    }
    this.publish(events)
  }

  protected publish(events: readonly PendingEvent[]): void {
    for (const [name, payload] of events) this.bus.publish(name, payload as never)
  }

  protected insertOrder(
    account: AccountState,
    o: Pick<OrderRow, 'clientOrderId' | 'symbol' | 'side' | 'type' | 'timeInForce' | 'amount' | 'leverage' | 'reduceOnly' | 'createdAt'> &
      Partial<
        Pick<
          OrderRow,
          'price' | 'triggerPrice' | 'stopLoss' | 'takeProfit' | 'parentOrderId' | 'triggerBy' | 'trailingDistance' | 'trailingPercent' | 'trailingAnchor' | 'status'
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
      // A live order starts 'pending': stored before it is sent.
      status: o.status ?? 'open',
      reason: undefined,
      updatedAt: o.createdAt,
    }
    const id = this.orders.insert(row)
    this.lastOrderId = id
    return { ...row, id }
  }

  protected liquidationPriceOf(position: PositionRow): Atoms | undefined {
    let price = this.liquidationCache.get(position)
    if (price === undefined) {
      const { tiers } = this.tradable(position.symbol)
      price = liquidationPrice({ side: position.side, entryPrice: position.entryPrice, quantity: position.amount, isolatedMargin: position.margin, tiers })
      this.liquidationCache.set(position, price)
    }
    return price ?? undefined
  }

  protected unrealized(position: PositionRow): Atoms {
    const quote = this.quotes.get(position.symbol)
    return quote === undefined ? 0n : unrealizedPnl(position.side, position.entryPrice, midpoint(quote), position.amount)
  }

  protected toPosition(p: PositionRow): Position {
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
      maintenanceMargin: formatAtoms(positionMaintenanceMargin(this.tradable(p.symbol).tiers, quote === undefined ? p.entryPrice : midpoint(quote), p.amount)),
      markPrice: formatAtoms(quote === undefined ? p.entryPrice : midpoint(quote)),
      unrealizedPnl: formatAtoms(this.unrealized(p)),
      ...(liquidation === undefined ? {} : { liquidationPrice: formatAtoms(liquidation) }),
      openedAt: p.openedAt,
    }
  }

  /** Margin and fees working orders would need if they filled at their price. */
  protected reservedByOrders(account: AccountState): Atoms {
    let reserved = 0n
    for (const o of account.orders.values()) reserved += this.reservationOf(o)
    return reserved
  }

  protected reservationOf(o: OrderRow): Atoms {
    if (o.reduceOnly || (o.side === 'sell' && this.tradable(o.symbol).instrument.type === 'spot')) return 0n
    // A market order in the middle of walking the book has no price to reserve at.
    const price = o.price ?? o.triggerPrice
    if (price === undefined) return 0n
    const value = notional(price, o.amount - o.filled)
    return initialMargin(value, o.leverage) + tradingFee(value, this.feeRates(this.accountOf(o), o.symbol).taker)
  }

  /** A spot asset's balance less what working sell orders will deliver. */
  protected freeHolding(account: AccountState, asset: string): Atoms {
    let free = account.holdings.get(asset) ?? 0n
    // A bracket's stop-loss and take-profit sell the same coins (one cancels the other): they hold them once.
    const brackets = new Map<number, Atoms>()
    for (const o of account.orders.values()) {
      if (o.side === 'sell' && this.tradable(o.symbol).instrument.base === asset && this.tradable(o.symbol).instrument.type === 'spot') {
        const rest = o.amount - o.filled
        if (o.parentOrderId === undefined) free -= rest
        else brackets.set(o.parentOrderId, max(brackets.get(o.parentOrderId) ?? 0n, rest))
      }
    }
    for (const held of brackets.values()) free -= held
    return free
  }

  /** A working order of the account, or the reason it is not one. */
  protected workingOrder(account: AccountState, orderId: number): OrderRow {
    const order = account.orders.get(orderId)
    if (order !== undefined) return order
    const stored = this.orders.byId(orderId)
    if (stored === undefined || stored.accountId !== account.row.id) throw new AppError('NOT_FOUND', `Order ${orderId} does not exist in this account.`)
    return reject('order_closed', `Order ${orderId} is already ${stored.status.replace('_', ' ')}.`)
  }

  protected account(accountId: number): AccountState {
    const account = this.accounts.get(accountId)
    if (account === undefined) throw new AppError('NOT_FOUND', `There is no account with id ${accountId}.`)
    return account
  }

  protected activeAccount(accountId: number): AccountState {
    const account = this.account(accountId)
    if (account.row.status !== 'active') reject('account_archived', `"${account.row.name}" is archived; it cannot trade.`)
    return account
  }

  protected tradable(symbol: string): TradableInstrument {
    const tradable = this.instruments.get(symbol)
    if (tradable === undefined) throw new AppError('NOT_FOUND', `${symbol} is not a market the paper exchange lists.`)
    return tradable
  }

  protected quote(symbol: string): Quote {
    const quote = this.quotes.get(symbol)
    if (quote === undefined) throw new AppError('UNAVAILABLE', `There is no price for ${symbol} yet; try again in a moment.`)
    return quote
  }
}
