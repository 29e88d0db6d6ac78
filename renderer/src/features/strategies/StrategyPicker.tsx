import { useState } from 'react'
import { paramsProblems, STRATEGY_IDS, STRATEGY_SPECS, type StrategyId } from '../../../../shared/domain/strategies'
import { StrategyFields, toParams, toSweep } from './StrategyFields'

type Values = Record<string, string | boolean>
const defaultsOf = (id: StrategyId): Values =>
  Object.fromEntries(Object.entries(STRATEGY_SPECS[id].params).map(([key, spec]) => [key, typeof spec.default === 'number' ? String(spec.default) : spec.default]))

/** A strategy being chosen in a form: which one, its values as typed, and their problems once checked. */
export interface StrategyChoiceState {
  strategy: StrategyId
  values: Values
  problems: Record<string, string>
  /** The strategies this form offers. */
  ids: readonly StrategyId[]
  choose(id: StrategyId): void
  set(key: string, value: string | boolean): void
  /** The choice as a request sends it, and its problems by field (also kept for the fields to show). */
  check(): { choice: { strategy: StrategyId; params: Record<string, unknown> }; problems: Record<string, string> }
  /** The values as a sweep (fields with several values form the grid), checked value by value. */
  checkSweep(): { strategy: StrategyId; params: Record<string, unknown>; grid: Record<string, number[]>; problems: Record<string, string> }
}

export function useStrategyChoice(ids: readonly [StrategyId, ...StrategyId[]] = STRATEGY_IDS): StrategyChoiceState {
  const [strategy, setStrategy] = useState<StrategyId>(ids[0])
  const [values, setValues] = useState<Values>(() => defaultsOf(ids[0]))
  const [problems, setProblems] = useState<Record<string, string>>({})
  return {
    strategy,
    ids,
    values,
    problems,
    choose: (id) => {
      setStrategy(id)
      setValues(defaultsOf(id))
      setProblems({})
    },
    set: (key, value) => setValues((v) => ({ ...v, [key]: value })),
    check: () => {
      const params = toParams(STRATEGY_SPECS[strategy].params, values)
      const found = paramsProblems(strategy, params)
      setProblems(found)
      return { choice: { strategy, params }, problems: found }
    },
    checkSweep: () => {
      const sweep = toSweep(STRATEGY_SPECS[strategy].params, values)
      setProblems(sweep.problems)
      return { strategy, ...sweep }
    },
  }
}

/** The strategy select with its description, and its parameters' fields. */
export function StrategyPicker({ state, disabled, sweeping = false }: { state: StrategyChoiceState; disabled: boolean; sweeping?: boolean }) {
  const spec = STRATEGY_SPECS[state.strategy]
  return (
    <>
      <div className="af-field">
        <label htmlFor="strategy-select">Strategy</label>
        <select id="strategy-select" value={state.strategy} disabled={disabled} onChange={(e) => state.choose(e.target.value as StrategyId)}>
          {state.ids.map((id) => (
            <option key={id} value={id}>
              {STRATEGY_SPECS[id].name}
            </option>
          ))}
        </select>
        <span className="af-hint">{spec.description}</span>
      </div>
      <StrategyFields params={spec.params} values={state.values} problems={state.problems} disabled={disabled} sweeping={sweeping} onChange={state.set} />
    </>
  )
}
