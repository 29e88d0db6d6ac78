/**
 * The built-in strategies and their parameters, described once so that the main process
 * validates them and the renderer draws their forms from the same declaration.
 */

export interface NumberParam {
  kind: 'integer' | 'number'
  label: string
  min: number
  max: number
  default: number
  /** What the number means, in a trader's words (shown under the field). */
  help?: string
}

export interface ChoiceParam<C extends string = string> {
  kind: 'choice'
  label: string
  options: readonly C[]
  optionLabels: Readonly<Record<C, string>>
  default: C
  help?: string
}

export interface BooleanParam {
  kind: 'boolean'
  label: string
  default: boolean
  help?: string
}

/** Free text, such as names; printable, at most `maxLength` characters. */
export interface TextParam {
  kind: 'text'
  label: string
  maxLength: number
  default: string
  help?: string
}

export type ParamSpec = NumberParam | ChoiceParam | BooleanParam | TextParam

/** How a bot's position is protected once open; every strategy offers the same choices. */
export const STOP_MODES = ['none', 'percent', 'atr', 'trailing-percent'] as const
export type StopMode = (typeof STOP_MODES)[number]

const STOP_PARAMS = {
  stop: {
    kind: 'choice',
    label: 'Stop-loss',
    options: STOP_MODES,
    optionLabels: {
      none: 'None (the strategy exits)',
      percent: 'Fixed % from entry',
      atr: 'ATR-adaptive (entry ∓ k × ATR)',
      'trailing-percent': 'Trailing % from the best price',
    },
    default: 'none',
  },
  stopPercent: { kind: 'number', label: 'Stop distance (%)', min: 0.05, max: 50, default: 2, help: 'For the fixed and trailing stops' },
  atrPeriod: { kind: 'integer', label: 'ATR period', min: 2, max: 200, default: 14, help: 'Candles in the Average True Range' },
  atrMultiplier: { kind: 'number', label: 'ATR multiple (k)', min: 0.1, max: 20, default: 2 },
  allowShort: { kind: 'boolean', label: 'Also trade short', default: false, help: 'Needs a perpetual; spot markets are long-only' },
} as const satisfies Record<string, ParamSpec>

export interface StrategySpec {
  name: string
  description: string
  params: Readonly<Record<string, ParamSpec>>
  /** Runs in bots only: a backtest would send every candle to paid models. */
  botsOnly?: boolean
  /** Checks across fields: the field to blame and why, or nothing. */
  check?: (params: Readonly<Record<string, unknown>>) => { field: string; message: string } | undefined
}

export const STRATEGY_SPECS = {
  'ema-crossover': {
    name: 'EMA crossover',
    description: 'Long when the fast EMA of closes crosses above the slow one, out (or short) when it crosses back below.',
    params: {
      fast: { kind: 'integer', label: 'Fast EMA', min: 2, max: 500, default: 12 },
      slow: { kind: 'integer', label: 'Slow EMA', min: 3, max: 1000, default: 26 },
      ...STOP_PARAMS,
    },
    check: (p) => (Number(p.fast) >= Number(p.slow) ? { field: 'fast', message: 'The fast EMA must be shorter than the slow one' } : undefined),
  },
  'rsi-reversion': {
    name: 'RSI mean reversion',
    description: 'Buys when RSI falls below the oversold level and sells once it recovers above the exit level (mirrored for shorts).',
    params: {
      period: { kind: 'integer', label: 'RSI period', min: 2, max: 200, default: 14 },
      oversold: { kind: 'number', label: 'Oversold below', min: 1, max: 49, default: 30 },
      overbought: { kind: 'number', label: 'Overbought above', min: 51, max: 99, default: 70 },
      exitLevel: { kind: 'number', label: 'Exit at RSI', min: 1, max: 99, default: 50, help: 'A long closes above it, a short below it' },
      ...STOP_PARAMS,
    },
    check: (p) => {
      const exit = Number(p.exitLevel)
      if (exit <= Number(p.oversold) || exit >= Number(p.overbought)) return { field: 'exitLevel', message: 'The exit level must lie between the oversold and overbought levels' }
      return undefined
    },
  },
  breakout: {
    name: 'Channel breakout',
    description: 'Long when a close breaks above the highest high of the entry channel, out when one breaks below the lowest low of the exit channel (mirrored for shorts); ATR stops by default.',
    params: {
      entryPeriod: { kind: 'integer', label: 'Entry channel', min: 2, max: 500, default: 20, help: 'Candles whose high (low) a close must break' },
      exitPeriod: { kind: 'integer', label: 'Exit channel', min: 2, max: 500, default: 10, help: 'Candles whose low (high) ends the trade' },
      ...STOP_PARAMS,
      stop: { ...STOP_PARAMS.stop, default: 'atr' },
    },
  },
  'ai-decision': {
    name: 'AI decision (your models)',
    description:
      'On every closed candle, asks the AI models set up in Settings for long, short, close or hold, given recent candles, indicators, the position and the account; trades when enough of them agree, confidently enough. Their stop-loss and take-profit are used when given.',
    botsOnly: true,
    params: {
      models: { kind: 'text', label: 'Models to ask', maxLength: 200, default: '', help: 'Names from Settings, AI models, separated by commas; empty asks every model' },
      minConfidence: { kind: 'number', label: 'Minimum confidence', min: 0, max: 1, default: 0.6, help: 'The agreeing models’ average confidence (0 to 1) must reach it' },
      quorum: { kind: 'integer', label: 'Models that must agree', min: 1, max: 5, default: 1 },
      contextCandles: { kind: 'integer', label: 'Candles shown to the models', min: 10, max: 300, default: 60 },
      cacheMinutes: { kind: 'integer', label: 'Reuse an answer for (minutes)', min: 0, max: 1440, default: 5, help: 'The same question within this time is answered from the cache, at no cost' },
      ...STOP_PARAMS,
    },
  },
} as const satisfies Record<string, StrategySpec>

export type StrategyId = keyof typeof STRATEGY_SPECS
export const STRATEGY_IDS = Object.keys(STRATEGY_SPECS) as [StrategyId, ...StrategyId[]]
/** The strategies a backtest can run (not those that need the live world, such as paid AI models). */
export const BACKTEST_STRATEGY_IDS = STRATEGY_IDS.filter((id) => (STRATEGY_SPECS[id] as StrategySpec).botsOnly !== true) as [StrategyId, ...StrategyId[]]

type ValueOf<P> = P extends { kind: 'choice'; options: ReadonlyArray<infer C> } ? C : P extends { kind: 'boolean' } ? boolean : P extends { kind: 'text' } ? string : number
/** A strategy's parameters, typed from its spec. */
export type StrategyParams<S extends StrategyId> = { [K in keyof (typeof STRATEGY_SPECS)[S]['params']]: ValueOf<(typeof STRATEGY_SPECS)[S]['params'][K]> }
export type StopParams = { [K in keyof typeof STOP_PARAMS]: ValueOf<(typeof STOP_PARAMS)[K]> }

/** A strategy's parameters with every field at its default. */
export function defaultParams<S extends StrategyId>(id: S): StrategyParams<S> {
  const params = STRATEGY_SPECS[id].params as Readonly<Record<string, ParamSpec>>
  return Object.fromEntries(Object.entries(params).map(([key, spec]) => [key, spec.default])) as StrategyParams<S>
}

/** What is wrong with one field's value, in words naming the field; undefined when it is fine (or left out: the default). */
export function paramProblem(spec: ParamSpec, value: unknown): string | undefined {
  if (value === undefined) return undefined
  switch (spec.kind) {
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `${spec.label}: choose yes or no`
    case 'choice':
      return typeof value === 'string' && (spec.options as readonly string[]).includes(value) ? undefined : `${spec.label} must be one of: ${spec.options.join(', ')}`
    case 'text':
      if (typeof value !== 'string' || /\p{C}/u.test(value)) return `${spec.label} must be plain text`
      return value.length <= spec.maxLength ? undefined : `${spec.label} is at most ${spec.maxLength} characters`
    default: {
      const range = `between ${spec.min} and ${spec.max}`
      if (typeof value !== 'number' || !Number.isFinite(value)) return `${spec.label} must be a number ${range}`
      if (spec.kind === 'integer' && !Number.isInteger(value)) return `${spec.label} must be a whole number ${range}`
      return value >= spec.min && value <= spec.max ? undefined : `${spec.label} must be ${range}`
    }
  }
}

/**
 * Every problem of a strategy's parameters by field: each field on its own (unknown ones
 * too), then, when those are fine, the checks across fields. The form and the main
 * process's schema both ask this, so they refuse alike and in the same words.
 */
export function paramsProblems(id: StrategyId, values: Readonly<Record<string, unknown>>): Record<string, string> {
  const spec: StrategySpec = STRATEGY_SPECS[id]
  const problems: Record<string, string> = {}
  for (const key of Object.keys(values)) {
    if (!Object.hasOwn(spec.params, key)) problems[key] = `${key} is not a parameter of ${spec.name}`
  }
  for (const [key, param] of Object.entries(spec.params)) {
    const problem = paramProblem(param, values[key])
    if (problem !== undefined) problems[key] = problem
  }
  if (Object.keys(problems).length > 0) return problems
  const across = spec.check?.({ ...defaultParams(id), ...values })
  return across === undefined ? {} : { [across.field]: across.message }
}

/** The most combinations one parameter sweep runs. */
export const MAX_SWEEP = 100

/** Every combination of a sweep's values, in order (the first field varies slowest). */
export function gridCombinations(grid: Readonly<Record<string, readonly unknown[]>>): Array<Record<string, unknown>> {
  return Object.entries(grid).reduce<Array<Record<string, unknown>>>(
    (combos, [key, values]) => combos.flatMap((combo) => values.map((value) => ({ ...combo, [key]: value }))),
    [{}],
  )
}
