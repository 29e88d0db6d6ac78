/**
 * Exact stepping on decimal grids (tick sizes, amount steps). A step string such as
 * "0.01" is mantissa 1 at scale 10^2; a value on the grid is an integer count of steps,
 * and turning that count back into a number divides an exact integer by an exact power
 * of ten, which yields the double nearest the decimal (60000.01, never 60000.010000000002).
 */
export interface StepGrid {
  readonly step: string
  readonly decimals: number
  /** Nearest whole number of steps to `value`. */
  toUnits(value: number): number
  /** Units of the step back to a number on the grid. */
  fromUnits(units: number): number
  /** `value` rounded to the nearest grid point. */
  round(value: number): number
}

export function stepGrid(step: string): StepGrid {
  if (!/^\d+(\.\d+)?$/.test(step)) throw new Error(`Invalid step "${step}"`)
  const dot = step.indexOf('.')
  const decimals = dot < 0 ? 0 : step.length - dot - 1
  const mantissa = Number(step.replace('.', ''))
  if (!(mantissa > 0)) throw new Error(`Step must be positive, got "${step}"`)
  const scale = 10 ** decimals
  const toUnits = (value: number): number => Math.round((value * scale) / mantissa)
  const fromUnits = (units: number): number => (units * mantissa) / scale
  return { step, decimals, toUnits, fromUnits, round: (value) => fromUnits(toUnits(value)) }
}
