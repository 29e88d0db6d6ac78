/** How the history screen words its figures. Money goes through the exact formatters of format.ts. */
import type { FillSource, RoundTrip } from '../../../../shared/domain/history'

const pad = (n: number): string => String(n).padStart(2, '0')

/** "2024-08-05 14:03" in UTC: history spans years, and its filters and calendar are UTC. */
export function formatUtcMinute(ts: number): string {
  const d = new Date(ts)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`
}

const ratio = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 })
const percent = new Intl.NumberFormat(undefined, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 })

/** A ratio to two decimals; '—' where it is not defined for the data. */
export const formatRatio = (value: number | null): string => (value === null ? '—' : ratio.format(value))

/** A fraction (0.553) as a percentage ("55.3%"); '—' where not defined. */
export const formatFraction = (value: number | null): string => (value === null ? '—' : percent.format(value))

const wholePercent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 0 })

/** How far along a job is ("45%"). */
export const formatProgress = (done: number, total: number): string => wholePercent.format(total > 0 ? done / total : 0)

const bytes = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 })

export function formatBytes(size: number): string {
  if (size < 1024) return `${size} B`
  if (size < 1024 * 1024) return `${bytes.format(size / 1024)} KB`
  return `${bytes.format(size / (1024 * 1024))} MB`
}

export const SOURCE_LABELS: Readonly<Record<FillSource, string>> = { paper: 'Paper', live: 'Live', imported: 'Imported' }

export const OUTCOME_LABELS: Readonly<Record<RoundTrip['outcome'], string>> = { win: 'Win', loss: 'Loss', breakeven: 'Even', open: 'Open' }
