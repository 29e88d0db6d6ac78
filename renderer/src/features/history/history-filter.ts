import type { FillSource, HistoryFilter } from '../../../../shared/domain/history'

/** The filter bar's fields as the inputs hold them; '' means "any". */
export interface FilterForm {
  accountId: string
  venue: string
  symbol: string
  side: '' | 'long' | 'short'
  source: '' | FillSource
  /** UTC dates, YYYY-MM-DD (the date inputs' value); `to` is inclusive. */
  from: string
  to: string
  outcome: '' | 'win' | 'loss' | 'open'
  tag: string
  search: string
}

export const EMPTY_FORM: FilterForm = { accountId: '', venue: '', symbol: '', side: '', source: '', from: '', to: '', outcome: '', tag: '', search: '' }

const DAY_MS = 86_400_000

/** Midnight UTC of a YYYY-MM-DD date; undefined for anything else. */
export function utcDayStart(date: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  if (match === null) return undefined
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const ms = Date.UTC(year, month - 1, day)
  // Date.UTC rolls 2025-02-30 over into March: refuse what is not a real date.
  return new Date(ms).getUTCDate() === day ? ms : undefined
}

/**
 * The contract's filter for the form: dates become [from midnight, the day after `to`),
 * blanks are left out. Dates that contradict each other are left out too, and told.
 */
export function toHistoryFilter(form: FilterForm): { filter: HistoryFilter; problem?: string } {
  const filter: HistoryFilter = {}
  if (form.accountId !== '') filter.accountIds = [Number(form.accountId)]
  if (form.venue !== '') filter.venues = [form.venue]
  if (form.symbol !== '') filter.symbols = [form.symbol]
  if (form.side !== '') filter.side = form.side
  if (form.source !== '') filter.sources = [form.source]
  if (form.outcome !== '') filter.outcome = form.outcome
  if (form.tag !== '') filter.tag = form.tag
  const search = form.search.trim()
  if (search !== '') filter.search = search
  const from = utcDayStart(form.from)
  const toDay = utcDayStart(form.to)
  if (from !== undefined && toDay !== undefined && from > toDay) return { filter, problem: 'The start date is after the end date: dates are ignored' }
  if (from !== undefined) filter.from = from
  if (toDay !== undefined) filter.to = toDay + DAY_MS
  return { filter }
}

/** Whether any field narrows the history. */
export const isFiltered = (form: FilterForm): boolean => (Object.keys(form) as (keyof FilterForm)[]).some((key) => form[key] !== EMPTY_FORM[key])
