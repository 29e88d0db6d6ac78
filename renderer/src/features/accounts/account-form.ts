import type { ParamsOf } from '../../../../shared/contract'
import type { Account, BreakerMode, SizingMethod } from '../../../../shared/domain/trading'
import { atoms, formatAtoms } from '../../../../shared/trading/money'

/**
 * The paper-account form as typed, and its checks. They mirror the contract's schemas
 * (shared/contract) so a mistake is explained beside its field before anything is sent;
 * the engine still has the last word, and its refusals are shown as they come.
 */
export interface AccountFormValues {
  name: string
  startingBalance: string
  sizingMethod: SizingMethod
  /** Percent of equity for the percentage methods, a notional in the quote for FIXED_USD. */
  sizingValue: string
  /** Percent of entry; empty = none. */
  defaultStopLoss: string
  defaultTakeProfit: string
  maxLeverage: string
  maxOpenPositions: string
  /** Empty = no limit. */
  maxPositionNotional: string
  dailyLossLimit: string
  maxConsecutiveLosses: string
  breakerMode: BreakerMode
}

export type FieldErrors = Partial<Record<keyof AccountFormValues, string>>
export type CreateParams = ParamsOf<'accounts.create'>
export type RiskParams = Omit<ParamsOf<'accounts.setRisk'>, 'accountId'>

export const SIZING_LABELS: Record<SizingMethod, string> = {
  ACCOUNT_PERCENTAGE: '% of equity',
  CONFIDENCE_BASED: '% of equity × confidence',
  FIXED_USD: 'Fixed notional',
}

export const BREAKER_LABELS: Record<BreakerMode, string> = {
  block_entries: 'Block new entries',
  reduce_only: 'Reduce-only orders',
  flatten: 'Flatten everything',
}

export const NEW_ACCOUNT: AccountFormValues = {
  name: '',
  startingBalance: '10000',
  sizingMethod: 'ACCOUNT_PERCENTAGE',
  sizingValue: '10',
  defaultStopLoss: '',
  defaultTakeProfit: '',
  maxLeverage: '10',
  maxOpenPositions: '5',
  maxPositionNotional: '',
  dailyLossLimit: '',
  maxConsecutiveLosses: '',
  breakerMode: 'block_entries',
}

const DECIMAL = /^\d{1,10}(\.\d{1,8})?$/
const PERCENT = /^\d{1,4}(\.\d{1,6})?$/
const INTEGER = /^\d{1,4}$/
const CONTROL = /\p{C}/u

/** A fraction (0.1) as the percent a trader types (10), exactly. */
export function fractionToPercent(fraction: string): string {
  return formatAtoms(atoms(fraction) * 100n)
}

/** A typed percent (2.5) as the contract's fraction ("0.025"), exactly; undefined if not a percent. */
export function percentToFraction(percent: string): string | undefined {
  const text = percent.trim()
  if (!PERCENT.test(text)) return undefined
  return formatAtoms(atoms(text) / 100n)
}

function positiveDecimal(text: string, what: string): { value?: string; error?: string } {
  const t = text.trim()
  if (t === '') return { error: `Enter ${what}` }
  if (!DECIMAL.test(t)) return { error: 'Use digits and a point, e.g. 2500.50 (at most 10 digits before the point and 8 after)' }
  if (!/[1-9]/.test(t)) return { error: 'Must be greater than zero' }
  return { value: t }
}

function percent(text: string, lowExclusive: number, high: number, highInclusive: boolean): { value?: string; error?: string } {
  const t = text.trim()
  const fraction = percentToFraction(t)
  if (fraction === undefined) return { error: 'A percentage such as 2 or 2.5 (at most 6 decimals)' }
  const n = Number(t)
  if (!(n > lowExclusive) || (highInclusive ? n > high : n >= high)) {
    return { error: `Between ${lowExclusive} % and ${high} %${highInclusive ? '' : ' (not included)'}` }
  }
  return { value: fraction }
}

function integer(text: string, lo: number, hi: number): { value?: number; error?: string } {
  const t = text.trim()
  if (!INTEGER.test(t) || Number(t) < lo || Number(t) > hi) return { error: `A whole number from ${lo} to ${hi}` }
  return { value: Number(t) }
}

export function checkName(name: string): string | undefined {
  const t = name.trim()
  if (t === '') return 'Give the account a name'
  if (t.length > 60) return 'Account names are at most 60 characters'
  if (CONTROL.test(t)) return 'Account names cannot contain control characters'
  return undefined
}

/** The risk limits as `accounts.setRisk` takes them: an empty field removes its limit (null). */
export function checkRisk(v: AccountFormValues, errors: FieldErrors): RiskParams {
  const risk: RiskParams = { breakerMode: v.breakerMode }
  const optionalAmount = (field: 'maxPositionNotional' | 'dailyLossLimit', what: string): string | null => {
    if (v[field].trim() === '') return null
    const r = positiveDecimal(v[field], what)
    if (r.error !== undefined) errors[field] = r.error
    return r.value ?? null
  }
  risk.maxPositionNotional = optionalAmount('maxPositionNotional', 'a notional')
  risk.dailyLossLimit = optionalAmount('dailyLossLimit', 'a loss limit')
  if (v.maxConsecutiveLosses.trim() === '') risk.maxConsecutiveLosses = null
  else {
    const r = integer(v.maxConsecutiveLosses, 1, 1000)
    if (r.error !== undefined) errors.maxConsecutiveLosses = r.error
    risk.maxConsecutiveLosses = r.value ?? null
  }
  return risk
}

/** Checks a new account; `create` and `risk` are the requests to send when there is no error. */
export function checkNewAccount(v: AccountFormValues): { errors: FieldErrors; create?: CreateParams; risk?: RiskParams } {
  const errors: FieldErrors = {}
  const nameError = checkName(v.name)
  if (nameError !== undefined) errors.name = nameError
  const balance = positiveDecimal(v.startingBalance, 'a starting balance')
  if (balance.error !== undefined) errors.startingBalance = balance.error

  let sizingValue: string | undefined
  if (v.sizingMethod === 'FIXED_USD') {
    const r = positiveDecimal(v.sizingValue, 'a notional per trade')
    if (r.error !== undefined) errors.sizingValue = r.error
    sizingValue = r.value
  } else {
    const r = percent(v.sizingValue, 0, 1000, true)
    if (r.error !== undefined) errors.sizingValue = r.error
    sizingValue = r.value
  }

  const optionalPercent = (field: 'defaultStopLoss' | 'defaultTakeProfit'): string | undefined => {
    if (v[field].trim() === '') return undefined
    const r = percent(v[field], 0, 100, false)
    if (r.error !== undefined) errors[field] = r.error
    return r.value
  }
  const defaultStopLoss = optionalPercent('defaultStopLoss')
  const defaultTakeProfit = optionalPercent('defaultTakeProfit')
  const leverage = integer(v.maxLeverage, 1, 125)
  if (leverage.error !== undefined) errors.maxLeverage = leverage.error
  const positions = integer(v.maxOpenPositions, 1, 500)
  if (positions.error !== undefined) errors.maxOpenPositions = positions.error
  const risk = checkRisk(v, errors)

  if (Object.keys(errors).length > 0) return { errors }
  const create: CreateParams = {
    name: v.name.trim(),
    startingBalance: balance.value,
    sizingMethod: v.sizingMethod,
    sizingValue,
    maxLeverage: leverage.value,
    maxOpenPositions: positions.value,
    ...(defaultStopLoss === undefined ? {} : { defaultStopLoss }),
    ...(defaultTakeProfit === undefined ? {} : { defaultTakeProfit }),
  }
  return { errors, create, risk }
}

/** Whether the form asks for any risk limit beyond the defaults a new account starts with. */
export function hasRiskLimits(risk: RiskParams): boolean {
  const set = (v: unknown): boolean => v !== null && v !== undefined
  return set(risk.maxPositionNotional) || set(risk.dailyLossLimit) || set(risk.maxConsecutiveLosses) || risk.breakerMode !== 'block_entries'
}

/** An existing account as the form shows it (for editing its name and risk limits). */
export function formOf(account: Account): AccountFormValues {
  const pct = (fraction: string | undefined): string => (fraction === undefined ? '' : fractionToPercent(fraction))
  return {
    name: account.name,
    startingBalance: account.startingBalance,
    sizingMethod: account.sizingMethod,
    sizingValue: account.sizingMethod === 'FIXED_USD' ? account.sizingValue : pct(account.sizingValue),
    defaultStopLoss: pct(account.defaultStopLoss),
    defaultTakeProfit: pct(account.defaultTakeProfit),
    maxLeverage: String(account.maxLeverage),
    maxOpenPositions: String(account.maxOpenPositions),
    maxPositionNotional: account.risk.maxPositionNotional ?? '',
    dailyLossLimit: account.risk.dailyLossLimit ?? '',
    maxConsecutiveLosses: account.risk.maxConsecutiveLosses === undefined ? '' : String(account.risk.maxConsecutiveLosses),
    breakerMode: account.risk.breakerMode,
  }
}
