import {
  AreaSeries,
  BaselineSeries,
  ColorType,
  createChart,
  CrosshairMode,
  type IChartApi,
  type ISeriesApi,
  type LineData,
  type UTCTimestamp,
} from 'lightweight-charts'
import { useEffect, useRef } from 'react'
import { toNumber, type Atoms } from '../../../../shared/trading/money'
import type { Theme } from '../../store/session-slice'
import type { EquityPoint } from './balance-math'
import { formatMoney } from './money-format'

export type CurveMode = 'equity' | 'pnl'

interface Handles {
  chart: IChartApi
  equity: ISeriesApi<'Area'>
  pnl: ISeriesApi<'Baseline'>
}

interface EquityChartProps {
  /** The account's start and its hourly snapshots. */
  points: EquityPoint[]
  /** Cumulative P&L is equity less this. */
  startingBalance: Atoms
  mode: CurveMode
  theme: Theme
  /** The live point, read once a second so ticks never re-render React. */
  live: () => EquityPoint | undefined
}

const cssVar = (name: string): string => getComputedStyle(document.documentElement).getPropertyValue(name).trim()

/** Hex colour with an alpha byte, for area fills. */
const withAlpha = (colour: string, alpha: string): string => (/^#[0-9a-f]{6}$/i.test(colour) ? `${colour}${alpha}` : colour)

const toLine = (time: number, value: Atoms): LineData => ({ time: time as UTCTimestamp, value: toNumber(value) })

/**
 * Equity over time, or cumulative P&L (equity less the starting balance) around a zero
 * baseline: the hourly snapshots plus a live point that follows the market once a second.
 */
export function EquityChart({ points, startingBalance, mode, theme, live }: EquityChartProps) {
  const container = useRef<HTMLDivElement>(null)
  const handles = useRef<Handles | undefined>(undefined)

  useEffect(() => {
    if (container.current === null) return
    const chart = createChart(container.current, {
      autoSize: true,
      layout: { background: { type: ColorType.Solid, color: 'transparent' }, fontSize: 10, attributionLogo: false },
      crosshair: { mode: CrosshairMode.Magnet },
      grid: { vertLines: { visible: false } },
      rightPriceScale: { scaleMargins: { top: 0.12, bottom: 0.08 } },
      timeScale: { timeVisible: true, secondsVisible: false, fixLeftEdge: true, fixRightEdge: true, lockVisibleTimeRangeOnResize: true },
      handleScroll: false,
      handleScale: false,
      localization: { priceFormatter: (value: number) => formatMoney(BigInt(Math.round(value * 100)) * 1_000_000n) },
    })
    const equity = chart.addSeries(AreaSeries, { lineWidth: 2, priceLineVisible: false })
    const pnl = chart.addSeries(BaselineSeries, { baseValue: { type: 'price', price: 0 }, lineWidth: 2, priceLineVisible: false })
    handles.current = { chart, equity, pnl }
    return () => {
      handles.current = undefined
      chart.remove()
    }
  }, [])

  // Colours follow the theme's CSS variables.
  useEffect(() => {
    const h = handles.current
    if (h === undefined) return
    const text = cssVar('--muted')
    const grid = cssVar('--row-border')
    const border = cssVar('--border')
    const up = cssVar('--up')
    const down = cssVar('--down')
    const accent = cssVar('--accent')
    h.chart.applyOptions({
      layout: { textColor: text },
      grid: { horzLines: { color: grid } },
      rightPriceScale: { borderColor: border },
      timeScale: { borderColor: border },
    })
    h.equity.applyOptions({ lineColor: accent, topColor: withAlpha(accent, '55'), bottomColor: withAlpha(accent, '05') })
    h.pnl.applyOptions({
      topLineColor: up,
      topFillColor1: withAlpha(up, '44'),
      topFillColor2: withAlpha(up, '08'),
      bottomLineColor: down,
      bottomFillColor1: withAlpha(down, '08'),
      bottomFillColor2: withAlpha(down, '44'),
    })
  }, [theme])

  // History plus the live point, redrawn when either changes (a few thousand points at most).
  const drawn = useRef<{ live: EquityPoint | undefined; length: number } | undefined>(undefined)
  useEffect(() => {
    const draw = (fit: boolean): void => {
      const h = handles.current
      if (h === undefined) return
      const point = live()
      const last = drawn.current
      if (!fit && last !== undefined && last.live?.time === point?.time && last.live?.equity === point?.equity) return
      const all = point !== undefined && point.time > (points.at(-1)?.time ?? 0) ? [...points, point] : points
      drawn.current = { live: point, length: all.length }
      h.equity.setData(all.map((p) => toLine(p.time, p.equity)))
      h.pnl.setData(all.map((p) => toLine(p.time, p.equity - startingBalance)))
      if (fit || last?.length !== all.length) h.chart.timeScale().fitContent()
    }
    draw(true)
    const timer = setInterval(() => draw(false), 1_000)
    return () => clearInterval(timer)
  }, [points, startingBalance, live])

  useEffect(() => {
    const h = handles.current
    if (h === undefined) return
    h.equity.applyOptions({ visible: mode === 'equity' })
    h.pnl.applyOptions({ visible: mode === 'pnl' })
  }, [mode])

  return <div className="equity-chart" ref={container} data-testid="equity-chart" data-points={points.length} />
}
