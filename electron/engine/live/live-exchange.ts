import { randomBytes } from 'node:crypto'
import { AppError } from '../../../shared/contract'
import { EXCHANGE_VENUE_NAMES, type ExchangeVenue } from '../../../shared/domain/exchanges'
import type { LiveAccountInfo, VenueHealth } from '../../../shared/domain/live'
import type { Tick } from '../../../shared/domain/market'
import type { Account, Order, OrderStatus } from '../../../shared/domain/trading'
import { notional } from '../../../shared/trading/margin'
import { atoms, formatAtoms, type Atoms } from '../../../shared/trading/money'
import { toAccount } from '../../ledger/repos/account-repo'
import { LiveRepo, type LiveAccountRow } from '../../ledger/repos/live-repo'
import { toOrder, type OrderRow } from '../../ledger/repos/order-repo'
import type { Db } from '../../ledger/db'
import type { EventBus } from '../bus'
import type { Clock } from '../clock'
import { assertTransition } from '../order-status'
import { AccountDesk } from '../paper/account-desk'
import type { AccountState, Emit, TradableInstrument } from '../paper/exchange-state'
import { orderRequestOf, type PlaceOrderParams } from '../paper/order-checks'
import { reject } from '../paper/order-rules'
import { EXTERNAL, WALLET } from '../paper/settlement'
import type { ExecutionVenue, PlaceOutcome, VenueOrderState, VenueTrade } from './execution-venue'
import { silentLogger, type Logger } from '../../core/log'

const DAY = 86_400_000
/** Client order ids this ledger sends start with this, then its install tag (so another install's orders are never taken for its own). */
const CLIENT_ID_PREFIX = 'td'
const INSTALL_TAG_KEY = 'live.installTag'
/** Exchanges' client order ids: OKX takes letters and digits only, at most 32. */
const VENUE_CLIENT_ID = /^[A-Za-z0-9]{1,32}$/

export interface CreateLiveAccountParams {
  name: string
  venue: ExchangeVenue
  keyLabel: string
  maxOrderNotional: string
  maxDailyLoss: string
}

export interface LiveExchangeOptions {
  log?: Logger
}

/** Opens the exchange account a live account trades through (its stored key signs). */
export type ConnectVenue = (venue: ExchangeVenue, keyLabel: string) => Promise<ExecutionVenue>

/**
 * Live accounts: orders executed by an exchange, booked by the same engine code as paper
 * accounts. The checks that refuse an order (AccountDesk <- OrderChecks), the booking of a
 * fill with its fee and the views of positions and balances are the paper engine's; what
 * differs is who decides the fill. Every order is stored (pending) before it is sent; an
 * answer that is lost leaves it unknown until it is found by its client order id, and it is
 * never sent twice. Fills are booked once per exchange trade id.
 */
export class LiveExchange extends AccountDesk {
  private readonly live: LiveRepo
  private readonly settings = new Map<number, LiveAccountRow>()
  private readonly venues = new Map<number, Promise<ExecutionVenue>>()
  private readonly connected = new Map<number, ExecutionVenue>()
  private readonly lastSync = new Map<number, NonNullable<LiveAccountInfo['lastSync']>>()
  /** Each account's exchange work runs one piece at a time, so two flows never book the same order. */
  private readonly queues = new Map<number, Promise<unknown>>()
  private readonly installTag: string
  private readonly liveLog: Logger

  constructor(
    db: Db,
    instruments: ReadonlyMap<string, TradableInstrument>,
    bus: EventBus,
    clock: Clock,
    private readonly connect: ConnectVenue,
    options: LiveExchangeOptions = {},
  ) {
    super(db, instruments, bus, clock, { accounts: 'live', ...(options.log === undefined ? {} : { log: options.log }) })
    this.live = new LiveRepo(db)
    this.liveLog = options.log ?? silentLogger
    for (const row of this.live.all()) this.settings.set(row.accountId, row)
    this.installTag = this.meta.get(INSTALL_TAG_KEY) ?? this.newInstallTag()
  }

  /** Rebuilds state from the ledger; orders in flight hold funds like working ones. */
  protected override load(): void {
    super.load()
    for (const order of this.orders.inFlight()) {
      const account = this.accounts.get(order.accountId)
      if (account !== undefined) this.setOrder(account, order)
    }
  }

  /** Keeps the live market's quotes (for order values and equity) and takes the hourly snapshots. */
  onTicks(ticks: readonly Tick[]): void {
    for (const tick of ticks) if (this.instruments.has(tick.symbol)) this.quotes.set(tick.symbol, this.quoteOf(tick))
    const last = ticks.at(-1)
    if (last !== undefined && this.snapshotDue(last.ts)) this.commit(() => this.snapshotIfDue(last.ts))
  }

  isLive(accountId: number): boolean {
    return this.accounts.has(accountId)
  }

  // ---------------------------------------------------------------------------------------
  // Accounts and their safety settings
  // ---------------------------------------------------------------------------------------

  /** Opens a live account with what the exchange says it holds; it starts disarmed. */
  async createAccount(params: CreateLiveAccountParams): Promise<Account> {
    const name = params.name.trim()
    if (this.accountsRepo.activeNameTaken(name)) throw new AppError('CONFLICT', `An account named "${name}" already exists.`)
    const venue = await this.connect(params.venue, params.keyLabel)
    const balances = await venue.balances()
    const quote = 'USDT'
    const startingBalance = balances.find((b) => b.asset === quote)?.total ?? 0n
    if (startingBalance <= 0n) reject('live_no_quote', `The ${venue.name} account holds no ${quote}; live accounts count in ${quote}: deposit some first.`)
    const now = this.clock.now()
    return this.commit((emit) => {
      const id = this.accountsRepo.insert({
        name,
        quote,
        startingBalance,
        maxLeverage: 1,
        maxOpenPositions: 5,
        sizingMethod: 'ACCOUNT_PERCENTAGE',
        sizingValue: atoms('0.1'),
        defaultStopLoss: undefined,
        defaultTakeProfit: undefined,
        makerFee: undefined,
        takerFee: undefined,
        createdAt: now,
        live: { venue: params.venue },
      })
      this.live.insert({ accountId: id, keyLabel: params.keyLabel, maxOrderNotional: atoms(params.maxOrderNotional), maxDailyLoss: atoms(params.maxDailyLoss), createdAt: now })
      const row = this.accountsRepo.byId(id)!
      const account: AccountState = { row, wallet: 0n, holdings: new Map(), positions: new Map(), orders: new Map() }
      this.accounts.set(id, account)
      this.settings.set(id, { accountId: id, keyLabel: params.keyLabel, armedAt: undefined, maxOrderNotional: atoms(params.maxOrderNotional), maxDailyLoss: atoms(params.maxDailyLoss), balanceEveryMs: 300_000, dryRun: false, dryRunAccountId: undefined, createdAt: now })
      this.venues.set(id, Promise.resolve(venue))
      this.connected.set(id, venue)
      this.live.saveBalances(id, now, balances)
      this.bookTowards(account, balances, `Opening balance read from ${venue.name}`, 'deposit', now)
      emit('account.updated', toAccount(row), id)
      emit('balance.updated', this.balance(id), id)
      return toAccount(row)
    })
  }

  arm(accountId: number, confirmName: string): LiveAccountInfo {
    const account = this.activeAccount(accountId)
    if (confirmName.trim() !== account.row.name) {
      reject('arm_confirmation', `To arm "${account.row.name}" for live trading, type its name exactly as confirmation.`)
    }
    return this.changeSettings(accountId, (s) => ({ ...s, armedAt: s.armedAt ?? this.clock.now() }))
  }

  disarm(accountId: number): LiveAccountInfo {
    return this.changeSettings(accountId, (s) => ({ ...s, armedAt: undefined }))
  }

  setLimits(accountId: number, limits: { maxOrderNotional?: string; maxDailyLoss?: string }): LiveAccountInfo {
    return this.changeSettings(accountId, (s) => ({
      ...s,
      ...(limits.maxOrderNotional === undefined ? {} : { maxOrderNotional: atoms(limits.maxOrderNotional) }),
      ...(limits.maxDailyLoss === undefined ? {} : { maxDailyLoss: atoms(limits.maxDailyLoss) }),
    }))
  }

  /** Dry run on sends the account's orders to `paperAccountId` (the caller's paper twin); off sends them to the exchange again. */
  setDryRun(accountId: number, on: boolean, paperAccountId?: number): LiveAccountInfo {
    return this.changeSettings(accountId, (s) => ({ ...s, dryRun: on, dryRunAccountId: paperAccountId ?? s.dryRunAccountId }))
  }

  /** The paper account a live account's orders go to while its dry run is on. */
  dryRunTarget(accountId: number): number | undefined {
    const s = this.settings.get(accountId)
    return s?.dryRun === true ? s.dryRunAccountId : undefined
  }

  accountsInfo(): LiveAccountInfo[] {
    return [...this.settings.keys()].filter((id) => this.accounts.has(id)).map((id) => this.info(id))
  }

  info(accountId: number): LiveAccountInfo {
    const account = this.account(accountId)
    const s = this.settingsOf(accountId)
    const balances = this.live.latestBalances(accountId)
    const sync = this.lastSync.get(accountId)
    return {
      accountId,
      venue: account.row.venue as ExchangeVenue,
      keyLabel: s.keyLabel,
      armed: s.armedAt !== undefined,
      ...(s.armedAt === undefined ? {} : { armedAt: s.armedAt }),
      maxOrderNotional: formatAtoms(s.maxOrderNotional),
      maxDailyLoss: formatAtoms(s.maxDailyLoss),
      lossToday: formatAtoms(this.lossToday(account)),
      dryRun: s.dryRun,
      ...(s.dryRunAccountId === undefined ? {} : { dryRunAccountId: s.dryRunAccountId }),
      exchangeBalances: balances.map((b) => ({ asset: b.asset, free: formatAtoms(b.free), used: formatAtoms(b.used), total: formatAtoms(b.total) })),
      ...(balances[0] === undefined ? {} : { balancesAt: balances[0].ts }),
      ...(sync === undefined ? {} : { lastSync: sync }),
      venueHealth: this.healthOf(account),
    }
  }

  archiveAccount(accountId: number): Account {
    const account = this.activeAccount(accountId)
    if (account.orders.size > 0) reject('orders_working', `Cancel the ${account.orders.size} working order(s) of "${account.row.name}" before archiving it.`)
    this.changeSettings(accountId, (s) => ({ ...s, armedAt: undefined }))
    return this.commit((emit) => {
      this.accountsRepo.setStatus(accountId, 'archived', this.clock.now())
      account.row = { ...account.row, status: 'archived' }
      emit('account.updated', toAccount(account.row), accountId)
      return toAccount(account.row)
    })
  }

  // ---------------------------------------------------------------------------------------
  // Orders
  // ---------------------------------------------------------------------------------------

  /**
   * Checks the order exactly as the paper engine would, then the live safety rules, stores
   * it pending, sends it, and books what the exchange answered. `inTransaction` runs in the
   * transaction that stores it pending (to record what asked for it with it).
   */
  async placeOrder(params: PlaceOrderParams, inTransaction?: (order: Order) => void): Promise<Order> {
    return this.sendOrder(params, inTransaction, false)
  }

  /** `flattening`: the kill switch selling out, which no per-order limit may hold back. */
  private async sendOrder(params: PlaceOrderParams, inTransaction: ((order: Order) => void) | undefined, flattening: boolean): Promise<Order> {
    const account = this.activeAccount(params.accountId)
    const venue = await this.venueOf(account)
    return this.serially(account.row.id, async () => {
      const request = orderRequestOf(params)
      const again = this.resentOrder(account, params.clientOrderId, request, params.leverage)
      if (again !== undefined) return again
      this.checkLiveOrder(account, params, venue)
      const { takerPrice } = this.vetOrder(account, request, params.leverage)
      const value = notional(request.price ?? takerPrice, request.amount)
      if (!flattening) this.checkSafety(account, value, request.side)
      const clientOrderId = params.clientOrderId ?? this.newClientOrderId()
      const venueRequest = { symbol: request.symbol, side: request.side, type: request.type as 'market' | 'limit', amount: request.amount, price: request.price, timeInForce: request.timeInForce, clientOrderId }
      const precision = venue.precisionProblem(venueRequest)
      if (precision !== undefined) reject('venue_precision', precision)
      const sentAt = this.clock.now()
      const order = this.commit((emit) => {
        const row = this.insertOrder(account, { clientOrderId, symbol: request.symbol, side: request.side, type: request.type, timeInForce: request.timeInForce, price: request.price, amount: request.amount, leverage: 1, reduceOnly: false, status: 'pending', createdAt: sentAt })
        this.live.setVenueOrder(row.id, undefined, sentAt)
        this.setOrder(account, row)
        emit('order.updated', toOrder(row), account.row.id)
        inTransaction?.(toOrder(row))
        return row
      })
      const outcome = await venue.place(venueRequest)
      return this.settlePlaced(account, order, outcome, venue)
    })
  }

  /** Asks the exchange to cancel; the order ends when the exchange says so (with any fills it had booked first). */
  async cancelOrder(accountId: number, orderId: number): Promise<Order> {
    const account = this.account(accountId)
    const venue = await this.venueOf(account)
    return this.serially(accountId, async () => {
      const order = this.workingOrder(account, orderId)
      const { venueOrderId } = this.live.venueOrder(order.id)
      if (venueOrderId === undefined) reject('order_in_doubt', `Order ${orderId} is not confirmed by ${venue.name} yet; it is being looked up by its client order id, then it can be canceled.`)
      const state = await venue.cancel(order.symbol, venueOrderId)
      await this.syncOrder(account, order, venue, state)
      return toOrder(this.orders.byId(orderId)!)
    })
  }

  amendOrder(): never {
    reject('live_amend', 'Live orders cannot be changed in place: cancel the order and place a new one.')
  }

  /**
   * Sells the free holding (or `amount` of it) at the market, down to the market's amount
   * step: fees charged in the asset leave dust the exchange cannot sell.
   */
  closePosition(accountId: number, symbol: string, amount?: string, inTransaction?: (order: Order) => void, flattening = false): Promise<Order> {
    const account = this.activeAccount(accountId)
    const { instrument } = this.tradable(symbol)
    const step = atoms(instrument.amountStep)
    const free = (this.freeHolding(account, instrument.base) / step) * step
    if (free <= 0n) throw new AppError('NOT_FOUND', `There is no ${instrument.base} to sell in "${account.row.name}".`)
    return this.sendOrder({ accountId, symbol, side: 'sell', type: 'market', amount: amount ?? formatAtoms(free) }, inTransaction, flattening)
  }

  /**
   * Halts the account at once (no new orders), then cancels every open order on the
   * exchange account, the app's and any placed elsewhere, and with `flatten` sells the
   * holdings at the market.
   */
  async killSwitch(accountId: number, flatten: boolean, reason = 'Kill switch'): Promise<Account> {
    const account = this.activeAccount(accountId)
    const now = this.clock.now()
    this.commit((emit) => this.halt(account, 'kill_switch', `${reason}${flatten ? ' (holdings sold)' : ''}`, now, emit))
    const venue = await this.venueOf(account)
    await this.serially(accountId, async () => {
      for (const open of await venue.openOrders()) {
        const state = await venue.cancel(open.symbol, open.venueOrderId)
        const ours = [...account.orders.values()].find((o) => o.clientOrderId === open.clientOrderId)
        if (ours !== undefined) await this.syncOrder(account, ours, venue, state)
      }
      for (const order of [...account.orders.values()]) await this.syncOrder(account, order, venue)
    })
    if (flatten) {
      for (const [asset, held] of [...account.holdings]) {
        const symbol = `${asset}/${account.row.quote}`
        const tradable = this.instruments.get(symbol)
        if (tradable === undefined || held < atoms(tradable.instrument.minAmount)) continue
        await this.closePosition(accountId, symbol, undefined, undefined, true).catch((error: unknown) => {
          this.liveLog.warn(`kill switch could not sell ${asset} of account ${accountId}: ${error instanceof Error ? error.message : String(error)}`)
        })
      }
    }
    return toAccount(this.account(accountId).row)
  }

  // ---------------------------------------------------------------------------------------
  // Keeping the ledger in step with the exchange
  // ---------------------------------------------------------------------------------------

  /**
   * Settles orders in doubt, books fills the ledger lacks (those missed while offline among
   * them), cancels orders this install placed that the ledger does not know (nobody would
   * watch them), then reads the balances again.
   */
  async reconcile(accountId: number): Promise<LiveAccountInfo> {
    const account = this.account(accountId)
    const at = this.clock.now()
    try {
      const venue = await this.venueOf(account)
      await this.serially(accountId, async () => {
        for (const order of [...account.orders.values()]) await this.syncOrder(account, order, venue)
        const known = new Set(this.orders.list(accountId, false, 10_000).map((o) => o.clientOrderId))
        for (const open of await venue.openOrders()) {
          if (open.clientOrderId.startsWith(this.clientIdPrefix()) && !known.has(open.clientOrderId)) {
            this.liveLog.warn(`canceling an order at ${venue.name} this install placed but its ledger does not know (${open.clientOrderId})`)
            await venue.cancel(open.symbol, open.venueOrderId)
          }
        }
        await this.refreshBalances(account, venue)
      })
      this.lastSync.set(accountId, { at, ok: true, message: `In step with ${venue.name}` })
    } catch (error) {
      this.lastSync.set(accountId, { at, ok: false, message: error instanceof Error ? error.message : String(error) })
    }
    const info = this.info(accountId)
    this.bus.publish('live.accountUpdated', info)
    return info
  }

  /** One round of the background sync: orders working or in doubt, and balances when due. */
  async poll(accountId: number, balancesDue: boolean): Promise<void> {
    const account = this.account(accountId)
    if (account.orders.size === 0 && !balancesDue) return
    const venue = await this.venueOf(account)
    await this.serially(accountId, async () => {
      for (const order of [...account.orders.values()]) await this.syncOrder(account, order, venue)
      if (balancesDue) await this.refreshBalances(account, venue)
    })
  }

  /** Live account ids, for the background sync. */
  accountIds(): number[] {
    return [...this.accounts.values()].filter((a) => a.row.status === 'active').map((a) => a.row.id)
  }

  balanceInterval(accountId: number): number {
    return this.settingsOf(accountId).balanceEveryMs
  }

  /** What the exchanges' APIs are doing, one entry per venue the live accounts use. */
  venueHealth(): VenueHealth[] {
    const byVenue = new Map<string, VenueHealth>()
    for (const account of this.accounts.values()) byVenue.set(account.row.venue, this.healthOf(account))
    return [...byVenue.values()]
  }

  // ---------------------------------------------------------------------------------------

  private async settlePlaced(account: AccountState, order: OrderRow, outcome: PlaceOutcome, venue: ExecutionVenue): Promise<Order> {
    if (outcome.outcome === 'refused') {
      this.commit((emit) => this.end(account, order, 'rejected', outcome.message, emit))
      throw new AppError('REJECTED', outcome.message, { rule: 'venue_refused', orderId: order.id })
    }
    if (outcome.outcome === 'unknown') {
      this.commit((emit) => this.advance(account, order, 'unknown', `${outcome.message} Its outcome is unknown: it is being looked up at ${venue.name} by its client order id (it is never sent again).`, emit))
      return toOrder(this.orders.byId(order.id)!)
    }
    await this.syncOrder(account, account.orders.get(order.id) ?? order, venue, outcome.order)
    this.scheduleBalances(account, venue)
    return toOrder(this.orders.byId(order.id)!)
  }

  /**
   * Brings one order in step with the exchange: finds it (by client order id, which works
   * for orders in doubt too), books trades the ledger lacks, and ends it as the exchange did.
   * An order the exchange does not know once its request has expired never reached it.
   */
  private async syncOrder(account: AccountState, order: OrderRow, venue: ExecutionVenue, known?: VenueOrderState): Promise<void> {
    const state = known ?? (await venue.find(order.symbol, order.clientOrderId))
    const current = () => account.orders.get(order.id)
    if (state === undefined) {
      const { sentAt } = this.live.venueOrder(order.id)
      const inDoubt = order.status === 'pending' || order.status === 'unknown'
      if (inDoubt && this.clock.now() - (sentAt ?? order.createdAt) > venue.acceptanceWindowMs) {
        const working = current()
        if (working !== undefined) {
          this.commit((emit) => this.end(account, working, 'rejected', `It never reached ${venue.name}: the exchange does not know it, and its request has expired, so it cannot arrive any more.`, emit))
        }
      }
      return
    }
    const trades = state.filled > order.filled ? await venue.trades(order.symbol, state.venueOrderId) : []
    const working = current()
    if (working === undefined) return
    this.commit((emit) => {
      this.live.setVenueOrder(working.id, state.venueOrderId, undefined)
      if ((working.status === 'pending' || working.status === 'unknown') && state.filled === 0n && state.status === 'open') {
        this.advance(account, working, 'open', `Accepted by ${venue.name}`, emit)
      }
      let booked = false
      for (const trade of [...trades].sort((a, b) => a.ts - b.ts || a.tradeId.localeCompare(b.tradeId))) {
        const now = current()
        if (now === undefined || this.live.hasTrade(account.row.id, trade.tradeId) || trade.amount <= 0n) continue
        if (now.filled + trade.amount > now.amount) {
          this.liveLog.warn(`${venue.name} reported more fills than order ${now.id} holds; trade ${trade.tradeId} not booked`)
          continue
        }
        this.bookTrade(account, now, trade, emit)
        booked = true
      }
      const after = current()
      if (after !== undefined && (state.status === 'canceled' || state.status === 'expired' || state.status === 'rejected') && after.filled >= state.filled) {
        this.end(account, after, state.status, `${state.status === 'canceled' ? 'Canceled' : state.status === 'expired' ? 'Expired' : 'Rejected'} at ${venue.name}${after.filled > 0n ? ` after ${formatAtoms(after.filled)} filled` : ''}`, emit)
      }
      if (booked) emit('balance.updated', this.balance(account.row.id), account.row.id)
    })
  }

  private bookTrade(account: AccountState, order: OrderRow, trade: VenueTrade, emit: Emit): void {
    const fee = trade.fee.asset === '' ? { asset: account.row.quote, amount: 0n } : trade.fee
    this.executeFill(account, order, { price: trade.price, amount: trade.amount, liquidity: trade.liquidity, fee, tradeId: trade.tradeId }, trade.ts || this.clock.now(), emit)
  }

  /**
   * Reads the exchange's balances and keeps them. When nothing is working or in doubt (so no
   * fill can be on its way), the ledger's wallets are brought to what the exchange holds:
   * deposits, withdrawals and trades made outside the app are booked as such.
   */
  private async refreshBalances(account: AccountState, venue: ExecutionVenue): Promise<void> {
    const balances = await venue.balances()
    const now = this.clock.now()
    this.commit((emit) => {
      this.live.saveBalances(account.row.id, now, balances)
      if (account.orders.size === 0) this.bookTowards(account, balances, `Balance reconciled with ${venue.name} (deposits, withdrawals or trades made outside TradeDesk)`, 'reconcile', now)
      emit('balance.updated', this.balance(account.row.id), account.row.id)
    })
    this.bus.publish('live.accountUpdated', this.info(account.row.id))
  }

  private scheduleBalances(account: AccountState, venue: ExecutionVenue): void {
    void this.serially(account.row.id, () => this.refreshBalances(account, venue)).catch((error: unknown) => {
      this.liveLog.warn(`could not read ${venue.name}'s balances after a fill: ${error instanceof Error ? error.message : String(error)}`)
    })
  }

  /** Books, per asset, the difference between the exchange's total and the ledger's wallet. */
  private bookTowards(account: AccountState, balances: ReadonlyArray<{ asset: string; total: Atoms }>, why: string, kind: string, ts: number): void {
    const assets = new Set([...balances.map((b) => b.asset), account.row.quote, ...account.holdings.keys()])
    for (const asset of assets) {
      const ledger = asset === account.row.quote ? account.wallet : (account.holdings.get(asset) ?? 0n)
      const difference = (balances.find((b) => b.asset === asset)?.total ?? 0n) - ledger
      if (difference === 0n) continue
      this.books.post({
        accountId: account.row.id,
        kind,
        description: `${why}: ${difference > 0n ? '+' : ''}${formatAtoms(difference)} ${asset}`,
        ts,
        postings: [
          { book: WALLET, asset, amount: difference },
          { book: EXTERNAL.capital, asset, amount: -difference },
        ],
      })
      if (asset === account.row.quote) account.wallet += difference
      else if (ledger + difference === 0n) account.holdings.delete(asset)
      else account.holdings.set(asset, ledger + difference)
    }
  }

  /** A status change that is not a fill (pending -> unknown, pending -> open), with its event. */
  private advance(account: AccountState, order: OrderRow, status: OrderStatus, reason: string, emit: Emit): void {
    assertTransition(order.id, order.status, status)
    const updated: OrderRow = { ...order, status, reason, updatedAt: this.clock.now() }
    this.orders.update(updated, true)
    this.setOrder(account, updated)
    emit('order.updated', toOrder(updated), account.row.id)
  }

  /** Ends an order the exchange ended or never took. */
  private end(account: AccountState, order: OrderRow, status: 'canceled' | 'expired' | 'rejected', reason: string, emit: Emit): void {
    assertTransition(order.id, order.status, status)
    const updated: OrderRow = { ...order, status, reason, updatedAt: this.clock.now() }
    this.orders.update(updated, true)
    this.dropOrder(account, updated)
    emit('order.updated', toOrder(updated), account.row.id)
  }

  /** What live accounts can do today, and what they may send at all. */
  private checkLiveOrder(account: AccountState, params: PlaceOrderParams, venue: ExecutionVenue): void {
    const settings = this.settingsOf(account.row.id)
    if (settings.armedAt === undefined) reject('live_not_armed', `"${account.row.name}" is not armed for live trading: arm it first (it sends real orders to ${venue.name}).`)
    const paused = venue.pausedFor()
    if (paused !== undefined) reject('venue_paused', paused)
    if (this.tradable(params.symbol).instrument.type !== 'spot') reject('live_spot_only', `Live trading covers spot markets so far; ${params.symbol} is a perpetual.`)
    if (params.type !== 'market' && params.type !== 'limit') {
      reject('live_order_type', `Live accounts take market and limit orders so far; a ${params.type.replace(/_/g, ' ')} order is not sent to ${venue.name}.`)
    }
    if (params.stopLoss !== undefined || params.takeProfit !== undefined) {
      reject('live_brackets', 'Attached stop-loss and take-profit are not sent to exchanges yet: place the entry alone.')
    }
    if (params.clientOrderId !== undefined && !VENUE_CLIENT_ID.test(params.clientOrderId)) {
      reject('live_client_id', 'On a live account a client order id is letters and digits only, at most 32 (what every exchange accepts).')
    }
  }

  /** The account's own limits: the largest order, and the day's loss after which only sells pass. */
  private checkSafety(account: AccountState, value: Atoms, side: 'buy' | 'sell'): void {
    const s = this.settingsOf(account.row.id)
    if (value > s.maxOrderNotional) {
      reject('max_order_notional', `This order is worth ${formatAtoms(value)} ${account.row.quote}, above "${account.row.name}"'s limit of ${formatAtoms(s.maxOrderNotional)} per order.`)
    }
    const loss = this.lossToday(account)
    if (side === 'buy' && loss >= s.maxDailyLoss) {
      reject('max_daily_loss', `"${account.row.name}" has lost ${formatAtoms(loss)} ${account.row.quote} today, its daily limit is ${formatAtoms(s.maxDailyLoss)}: only sells are accepted until 00:00 UTC.`)
    }
  }

  /** Equity at the UTC day's first snapshot less equity now (never negative); zero before the day's first snapshot. */
  private lossToday(account: AccountState): Atoms {
    const now = this.clock.now()
    const start = this.snapshots.equitySince(account.row.id, now - (now % DAY))
    if (start === undefined) return 0n
    const loss = start - this.totals(account).equity
    return loss > 0n ? loss : 0n
  }

  /** Its exchange's health once connected; before that, nothing asked yet. */
  private healthOf(account: AccountState): VenueHealth {
    const venue = account.row.venue as ExchangeVenue
    return this.connected.get(account.row.id)?.health() ?? { venue, name: EXCHANGE_VENUE_NAMES[venue] ?? venue, state: 'ok', requests: 0, failures: 0, rateLimited: 0 }
  }

  private changeSettings(accountId: number, change: (s: LiveAccountRow) => LiveAccountRow): LiveAccountInfo {
    this.account(accountId)
    const next = change(this.settingsOf(accountId))
    this.commit(() => this.live.update(next))
    this.settings.set(accountId, next)
    const info = this.info(accountId)
    this.bus.publish('live.accountUpdated', info)
    return info
  }

  private settingsOf(accountId: number): LiveAccountRow {
    const s = this.settings.get(accountId)
    if (s === undefined) throw new AppError('NOT_FOUND', `Account ${accountId} is not a live account.`)
    return s
  }

  private venueOf(account: AccountState): Promise<ExecutionVenue> {
    let venue = this.venues.get(account.row.id)
    if (venue === undefined) {
      venue = this.connect(account.row.venue as ExchangeVenue, this.settingsOf(account.row.id).keyLabel)
      // A failed connection (keychain locked, key removed) is tried again next time.
      venue.then(
        (opened) => this.connected.set(account.row.id, opened),
        () => this.venues.delete(account.row.id),
      )
      this.venues.set(account.row.id, venue)
    }
    return venue
  }

  /** Runs `work` after the account's earlier exchange work has finished, whatever its outcome. */
  private serially<T>(accountId: number, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(accountId) ?? Promise.resolve()
    const next = previous.catch(() => undefined).then(work)
    this.queues.set(accountId, next.catch(() => undefined))
    return next
  }

  private clientIdPrefix(): string {
    return `${CLIENT_ID_PREFIX}${this.installTag}`
  }

  /** Unique at the exchange across restarts and installs: prefix, time, randomness; letters and digits only. */
  private newClientOrderId(): string {
    return `${this.clientIdPrefix()}${this.clock.now().toString(36)}${randomBytes(5).toString('hex')}`.slice(0, 32)
  }

  private newInstallTag(): string {
    const tag = randomBytes(3).toString('hex')
    this.meta.set(INSTALL_TAG_KEY, tag)
    return tag
  }
}
