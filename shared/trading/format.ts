/** Number of decimals an exact decimal step string carries ("0.01" -> 2, "1" -> 0). */
export function decimalsOf(step: string): number {
  const dot = step.indexOf('.')
  return dot < 0 ? 0 : step.length - dot - 1
}

/** Percentage change from `from` to `to`; 0 when `from` is not a positive number. */
export function percentChange(from: number, to: number): number {
  return from > 0 ? ((to - from) / from) * 100 : 0
}
