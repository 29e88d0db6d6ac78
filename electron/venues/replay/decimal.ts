import { atoms, type Atoms, SCALE } from '../../../shared/trading/money'

/**
 * Decimal helpers for recorded market data. Prices and quantities stay the file's exact
 * strings; these convert them to atoms only where arithmetic is needed, and refuse any
 * value atoms() would have to round (a recorded level must never move).
 */

const UNSIGNED = /^\d+(?:\.\d+)?$/
const SIGNED = /^-?\d+(?:\.\d+)?$/

/** A plain non-negative decimal ("61837.63", "0", "67784.0"); no sign, exponent or spaces. */
export function isUnsignedDecimal(text: string): boolean {
  return UNSIGNED.test(text)
}

/** A plain decimal that may be negative (funding rates). */
export function isSignedDecimal(text: string): boolean {
  return SIGNED.test(text)
}

/** Atoms of a decimal with at most 8 fractional digits; throws rather than round. */
export function exactAtoms(text: string): Atoms {
  const value = atoms(text, 'down')
  if (atoms(text, 'up') !== value) throw new RangeError(`"${text}" has more than ${SCALE} decimals and cannot be held exactly`)
  return value
}

/**
 * The canonical spelling of a decimal string: no leading zeros, no trailing fractional
 * zeros ("67784.0" -> "67784", "0.50" -> "0.5"), so the candle files (float-formatted)
 * and the tick files (exchange strings) compare as text.
 */
export function canonicalDecimal(text: string): string {
  if (!SIGNED.test(text)) throw new RangeError(`Not a decimal number: "${text}"`)
  const negative = text.startsWith('-')
  const [whole = '', fraction = ''] = (negative ? text.slice(1) : text).split('.')
  const w = whole.replace(/^0+(?=\d)/, '')
  const f = fraction.replace(/0+$/, '')
  const body = f.length > 0 ? `${w}.${f}` : w
  return negative && body !== '0' ? `-${body}` : body
}

/** A non-negative bigint holding `value / 10^scale`, as a plain decimal string. */
export function formatScaled(value: bigint, scale: number): string {
  const negative = value < 0n
  const digits = (negative ? -value : value).toString().padStart(scale + 1, '0')
  const whole = digits.slice(0, digits.length - scale)
  const fraction = digits.slice(digits.length - scale).replace(/0+$/, '')
  return `${negative ? '-' : ''}${whole}${fraction.length > 0 ? `.${fraction}` : ''}`
}
