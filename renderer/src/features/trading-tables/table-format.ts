/** Formatting for the tables, in the user's locale; amounts and prices arrive as exact decimal strings. */
import { atoms } from '../../../../shared/trading/money'
import { formatExactAtoms } from '../../format'

export interface DecimalOptions {
  /** Show + on positive values. */
  sign?: boolean
  /** Round beyond this many decimals (default: show all, up to the ledger's 8). */
  maxDecimals?: number
}

/** An exact decimal string with at least `minDecimals` decimals ("60000.1" -> "60,000.10"). */
export function formatDecimal(value: string, minDecimals: number, options: DecimalOptions = {}): string {
  return formatExactAtoms(atoms(value), { min: minDecimals, max: Math.max(minDecimals, options.maxDecimals ?? 8), sign: options.sign === true })
}

/** Quote-currency money: cents always shown, every booked decimal kept. */
export function formatMoney(value: string, sign = false): string {
  return formatDecimal(value, 2, { sign })
}

/** A percentage given as a decimal string of percent ("1.6675" -> "+1.67%"). */
export function formatPercentText(value: string): string {
  return `${formatDecimal(value, 2, { sign: true, maxDecimals: 2 })}%`
}

/** The sign class of a decimal string: up, down or none. */
export function signClass(value: string | undefined): '' | 'up' | 'down' {
  if (value === undefined || /^-?0*(\.0*)?$/.test(value)) return ''
  return value.startsWith('-') ? 'down' : 'up'
}

let dateTimeFormat: Intl.DateTimeFormat | undefined

/** Day, month and time to the second, 24-hour, in the user's locale. */
export function formatDateTime(ts: number): string {
  dateTimeFormat ??= new Intl.DateTimeFormat(undefined, {
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  })
  return dateTimeFormat.format(ts)
}

const pad = (n: number): string => String(n).padStart(2, '0')

/** A duration as its two largest units: "45s", "12m 03s", "3h 05m", "2d 04h". */
export function formatAge(ms: number): string {
  const s = Math.floor(ms / 1000)
  if (s < 60) return `${s}s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m}m ${pad(s % 60)}s`
  const h = Math.floor(m / 60)
  if (h < 24) return `${h}h ${pad(m % 60)}m`
  return `${Math.floor(h / 24)}d ${pad(h % 24)}h`
}

const words = (text: string): string => {
  const spaced = text.replace(/_/g, ' ')
  return spaced.charAt(0).toUpperCase() + spaced.slice(1)
}

const ORDER_TYPES: Record<string, string> = {
  market: 'Market',
  limit: 'Limit',
  stop_market: 'Stop market',
  take_profit_market: 'Take profit',
  stop_limit: 'Stop limit',
  take_profit_limit: 'Take profit limit',
  trailing_stop_market: 'Trailing stop',
}

export const orderTypeLabel = (type: string): string => ORDER_TYPES[type] ?? words(type)

const STATUSES: Record<string, string> = {
  pending: 'Sending',
  unknown: 'Unknown (checking)',
  open: 'Open',
  partially_filled: 'Partially filled',
  filled: 'Filled',
  canceled: 'Canceled',
  rejected: 'Rejected',
  expired: 'Expired',
}

export const statusLabel = (status: string): string => STATUSES[status] ?? words(status)

const LEDGER_KINDS: Record<string, string> = {
  margin_reserve: 'Margin reserved',
  margin_release: 'Margin released',
  realized_pnl: 'Realized P&L',
  fee: 'Trading fee',
  funding: 'Funding',
  deposit: 'Deposit',
  liquidation_clearance: 'Liquidation clearance',
  trade: 'Trade',
  reset: 'Account reset',
}

/** A ledger entry kind in a trader's words ("margin_reserve" -> "Margin reserved"). */
export const ledgerKindLabel = (kind: string): string => LEDGER_KINDS[kind] ?? words(kind)

/** A ledger book in a trader's words ("margin:BTC/USDT:USDT" -> "Margin · BTC/USDT:USDT"). */
export function bookLabel(book: string): string {
  if (book === 'wallet') return 'Wallet'
  const colon = book.indexOf(':')
  return colon < 0 ? words(book) : `${words(book.slice(0, colon))} · ${book.slice(colon + 1)}`
}
