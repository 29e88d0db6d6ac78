import { useCallback, useEffect, useMemo, useState, type KeyboardEvent } from 'react'
import type { Timeframe } from '../../../../shared/domain/market'
import type { Connection } from '../../api/connection'
import { formatPrice } from '../../format'
import { useAppStore } from '../../store'
import { amendRequest, crossingWarning, moveQuestion } from './chart-drag'
import type { ChartLayer, SnappedPrice } from './chart-layer'
import { buildLines, formatPnl, pnlAt, type ChartLine } from './chart-lines'
import { fillMarkers } from './chart-markers'

interface Pending {
  line: ChartLine
  to: SnappedPrice
  /** A warning known at the drop (a limit moved across the market). */
  warning: string | undefined
  busy: boolean
}

/** How long a refusal stays on the chart unless dismissed. */
const ALERT_MS = 12_000

/**
 * The selected account on the chart: its position's levels, working orders and fills
 * (drawn by the layer), the confirmation of a dragged line and the engine's answer. A
 * visually hidden list mirrors the lines for assistive technology and tests.
 */
export function ChartTrading({ layer, connection, symbol, timeframe }: { layer: ChartLayer; connection: Connection; symbol: string; timeframe: Timeframe }) {
  const accountId = useAppStore((s) => s.view?.accountId)
  const position = useAppStore((s) => s.view?.positions[symbol])
  const openOrders = useAppStore((s) => s.view?.openOrders)
  const fills = useAppStore((s) => s.view?.fills)
  const tickSize = useAppStore((s) => s.summaries[symbol]?.instrument.tickSize)
  const amountStep = useAppStore((s) => s.summaries[symbol]?.instrument.amountStep)
  const quote = useAppStore((s) => s.summaries[symbol]?.instrument.quote)
  const [pending, setPending] = useState<Pending | undefined>(undefined)
  const [alert, setAlert] = useState<string | undefined>(undefined)
  /** The line being moved with the keyboard and its previewed price. */
  const [nudged, setNudged] = useState<{ id: string; to: SnappedPrice } | undefined>(undefined)

  const lines = useMemo(() => {
    if (tickSize === undefined || amountStep === undefined || quote === undefined) return []
    return buildLines({ symbol, instrument: { tickSize, amountStep, quote }, position, orders: Object.values(openOrders ?? {}) })
  }, [symbol, tickSize, amountStep, quote, position, openOrders])

  const markers = useMemo(() => {
    if (tickSize === undefined || amountStep === undefined) return []
    return fillMarkers(fills ?? [], symbol, timeframe, { tickSize, amountStep })
  }, [fills, symbol, timeframe, tickSize, amountStep])

  useEffect(() => layer.setLines(lines, tickSize ?? '0.01'), [layer, lines, tickSize])
  useEffect(() => layer.setMarkers(markers), [layer, markers])
  useEffect(() => {
    layer.setCallbacks({
      onDrop: (line, to) => {
        const summary = useAppStore.getState().summaries[symbol]
        setAlert(undefined)
        setPending({ line, to, warning: crossingWarning(line, to.value, summary?.bid, summary?.ask), busy: false })
      },
    })
  }, [layer, symbol])

  useEffect(() => {
    if (alert === undefined) return
    const timer = setTimeout(() => setAlert(undefined), ALERT_MS)
    return () => clearTimeout(timer)
  }, [alert])

  const sink = useCallback((element: HTMLUListElement | null) => layer.setCoordinateSink(element), [layer])

  // The line may vanish while the trader decides (filled, canceled, another account).
  const current = pending === undefined ? undefined : lines.find((l) => l.id === pending.line.id)

  const cancel = (): void => {
    if (pending === undefined || pending.busy) return
    layer.restore(pending.line.id)
    setPending(undefined)
  }

  const confirm = async (): Promise<void> => {
    if (pending === undefined || pending.busy || current === undefined || accountId === undefined) return
    const params = amendRequest(current, accountId, pending.to.text)
    if (params === undefined) return cancel()
    setPending({ ...pending, busy: true })
    const result = await connection.api.request('orders.amend', params)
    if (result.ok) layer.settle(current.id)
    else {
      layer.restore(current.id)
      setAlert(`Not moved: ${result.error.message}`)
    }
    setPending(undefined)
  }

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.key === 'Escape') {
      event.preventDefault()
      cancel()
    }
  }

  const price = (value: number): string => (tickSize === undefined ? String(value) : formatPrice(value, tickSize))

  const onLineKey = (line: ChartLine, event: KeyboardEvent<HTMLButtonElement>): void => {
    const step = event.shiftKey ? 10 : 1
    if (event.key === 'ArrowUp' || event.key === 'ArrowDown') {
      event.preventDefault()
      const to = layer.nudge(line.id, event.key === 'ArrowUp' ? step : -step)
      if (to !== undefined) setNudged({ id: line.id, to })
    } else if (event.key === 'Enter') {
      event.preventDefault()
      layer.submitNudge(line.id)
      setNudged(undefined)
    } else if (event.key === 'Escape' && nudged !== undefined) {
      event.preventDefault()
      layer.cancelNudge()
      setNudged(undefined)
    }
  }
  const movable = lines.filter((l) => l.amend !== undefined)

  return (
    <>
      <ul className="chart-sr-only" data-testid="chart-lines" aria-label="Price lines" ref={sink}>
        {lines.map((line) => (
          <li
            key={line.id}
            data-line-id={line.id}
            data-kind={line.kind}
            data-price={line.priceText}
            data-order-id={line.orderId}
            data-draggable={line.amend === undefined ? undefined : 'true'}
          >
            {line.label}
          </li>
        ))}
      </ul>
      <ul className="chart-sr-only" data-testid="chart-markers" aria-label="Fills on the chart">
        {markers.map((m) => (
          <li key={m.id} data-side={m.side} data-price={m.price} data-time={m.time}>
            {m.label}
          </li>
        ))}
      </ul>
      {movable.length > 0 && (
        <div className="chart-keys" role="group" aria-label="Move a line with the keyboard" data-testid="chart-keys">
          <p className="chart-keys-help">↑ ↓ one tick · Shift ten · Enter to confirm · Esc to cancel</p>
          {movable.map((line) => (
            <button
              key={line.id}
              type="button"
              data-line-id={line.id}
              onKeyDown={(event) => onLineKey(line, event)}
              onBlur={() => {
                if (nudged?.id !== line.id) return
                layer.cancelNudge()
                setNudged(undefined)
              }}
            >
              {line.label}
              {nudged?.id === line.id && <span className="num"> → {price(nudged.to.value)}</span>}
            </button>
          ))}
        </div>
      )}
      {pending !== undefined && (
        <div
          className="chart-confirm"
          role="alertdialog"
          aria-label="Move order"
          aria-describedby="chart-confirm-question"
          data-testid="chart-confirm"
          data-line-id={pending.line.id}
          data-new-price={pending.to.text}
          onKeyDown={onKeyDown}
        >
          {current === undefined ? (
            <>
              <p id="chart-confirm-question">This order is no longer working: nothing was moved.</p>
              <div className="chart-confirm-actions">
                <button type="button" autoFocus onClick={() => setPending(undefined)}>
                  Close
                </button>
              </div>
            </>
          ) : (
            <>
              <p id="chart-confirm-question" className="chart-confirm-question">
                {moveQuestion(current, price(current.price), price(pending.to.value))}
              </p>
              {current.pnlBasis !== undefined && (
                <p className="chart-confirm-detail">
                  P&amp;L if it fills there: <span className="num">{formatPnl(pnlAt(current.pnlBasis, current.priceText))}</span> →{' '}
                  <span className="num">{formatPnl(pnlAt(current.pnlBasis, pending.to.text))}</span> {quote} (before fees)
                </p>
              )}
              {pending.warning !== undefined && <p className="chart-confirm-warning">{pending.warning}</p>}
              <div className="chart-confirm-actions">
                <button type="button" className="primary" autoFocus disabled={pending.busy} onClick={() => void confirm()}>
                  {pending.busy ? 'Moving…' : 'Confirm'}
                </button>
                <button type="button" disabled={pending.busy} onClick={cancel}>
                  Cancel
                </button>
              </div>
            </>
          )}
        </div>
      )}
      {alert !== undefined && (
        <div className="chart-alert" role="alert" data-testid="chart-alert">
          <span>{alert}</span>
          <button type="button" aria-label="Dismiss" onClick={() => setAlert(undefined)}>
            ×
          </button>
        </div>
      )}
    </>
  )
}
