import type { Order } from '../../../../shared/domain/trading'
import { atoms } from '../../../../shared/trading/money'

export type Field = 'price' | 'triggerPrice' | 'amount'

/** The order being amended in place, with what the trader has typed. */
export interface Draft {
  orderId: number
  price: string
  triggerPrice: string
  amount: string
}

/** The changes a draft makes to its order: only fields that differ, compared exactly. */
export function amendChanges(order: Order, draft: Pick<Draft, Field>): Partial<Record<Field, string>> {
  const changes: Partial<Record<Field, string>> = {}
  for (const field of ['price', 'triggerPrice', 'amount'] as const) {
    const before = order[field]
    const after = draft[field]
    if (before === undefined || after === '' || after === before) continue
    if (/^\d+(\.\d+)?$/.test(after) && atoms(after) === atoms(before)) continue
    changes[field] = after
  }
  return changes
}

/** Which of an order's figures can be amended: a limit price, a waiting trigger, the amount. */
export function amendable(order: Order): Record<Field, boolean> {
  return {
    price: order.price !== undefined,
    triggerPrice: order.triggerPrice !== undefined && order.triggeredAt === undefined && order.type !== 'trailing_stop_market',
    amount: true,
  }
}

/** What saving one leg asks of the engine. */
export type LegAction =
  | { kind: 'none' }
  | { kind: 'cancel'; orderId: number }
  | { kind: 'amend'; orderId: number; triggerPrice: string }
  | { kind: 'place'; triggerPrice: string }

/** Compares the trader's input with the working order: nothing, cancel (cleared), amend (moved) or place (new). */
export function legAction(existing: Order | undefined, input: string): LegAction {
  if (existing === undefined) return input === '' ? { kind: 'none' } : { kind: 'place', triggerPrice: input }
  if (input === '') return { kind: 'cancel', orderId: existing.id }
  if (existing.triggerPrice !== undefined && atoms(existing.triggerPrice) === atoms(input)) return { kind: 'none' }
  return { kind: 'amend', orderId: existing.id, triggerPrice: input }
}

