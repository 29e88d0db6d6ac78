import type { StateCreator } from 'zustand'
import type { EventName, PayloadOf } from '../../../shared/contract'
import type { Account, Fill, Order } from '../../../shared/domain/trading'
import { showNative } from '../features/notifications/native'
import { alertNotice, botNotice, connectionNotice, fillNotice, haltNotice, liquidationNotice, type Notice } from '../features/notifications/rules'
import type { AppState } from './index'

/** How long fills of one order are gathered into one notice (a market order walking the book). */
export const FILL_GROUP_MS = 150
/** Notices the centre keeps to look back on. */
export const NOTIFICATION_LIMIT = 200
/** Toasts on screen at once; older ones leave early. */
export const TOAST_LIMIT = 4
/** Orders remembered from events, to name the order a fill belongs to on any account. */
const ORDER_MEMORY = 1_000

export interface AppNotification extends Notice {
  id: number
  /** When it was received (wall clock, epoch ms). */
  ts: number
  read: boolean
}

export interface NotificationsSlice {
  /** Newest first. */
  notifications: AppNotification[]
  unreadCount: number
  /** Shown as toasts now (in the browser, or where native notifications are unavailable). */
  toasts: AppNotification[]
  pushNotice(notice: Notice): void
  dismissToast(id: number): void
  markNotificationsRead(): void
  clearNotifications(): void
  /** The bridge's hook: every engine event passes here before the store applies it. */
  observeEvent<E extends EventName>(name: E, payload: PayloadOf<E>): void
}

export const createNotificationsSlice: StateCreator<AppState, [], [], NotificationsSlice> = (set, get, store) => {
  let nextId = 1
  const pendingFills = new Map<number, { fills: Fill[]; timer: ReturnType<typeof setTimeout> }>()
  const knownOrders = new Map<number, Order>()
  const halts = new Map<number, Account['halt']>()

  const orderOf = (id: number): Order | undefined => {
    const view = get().view
    return knownOrders.get(id) ?? view?.openOrders[id] ?? view?.orderHistory.find((o) => o.id === id)
  }

  const flushFills = (orderId: number): void => {
    const pending = pendingFills.get(orderId)
    pendingFills.delete(orderId)
    const first = pending?.fills[0]
    if (pending === undefined || first === undefined) return
    const notice = fillNotice(pending.fills, orderOf(orderId), get().accounts[first.accountId]?.name)
    if (notice !== undefined) get().pushNotice(notice)
  }

  // Disconnects and reconnects come from the session's connection state.
  store.subscribe((state, previous) => {
    if (state.connection === previous.connection) return
    // Events may have been missed: halts are read afresh from the reloaded accounts.
    if (state.connection === 'open') halts.clear()
    const notice = connectionNotice(previous.connection, state.connection)
    if (notice !== undefined) get().pushNotice(notice)
  })

  return {
    notifications: [],
    unreadCount: 0,
    toasts: [],
    pushNotice: (notice) => {
      const item: AppNotification = { ...notice, id: nextId++, ts: Date.now(), read: false }
      const native = get().transport === 'ipc' && showNative(item)
      set((state) => ({
        notifications: [item, ...state.notifications].slice(0, NOTIFICATION_LIMIT),
        unreadCount: state.unreadCount + 1,
        toasts: native ? state.toasts : [...state.toasts, item].slice(-TOAST_LIMIT),
      }))
    },
    dismissToast: (id) => set((state) => ({ toasts: state.toasts.filter((t) => t.id !== id) })),
    markNotificationsRead: () =>
      set((state) => (state.unreadCount === 0 ? {} : { unreadCount: 0, notifications: state.notifications.map((n) => (n.read ? n : { ...n, read: true })) })),
    clearNotifications: () => set({ notifications: [], unreadCount: 0, toasts: [] }),
    observeEvent: (name, payload) => {
      switch (name) {
        case 'order.updated': {
          const order = payload as PayloadOf<'order.updated'>
          knownOrders.delete(order.id)
          knownOrders.set(order.id, order)
          if (knownOrders.size > ORDER_MEMORY) knownOrders.delete(knownOrders.keys().next().value as number)
          return
        }
        case 'order.filled': {
          const fill = payload as PayloadOf<'order.filled'>
          const pending = pendingFills.get(fill.orderId)
          if (pending !== undefined) clearTimeout(pending.timer)
          pendingFills.set(fill.orderId, { fills: [...(pending?.fills ?? []), fill], timer: setTimeout(() => flushFills(fill.orderId), FILL_GROUP_MS) })
          return
        }
        case 'position.liquidated': {
          const event = payload as PayloadOf<'position.liquidated'>
          get().pushNotice(liquidationNotice(event, get().accounts[event.accountId]?.name))
          return
        }
        case 'account.updated': {
          const account = payload as PayloadOf<'account.updated'>
          // Before the store applies it, the store still holds the account as it was.
          const before = halts.has(account.id) ? halts.get(account.id) : get().accounts[account.id]?.halt
          halts.set(account.id, account.halt)
          const notice = haltNotice(before, account)
          if (notice !== undefined) get().pushNotice(notice)
          return
        }
        case 'bot.updated': {
          const notice = botNotice(payload as PayloadOf<'bot.updated'>)
          if (notice !== undefined) get().pushNotice(notice)
          return
        }
        case 'alert.fired':
          get().pushNotice(alertNotice(payload as PayloadOf<'alert.fired'>))
          return
        default:
          return
      }
    },
  }
}
