import { atoms, type Atoms } from '../../../../shared/trading/money'
import { formatExactAtoms } from '../../format'

/** How the balance panel shows money (exact, in the locale: see formatExactAtoms). */
export interface MoneyFormat {
  /** Decimals shown (default 2). */
  decimals?: number
  /** Prefix a plus sign on positive amounts (P&L). */
  signed?: boolean
}

/** Atoms (1e-8) as a locale-formatted decimal with `decimals` places. */
export function formatMoney(value: Atoms, { decimals = 2, signed = false }: MoneyFormat = {}): string {
  return formatExactAtoms(value, { min: decimals, max: decimals, sign: signed })
}

/** A decimal string from the contract, formatted like formatMoney; '—' when absent. */
export function formatDecimal(value: string | undefined, format?: MoneyFormat): string {
  if (value === undefined) return '—'
  return formatMoney(atoms(value), format)
}

/** An exact decimal string ("60012.5", "0.00123") with locale grouping and decimal mark, digits kept as given. */
export function formatExact(value: string): string {
  const match = /^-?\d+(?:\.(\d{1,8}))?$/.exec(value.trim())
  return match === null ? value : formatExactAtoms(atoms(value.trim()), { min: match[1]?.length ?? 0 })
}

/** 'up' / 'down' / '' for colouring a signed amount. */
export function toneOf(value: Atoms): '' | 'up' | 'down' {
  return value > 0n ? 'up' : value < 0n ? 'down' : ''
}
