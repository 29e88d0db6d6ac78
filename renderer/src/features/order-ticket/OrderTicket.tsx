import { useCallback, useMemo, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react'
import type { Order, OrderSide } from '../../../../shared/domain/trading'
import { atoms, div, formatAtoms, type Atoms } from '../../../../shared/trading/money'
import { midPrice, type TicketField, type TicketIssue, type TicketOrderType, type TicketPreview } from '../../../../shared/trading/ticket-preview'
import { useApi } from '../../api/api-context'
import { useAppStore } from '../../store'
import {
  buildTicket,
  defaultLeverage,
  EMPTY_FORM,
  leverageRule,
  localeDecimalMark,
  newClientOrderId,
  nudge,
  ticketContext,
  type AmountUnit,
  type PriceUnit,
  type TicketBuild,
  type TicketForm,
  type TicketTif,
} from './ticket-form'
import { confirmation, formatBase, formatCents, formatExact, formatQuote, formatRate, formatTickCautious, formatTickPrice } from './ticket-format'
import './order-ticket.css'

const DECIMAL_MARK = localeDecimalMark()

const TYPES: Array<{ value: TicketOrderType; label: string; title: string }> = [
  { value: 'market', label: 'Market', title: 'Market: trades now at the best price' },
  { value: 'limit', label: 'Limit', title: 'Limit: trades at your price or better' },
  { value: 'stop_market', label: 'Stop', title: 'Stop (stop market): a market order once the trigger is reached' },
  { value: 'stop_limit', label: 'Stop lmt', title: 'Stop-limit: a limit order once the trigger is reached' },
  { value: 'trailing_stop_market', label: 'Trail', title: 'Trailing stop: a stop that follows the best price by a distance' },
]

interface SubmitResult {
  symbol: string
  version: number
  ok: boolean
  text: string
  orderId?: number
  status?: Order['status']
}

/** Radio buttons drawn as a segmented control: arrow keys move within, Tab moves on. */
function Segmented<T extends string>(props: {
  name: string
  label: string
  value: T
  options: Array<{ value: T; label: string; title?: string }>
  onChange(value: T): void
  className?: string
}) {
  return (
    <div role="radiogroup" aria-label={props.label} className={`ot-seg ${props.className ?? ''}`}>
      {props.options.map((o) => (
        <label key={o.value} title={o.title} data-value={o.value}>
          <input type="radio" name={props.name} value={o.value} checked={props.value === o.value} onChange={() => props.onChange(o.value)} />
          <span>{o.label}</span>
        </label>
      ))}
    </div>
  )
}

/** The one-line message under an input: its issue if it has one, else a hint. Always there, so nothing moves. */
function Hint({ id, issue, children }: { id: string; issue: TicketIssue | undefined; children?: string }) {
  const text = issue?.message
  return (
    <div id={id} className={`ot-hint ${issue === undefined ? '' : issue.severity === 'error' ? 'ot-error' : 'ot-warning'}`} title={text ?? children} data-testid={id}>
      {text ?? children ?? '\u00a0'}
    </div>
  )
}

function PreviewRow(props: { id: string; label: ReactNode; value: string | undefined; exact?: Atoms | null; className?: string; rr?: Atoms }) {
  const { id, label, value, exact, className, rr } = props
  return (
    <div className="ot-row">
      <dt>{label}</dt>
      <dd
        className={`num ${className ?? ''}`}
        data-testid={`ot-${id}`}
        data-value={exact === undefined || exact === null ? '' : formatAtoms(exact)}
        {...(rr === undefined ? {} : { 'data-rr': formatAtoms(rr) })}
      >
        {value ?? '—'}
      </dd>
    </div>
  )
}

/** The order ticket for the selected market and account. */
export function OrderTicket() {
  const api = useApi()
  const symbol = useAppStore((s) => s.selectedSymbol)
  const summary = useAppStore((s) => (s.selectedSymbol === undefined ? undefined : s.summaries[s.selectedSymbol]))
  const accountId = useAppStore((s) => s.selectedAccountId)
  const account = useAppStore((s) => (s.selectedAccountId === undefined ? undefined : s.accounts[s.selectedAccountId]))
  const balance = useAppStore((s) => (s.view !== undefined && s.view.accountId === s.selectedAccountId ? s.view.balance : undefined))
  const position = useAppStore((s) => (s.selectedSymbol === undefined ? undefined : s.view?.positions[s.selectedSymbol]))

  // One form per market, so switching back finds what was typed there.
  const [forms, setForms] = useState<Record<string, TicketForm>>({})
  const [versions, setVersions] = useState<Record<string, number>>({})
  const [pending, setPending] = useState(false)
  const [result, setResult] = useState<SubmitResult | undefined>(undefined)
  const form = (symbol === undefined ? undefined : forms[symbol]) ?? EMPTY_FORM
  const version = symbol === undefined ? 0 : (versions[symbol] ?? 0)

  const context = useMemo(
    () => (summary === undefined ? undefined : ticketContext({ summary, account, balance, position })),
    [summary, account, balance, position],
  )
  const build: TicketBuild | Error | undefined = useMemo(() => {
    if (context === undefined) return undefined
    try {
      return buildTicket(form, context, DECIMAL_MARK)
    } catch (error) {
      // A case the checks did not foresee must not take the screen down: say it, keep the ticket.
      return error instanceof Error ? error : new Error(String(error))
    }
  }, [form, context])

  const update = useCallback(
    (change: Partial<TicketForm>) => {
      if (symbol === undefined) return
      setForms((all) => {
        const current = all[symbol] ?? EMPTY_FORM
        return { ...all, [symbol]: { ...current, ...change } }
      })
      setVersions((all) => ({ ...all, [symbol]: (all[symbol] ?? 0) + 1 }))
    },
    [symbol],
  )

  if (summary === undefined || context === undefined || build === undefined || symbol === undefined || build instanceof Error) {
    return (
      <section className="panel order-ticket" aria-label="Order ticket" data-testid="order-ticket">
        <header className="panel-title">Order ticket</header>
        {build instanceof Error ? (
          <div className="ot-empty ot-error" role="alert">
            The ticket cannot work this out: {build.message}.{' '}
            <button type="button" onClick={() => update({ ...EMPTY_FORM, side: form.side })}>
              Clear the ticket
            </button>
          </div>
        ) : (
          <div className="ot-empty">Waiting for market data…</div>
        )}
      </section>
    )
  }

  const { instrument } = summary
  const spot = instrument.type === 'spot'
  const lev = leverageRule(context)
  const noAccount = accountId === undefined || account === undefined || account.status !== 'active'
  const ready = !noAccount && build.params !== undefined && !pending
  const { preview, byField } = build
  const tick = instrument.tickSize
  const step = instrument.amountStep
  const fmtPrice = (v: Atoms | undefined) => (v === undefined ? undefined : formatTickPrice(v, tick))
  const usesPrice = form.type === 'limit' || form.type === 'stop_limit'
  const usesTrigger = form.type === 'stop_market' || form.type === 'stop_limit'
  const trailing = form.type === 'trailing_stop_market'
  const side: OrderSide = form.side
  const sideWord = spot ? (side === 'buy' ? 'Buy' : 'Sell') : side === 'buy' ? 'Buy / Long' : 'Sell / Short'
  const shownAmount = build.order.amount > 0n ? formatBase(build.order.amount, step) : undefined

  const setType = (type: TicketOrderType) => {
    const change: Partial<TicketForm> = { type }
    // A limit starts at the near side of the book, where it rests.
    if ((type === 'limit' || type === 'stop_limit') && form.price.trim() === '') {
      change.price = formatAtoms(side === 'buy' ? context.quote.bid : context.quote.ask)
    }
    update(change)
  }

  const arrows = (field: keyof TicketForm, unitStep: string | undefined) => (e: KeyboardEvent<HTMLInputElement>) => {
    if (unitStep === undefined || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return
    e.preventDefault()
    update({ [field]: nudge(String(form[field]), unitStep, e.key === 'ArrowUp' ? 1 : -1, DECIMAL_MARK) })
  }

  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return
    const target = e.target as HTMLElement
    const typing = (target instanceof HTMLInputElement && (target.type === 'text' || target.type === 'number')) || target instanceof HTMLSelectElement
    if (typing) return
    if (e.key === 'b' || e.key === 'B') {
      e.preventDefault()
      update({ side: 'buy' })
    } else if (e.key === 's' || e.key === 'S') {
      e.preventDefault()
      update({ side: 'sell' })
    }
  }

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (!ready || build.params === undefined || accountId === undefined) return
    const sentVersion = version
    const sentSymbol = symbol
    setPending(true)
    const clientOrderId = newClientOrderId(Date.now(), crypto.getRandomValues(new Uint32Array(2)))
    const reply = await api.request('orders.place', { accountId, clientOrderId, ...build.params })
    setPending(false)
    if (reply.ok) {
      setResult({ symbol: sentSymbol, version: sentVersion, ok: true, text: confirmation(reply.value, tick, step), orderId: reply.value.id, status: reply.value.status })
    } else {
      setResult({ symbol: sentSymbol, version: sentVersion, ok: false, text: reply.error.message })
    }
  }

  const firstIssue = build.issues[0]
  const current = result !== undefined && result.symbol === symbol && result.version === version ? result : undefined
  const footerMessage = pending ? (
    <span className="ot-muted">Sending…</span>
  ) : current !== undefined ? (
    <span className={current.ok ? 'ot-ok' : 'ot-error'} data-testid="ot-result" data-order-id={current.orderId} data-status={current.status ?? 'refused'}>
      {current.text}
    </span>
  ) : noAccount ? (
    <span className="ot-warning">No paper account selected: create or choose one to trade.</span>
  ) : firstIssue !== undefined ? (
    <span className={firstIssue.severity === 'error' ? 'ot-error' : 'ot-warning'} data-testid="ot-issue" data-rule={firstIssue.rule}>
      {firstIssue.message}
    </span>
  ) : build.params === undefined ? (
    <span className="ot-muted">
      {build.order.amount <= 0n ? 'Enter an amount.' : form.type === 'market' ? 'Waiting for the market’s price…' : 'Enter the order’s prices.'}
    </span>
  ) : (
    <span className="ot-muted">Enter ↵ sends · B / S switch side</span>
  )

  const describedBy = (field: TicketField, id: string) => ({ 'aria-describedby': id, 'aria-invalid': byField[field]?.severity === 'error' })
  /** Beside a stop-loss or take-profit: the price a % comes to, or how far from the entry a price is. */
  const bracketNote = (value: Atoms | undefined, unit: PriceUnit) => {
    if (value === undefined || preview === undefined) return undefined
    if (unit === 'percent') return fmtPrice(value)
    const pct = div((value - preview.price) * 100n, preview.price, 'half-up')
    return `${pct > 0n ? '+' : ''}${formatExact(pct, 2, 2)} %`
  }
  const bracketBlocked = form.reduceOnly && !spot ? 'Reduce-only orders carry no stop-loss or take-profit' : spot && side === 'sell' ? 'On spot, a stop-loss and take-profit protect a buy' : undefined
  const touch = side === 'buy' ? context.quote.ask : context.quote.bid

  return (
    <section className={`panel order-ticket ot-${side}`} aria-label="Order ticket" data-testid="order-ticket" data-symbol={symbol}>
      <header className="panel-title ot-title">
        <span>Order ticket</span>
        <span className="ot-symbol" data-testid="ot-symbol">
          {instrument.base}/{instrument.quote}
          <span className="badge">{spot ? 'SPOT' : 'PERP'}</span>
        </span>
      </header>
      {account?.halt !== undefined && (
        <div className="ot-banner" role="status" title={account.halt.reason}>
          Halted by the {account.halt.by === 'kill_switch' ? 'kill switch' : 'circuit breaker'}: {account.halt.reason}
        </div>
      )}
      <form className="ot-form" onSubmit={(e) => void submit(e)} onKeyDown={onKeyDown} noValidate aria-describedby="ot-footer-message">
        <fieldset className="ot-body" disabled={noAccount}>
          <Segmented
            name="ot-side"
            label="Side"
            className="ot-side"
            value={side}
            options={[
              { value: 'buy', label: spot ? 'Buy' : 'Buy / Long', title: 'Buy (B)' },
              { value: 'sell', label: spot ? 'Sell' : 'Sell / Short', title: 'Sell (S)' },
            ]}
            onChange={(value) => update({ side: value })}
          />
          <Segmented name="ot-type" label="Order type" className="ot-types" value={form.type} options={TYPES} onChange={setType} />

          {/* One price line whatever the type, so switching types keeps the ticket's shape. */}
          <div className="ot-field">
            {form.type === 'market' && (
              <div className="ot-line">
                <span className="ot-label">Price</span>
                <span className="ot-static num" data-testid="ot-market-price">
                  Market ≈ {fmtPrice(touch)} <span className="ot-muted">({side === 'buy' ? 'ask' : 'bid'})</span>
                </span>
              </div>
            )}
            {usesTrigger && (
              <div className="ot-line">
                <label className="ot-label" htmlFor="ot-trigger">
                  Trigger
                </label>
                <input
                  id="ot-trigger"
                  className="ot-input num"
                  inputMode="decimal"
                  autoComplete="off"
                  value={form.trigger}
                  placeholder={fmtPrice(context.quote.last)}
                  onChange={(e) => update({ trigger: e.target.value })}
                  onKeyDown={arrows('trigger', tick)}
                  {...describedBy('trigger', 'ot-hint-price')}
                />
                <select className="ot-select" aria-label="Trigger watches" value={form.triggerBy} onChange={(e) => update({ triggerBy: e.target.value as 'last' | 'mark' })}>
                  <option value="last">Last</option>
                  <option value="mark">Mark</option>
                </select>
              </div>
            )}
            {usesPrice && (
              <div className="ot-line">
                <label className="ot-label" htmlFor="ot-price">
                  {form.type === 'stop_limit' ? 'Limit' : 'Price'}
                </label>
                <input
                  id="ot-price"
                  className="ot-input num"
                  inputMode="decimal"
                  autoComplete="off"
                  value={form.price}
                  onChange={(e) => update({ price: e.target.value })}
                  onKeyDown={arrows('price', tick)}
                  {...describedBy('price', 'ot-hint-price')}
                />
                <span className="ot-unit">{instrument.quote}</span>
              </div>
            )}
            {trailing && (
              <div className="ot-line">
                <label className="ot-label" htmlFor="ot-trailing">
                  Distance
                </label>
                <input
                  id="ot-trailing"
                  className="ot-input num"
                  inputMode="decimal"
                  autoComplete="off"
                  value={form.trailing}
                  placeholder={form.trailingUnit === 'percent' ? '1' : formatAtoms(atoms(tick) * 100n)}
                  onChange={(e) => update({ trailing: e.target.value })}
                  onKeyDown={arrows('trailing', form.trailingUnit === 'price' ? tick : undefined)}
                  {...describedBy('trailing', 'ot-hint-price')}
                />
                <Segmented
                  name="ot-trailing-unit"
                  label="Trailing distance unit"
                  className="ot-units"
                  value={form.trailingUnit}
                  options={[
                    { value: 'percent', label: '%' },
                    { value: 'price', label: instrument.quote },
                  ]}
                  onChange={(value) => update({ trailingUnit: value })}
                />
              </div>
            )}
            <Hint id="ot-hint-price" issue={byField.price ?? byField.trigger ?? byField.trailing}>
              {trailing && preview !== undefined
                ? `Trigger now ${fmtPrice(preview.price)}, trailing the ${form.triggerBy} price ${fmtPrice(form.triggerBy === 'last' ? context.quote.last : midPrice(context.quote))}`
                : usesTrigger
                  ? `Last ${fmtPrice(context.quote.last)} · bid ${fmtPrice(context.quote.bid)} · ask ${fmtPrice(context.quote.ask)}`
                  : `Bid ${fmtPrice(context.quote.bid)} · ask ${fmtPrice(context.quote.ask)}${usesPrice ? ` · tick ${tick}` : ''}`}
            </Hint>
          </div>

          <div className="ot-field">
            <div className="ot-line">
              <label className="ot-label" htmlFor="ot-amount">
                Amount
              </label>
              <input
                id="ot-amount"
                className="ot-input num"
                inputMode="decimal"
                autoComplete="off"
                value={form.amount}
                placeholder={form.amountUnit === 'percent' ? '% of available' : form.amountUnit === 'quote' ? instrument.quote : instrument.base}
                onChange={(e) => update({ amount: e.target.value })}
                onKeyDown={arrows('amount', form.amountUnit === 'base' ? step : undefined)}
                {...describedBy('amount', 'ot-hint-amount')}
              />
              <Segmented<AmountUnit>
                name="ot-amount-unit"
                label="Amount unit"
                className="ot-units"
                value={form.amountUnit}
                options={[
                  { value: 'base', label: instrument.base, title: `Amount in ${instrument.base}` },
                  { value: 'quote', label: instrument.quote, title: `Amount as ${instrument.quote} value (converted at the order's price)` },
                  { value: 'percent', label: '%', title: form.reduceOnly && !spot ? 'Share of the open position' : spot && side === 'sell' ? `Share of the free ${instrument.base}` : 'Share of the available balance (margin and fee)' },
                ]}
                onChange={(value) => update({ amountUnit: value, amount: '' })}
              />
            </div>
            <Hint id="ot-hint-amount" issue={byField.amount}>
              {form.amountUnit !== 'base' && build.resolvedAmount !== undefined
                ? `= ${formatBase(build.resolvedAmount, step)} ${instrument.base}, rounded down to the step ${step}`
                : instrument.minAmount === step
                  ? `Step ${step} ${instrument.base} · min value ${instrument.minNotional} ${instrument.quote}`
                  : `Step ${step} · min ${instrument.minAmount} ${instrument.base} · ${instrument.minNotional} ${instrument.quote}`}
            </Hint>
          </div>

          <div className="ot-line">
            <label className="ot-label" htmlFor="ot-leverage">
              Leverage
            </label>
            <input
              id="ot-leverage"
              className="ot-input ot-leverage num"
              inputMode="numeric"
              autoComplete="off"
              disabled={lev.spot || lev.locked !== undefined}
              value={lev.locked !== undefined ? String(lev.locked) : form.leverage === '' ? String(defaultLeverage(context)) : form.leverage}
              onChange={(e) => update({ leverage: e.target.value })}
              onKeyDown={(e) => {
                if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return
                e.preventDefault()
                const now = Number(form.leverage === '' ? defaultLeverage(context) : form.leverage) || 1
                update({ leverage: String(Math.max(1, Math.min(lev.limit, now + (e.key === 'ArrowUp' ? 1 : -1)))) })
              }}
              {...describedBy('leverage', 'ot-hint-leverage')}
            />
            <span className="ot-unit">×</span>
            <span
              className={`ot-note ${byField.leverage === undefined ? '' : byField.leverage.severity === 'error' ? 'ot-error' : 'ot-warning'}`}
              id="ot-hint-leverage"
              data-testid="ot-leverage-note"
              title={byField.leverage?.message ?? (lev.locked !== undefined && !lev.spot ? 'Leverage cannot change while a position is open' : undefined)}
            >
              {byField.leverage !== undefined
                ? byField.leverage.message
                : lev.spot
                  ? 'spot: 1×'
                  : lev.locked !== undefined
                    ? `locked: ${position?.side ?? ''} ${position?.amount ?? ''} open`
                    : `max ${lev.limit}×`}
            </span>
          </div>

          <div className="ot-line ot-options">
            <label className="ot-check" title={spot ? 'Reduce-only applies to perpetuals' : 'Only reduce the open position, never open or add'}>
              <input type="checkbox" disabled={spot} checked={!spot && form.reduceOnly} onChange={(e) => update({ reduceOnly: e.target.checked })} />
              Reduce-only
            </label>
            <label className="ot-check" title="Post-only: rest in the book as maker, or be refused">
              <input type="checkbox" disabled={!usesPrice} checked={usesPrice && form.postOnly} onChange={(e) => update({ postOnly: e.target.checked })} />
              Post-only
            </label>
            <label className="ot-tif" title="Time in force: GTC rests until canceled, IOC fills what it can now, FOK all now or nothing">
              <span className="ot-muted">TIF</span>
              <select
                className="ot-select"
                aria-label="Time in force"
                value={form.type === 'market' ? (form.timeInForce === 'FOK' ? 'FOK' : 'IOC') : usesPrice ? (form.postOnly ? 'PO' : form.timeInForce) : 'GTC'}
                disabled={!(form.type === 'market' || usesPrice) || (usesPrice && form.postOnly)}
                onChange={(e) => update({ timeInForce: e.target.value as TicketTif })}
              >
                {form.type !== 'market' && <option value="GTC">GTC</option>}
                <option value="IOC">IOC</option>
                <option value="FOK">FOK</option>
                {usesPrice && form.postOnly && <option value="PO">PO</option>}
              </select>
            </label>
          </div>

          <BracketField
            id="sl"
            label="Stop-loss"
            blocked={bracketBlocked}
            value={form.stopLoss}
            unit={form.stopLossUnit}
            tick={tick}
            issue={byField.stopLoss}
            note={bracketNote(build.stopLoss, form.stopLossUnit)}
            onValue={(v) => update({ stopLoss: v })}
            onUnit={(u) => update({ stopLossUnit: u, stopLoss: '' })}
          />
          <BracketField
            id="tp"
            label="Take-profit"
            blocked={bracketBlocked}
            value={form.takeProfit}
            unit={form.takeProfitUnit}
            tick={tick}
            issue={byField.takeProfit}
            note={bracketNote(build.takeProfit, form.takeProfitUnit)}
            onValue={(v) => update({ takeProfit: v })}
            onUnit={(u) => update({ takeProfitUnit: u, takeProfit: '' })}
          />

          <Preview preview={preview} spot={spot} tick={tick} quote={instrument.quote} leverage={lev.locked ?? build.order.leverage} available={context.available} />
        </fieldset>

        <footer className="ot-footer">
          <div className="ot-message" id="ot-footer-message" aria-live="polite">
            {footerMessage}
          </div>
          <button type="submit" className={`ot-submit ot-submit-${side}`} disabled={!ready} data-testid="ot-submit">
            {pending ? 'Sending…' : `${sideWord}${shownAmount === undefined ? '' : ` ${shownAmount}`} ${instrument.base}`}
          </button>
        </footer>
      </form>
    </section>
  )
}

/** A stop-loss or take-profit on one line: the value, price or %, and what it comes to. */
function BracketField(props: {
  id: 'sl' | 'tp'
  label: string
  blocked: string | undefined
  value: string
  unit: PriceUnit
  tick: string
  issue: TicketIssue | undefined
  note: string | undefined
  onValue(value: string): void
  onUnit(unit: PriceUnit): void
}) {
  const noteId = `ot-hint-${props.id}`
  const issue = props.blocked === undefined ? props.issue : undefined
  return (
    <div className="ot-line">
      <label className="ot-label" htmlFor={`ot-${props.id}`} title={props.label}>
        {props.id === 'sl' ? 'SL' : 'TP'}
      </label>
      <input
        id={`ot-${props.id}`}
        className="ot-input num"
        inputMode="decimal"
        autoComplete="off"
        aria-label={props.label}
        placeholder={props.blocked === undefined ? (props.unit === 'percent' ? '% away' : 'optional') : ''}
        disabled={props.blocked !== undefined}
        value={props.blocked === undefined ? props.value : ''}
        onChange={(e) => props.onValue(e.target.value)}
        onKeyDown={(e) => {
          if (props.unit !== 'price' || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return
          e.preventDefault()
          props.onValue(nudge(props.value, props.tick, e.key === 'ArrowUp' ? 1 : -1, DECIMAL_MARK))
        }}
        aria-describedby={noteId}
        aria-invalid={issue?.severity === 'error'}
      />
      <Segmented<PriceUnit>
        name={`ot-${props.id}-unit`}
        label={`${props.label} unit`}
        className="ot-units"
        value={props.unit}
        options={[
          { value: 'price', label: 'Price', title: `${props.label} at a price` },
          { value: 'percent', label: '%', title: `${props.label} as a % from the entry` },
        ]}
        onChange={props.onUnit}
      />
      <span
        id={noteId}
        data-testid={noteId}
        className={`ot-note ot-bracket-note num ${issue === undefined ? '' : issue.severity === 'error' ? 'ot-error' : 'ot-warning'}`}
        title={issue?.message ?? props.blocked}
      >
        {issue?.message ?? (props.blocked === undefined ? props.note : '—') ?? ''}
      </span>
    </div>
  )
}

function Preview(props: {
  preview: TicketPreview | undefined
  spot: boolean
  tick: string
  quote: string
  leverage: number
  available: Atoms | undefined
}) {
  const { preview: p, spot, tick, quote } = props
  const money = (v: Atoms | undefined) => (v === undefined ? undefined : formatQuote(v))
  const liq =
    p === undefined || spot
      ? undefined
      : p.liquidation === null || p.liquidation === undefined
        ? p.positionAfter === undefined
          ? 'closes the position'
          : 'none'
        : formatTickCautious(p.liquidation, tick, p.positionAfter?.side ?? 'long')
  const selling = p !== undefined && p.spotTotal !== undefined && p.notional > p.spotTotal
  return (
    <section
      className="ot-preview"
      aria-label="Order preview"
      data-price={p === undefined ? '' : formatAtoms(p.price)}
      data-liquidity={p?.liquidity ?? ''}
      title="Figures from the same functions the engine books with. Required is checked with the taker fee, as the engine does; risk and reward include the entry fee and the bracket's taker fee."
    >
      <dl>
        <PreviewRow id="notional" label={`Notional ${quote}`} value={money(p?.notional)} exact={p?.notional} />
        {spot ? (
          <PreviewRow id="margin" label={selling ? 'Proceeds less fee' : 'Cost incl. fee'} value={money(p?.spotTotal)} exact={p?.spotTotal} />
        ) : (
          <PreviewRow id="margin" label={`Initial margin ${props.leverage}×`} value={money(p?.margin)} exact={p?.margin} />
        )}
        <PreviewRow id="fee" label={p === undefined ? 'Fee' : `Fee ${formatRate(p.feeRate)} ${p.liquidity}`} value={money(p?.fee)} exact={p?.fee} />
        <PreviewRow
          id="required"
          label="Required / avail."
          value={p === undefined ? undefined : `${formatQuote(p.required)} / ${props.available === undefined ? '…' : formatCents(props.available)}`}
          exact={p?.required}
          className={p !== undefined && props.available !== undefined && p.required > props.available ? 'ot-error' : ''}
        />
        <PreviewRow id="liquidation" label="Liq. price" value={spot ? 'n/a (spot)' : liq} exact={p?.liquidation} />
        <PreviewRow
          id="risk"
          label="Risk to SL"
          value={p?.risk === undefined ? undefined : `${formatQuote(p.risk)}${p.riskOfEquity === undefined ? '' : ` · ${formatExact(p.riskOfEquity * 100n, 2, 2)} %`}`}
          exact={p?.risk}
          className={p?.risk === undefined ? '' : 'down'}
        />
        <PreviewRow
          id="reward"
          label="Reward to TP"
          value={p?.reward === undefined ? undefined : `${formatQuote(p.reward)}${p.rewardRisk === undefined ? '' : ` · 1 : ${formatExact(p.rewardRisk, 2, 2)}`}`}
          exact={p?.reward}
          className={p?.reward === undefined ? '' : 'up'}
          rr={p?.rewardRisk}
        />
      </dl>
    </section>
  )
}
