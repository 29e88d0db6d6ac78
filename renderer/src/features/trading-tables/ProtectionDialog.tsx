import { useMemo, useState } from 'react'
import type { Order, Position } from '../../../../shared/domain/trading'
import { unrealizedPnl } from '../../../../shared/trading/margin'
import { atoms, formatAtoms } from '../../../../shared/trading/money'
import { useApi } from '../../api/api-context'
import { useAppStore } from '../../store'
import { markOf, protectionOf } from './live-position'
import { Modal } from '../../components/Modal'
import { formatMoney, signClass } from './table-format'
import { formatAmountOf, formatPriceOf, useFormats, useNotify } from './tables-context'
import { legAction } from './order-edits'
import { checkDecimal } from './validate'

type Leg = 'stopLoss' | 'takeProfit'

const LEGS: ReadonlyArray<{ leg: Leg; label: string; type: 'stop_market' | 'take_profit_market' }> = [
  { leg: 'stopLoss', label: 'Stop-loss', type: 'stop_market' },
  { leg: 'takeProfit', label: 'Take-profit', type: 'take_profit_market' },
]

const NO_ORDERS: Record<number, Order> = {}

/**
 * Sets, moves or removes a position's stop-loss and take-profit: reduce-only stop-market and
 * take-profit-market orders for the whole position, placed, amended or canceled through the
 * contract as the engine accepts them.
 */
export function ProtectionDialog({ symbol, onClose }: { symbol: string; onClose: () => void }) {
  const api = useApi()
  const notify = useNotify()
  const formats = useFormats()
  const accountId = useAppStore((s) => s.view?.accountId)
  const position = useAppStore((s) => s.view?.positions[symbol])
  const openOrders = useAppStore((s) => s.view?.openOrders ?? NO_ORDERS)
  const summary = useAppStore((s) => s.summaries[symbol])
  const protection = useMemo(() => (position === undefined ? undefined : protectionOf(position, Object.values(openOrders))), [position, openOrders])
  const tick = formats.get(symbol)?.tickSize
  const [inputs, setInputs] = useState<Record<Leg, string>>({
    stopLoss: protection?.stopLoss?.triggerPrice ?? '',
    takeProfit: protection?.takeProfit?.triggerPrice ?? '',
  })
  const [errors, setErrors] = useState<Partial<Record<Leg, string>>>({})
  const [pending, setPending] = useState(false)
  const mark = markOf(summary)

  const problems: Partial<Record<Leg, string>> = {}
  for (const { leg, label } of LEGS) {
    if (inputs[leg] !== '') problems[leg] = checkDecimal(inputs[leg], `The ${label.toLowerCase()} price`, { step: tick })
  }
  const invalid = Object.values(problems).some((p) => p !== undefined)

  const submit = async (): Promise<void> => {
    if (position === undefined || accountId === undefined || protection === undefined || invalid) return
    setPending(true)
    const failed: Partial<Record<Leg, string>> = {}
    let changed = 0
    for (const { leg, type } of LEGS) {
      const existing = protection[leg]
      // A trailing stop moves by itself: it is left as it is (canceled from Open orders).
      const action = existing?.type === 'trailing_stop_market' ? { kind: 'none' as const } : legAction(existing, inputs[leg])
      if (action.kind === 'none') continue
      const result =
        action.kind === 'cancel'
          ? await api.request('orders.cancel', { accountId, orderId: action.orderId })
          : action.kind === 'amend'
            ? await api.request('orders.amend', { accountId, orderId: action.orderId, triggerPrice: action.triggerPrice })
            : await api.request('orders.place', {
                accountId,
                symbol,
                side: position.side === 'long' ? 'sell' : 'buy',
                type,
                amount: position.amount,
                triggerPrice: action.triggerPrice,
                reduceOnly: true,
              })
      if (result.ok) changed += 1
      else failed[leg] = result.error.message
    }
    setPending(false)
    setErrors(failed)
    if (Object.keys(failed).length === 0) {
      if (changed > 0) notify({ kind: 'info', text: `Stop-loss and take-profit of ${symbol} saved.` })
      onClose()
    }
  }

  return (
    <Modal look="tt-dialog" title={`Stop-loss and take-profit · ${symbol}`} onClose={onClose} testId="protection-dialog">
      <form
        className="tt-form"
        onSubmit={(e) => {
          e.preventDefault()
          void submit()
        }}
      >
        {position === undefined ? (
          <p className="tt-dialog-line">This position is closed.</p>
        ) : (
          <p className="tt-dialog-line">
            {position.side === 'long' ? 'Long' : 'Short'} {formatAmountOf(formats, symbol, position.amount)} · entry {formatPriceOf(formats, symbol, position.entryPrice)} · mark{' '}
            {formatPriceOf(formats, symbol, mark === undefined ? position.markPrice : formatAtoms(mark))}
          </p>
        )}
        {LEGS.map(({ leg, label }) => {
          const existing = protection?.[leg]
          const trailing = existing?.type === 'trailing_stop_market'
          const help = problems[leg] ?? errors[leg]
          return (
            <div key={leg} className="tt-field-row">
              <label className="tt-field">
                <span>
                  {label} trigger{existing !== undefined && <span className="tt-unit"> · order #{existing.id}</span>}
                </span>
                <input
                  className="num"
                  inputMode="decimal"
                  autoFocus={leg === 'stopLoss'}
                  placeholder="None"
                  disabled={trailing}
                  value={inputs[leg]}
                  onChange={(e) => setInputs((current) => ({ ...current, [leg]: e.target.value.trim() }))}
                  aria-invalid={help !== undefined}
                  data-testid={`${leg}-input`}
                />
              </label>
              <p className={help === undefined ? 'tt-help' : 'tt-help tt-invalid'} role={errors[leg] === undefined ? undefined : 'alert'}>
                {help ??
                  (trailing ? (
                    'A trailing stop moves by itself; cancel it in Open orders to set another.'
                  ) : (
                    <LegOutcome position={position} price={inputs[leg]} cleared={existing !== undefined && inputs[leg] === ''} />
                  ))}
              </p>
            </div>
          )
        })}
        <div className="tt-dialog-buttons">
          <button type="button" className="tt-btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="tt-btn tt-btn-primary" disabled={pending || invalid || position === undefined} data-testid="save-protection">
            {pending ? 'Saving…' : 'Save'}
          </button>
        </div>
      </form>
    </Modal>
  )
}

/** What the position would make or lose if the order triggered there (before fees and slippage). */
function LegOutcome({ position, price, cleared }: { position: Position | undefined; price: string; cleared: boolean }) {
  if (cleared) return <>Leave empty to cancel the order.</>
  if (position === undefined || price === '') return <>Leave empty for none.</>
  const pnl = formatAtoms(unrealizedPnl(position.side, atoms(position.entryPrice), atoms(price), atoms(position.amount)))
  return (
    <>
      At that price: <span className={signClass(pnl)}>{formatMoney(pnl, true)}</span> P&amp;L on the whole position, before fees
    </>
  )
}
