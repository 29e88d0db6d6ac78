import type { OrderStatus } from '../../shared/domain/trading'

/** The only status changes an order may make. Terminal states have no way out. */
const TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  // A live order's exchange may answer with any outcome, or none (unknown until looked up).
  pending: ['unknown', 'open', 'partially_filled', 'filled', 'canceled', 'rejected', 'expired'],
  unknown: ['open', 'partially_filled', 'filled', 'canceled', 'rejected', 'expired'],
  open: ['partially_filled', 'filled', 'canceled', 'expired'],
  partially_filled: ['partially_filled', 'filled', 'canceled', 'expired'],
  filled: [],
  canceled: [],
  rejected: [],
  expired: [],
}

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return TRANSITIONS[from].includes(to)
}

/** Throws on a transition the table does not allow: a bug, never a trader's mistake. */
export function assertTransition(orderId: number, from: OrderStatus, to: OrderStatus): void {
  if (!canTransition(from, to)) throw new Error(`Order ${orderId} cannot go from ${from} to ${to}`)
}

