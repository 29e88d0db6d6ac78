import type { StateCreator } from 'zustand'
import type { Account, AccountBalance, Fill, LedgerEntry, Order, Position } from '../../../shared/domain/trading'
import type { AppState } from './index'

/** How many finished orders, fills and ledger entries the screen keeps for the selected account. */
export const HISTORY_LIMIT = 500

// A live order on its way, or whose answer was lost, may still be working at the exchange.
const WORKING = new Set<Order['status']>(['pending', 'unknown', 'open', 'partially_filled'])
export const isWorking = (order: Order): boolean => WORKING.has(order.status)

/** What the screen shows of the selected account, loaded on selection and kept current by events. */
export interface AccountView {
  accountId: number
  balance: AccountBalance | undefined
  /** Open positions by symbol. */
  positions: Record<string, Position>
  /** Working orders (open, partially filled) by id. */
  openOrders: Record<number, Order>
  /** Finished orders, newest first. */
  orderHistory: Order[]
  /** Newest first. */
  fills: Fill[]
  /** The account's own side of the ledger, newest first. */
  ledger: LedgerEntry[]
}

export interface AccountSnapshot {
  balance: AccountBalance
  positions: Position[]
  orders: Order[]
  fills: Fill[]
  ledger: LedgerEntry[]
}

export interface TradingSlice {
  /** Every account, archived ones included, by id. */
  accounts: Record<number, Account>
  selectedAccountId: number | undefined
  view: AccountView | undefined
  setAccounts(accounts: Account[]): void
  applyAccount(account: Account): void
  selectAccount(accountId: number): void
  /** The selected account's state as read from the core; ignored if the selection moved on. */
  loadAccountView(accountId: number, snapshot: AccountSnapshot): void
  applyOrder(order: Order): void
  applyFill(fill: Fill): void
  applyPosition(accountId: number, symbol: string, position: Position | null): void
  applyBalance(balance: AccountBalance): void
  /** Ledger entries are not evented: views re-read them after fills. */
  setLedger(accountId: number, entries: LedgerEntry[]): void
}

const emptyView = (accountId: number): AccountView => ({
  accountId,
  balance: undefined,
  positions: {},
  openOrders: {},
  orderHistory: [],
  fills: [],
  ledger: [],
})

/** The first active account, for a start with nothing selected. */
function firstActive(accounts: Record<number, Account>): number | undefined {
  return Object.values(accounts).find((a) => a.status === 'active')?.id
}

export const createTradingSlice: StateCreator<AppState, [], [], TradingSlice> = (set) => {
  /** Applies `change` to the view when it shows `accountId`. */
  const onView = (accountId: number, change: (view: AccountView) => Partial<AccountView>) =>
    set((state) => (state.view?.accountId === accountId ? { view: { ...state.view, ...change(state.view) } } : {}))

  return {
    accounts: {},
    selectedAccountId: undefined,
    view: undefined,
    setAccounts: (list) =>
      set((state) => {
        const accounts = Object.fromEntries(list.map((a) => [a.id, a]))
        const kept = state.selectedAccountId !== undefined && accounts[state.selectedAccountId]?.status === 'active'
        const selectedAccountId = kept ? state.selectedAccountId : firstActive(accounts)
        return {
          accounts,
          selectedAccountId,
          view: selectedAccountId === undefined ? undefined : state.view?.accountId === selectedAccountId ? state.view : emptyView(selectedAccountId),
        }
      }),
    applyAccount: (account) =>
      set((state) => {
        const accounts = { ...state.accounts, [account.id]: account }
        if (account.id !== state.selectedAccountId || account.status === 'active') return { accounts }
        // The selected account was archived: move to another.
        const selectedAccountId = firstActive(accounts)
        return { accounts, selectedAccountId, view: selectedAccountId === undefined ? undefined : emptyView(selectedAccountId) }
      }),
    selectAccount: (accountId) =>
      set((state) => (state.selectedAccountId === accountId ? {} : { selectedAccountId: accountId, view: emptyView(accountId) })),
    loadAccountView: (accountId, snapshot) =>
      set((state) =>
        state.selectedAccountId !== accountId
          ? {}
          : {
              view: {
                accountId,
                balance: snapshot.balance,
                positions: Object.fromEntries(snapshot.positions.map((p) => [p.symbol, p])),
                openOrders: Object.fromEntries(snapshot.orders.filter(isWorking).map((o) => [o.id, o])),
                orderHistory: snapshot.orders.filter((o) => !isWorking(o)),
                fills: snapshot.fills,
                ledger: snapshot.ledger,
              },
            },
      ),
    applyOrder: (order) =>
      onView(order.accountId, (view) => {
        const openOrders = { ...view.openOrders }
        if (isWorking(order)) {
          openOrders[order.id] = order
          return { openOrders }
        }
        delete openOrders[order.id]
        const orderHistory = [order, ...view.orderHistory.filter((o) => o.id !== order.id)].slice(0, HISTORY_LIMIT)
        return { openOrders, orderHistory }
      }),
    applyFill: (fill) => onView(fill.accountId, (view) => ({ fills: [fill, ...view.fills].slice(0, HISTORY_LIMIT) })),
    applyPosition: (accountId, symbol, position) =>
      onView(accountId, (view) => {
        const positions = { ...view.positions }
        if (position === null) delete positions[symbol]
        else positions[symbol] = position
        return { positions }
      }),
    applyBalance: (balance) => onView(balance.accountId, () => ({ balance })),
    setLedger: (accountId, ledger) => onView(accountId, () => ({ ledger })),
  }
}
