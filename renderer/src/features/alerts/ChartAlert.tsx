import { useState, type FormEvent } from 'react'
import { useApi } from '../../api/api-context'
import { requestErrorText } from '../../api/request-error'
import { useAppStore } from '../../store'
import './alerts.css'

/**
 * The chart's quick alert: a price for the market shown, above the last price alerting on a
 * rise through it, below on a fall. More kinds are on the Alerts screen.
 */
export function ChartAlert({ symbol }: { symbol: string }) {
  const api = useApi()
  const last = useAppStore((s) => s.summaries[symbol]?.last)
  const [open, setOpen] = useState(false)
  const [price, setPrice] = useState('')
  const [said, setSaid] = useState<{ error: boolean; text: string }>()

  const set = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    const level = price.trim()
    const kind = last !== undefined && Number(level) < last ? 'price_below' : 'price_above'
    const reply = await api.request('alerts.create', { condition: { kind, symbol, price: level } })
    if (!reply.ok) return setSaid({ error: true, text: requestErrorText(reply.error, { 'condition.price': 'Price' }) })
    setSaid({ error: false, text: `Alert set: ${symbol} ${kind === 'price_below' ? 'falls through' : 'rises through'} ${level}` })
    setOpen(false)
  }

  return (
    <span className="chart-alert">
      {open ? (
        <form onSubmit={(e) => void set(e)} aria-label="Price alert">
          <label htmlFor="chart-alert-price" className="visually-hidden">
            Alert price
          </label>
          <input id="chart-alert-price" inputMode="decimal" value={price} autoFocus onChange={(e) => setPrice(e.target.value)} />
          <button type="submit" className="chart-tool">
            Set
          </button>
          <button type="button" className="chart-tool" onClick={() => setOpen(false)}>
            Cancel
          </button>
        </form>
      ) : (
        <button
          type="button"
          className="chart-tool"
          title="Alert me when the price crosses a level"
          onClick={() => {
            setPrice(last === undefined ? '' : String(last))
            setSaid(undefined)
            setOpen(true)
          }}
        >
          Alert…
        </button>
      )}
      {said !== undefined && (
        <span className={said.error ? 'st-error' : 'st-saved'} role={said.error ? 'alert' : 'status'} data-testid="chart-alert-said">
          {said.text}
        </span>
      )}
    </span>
  )
}
