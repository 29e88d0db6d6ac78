import { atoms } from '../../../../shared/trading/money'

const DECIMAL = /^\d+(\.\d+)?$/

export interface DecimalRules {
  /** The value must be a whole number of this step. */
  step?: string
  /** The value may not exceed this. */
  max?: string
  maxLabel?: string
}

/**
 * Why `value` is not a usable positive decimal for `name`, or undefined when it is. The engine
 * checks again; this only spares a round trip for what is plainly wrong.
 */
export function checkDecimal(value: string, name: string, rules: DecimalRules = {}): string | undefined {
  if (value === '') return `${name} is empty.`
  if (!DECIMAL.test(value)) return `${name} must be a plain number such as 0.5.`
  const fraction = value.split('.')[1] ?? ''
  if (fraction.length > 8) return `${name} has more than 8 decimals.`
  const v = atoms(value)
  if (v <= 0n) return `${name} must be above zero.`
  if (rules.step !== undefined && v % atoms(rules.step) !== 0n) return `${name} must be a multiple of the step ${rules.step}.`
  if (rules.max !== undefined && v > atoms(rules.max)) return `${name} is more than ${rules.maxLabel ?? 'allowed'} (${rules.max}).`
  return undefined
}
