import { AppError } from '../../shared/contract'
import type { LiveAccountInfo } from '../../shared/domain/live'
import type { Account, AccountBalance, BalanceSnapshot, Fill, LedgerEntry, Order, Position } from '../../shared/domain/trading'
import type { LiveExchange } from '../engine/live/live-exchange'
import { reject } from '../engine/paper/order-rules'
import type { AmendParams, PaperExchange, PlaceOrderParams, RiskParams } from '../engine/paper/paper-exchange'

/** Where a trader is told to go when the app runs without an exchange's prices. */
export const LIVE_NEEDS_EXCHANGE =
  "Live trading runs on an exchange's own prices: start the app with them (npm run serve -- --exchange binance, or TRADEDESK_EXCHANGE=binance for the desktop app)."

/**
 * Sends each account's requests to the engine that trades it: the paper exchange, or the
 * live exchange for accounts whose orders an exchange executes. A live account in dry run
 * has its orders go to its paper twin on the same live prices.
 */
export class TradingRouter {
  constructor(
    private readonly paper: PaperExchange,
    private readonly live: LiveExchange | undefined,
  ) {}

  listAccounts(): Account[] {
    return [...this.paper.listAccounts(), ...(this.live?.listAccounts() ?? [])].sort((a, b) => a.id - b.id)
  }

  placeOrder(params: PlaceOrderParams): Order | Promise<Order> {
    const live = this.liveFor(params.accountId)
    if (live === undefined) return this.paper.placeOrder(params)
    const twin = live.dryRunTarget(params.accountId)
    return twin === undefined ? live.placeOrder(params) : this.paper.placeOrder({ ...params, accountId: twin })
  }

  cancelOrder(accountId: number, orderId: number): Order | Promise<Order> {
    return this.liveFor(accountId)?.cancelOrder(accountId, orderId) ?? this.paper.cancelOrder(accountId, orderId)
  }

  amendOrder(accountId: number, orderId: number, changes: AmendParams): Order {
    const live = this.liveFor(accountId)
    return live === undefined ? this.paper.amendOrder(accountId, orderId, changes) : live.amendOrder()
  }

  closePosition(accountId: number, symbol: string, amount?: string): Order | Promise<Order> {
    return this.liveFor(accountId)?.closePosition(accountId, symbol, amount) ?? this.paper.closePosition(accountId, symbol, amount)
  }

  killSwitch(accountId: number, flatten: boolean, reason?: string): Account | Promise<Account> {
    return this.liveFor(accountId)?.killSwitch(accountId, flatten, reason) ?? this.paper.killSwitch(accountId, flatten, reason)
  }

  resetAccount(accountId: number): Account {
    if (this.liveFor(accountId) !== undefined) reject('live_reset', "A live account's balance is the exchange's: it cannot be reset. Use dry run to practise on its prices.")
    return this.paper.resetAccount(accountId)
  }

  archiveAccount(accountId: number): Account {
    return (this.liveFor(accountId) ?? this.paper).archiveAccount(accountId)
  }

  renameAccount(accountId: number, name: string): Account {
    return this.engineOf(accountId).renameAccount(accountId, name)
  }

  setRisk(accountId: number, risk: RiskParams): Account {
    return this.engineOf(accountId).setRisk(accountId, risk)
  }

  resume(accountId: number): Account {
    return this.engineOf(accountId).resume(accountId)
  }

  listOrders(accountId: number, open: boolean, limit?: number): Order[] {
    return this.engineOf(accountId).listOrders(accountId, open, limit)
  }

  listPositions(accountId: number): Position[] {
    return this.engineOf(accountId).listPositions(accountId)
  }

  balance(accountId: number): AccountBalance {
    return this.engineOf(accountId).balance(accountId)
  }

  balanceHistory(accountId: number, limit?: number): BalanceSnapshot[] {
    return this.engineOf(accountId).balanceHistory(accountId, limit)
  }

  listFills(accountId: number, limit?: number): Fill[] {
    return this.engineOf(accountId).listFills(accountId, limit)
  }

  ledgerEntries(accountId: number, limit?: number): LedgerEntry[] {
    return this.engineOf(accountId).ledgerEntries(accountId, limit)
  }

  /** Dry run on: the account's orders go to a paper twin, made once and funded with the live account's cash. */
  setDryRun(accountId: number, on: boolean): LiveAccountInfo {
    const live = this.requireLive(accountId)
    const info = live.info(accountId)
    if (!on || info.dryRunAccountId !== undefined) return live.setDryRun(accountId, on)
    const account = live.listAccounts().find((a) => a.id === accountId)!
    const cash = live.balance(accountId).wallet
    const twin = this.paper.createAccount({ name: `${account.name} (dry run)`, startingBalance: cash === '0' ? '10000' : cash, maxLeverage: 1 })
    return live.setDryRun(accountId, true, twin.id)
  }

  requireLive(accountId: number): LiveExchange {
    if (this.live === undefined) throw new AppError('UNAVAILABLE', LIVE_NEEDS_EXCHANGE)
    if (!this.live.isLive(accountId)) throw new AppError('NOT_FOUND', `Account ${accountId} is not a live account.`)
    return this.live
  }

  private liveFor(accountId: number): LiveExchange | undefined {
    return this.live?.isLive(accountId) === true ? this.live : undefined
  }

  private engineOf(accountId: number): PaperExchange | LiveExchange {
    return this.liveFor(accountId) ?? this.paper
  }
}
