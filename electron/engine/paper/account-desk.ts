import { AppError } from '../../../shared/contract'
import type { Instrument } from '../../../shared/domain/market'
import type { Account, BalanceSnapshot, BreakerMode, Fill, LedgerEntry, Order, Position } from '../../../shared/domain/trading'
import { atoms, type Atoms } from '../../../shared/trading/money'
import { toAccount, type AccountRow, type RiskSettings } from '../../ledger/repos/account-repo'
import { toFill, toOrder } from '../../ledger/repos/order-repo'
import { reject } from './order-rules'
import { OrderChecks } from './order-checks'

export interface RiskParams {
  /** undefined keeps a limit, null removes it. */
  maxPositionNotional?: string | null
  dailyLossLimit?: string | null
  maxConsecutiveLosses?: number | null
  breakerMode?: BreakerMode
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

/** Instruments' minimum amounts in atoms, parsed once (a bot asks on every candle). */
const minAmounts = new WeakMap<Instrument, Atoms>()
function minAmountOf(instrument: Instrument): Atoms {
  let min = minAmounts.get(instrument)
  if (min === undefined) minAmounts.set(instrument, (min = atoms(instrument.minAmount)))
  return min
}

/**
 * What paper and live accounts share beyond the checks: their settings (name, risk limits,
 * resuming after a halt) and every view of them (orders, fills, ledger entries, positions,
 * balances, what a bot's sizing needs).
 */
export class AccountDesk extends OrderChecks {
  listAccounts(): Account[] {
    return [...this.accounts.values()].map((a) => toAccount(a.row))
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
}
