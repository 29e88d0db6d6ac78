import { decimalsOf } from '../../shared/trading/format'

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
