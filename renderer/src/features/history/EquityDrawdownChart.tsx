import { AreaSeries, BaselineSeries, createChart, type UTCTimestamp } from 'lightweight-charts'
import { useEffect, useRef } from 'react'
import type { EquityPoint } from '../../../../shared/domain/history'
import { atoms, atomsOf, toNumber } from '../../../../shared/trading/money'
import { useAppStore } from '../../store'
import { formatMoney } from '../balances/money-format'
import { chartOptions, PALETTES } from '../chart/chart-theme'

/** The drawdown pane's height next to the equity pane's. */
const DRAWDOWN_SHARE = 0.5

const toLine = (point: EquityPoint, value: string) => ({ time: (point.ts / 1000) as UTCTimestamp, value: toNumber(atoms(value)) })

/**
 * The filter's hourly equity curve with its drawdown under it: two panes of one chart, so
 * they share the time axis, the crosshair and the zoom.
 */
export function EquityDrawdownChart({ points }: { points: EquityPoint[] }) {
  const container = useRef<HTMLDivElement>(null)
  const theme = useAppStore((s) => s.theme)

  useEffect(() => {
    const element = container.current
    if (element === null || points.length === 0) return
    const p = PALETTES[theme]
    const chart = createChart(element, chartOptions(p))
    chart.applyOptions({
      layout: { panes: { separatorColor: p.border } },
      rightPriceScale: { scaleMargins: { top: 0.1, bottom: 0.05 } },
      timeScale: { rightOffset: 0, fixLeftEdge: true, fixRightEdge: true },
      localization: { priceFormatter: (value: number) => formatMoney(atomsOf(value)) },
    })
    const equity = chart.addSeries(AreaSeries, { lineColor: p.accent, topColor: `${p.accent}55`, bottomColor: `${p.accent}05`, lineWidth: 2, priceLineVisible: false, title: 'Equity' }, 0)
    const drawdown = chart.addSeries(
      BaselineSeries,
      {
        baseValue: { type: 'price', price: 0 },
        topLineColor: p.down,
        bottomLineColor: p.down,
        bottomFillColor1: `${p.down}22`,
        bottomFillColor2: `${p.down}66`,
        lineWidth: 1,
        priceLineVisible: false,
        title: 'Drawdown',
      },
      1,
    )
    equity.setData(points.map((point) => toLine(point, point.equity)))
    drawdown.setData(points.map((point) => toLine(point, point.drawdown)))
    chart.panes()[1]?.setStretchFactor(DRAWDOWN_SHARE)
    chart.timeScale().fitContent()
    return () => chart.remove()
  }, [points, theme])

  if (points.length === 0) return <p className="hx-muted">No booked P&L, fees or funding for these filters: no equity curve.</p>
  return <div className="hx-equity-chart" ref={container} data-testid="history-equity-chart" data-points={points.length} role="img" aria-label="Equity curve with drawdown below" />
}
