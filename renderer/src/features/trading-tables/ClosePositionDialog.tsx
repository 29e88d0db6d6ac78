import { useState } from 'react'
import { unrealizedPnl } from '../../../../shared/trading/margin'
import { atoms, formatAtoms } from '../../../../shared/trading/money'
import { useApi } from '../../api/api-context'
import { useAppStore } from '../../store'
import { closeAmount, markOf } from './live-position'
import { Modal } from '../../components/Modal'
import { formatMoney, signClass } from './table-format'
import { formatAmountOf, formatPriceOf, useFormats, useNotify } from './tables-context'
import { checkDecimal } from './validate'

const PERCENTS = [25, 50, 75, 100] as const

/** Closes all or part of a position with a reduce-only market order, after the trader confirms. */
export function ClosePositionDialog({ symbol, onClose }: { symbol: string; onClose: () => void }) {
  const api = useApi()
  const notify = useNotify()
  const formats = useFormats()
  const accountId = useAppStore((s) => s.view?.accountId)
  const position = useAppStore((s) => s.view?.positions[symbol])
  const summary = useAppStore((s) => s.summaries[symbol])
  const step = formats.get(symbol)?.amountStep ?? '0.00000001'
  const base = formats.get(symbol)?.base ?? ''
  const [amount, setAmount] = useState(position?.amount ?? '')
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<string>()

  const problem = position === undefined ? 'This position is closed.' : checkDecimal(amount, 'The amount', { step, max: position.amount, maxLabel: 'the position' })
  const mark = markOf(summary)
  const estimate =
    position === undefined || problem !== undefined || mark === undefined
      ? undefined
      : formatAtoms(unrealizedPnl(position.side, atoms(position.entryPrice), mark, atoms(amount)))

  const submit = async (): Promise<void> => {
    if (position === undefined || accountId === undefined || problem !== undefined) return
    setPending(true)
    setError(undefined)
    const all = atoms(amount) === atoms(position.amount)
    const result = await api.request('positions.close', { accountId, symbol, ...(all ? {} : { amount }) })
    setPending(false)
    if (!result.ok) {
      setError(result.error.message)
      return
    }
    const order = result.value
    notify({
      kind: order.status === 'filled' ? 'info' : 'error',
      text:
        order.status === 'filled'
          ? `Closed ${formatAmountOf(formats, symbol, order.filled)} ${base} of ${symbol} at ${formatPriceOf(formats, symbol, order.averagePrice)}.`
          : `Close order ${order.status.replace('_', ' ')}: ${order.reason ?? `${order.filled} of ${order.amount} filled`}`,
    })
    onClose()
  }

  return (
    <Modal look="tt-dialog" title={`Close ${symbol} at market`} onClose={onClose} testId="close-position-dialog">
      <form
        className="tt-form"
        onSubmit={(e) => {
          e.preventDefault()
          void submit()
        }}
      >
        {position !== undefined && (
          <p className="tt-dialog-line">
            {position.side === 'long' ? 'Long' : 'Short'} {formatAmountOf(formats, symbol, position.amount)} {base} · entry {formatPriceOf(formats, symbol, position.entryPrice)}
          </p>
        )}
        <label className="tt-field">
          <span>Amount to close ({base})</span>
          <input
            className="num"
            inputMode="decimal"
            autoFocus
            value={amount}
            onChange={(e) => setAmount(e.target.value.trim())}
            aria-invalid={problem !== undefined}
            aria-describedby="close-amount-help"
            data-testid="close-amount"
          />
        </label>
        <div className="tt-chips" role="group" aria-label="Part of the position">
          {PERCENTS.map((p) => (
            <button key={p} type="button" className="tt-chip" disabled={position === undefined} onClick={() => position !== undefined && setAmount(closeAmount(position.amount, p, step))}>
              {p}%
            </button>
          ))}
        </div>
        <p id="close-amount-help" className={problem === undefined ? 'tt-help' : 'tt-help tt-invalid'}>
          {problem ??
            (estimate === undefined ? (
              'A reduce-only market order: it can only shrink the position.'
            ) : (
              <>
                At the mark now: <span className={signClass(estimate)}>{formatMoney(estimate, true)}</span> {formats.get(symbol)?.quote ?? ''} P&amp;L before fees
              </>
            ))}
        </p>
        {error !== undefined && (
          <p className="tt-error" role="alert">
            {error}
          </p>
        )}
        <div className="tt-dialog-buttons">
          <button type="button" className="tt-btn" onClick={onClose}>
            Keep it
          </button>
          <button type="submit" className="tt-btn tt-btn-danger tt-btn-primary" disabled={pending || problem !== undefined} data-testid="confirm-close">
            {pending ? 'Closing…' : 'Close at market'}
          </button>
        </div>
      </form>
    </Modal>
  )
}
