import type { BacktestRun } from '../../../../shared/domain/backtests'
import { STRATEGY_SPECS } from '../../../../shared/domain/strategies'
import { formatFraction, formatUtcMinute } from '../history/history-format'

export const strategyName = (run: BacktestRun): string => STRATEGY_SPECS[run.strategy].name

/** Stop settings that mean nothing under the stop mode chosen. */
function unused(key: string, stop: unknown): boolean {
  if (key === 'stopPercent') return stop !== 'percent' && stop !== 'trailing-percent'
  return (key === 'atrPeriod' || key === 'atrMultiplier') && stop !== 'atr'
}

/** A run's parameters in one line ("Fast EMA 12 · Slow EMA 26 · Stop-loss atr · ATR period 14 · …"), without stop settings its stop does not use. */
export function paramsText(run: BacktestRun): string {
  const specs = STRATEGY_SPECS[run.strategy].params as Readonly<Record<string, { label: string }>>
  return Object.entries(run.params)
    .filter(([key]) => !unused(key, run.params.stop))
    .map(([key, value]) => `${specs[key]?.label ?? key} ${typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value)}`)
    .join(' · ')
}

/** The data span a run covered (or has reached), as UTC days. */
export function spanText(run: BacktestRun): string {
  if (run.from === undefined || run.to === undefined) return '—'
  return `${formatUtcMinute(run.from).slice(0, 10)} → ${formatUtcMinute(run.to - 1).slice(0, 10)}`
}

export function statusText(run: BacktestRun): string {
  switch (run.status) {
    case 'running':
      return `${run.stage === 'downloading' ? 'Downloading' : 'Running'} ${formatFraction(run.progress ?? 0)}`
    case 'done':
      return 'Done'
    case 'canceled':
      return 'Canceled'
    case 'failed':
      return 'Failed'
  }
}
