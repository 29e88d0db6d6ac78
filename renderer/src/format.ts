import { decimalsOf } from '../../shared/trading/format'
import { divRound, SCALE, type Atoms } from '../../shared/trading/money'

const cache = new Map<string, Intl.NumberFormat>()

function formatter(minimumFractionDigits: number, maximumFractionDigits = minimumFractionDigits): Intl.NumberFormat {
  const key = `${minimumFractionDigits}:${maximumFractionDigits}`
  let format = cache.get(key)
  if (format === undefined) {
    format = new Intl.NumberFormat(undefined, { minimumFractionDigits, maximumFractionDigits })
    cache.set(key, format)
  }
  return format
}

/** A price with exactly as many decimals as the instrument's tick size, in the user's locale. */
export function formatPrice(value: number, tickSize: string): string {
  return formatter(decimalsOf(tickSize)).format(value)
}

export function formatPercent(value: number): string {
  const sign = value > 0 ? '+' : ''
  return `${sign}${formatter(2).format(value)}%`
}

/** Volumes: compact where large, so columns stay narrow. */
export function formatVolume(value: number): string {
  return value >= 10_000
    ? new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 2 }).format(value)
    : formatter(0, 4).format(value)
}

export function formatTime(ts: number): string {
  return new Date(ts).toLocaleTimeString(undefined, { hour12: false })
}

interface Marks {
  decimal: string
  integer: Intl.NumberFormat
}

const marksByLocale = new Map<string, Marks>()

function marks(locale: string | undefined): Marks {
  const key = locale ?? ''
  let found = marksByLocale.get(key)
  if (found === undefined) {
    const decimal = new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.'
    found = { decimal, integer: new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }) }
    marksByLocale.set(key, found)
  }
  return found
}

export interface ExactFormat {
  /** Decimals always shown (padded with zeros); default 0. */
  min?: number
  /** Decimals at most, rounded half-up beyond; default 8 (every atom). */
  max?: number
  /** A plus sign on positive amounts (P&L). */
  sign?: boolean
  /** Default: the user's. */
  locale?: string
}

/**
 * An exact amount (atoms of 1e-8) in the locale: the locale's grouping (through Intl, as a
 * bigint) and decimal mark, the digits from the atoms themselves, never through a float.
 */
export function formatExactAtoms(value: Atoms, { min = 0, max = SCALE, sign = false, locale }: ExactFormat = {}): string {
  const places = Math.max(0, Math.min(SCALE, max))
  const unit = 10n ** BigInt(SCALE - places)
  const rounded = divRound(value, unit, 'half-up')
  const negative = rounded < 0n
  const magnitude = negative ? -rounded : rounded
  const scale = 10n ** BigInt(places)
  const digits = places === 0 ? '' : (magnitude % scale).toString().padStart(places, '0').replace(/0+$/, '').padEnd(Math.min(min, places), '0')
  const { decimal, integer } = marks(locale)
  const prefix = negative ? '-' : sign && magnitude > 0n ? '+' : ''
  return `${prefix}${integer.format(magnitude / scale)}${digits.length > 0 ? `${decimal}${digits}` : ''}`
}
