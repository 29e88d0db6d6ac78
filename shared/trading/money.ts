/**
 * Exact amounts. Every booked amount (balances, fees, P&L, margin) is a bigint count of
 * atoms: 1 atom = 10^-8 of the asset, the precision of the ledger (and of Binance's
 * balances). Atoms add and subtract exactly, sum exactly in SQLite INTEGER columns, and
 * convert to and from decimal strings without floats. Prices and quantities enter as
 * decimal strings (or numbers on their grid) and are converted once, here.
 */
export type Atoms = bigint

export const SCALE = 8
export const ONE: Atoms = 10n ** BigInt(SCALE)

export type Rounding = 'down' | 'up' | 'half-up'

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/

/** Parses a plain decimal string ("123.45", "-0.001") into atoms; more than 8 decimals must round. */
export function atoms(value: string, rounding: Rounding = 'half-up'): Atoms {
  const match = DECIMAL.exec(value.trim())
  if (match === null) throw new RangeError(`Not a decimal number: "${value}"`)
  const [, sign, whole, fraction = ''] = match
  const digits = BigInt((whole as string) + fraction.padEnd(SCALE, '0').slice(0, SCALE))
  const rest = fraction.slice(SCALE)
  const magnitude = rest.length > 0 && /[1-9]/.test(rest) ? digits + roundingCarry(rest, rounding) : digits
  return sign === '-' ? -magnitude : magnitude
}

function roundingCarry(rest: string, rounding: Rounding): bigint {
  if (rounding === 'down') return 0n
  if (rounding === 'up') return 1n
  return (rest[0] as string) >= '5' ? 1n : 0n
}

/**
 * Converts a finite number (a price or amount already on its grid) into atoms via its
 * shortest round-trip decimal, so 0.1 becomes exactly 10000000 atoms.
 */
export function atomsOf(value: number, rounding: Rounding = 'half-up'): Atoms {
  if (!Number.isFinite(value)) throw new RangeError(`Not a finite number: ${value}`)
  return atoms(toPlainDecimal(value), rounding)
}

/** A number's shortest round-trip decimal without exponent notation. */
export function toPlainDecimal(value: number): string {
  const text = String(value)
  if (!/e/i.test(text)) return text
  const [mantissa, exponentText] = text.toLowerCase().split('e') as [string, string]
  const exponent = Number(exponentText)
  const negative = mantissa.startsWith('-')
  const [whole, fraction = ''] = mantissa.replace('-', '').split('.') as [string, string?]
  const digits = whole + fraction
  const point = whole.length + exponent
  const plain =
    point <= 0 ? `0.${'0'.repeat(-point)}${digits}` : point >= digits.length ? digits + '0'.repeat(point - digits.length) : `${digits.slice(0, point)}.${digits.slice(point)}`
  return negative ? `-${plain}` : plain
}

/** Atoms as a plain decimal string, trailing zeros trimmed ("1.5", "-0.00000001", "0"). */
export function formatAtoms(value: Atoms): string {
  const negative = value < 0n
  const digits = (negative ? -value : value).toString().padStart(SCALE + 1, '0')
  const whole = digits.slice(0, -SCALE)
  const fraction = digits.slice(-SCALE).replace(/0+$/, '')
  return `${negative ? '-' : ''}${whole}${fraction.length > 0 ? `.${fraction}` : ''}`
}

/** Atoms as a number, for display and for float-tolerant comparisons only. Never book it. */
export function toNumber(value: Atoms): number {
  return Number(formatAtoms(value))
}

/** a * b of two atom amounts (e.g. price x quantity), rounded to atoms. */
export function mul(a: Atoms, b: Atoms, rounding: Rounding = 'half-up'): Atoms {
  return divRound(a * b, ONE, rounding)
}

/** a / b of two atom amounts (e.g. notional / quantity), rounded to atoms. */
export function div(a: Atoms, b: Atoms, rounding: Rounding = 'half-up'): Atoms {
  if (b === 0n) throw new RangeError('Division by zero')
  return divRound(a * ONE, b, rounding)
}

/** Integer division with explicit rounding of the magnitude (half-up rounds .5 away from zero). */
export function divRound(numerator: bigint, denominator: bigint, rounding: Rounding): bigint {
  if (denominator === 0n) throw new RangeError('Division by zero')
  const negative = numerator < 0n !== denominator < 0n
  const n = numerator < 0n ? -numerator : numerator
  const d = denominator < 0n ? -denominator : denominator
  let q = n / d
  const r = n % d
  if (r !== 0n && (rounding === 'up' || (rounding === 'half-up' && 2n * r >= d))) q += 1n
  return negative ? -q : q
}

export const min = (a: Atoms, b: Atoms): Atoms => (a < b ? a : b)
export const max = (a: Atoms, b: Atoms): Atoms => (a > b ? a : b)
export const abs = (a: Atoms): Atoms => (a < 0n ? -a : a)
