import {
  CandlestickSeries,
  createChart,
  HistogramSeries,
  type CandlestickData,
  type HistogramData,
  type IChartApi,
  type ISeriesApi,
  type UTCTimestamp,
} from 'lightweight-charts'
import { useEffect, useRef } from 'react'
import { TIMEFRAMES, type Candle, type Timeframe } from '../../../../shared/domain/market'
import { foldTrade } from '../../../../shared/trading/candles'
import { stepGrid } from '../../../../shared/trading/precision'
import type { Connection } from '../../api/connection'
import { formatPrice, formatVolume } from '../../format'
import { useAppStore } from '../../store'
import { CHART_OPTIONS, DOWN_COLOR, UP_COLOR } from './chart-theme'

const HISTORY_LIMIT = 2_000

const toTime = (ms: number): UTCTimestamp => (ms / 1000) as UTCTimestamp
const toBar = (c: Candle): CandlestickData => ({ time: toTime(c.time), open: c.open, high: c.high, low: c.low, close: c.close })
const toVolume = (c: Candle): HistogramData => ({
  time: toTime(c.time),
  value: c.volume,
  color: c.close >= c.open ? `${UP_COLOR}66` : `${DOWN_COLOR}66`,
})

function legendText(c: Candle | undefined, tickSize: string): string {
  if (c === undefined) return ''
  const p = (v: number): string => formatPrice(v, tickSize)
  return `O ${p(c.open)}  H ${p(c.high)}  L ${p(c.low)}  C ${p(c.close)}  V ${formatVolume(c.volume)}`
}

interface ChartHandles {
  chart: IChartApi
  candles: ISeriesApi<'Candlestick'>
  volume: ISeriesApi<'Histogram'>
}

/**
 * Candles and volume for the selected symbol. History comes by request; live ticks reach
 * the series through a store subscription (one update per animation frame), never
 * through React renders.
 */
export function PriceChart({ connection }: { connection: Connection }) {
  const container = useRef<HTMLDivElement>(null)
  const legend = useRef<HTMLDivElement>(null)
  const handles = useRef<ChartHandles | undefined>(undefined)
  const symbol = useAppStore((s) => s.selectedSymbol)
  // A string, not the instrument object: summaries are replaced every minute, and a new
  // object here would reload the whole history each time.
  const tickSize = useAppStore((s) => (symbol === undefined ? undefined : s.summaries[symbol]?.instrument.tickSize))
  const timeframe = useAppStore((s) => s.timeframe)
  const epoch = useAppStore((s) => s.connectionEpoch)
  const setTimeframe = useAppStore((s) => s.setTimeframe)

  useEffect(() => {
    if (container.current === null) return
    const chart = createChart(container.current, CHART_OPTIONS)
    const candles = chart.addSeries(CandlestickSeries, {
      upColor: UP_COLOR,
      downColor: DOWN_COLOR,
      borderVisible: false,
      wickUpColor: UP_COLOR,
      wickDownColor: DOWN_COLOR,
    })
    const volume = chart.addSeries(HistogramSeries, {
      priceScaleId: 'volume',
      priceFormat: { type: 'volume' },
      lastValueVisible: false,
      priceLineVisible: false,
    })
    chart.priceScale('volume').applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } })
    handles.current = { chart, candles, volume }
    return () => {
      handles.current = undefined
      chart.remove()
    }
  }, [])

  useEffect(() => {
    const h = handles.current
    if (h === undefined || symbol === undefined || tickSize === undefined || epoch === 0) return
    const grid = stepGrid(tickSize)
    h.candles.applyOptions({ priceFormat: { type: 'price', precision: grid.decimals, minMove: Number(tickSize) } })
    let cancelled = false
    let last: Candle | undefined
    let hovered = false
    const showLegend = (c: Candle | undefined): void => {
      if (legend.current !== null) legend.current.textContent = legendText(c, tickSize)
    }

    const onCrosshair: Parameters<IChartApi['subscribeCrosshairMove']>[0] = (param) => {
      const bar = param.seriesData.get(h.candles) as CandlestickData | undefined
      const vol = param.seriesData.get(h.volume) as HistogramData | undefined
      hovered = bar !== undefined
      showLegend(bar === undefined ? last : { ...bar, time: Number(bar.time) * 1000, volume: vol?.value ?? 0 })
    }
    h.chart.subscribeCrosshairMove(onCrosshair)

    const unsubscribe = useAppStore.subscribe((state, previous) => {
      if (state.tickBatch === previous.tickBatch || last === undefined) return
      let changed = false
      for (const tick of state.tickBatch.ticks) {
        if (tick.symbol !== symbol) continue
        last = foldTrade(last, tick.ts, tick.last, tick.volume, timeframe).candle
        changed = true
      }
      if (!changed) return
      h.candles.update(toBar(last))
      h.volume.update(toVolume(last))
      if (!hovered) showLegend(last)
      container.current?.setAttribute('data-last-close', String(last.close))
    })

    void connection.api.request('candles.history', { symbol, timeframe, limit: HISTORY_LIMIT }).then((result) => {
      if (cancelled) return
      if (!result.ok) {
        useAppStore.getState().setLastError(result.error.message)
        return
      }
      h.candles.setData(result.value.map(toBar))
      h.volume.setData(result.value.map(toVolume))
      last = result.value.at(-1)
      showLegend(last)
      container.current?.setAttribute('data-bars', String(result.value.length))
    })

    return () => {
      cancelled = true
      unsubscribe()
      h.chart.unsubscribeCrosshairMove(onCrosshair)
    }
  }, [connection, symbol, tickSize, timeframe, epoch])

  return (
    <section className="panel chart-panel" aria-label="Price chart">
      <header className="chart-toolbar">
        <span className="chart-symbol">{symbol ?? '—'}</span>
        <div className="timeframes" role="radiogroup" aria-label="Timeframe">
          {TIMEFRAMES.map((tf: Timeframe) => (
            <button
              key={tf}
              type="button"
              role="radio"
              aria-checked={tf === timeframe}
              className={tf === timeframe ? 'active' : ''}
              onClick={() => setTimeframe(tf)}
            >
              {tf}
            </button>
          ))}
        </div>
        <div className="chart-legend" ref={legend} data-testid="chart-legend" />
      </header>
      <div className="chart-canvas" ref={container} data-testid="chart" />
    </section>
  )
}
