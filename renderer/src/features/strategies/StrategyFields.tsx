import { paramProblem, type ParamSpec } from '../../../../shared/domain/strategies'

/**
 * A strategy's parameters as form fields, drawn from its declaration: numbers with their
 * range, choices, yes/no. Values are kept as typed (text for numbers) so a half-typed
 * number is not lost; `toParams` turns them into what the request sends.
 */
export function StrategyFields({
  params,
  values,
  problems,
  disabled,
  sweeping = false,
  onChange,
}: {
  params: Readonly<Record<string, ParamSpec>>
  values: Readonly<Record<string, string | boolean>>
  problems: Readonly<Record<string, string>>
  disabled: boolean
  /** Number fields take several comma-separated values. */
  sweeping?: boolean
  onChange(key: string, value: string | boolean): void
}) {
  return (
    <div className="bt-fields">
      {Object.entries(params).map(([key, spec]) => {
        const id = `bt-param-${key}`
        const problem = problems[key]
        const described = problem === undefined ? undefined : `${id}-problem`
        const value = values[key] ?? spec.default
        return (
          <div key={key} className={spec.kind === 'boolean' ? 'af-field bt-check' : 'af-field'}>
            {spec.kind === 'boolean' ? (
              <label>
                <input id={id} type="checkbox" checked={value === true} disabled={disabled} onChange={(e) => onChange(key, e.target.checked)} /> {spec.label}
              </label>
            ) : (
              <label htmlFor={id}>{spec.label}</label>
            )}
            {spec.kind === 'choice' && (
              <select id={id} value={String(value)} disabled={disabled} onChange={(e) => onChange(key, e.target.value)}>
                {spec.options.map((option) => (
                  <option key={option} value={option}>
                    {(spec.optionLabels as Record<string, string>)[option] ?? option}
                  </option>
                ))}
              </select>
            )}
            {spec.kind === 'text' && (
              <input
                id={id}
                value={String(value)}
                maxLength={spec.maxLength}
                disabled={disabled}
                aria-invalid={problem !== undefined}
                aria-describedby={described}
                onChange={(e) => onChange(key, e.target.value)}
              />
            )}
            {(spec.kind === 'integer' || spec.kind === 'number') && (
              <input
                id={id}
                inputMode={sweeping ? 'text' : spec.kind === 'integer' ? 'numeric' : 'decimal'}
                value={String(value)}
                disabled={disabled}
                aria-invalid={problem !== undefined}
                aria-describedby={described}
                onChange={(e) => onChange(key, e.target.value)}
              />
            )}
            {problem !== undefined ? (
              <span className="af-error" id={described} role="alert">
                {problem}
              </span>
            ) : sweeping && (spec.kind === 'integer' || spec.kind === 'number') ? (
              <span className="af-hint">One value, or several: 5, 10, 20</span>
            ) : (
              spec.help !== undefined && <span className="af-hint">{spec.help}</span>
            )}
          </div>
        )
      })}
    </div>
  )
}

/** The form's values as parameters: numbers parsed (a blank or malformed one becomes NaN, which the check refuses in words). */
export function toParams(params: Readonly<Record<string, ParamSpec>>, values: Readonly<Record<string, string | boolean>>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(params).map(([key, spec]) => {
      const value = values[key] ?? spec.default
      if (spec.kind === 'integer' || spec.kind === 'number') return [key, typeof value === 'string' ? parseNumber(value) : value]
      return [key, spec.kind === 'text' && typeof value === 'string' ? value.trim() : value]
    }),
  )
}

/**
 * The form's values as a sweep: a number field holding several comma-separated values is
 * swept over them (the grid); every other field is one value. Each value is checked alone.
 */
export function toSweep(params: Readonly<Record<string, ParamSpec>>, values: Readonly<Record<string, string | boolean>>) {
  const grid: Record<string, number[]> = {}
  const problems: Record<string, string> = {}
  for (const [key, spec] of Object.entries(params)) {
    const value = values[key]
    if ((spec.kind !== 'integer' && spec.kind !== 'number') || typeof value !== 'string' || !value.includes(',')) continue
    const numbers = value.split(',').map(parseNumber)
    const problem = numbers.map((n) => paramProblem(spec, n)).find((p) => p !== undefined)
    if (problem !== undefined) problems[key] = problem
    else grid[key] = numbers
  }
  const single = toParams(params, values)
  for (const key of Object.keys(grid)) delete single[key]
  return { params: single, grid, problems }
}

function parseNumber(text: string): number {
  const trimmed = text.trim()
  return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : Number.NaN
}
