import { BOT_STOPPED_BY_TRADER, type Bot } from '../../../../shared/domain/bots'
import type { Account, Fill, Order } from '../../../../shared/domain/trading'
import { atoms, divRound, formatAtoms, mul, SCALE, type Atoms } from '../../../../shared/trading/money'
import type { ConnectionState } from '../../api/connection'
import { formatExact, formatMoney } from '../balances/money-format'
import type { AlertFired } from '../../../../shared/domain/alerts'

/**
 * Which engine events tell the trader something, and in what words. Pure: the store slice
 * (store/notifications-slice.ts) feeds it events and delivers what it returns.
 */
export type NoticeKind =
  | 'fill'
  | 'stop_loss'
  | 'take_profit'
  | 'trailing_stop'
  | 'flatten'
  | 'liquidation'
  | 'halted'
  | 'resumed'
  | 'disconnected'
  | 'reconnected'
  | 'bot_stopped'
  | 'alert'

/** good/bad follow the money; warn asks for attention; info just tells. */
export type NoticeTone = 'info' | 'good' | 'bad' | 'warn'

export interface Notice {
  kind: NoticeKind
  tone: NoticeTone
  title: string
  body: string
  accountId?: number
  symbol?: string
}

/** Client order ids the engine gives the orders it places itself. */
const ENGINE_ORDER = {
  liquidation: '~liquidation-',
  reset: '~reset-',
  killSwitch: '~kill-switch-',
  breaker: '~circuit-breaker-',
} as const

const STOPS = new Set<Order['type']>(['stop_market', 'stop_limit'])
const TAKE_PROFITS = new Set<Order['type']>(['take_profit_market', 'take_profit_limit'])

const decimalsOf = (text: string): number => text.split('.')[1]?.length ?? 0

/** The amount-weighted average price of fills, to two decimals finer than their prices (half-up, zeros trimmed). */
export function averagePrice(fills: readonly Fill[]): string {
  const first = fills[0]
  if (first === undefined) return '0'
  if (fills.every((f) => f.price === first.price)) return first.price
  let value = 0n
  let amount = 0n
  for (const f of fills) {
    value += mul(atoms(f.price), atoms(f.amount))
    amount += atoms(f.amount)
  }
  const places = Math.min(SCALE, 2 + Math.max(...fills.map((f) => decimalsOf(f.price))))
  const unit = 10n ** BigInt(SCALE - places)
  return formatAtoms(divRound(divRound(value * 10n ** BigInt(SCALE), amount, 'half-up'), unit, 'half-up') * unit)
}

const toneOfPnl = (pnl: Atoms, otherwise: NoticeTone): NoticeTone => (pnl > 0n ? 'good' : pnl < 0n ? 'bad' : otherwise)

/**
 * One notice for the fills of one order that arrived together (a market order walking the
 * book fills in several pieces). `order` is the order as last seen, when known: it tells a
 * stop-loss or take-profit (a reduce-only or bracket stop / take-profit order) from a plain
 * fill, and the engine's own closes (kill switch, breaker) by their client id. Fills of a
 * liquidation or an account reset get no notice of their own: the liquidation has its event,
 * the reset was the trader's.
 */
export function fillNotice(fills: readonly Fill[], order: Order | undefined, accountName: string | undefined): Notice | undefined {
  const first = fills[0]
  if (first === undefined) return undefined
  const clientId = order?.clientOrderId ?? ''
  if (clientId.startsWith(ENGINE_ORDER.liquidation) || clientId.startsWith(ENGINE_ORDER.reset)) return undefined

  let amount = 0n
  let fee = 0n
  let realized = 0n
  for (const f of fills) {
    amount += atoms(f.amount)
    fee += atoms(f.fee)
    realized += atoms(f.realizedPnl)
  }
  const { symbol, side, accountId } = first
  const verb = side === 'buy' ? 'Bought' : 'Sold'
  const size = formatExact(formatAtoms(amount))
  const parts = [`${verb} ${size} at ${fills.some((f) => f.price !== first.price) ? 'avg ' : ''}${formatExact(averagePrice(fills))}`]
  if (realized !== 0n) parts.push(`P&L ${formatMoney(realized, { signed: true })}`)
  parts.push(`fee ${formatExact(formatAtoms(fee))} ${first.feeAsset}`)
  if (accountName !== undefined) parts.push(accountName)
  const body = parts.join(' · ')
  const base = { accountId, symbol, body }

  if (clientId.startsWith(ENGINE_ORDER.killSwitch)) return { ...base, kind: 'flatten', tone: 'warn', title: `Kill switch closed ${symbol}` }
  if (clientId.startsWith(ENGINE_ORDER.breaker)) return { ...base, kind: 'flatten', tone: 'warn', title: `Circuit breaker closed ${symbol}` }
  const protective = order !== undefined && (order.reduceOnly || order.parentOrderId !== undefined)
  if (protective && STOPS.has(order.type)) return { ...base, kind: 'stop_loss', tone: toneOfPnl(realized, 'warn'), title: `Stop-loss hit: ${symbol}` }
  if (protective && TAKE_PROFITS.has(order.type)) return { ...base, kind: 'take_profit', tone: toneOfPnl(realized, 'good'), title: `Take-profit hit: ${symbol}` }
  if (protective && order.type === 'trailing_stop_market') {
    return { ...base, kind: 'trailing_stop', tone: toneOfPnl(realized, 'warn'), title: `Trailing stop hit: ${symbol}` }
  }
  const partial = order?.status === 'partially_filled'
  const title = partial
    ? `Partly filled: ${side === 'buy' ? 'buy' : 'sell'} ${formatExact(order.filled)} of ${formatExact(order.amount)} ${symbol}`
    : `${verb} ${size} ${symbol}`
  return { ...base, kind: 'fill', tone: toneOfPnl(realized, 'info'), title }
}

/** A liquidation, in the engine's own words. */
export function liquidationNotice(event: { accountId: number; symbol: string; message: string }, accountName: string | undefined): Notice {
  return {
    kind: 'liquidation',
    tone: 'bad',
    title: `Liquidated: ${event.symbol}`,
    body: accountName === undefined ? event.message : `${event.message} · ${accountName}`,
    accountId: event.accountId,
    symbol: event.symbol,
  }
}

const HALTED_BY = { kill_switch: 'Kill switch', circuit_breaker: 'Circuit breaker tripped' } as const

/**
 * A halt or a resume, told once, from the account's halt before and after an update (the
 * engine sends `risk.changed` and `account.updated` together; the account carries who,
 * why and since when).
 */
export function haltNotice(before: Account['halt'] | undefined, account: Account): Notice | undefined {
  const after = account.halt
  if (after !== undefined && (before === undefined || before.since !== after.since || before.by !== after.by)) {
    return {
      kind: 'halted',
      tone: 'bad',
      title: `${HALTED_BY[after.by]}: trading halted on ${account.name}`,
      body: after.reason,
      accountId: account.id,
    }
  }
  if (after === undefined && before !== undefined) {
    return { kind: 'resumed', tone: 'good', title: `Trading resumed on ${account.name}`, body: 'New orders are accepted again.', accountId: account.id }
  }
  return undefined
}

/**
 * A bot that stopped without the trader asking: its strategy failed, or the account's kill
 * switch or circuit breaker stopped it (the reason says which). The trader's own stop says nothing.
 */
export function botNotice(bot: Bot): Notice | undefined {
  if (bot.status === 'faulted') {
    return { kind: 'bot_stopped', tone: 'bad', title: `Bot "${bot.name}" stopped: its strategy failed`, body: bot.reason ?? '', accountId: bot.accountId, symbol: bot.symbol }
  }
  if (bot.status === 'stopped' && bot.reason !== undefined && bot.reason !== BOT_STOPPED_BY_TRADER) {
    return { kind: 'bot_stopped', tone: 'warn', title: `Bot "${bot.name}" stopped`, body: bot.reason, accountId: bot.accountId, symbol: bot.symbol }
  }
  return undefined
}

/** An alert the trader set fired: its message says what it watched and what happened. */
export function alertNotice(fired: AlertFired): Notice {
  const condition = fired.alert.condition
  return {
    kind: 'alert',
    tone: 'warn',
    title: 'Alert',
    body: fired.message.replace(/^Alert: /, ''),
    ...('accountId' in condition ? { accountId: condition.accountId } : {}),
    ...('symbol' in condition ? { symbol: condition.symbol } : {}),
  }
}

/** Losing and regaining the engine; the first connection says nothing. */
export function connectionNotice(before: ConnectionState, after: ConnectionState): Notice | undefined {
  if (before === 'open' && after === 'reconnecting') {
    return { kind: 'disconnected', tone: 'bad', title: 'Disconnected from the trading engine', body: 'Prices are frozen and orders cannot be sent; reconnecting…' }
  }
  if (before === 'reconnecting' && after === 'open') {
    return { kind: 'reconnected', tone: 'good', title: 'Reconnected to the trading engine', body: 'Prices, orders and balances are live again.' }
  }
  return undefined
}
