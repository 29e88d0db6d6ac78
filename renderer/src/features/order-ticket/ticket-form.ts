/**
 * The order ticket's form: what the trader typed (text), turned into an exact order, its
 * preview, the reasons it would be refused and the `orders.place` parameters. Pure, so
 * the unit tests can work it by hand; the component only renders it.
 */
import type { ParamsOf } from '../../../../shared/contract'
import type { MarketSummary } from '../../../../shared/domain/market'
import type { Account, AccountBalance, OrderSide, Position } from '../../../../shared/domain/trading'
import { atoms, atomsOf, divRound, formatAtoms, ONE, type Atoms } from '../../../../shared/trading/money'
import {
  amountFromFraction,
  amountFromQuote,
  bracketFromFraction,
  checkTicket,
  feeRatesFor,
  orderPrice,
  previewTicket,
  type TicketContext,
  type TicketField,
  type TicketIssue,
  type TicketOrder,
  type TicketOrderType,
  type TicketPreview,
} from '../../../../shared/trading/ticket-preview'

export type AmountUnit = 'base' | 'quote' | 'percent'
export type PriceUnit = 'price' | 'percent'
/** What the time-in-force select offers; post-only (PO) is its own checkbox. */
export type TicketTif = 'GTC' | 'IOC' | 'FOK'

export interface TicketForm {
  side: OrderSide
  type: TicketOrderType
  price: string
  trigger: string
  triggerBy: 'last' | 'mark'
  trailing: string
  trailingUnit: PriceUnit
  amount: string
  amountUnit: AmountUnit
  leverage: string
  reduceOnly: boolean
  postOnly: boolean
  timeInForce: TicketTif
  stopLoss: string
  stopLossUnit: PriceUnit
  takeProfit: string
  takeProfitUnit: PriceUnit
}

export const EMPTY_FORM: TicketForm = {
  side: 'buy',
  type: 'market',
  price: '',
  trigger: '',
  triggerBy: 'last',
  trailing: '',
  trailingUnit: 'percent',
  amount: '',
  amountUnit: 'base',
  leverage: '',
  reduceOnly: false,
  postOnly: false,
  timeInForce: 'GTC',
  stopLoss: '',
  stopLossUnit: 'price',
  takeProfit: '',
  takeProfitUnit: 'price',
}

export type Parsed = { kind: 'empty' } | { kind: 'ok'; value: Atoms } | { kind: 'error'; message: string }

const MAX_WHOLE_DIGITS = 10
const MAX_DECIMALS = 8

/**
 * A typed number as exact atoms. A point is always the decimal mark; a lone comma is one
 * too where the locale writes decimals with a comma. Thousands separators are refused
 * rather than guessed ("1,000" is a thousand in one locale and one in another).
 */
export function parseDecimal(text: string, decimalMark: '.' | ',' = '.'): Parsed {
  let value = text.replace(/[\s\u00a0\u202f_]/g, '')
  if (value === '') return { kind: 'empty' }
  if (value.includes(',')) {
    if (decimalMark !== ',' || value.includes('.') || value.indexOf(',') !== value.lastIndexOf(',')) {
      return { kind: 'error', message: 'Type the number without thousands separators, e.g. 1500.25' }
    }
    value = value.replace(',', '.')
  }
  if (value.startsWith('.')) value = `0${value}`
  if (value.startsWith('-')) return { kind: 'error', message: 'Must be greater than zero' }
  const match = /^(\d+)(?:\.(\d*))?$/.exec(value)
  if (match === null) return { kind: 'error', message: 'Not a number' }
  const whole = (match[1] as string).replace(/^0+(?=\d)/, '')
  const fraction = (match[2] ?? '').replace(/0+$/, '')
  if (whole.length > MAX_WHOLE_DIGITS) return { kind: 'error', message: 'Too large' }
  if (fraction.length > MAX_DECIMALS) return { kind: 'error', message: `At most ${MAX_DECIMALS} decimals` }
  return { kind: 'ok', value: atoms(fraction === '' ? whole : `${whole}.${fraction}`) }
}

/** The decimal mark of the user's locale. */
export function localeDecimalMark(locale?: string): '.' | ',' {
  const part = new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')
  return part?.value === ',' ? ',' : '.'
}

/** A percentage typed as "1.5" (= 1.5 %) as a fraction in atoms (0.015); at most 6 decimals keeps it exact. */
function percentFraction(parsed: Parsed): Parsed {
  if (parsed.kind !== 'ok') return parsed
  if (parsed.value % 100n !== 0n) return { kind: 'error', message: 'At most 6 decimals in a percentage' }
  return { kind: 'ok', value: divRound(parsed.value, 100n, 'down') }
}

/** What the ticket reads from the store, turned into the preview's context. */
export interface TicketSources {
  summary: MarketSummary
  account: Account | undefined
  balance: AccountBalance | undefined
  position: Position | undefined
}

export function ticketContext({ summary, account, balance, position }: TicketSources): TicketContext {
  const { instrument } = summary
  const holding = balance?.holdings.find((h) => h.asset === instrument.base)
  return {
    instrument,
    quote: { bid: atomsOf(summary.bid), ask: atomsOf(summary.ask), last: atomsOf(summary.last) },
    fees: feeRatesFor(instrument, account),
    accountMaxLeverage: account?.maxLeverage ?? instrument.maxLeverage,
    ...(balance === undefined ? {} : { equity: atoms(balance.equity), available: atoms(balance.available) }),
    ...(instrument.type === 'spot' && balance !== undefined
      ? { baseAvailable: holding === undefined ? 0n : atoms(holding.available), baseHeld: holding === undefined ? 0n : atoms(holding.amount) }
      : {}),
    ...(instrument.type === 'swap' && position !== undefined
      ? {
          position: {
            side: position.side,
            amount: atoms(position.amount),
            entryPrice: atoms(position.entryPrice),
            leverage: position.leverage,
            margin: atoms(position.margin),
          },
        }
      : {}),
    ...(account?.risk.maxPositionNotional === undefined ? {} : { maxPositionNotional: atoms(account.risk.maxPositionNotional) }),
  }
}

/** The leverage the ticket offers: spot 1x; a perpetual up to the limits, fixed while a position is open. */
export function leverageRule(context: TicketContext): { limit: number; locked: number | undefined; spot: boolean } {
  const spot = context.instrument.type === 'spot'
  const limit = spot ? 1 : Math.min(context.accountMaxLeverage, context.instrument.maxLeverage)
  return { limit, locked: spot ? 1 : context.position?.leverage, spot }
}

/** The leverage the ticket starts with: the position's, else the engine's default (the limit). */
export const defaultLeverage = (context: TicketContext): number => leverageRule(context).locked ?? leverageRule(context).limit

/** Time in force as the engine takes it: market IOC/FOK; PO for post-only limits; stops rest (GTC). */
export function effectiveTif(form: Pick<TicketForm, 'type' | 'timeInForce' | 'postOnly'>): 'GTC' | 'IOC' | 'FOK' | 'PO' | undefined {
  if (form.type === 'market') return form.timeInForce === 'FOK' ? 'FOK' : 'IOC'
  if (form.type === 'limit' || form.type === 'stop_limit') return form.postOnly ? 'PO' : form.timeInForce
  return undefined
}

export interface TicketBuild {
  order: TicketOrder
  /** Typing errors, then the engine's rules; errors first. */
  issues: TicketIssue[]
  /** The first issue per field, for the message under each input. */
  byField: Partial<Record<TicketField, TicketIssue>>
  errors: number
  preview: TicketPreview | undefined
  /** The base amount the quote or % entry came to (rounded down to the step). */
  resolvedAmount: Atoms | undefined
  stopLoss: Atoms | undefined
  takeProfit: Atoms | undefined
  /** What `orders.place` gets, when nothing blocks it. */
  params: Omit<ParamsOf<'orders.place'>, 'accountId' | 'clientOrderId'> | undefined
}

/** Builds the order the form describes against the market and account as they are now. */
export function buildTicket(form: TicketForm, context: TicketContext, decimalMark: '.' | ',' = '.'): TicketBuild {
  const { instrument } = context
  const spot = instrument.type === 'spot'
  const typing: TicketIssue[] = []
  const typed = (field: TicketField, parsed: Parsed, label: string): Atoms | undefined => {
    if (parsed.kind === 'error') typing.push({ field, rule: 'input', message: `${label}: ${parsed.message}`, severity: 'error' })
    return parsed.kind === 'ok' ? parsed.value : undefined
  }
  const usesPrice = form.type === 'limit' || form.type === 'stop_limit'
  const usesTrigger = form.type === 'stop_market' || form.type === 'stop_limit'
  const trailing = form.type === 'trailing_stop_market'
  const price = usesPrice ? typed('price', parseDecimal(form.price, decimalMark), 'Price') : undefined
  const triggerPrice = usesTrigger ? typed('trigger', parseDecimal(form.trigger, decimalMark), 'Trigger') : undefined
  const trailingParsed = trailing ? parseDecimal(form.trailing, decimalMark) : ({ kind: 'empty' } as Parsed)
  const trailingValue = typed('trailing', form.trailingUnit === 'percent' ? percentFraction(trailingParsed) : trailingParsed, 'Trailing distance')

  const rule = leverageRule(context)
  let leverage = rule.locked ?? rule.limit
  if (!spot && rule.locked === undefined && form.leverage.trim() !== '') {
    const text = form.leverage.trim().replace(/x$/i, '')
    if (/^\d{1,3}$/.test(text)) leverage = Number(text)
    else typing.push({ field: 'leverage', rule: 'input', message: 'Leverage is a whole number such as 10', severity: 'error' })
  }

  const shape = {
    side: form.side,
    type: form.type,
    price,
    triggerPrice,
    triggerBy: form.triggerBy,
    trailingDistance: trailing && form.trailingUnit === 'price' ? trailingValue : undefined,
    trailingPercent: trailing && form.trailingUnit === 'percent' ? trailingValue : undefined,
    postOnly: (form.type === 'limit' || form.type === 'stop_limit') && form.postOnly,
  }
  const at = orderPrice(shape, context)
  const reduceOnly = !spot && form.reduceOnly

  // Amount: as typed in base, or converted from quote or a share of what is available.
  const amountParsed = parseDecimal(form.amount, decimalMark)
  let amount: Atoms | undefined
  let resolvedAmount: Atoms | undefined
  if (form.amountUnit === 'base') {
    amount = typed('amount', amountParsed, 'Amount')
  } else if (form.amountUnit === 'quote') {
    const value = typed('amount', amountParsed, 'Amount')
    if (value !== undefined && at !== undefined) amount = resolvedAmount = amountFromQuote(value, at.price, atoms(instrument.amountStep))
  } else {
    const fraction = typed('amount', percentFraction(amountParsed), 'Amount')
    if (fraction !== undefined && fraction > ONE) typing.push({ field: 'amount', rule: 'input', message: 'A share of what is available is at most 100 %', severity: 'error' })
    else if (fraction !== undefined && at !== undefined) amount = resolvedAmount = amountFromFraction(fraction, { side: form.side, leverage, reduceOnly }, at.price, context)
  }
  if (resolvedAmount === 0n && amountParsed.kind === 'ok' && amountParsed.value > 0n) {
    typing.push({
      field: 'amount',
      rule: 'amount_step',
      message: `Comes to less than one step of ${instrument.amountStep} ${instrument.base}`,
      severity: 'error',
    })
  }

  // Brackets, by price or as a distance from the entry.
  const bracket = (text: string, unit: PriceUnit, kind: 'stop_loss' | 'take_profit', field: 'stopLoss' | 'takeProfit', label: string): Atoms | undefined => {
    const parsed = parseDecimal(text, decimalMark)
    if (unit === 'price') return typed(field, parsed, label)
    const fraction = typed(field, percentFraction(parsed), label)
    if (fraction === undefined || at === undefined) return undefined
    if (fraction <= 0n) {
      typing.push({ field, rule: 'input', message: `${label}: must be greater than zero`, severity: 'error' })
      return undefined
    }
    const value = bracketFromFraction(at.price, fraction, form.side, kind, atoms(instrument.tickSize))
    if (value <= 0n) {
      typing.push({ field, rule: 'input', message: `${label}: ${formatAtoms(divRound(fraction * 100n, 1n, 'down'))} % away is below zero`, severity: 'error' })
      return undefined
    }
    return value
  }
  // A reduce-only order and a spot sell carry no brackets: their fields are off and what they hold is ignored.
  const bracketsAllowed = !reduceOnly && !(spot && form.side === 'sell')
  const stopLoss = bracketsAllowed ? bracket(form.stopLoss, form.stopLossUnit, 'stop_loss', 'stopLoss', 'Stop-loss') : undefined
  const takeProfit = bracketsAllowed ? bracket(form.takeProfit, form.takeProfitUnit, 'take_profit', 'takeProfit', 'Take-profit') : undefined

  const order: TicketOrder = {
    ...shape,
    amount: amount ?? 0n,
    leverage,
    reduceOnly,
    stopLoss,
    takeProfit,
  }
  // An amount not typed yet is not an error to shout about: the ticket just waits for it.
  const rules = checkTicket(order, context).filter(
    (issue) =>
      !(issue.rule === 'amount_positive' && (amount === undefined || typing.some((t) => t.field === 'amount'))) &&
      !(typing.some((t) => t.field === issue.field) && issue.field !== 'order'),
  )
  const issues = [...typing, ...rules].sort((a, b) => Number(a.severity === 'warning') - Number(b.severity === 'warning'))
  const byField: TicketBuild['byField'] = {}
  for (const issue of issues) byField[issue.field] ??= issue
  const errors = issues.filter((i) => i.severity === 'error').length
  const preview = previewTicket(order, context)
  const tif = effectiveTif(form)
  const ready = errors === 0 && amount !== undefined && amount > 0n && at !== undefined
  const params: TicketBuild['params'] = ready
    ? {
        symbol: instrument.symbol,
        side: form.side,
        type: form.type,
        amount: formatAtoms(order.amount),
        ...(price === undefined ? {} : { price: formatAtoms(price) }),
        ...(triggerPrice === undefined ? {} : { triggerPrice: formatAtoms(triggerPrice) }),
        ...((usesTrigger || trailing) && form.triggerBy === 'mark' ? { triggerBy: 'mark' as const } : {}),
        ...(order.trailingDistance === undefined ? {} : { trailingDistance: formatAtoms(order.trailingDistance) }),
        ...(order.trailingPercent === undefined ? {} : { trailingPercent: formatAtoms(order.trailingPercent) }),
        ...(tif === undefined ? {} : { timeInForce: tif }),
        ...(reduceOnly ? { reduceOnly: true } : {}),
        ...(spot ? {} : { leverage }),
        ...(stopLoss === undefined ? {} : { stopLoss: formatAtoms(stopLoss) }),
        ...(takeProfit === undefined ? {} : { takeProfit: formatAtoms(takeProfit) }),
      }
    : undefined
  return { order, issues, byField, errors, preview, resolvedAmount, stopLoss, takeProfit, params }
}

/** Moves a typed price or amount one step up or down (arrow keys), staying on the grid. */
export function nudge(text: string, step: string, direction: 1 | -1, decimalMark: '.' | ',' = '.'): string {
  const parsed = parseDecimal(text, decimalMark)
  const unit = atoms(step)
  const current = parsed.kind === 'ok' ? parsed.value : 0n
  const onGrid = direction === 1 ? (current / unit + 1n) * unit : current % unit === 0n ? current - unit : (current / unit) * unit
  return formatAtoms(onGrid > 0n ? onGrid : unit)
}

/** A client order id: letters, digits and dashes, unique enough per ticket submit. */
export function newClientOrderId(now: number, random: Uint32Array): string {
  return `tk-${now.toString(36)}-${Array.from(random, (n) => n.toString(36)).join('')}`.slice(0, 64)
}
