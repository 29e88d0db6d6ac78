import { atoms, divRound, SCALE, type Atoms } from '../../../../shared/trading/money'

/**
 * Exact, locale-aware money display. Amounts stay bigint atoms up to the last step: they are
 * rounded (half-up) to the shown decimals in integers, then only the whole part goes through
 * Intl (as a bigint), so 12,345,678.905 never passes through a float.
 */
let separators: { decimal: string; integer: Intl.NumberFormat } | undefined

function locale(): { decimal: string; integer: Intl.NumberFormat } {
  if (separators === undefined) {
    const decimal = new Intl.NumberFormat().formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.'
    separators = { decimal, integer: new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 }) }
  }
  return separators
}

export interface MoneyFormat {
  /** Decimals shown (default 2). */
  decimals?: number
  /** Prefix a plus sign on positive amounts (P&L). */
  signed?: boolean
}

/** Atoms (1e-8) as a locale-formatted decimal with `decimals` places. */
export function formatMoney(value: Atoms, { decimals = 2, signed = false }: MoneyFormat = {}): string {
  const places = Math.max(0, Math.min(SCALE, decimals))
  const rounded = divRound(value, 10n ** BigInt(SCALE - places), 'half-up')
  const negative = rounded < 0n
  const magnitude = negative ? -rounded : rounded
  const unit = 10n ** BigInt(places)
  const { decimal, integer } = locale()
  const whole = integer.format(magnitude / unit)
  const fraction = places > 0 ? `${decimal}${(magnitude % unit).toString().padStart(places, '0')}` : ''
  const sign = negative ? '-' : signed && magnitude > 0n ? '+' : ''
  return `${sign}${whole}${fraction}`
}

/** A decimal string from the contract, formatted like formatMoney; '—' when absent. */
export function formatDecimal(value: string | undefined, format?: MoneyFormat): string {
  if (value === undefined) return '—'
  return formatMoney(atoms(value), format)
}

/** An exact decimal string ("60012.5", "0.00123") with locale grouping and decimal mark, digits kept as given. */
export function formatExact(value: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value.trim())
  if (match === null) return value
  const [, sign, whole, fraction] = match
  const { decimal, integer } = locale()
  return `${sign}${integer.format(BigInt(whole as string))}${fraction === undefined ? '' : `${decimal}${fraction}`}`
}

/** 'up' / 'down' / '' for colouring a signed amount. */
export function toneOf(value: Atoms): '' | 'up' | 'down' {
  return value > 0n ? 'up' : value < 0n ? 'down' : ''
}
