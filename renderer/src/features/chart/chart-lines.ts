import type { Order, Position } from '../../../../shared/domain/trading'
import { atoms, formatAtoms, toNumber } from '../../../../shared/trading/money'
import { unrealizedPnl } from '../../../../shared/trading/margin'
import { formatPrice } from '../../format'

/** What a price line on the chart stands for. */
export type LineKind = 'entry' | 'liquidation' | 'stop-loss' | 'take-profit' | 'order'
export type LineTone = 'entry' | 'liquidation' | 'stop-loss' | 'take-profit' | 'buy' | 'sell'
export type LineStyleName = 'solid' | 'dotted' | 'dashed' | 'large-dashed'

/** One price line: what the chart draws, what the DOM mirrors, and how dragging it amends. */
export interface ChartLine {
  /** Stable across updates: 'entry', 'liquidation', or 'order-<id>'. */
  id: string
  kind: LineKind
  /** The exact price, as the engine gave it. */
  priceText: string
  price: number
  /** Short text drawn on the chart next to the axis label ("SL −182.40", "Limit buy 0.010"). */
  title: string
  /** The full description, for the DOM and assistive technology ("SL 58,000.00 · P&L −182.40 USDT"). */
  label: string
  /** How the confirmation names it ("stop-loss", "limit buy 0.010"). */
  noun: string
  tone: LineTone
  style: LineStyleName
  width: 1 | 2
  orderId?: number
  side?: Order['side']
  /** What dragging the line amends; absent when it cannot be dragged. */
  amend?: 'price' | 'triggerPrice'
  /**
   * The position a stop-loss or take-profit protects, to show the P&L at a price
   * (before fees): its side, entry and the quantity the order would close.
   */
  pnlBasis?: { side: Position['side']; entryPrice: string; amount: string }
  /** Stop-loss and take-profit: the tag their title starts with ("SL", "TP", "Trailing SL"). */
  tag?: string
}

export interface LineInstrument {
  tickSize: string
  amountStep: string
  quote: string
}

export interface LineInputs {
  symbol: string
  instrument: LineInstrument
  /** The selected account's position in `symbol`, if any. */
  position: Position | undefined
  /** The selected account's working orders (any symbol). */
  orders: readonly Order[]
}

/** A bracket leg or a reduce-only stop/take-profit: the position's stop-loss or take-profit. */
export function protectiveKind(order: Order): 'stop-loss' | 'take-profit' | undefined {
  if (!order.reduceOnly && order.parentOrderId === undefined) return undefined
  switch (order.type) {
    case 'stop_market':
    case 'stop_limit':
    case 'trailing_stop_market':
      return 'stop-loss'
    case 'take_profit_market':
    case 'take_profit_limit':
      return 'take-profit'
    default:
      return undefined
  }
}

/**
 * Where a working order sits on the chart and what moving it changes: a limit at its
 * price; a stop or take-profit at its trigger until it triggers, then (stop-limit,
 * take-profit-limit) at its limit price; a trailing stop at its trigger, which moves by
 * itself and cannot be dragged. A market order has no line.
 */
export function orderAnchor(order: Order): { priceText: string; amend?: 'price' | 'triggerPrice' } | undefined {
  switch (order.type) {
    case 'market':
      return undefined
    case 'limit':
      return order.price === undefined ? undefined : { priceText: order.price, amend: 'price' }
    case 'stop_market':
    case 'take_profit_market':
      return order.triggerPrice === undefined ? undefined : { priceText: order.triggerPrice, amend: 'triggerPrice' }
    case 'stop_limit':
    case 'take_profit_limit':
      if (order.triggeredAt !== undefined) return order.price === undefined ? undefined : { priceText: order.price, amend: 'price' }
      return order.triggerPrice === undefined ? undefined : { priceText: order.triggerPrice, amend: 'triggerPrice' }
    case 'trailing_stop_market':
      return order.triggerPrice === undefined ? undefined : { priceText: order.triggerPrice }
  }
}

const TYPE_NAMES: Readonly<Record<Order['type'], string>> = {
  market: 'Market',
  limit: 'Limit',
  stop_market: 'Stop',
  take_profit_market: 'Take-profit',
  stop_limit: 'Stop-limit',
  take_profit_limit: 'Take-profit limit',
  trailing_stop_market: 'Trailing stop',
}

/** What is left to fill of an order, exactly. */
export function remaining(order: Order): string {
  return formatAtoms(atoms(order.amount) - atoms(order.filled))
}

const moneyFormat = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'exceptZero' })

/** A P&L in the quote currency for display, signed, to the cent (the ledger books it exactly). */
export function formatPnl(value: bigint): string {
  return moneyFormat.format(toNumber(value)).replace('-', '\u2212')
}

/** P&L (before fees) if the protected quantity closes at `priceText`. */
export function pnlAt(basis: NonNullable<ChartLine['pnlBasis']>, priceText: string): bigint {
  return unrealizedPnl(basis.side, atoms(basis.entryPrice), atoms(priceText), atoms(basis.amount))
}

/** The title a line would have at another price (a stop-loss's P&L follows it while dragged). */
export function titleAt(line: ChartLine, priceText: string): string {
  if (line.pnlBasis === undefined || line.tag === undefined) return line.title
  return `${line.tag} ${formatPnl(pnlAt(line.pnlBasis, priceText))}`
}

/** The smaller of two exact amounts. */
function minAmount(a: string, b: string): string {
  return atoms(a) <= atoms(b) ? a : b
}

/**
 * The price lines for the chart's symbol: the position's entry, its stop-loss and
 * take-profit orders, its liquidation price, then every other working order (by id).
 */
export function buildLines({ symbol, instrument, position, orders }: LineInputs): ChartLine[] {
  const price = (text: string): string => formatPrice(Number(text), instrument.tickSize)
  const amount = (text: string): string => formatPrice(Number(text), instrument.amountStep)
  const lines: ChartLine[] = []
  const protective: ChartLine[] = []
  const others: ChartLine[] = []

  if (position !== undefined) {
    const side = position.side === 'long' ? 'Long' : 'Short'
    lines.push({
      id: 'entry',
      kind: 'entry',
      priceText: position.entryPrice,
      price: Number(position.entryPrice),
      title: `${side} ${amount(position.amount)}`,
      label: `Entry ${side.toLowerCase()} ${amount(position.amount)} @ ${price(position.entryPrice)}`,
      noun: 'entry',
      tone: 'entry',
      style: 'solid',
      width: 1,
    })
  }

  const sorted = orders.filter((o) => o.symbol === symbol).sort((a, b) => a.id - b.id)
  for (const order of sorted) {
    const anchor = orderAnchor(order)
    if (anchor === undefined) continue
    const left = remaining(order)
    const kind = protectiveKind(order)
    const base = {
      id: `order-${order.id}`,
      priceText: anchor.priceText,
      price: Number(anchor.priceText),
      orderId: order.id,
      side: order.side,
      width: 1 as const,
      ...(anchor.amend === undefined ? {} : { amend: anchor.amend }),
    }
    if (kind !== undefined) {
      const short = kind === 'stop-loss' ? 'SL' : 'TP'
      const closes = position !== undefined && (position.side === 'long') === (order.side === 'sell')
      const pnlBasis = closes ? { side: position.side, entryPrice: position.entryPrice, amount: minAmount(left, position.amount) } : undefined
      const pnl = pnlBasis === undefined ? undefined : formatPnl(pnlAt(pnlBasis, anchor.priceText))
      const trailing = order.type === 'trailing_stop_market' ? 'Trailing ' : ''
      protective.push({
        ...base,
        kind,
        tag: `${trailing}${short}`,
        title: `${trailing}${short} ${pnl ?? amount(left)}`,
        label: `${trailing}${short} ${price(anchor.priceText)}${pnl === undefined ? ` · ${order.side} ${amount(left)}` : ` · P&L ${pnl} ${instrument.quote}`}`,
        noun: `${trailing.toLowerCase()}${kind}`,
        tone: kind,
        style: 'large-dashed',
        ...(pnlBasis === undefined ? {} : { pnlBasis }),
      })
      continue
    }
    const name = order.triggeredAt !== undefined && order.type !== 'trailing_stop_market' ? 'Limit' : TYPE_NAMES[order.type]
    const what = `${name} ${order.side} ${amount(left)}${order.reduceOnly ? ' (reduce-only)' : ''}`
    others.push({
      ...base,
      kind: 'order',
      title: `${name} ${order.side} ${amount(left)}`,
      label: `${what} @ ${price(anchor.priceText)}`,
      noun: what.charAt(0).toLowerCase() + what.slice(1),
      tone: order.side,
      style: 'dashed',
    })
  }
  // Stop-losses first, then take-profits, each by id.
  protective.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'stop-loss' ? -1 : 1))
  lines.push(...protective)

  if (position?.liquidationPrice !== undefined) {
    lines.push({
      id: 'liquidation',
      kind: 'liquidation',
      priceText: position.liquidationPrice,
      price: Number(position.liquidationPrice),
      title: 'Liq.',
      label: `Liq. ${price(position.liquidationPrice)}`,
      noun: 'liquidation price',
      tone: 'liquidation',
      style: 'dotted',
      width: 2,
    })
  }
  lines.push(...others)
  return lines
}
