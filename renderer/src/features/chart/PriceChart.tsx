import { createChart, type IChartApi, type UTCTimestamp } from 'lightweight-charts'
import { useEffect, useRef, useState } from 'react'
import { TIMEFRAMES, type Candle, type Timeframe } from '../../../../shared/domain/market'
import { foldTrade } from '../../../../shared/trading/candles'
import { stepGrid } from '../../../../shared/trading/precision'
import type { Connection } from '../../api/connection'
import { formatPrice, formatVolume } from '../../format'
import { useAppStore } from '../../store'
import './chart.css'
import { addPriceSeries, candleColors, type CandleVolumeData, type PriceSeries, type VolumeColumns } from './candle-volume-series'
import { ChartLayer } from './chart-layer'
import { chartOptions, PALETTES, type ChartPalette } from './chart-theme'
import { ChartTrading } from './ChartTrading'
import { ChartAlert } from '../alerts/ChartAlert'

/**
 * Candles asked for on every load: the contract's maximum. The host returns what it
 * has (a fresh simulator ledger holds a week of minutes, about 10,000), so a long
 * history (100,000 one-minute candles, ten weeks) loads whole, in one setData.
 */
export const MAX_BARS = 100_000
/** The latest candles, asked for beside the whole history so the chart shows at once. */
const FIRST_BARS = 1_500

const toTime = (ms: number): UTCTimestamp => (ms / 1000) as UTCTimestamp
const toRow = (c: Candle): CandleVolumeData => ({ time: toTime(c.time), open: c.open, high: c.high, low: c.low, close: c.close, volume: c.volume })

const FIT_LEVELS_KEY = 'tradedesk.chart.fitLevels'
const readFitLevels = (): boolean => globalThis.localStorage?.getItem(FIT_LEVELS_KEY) !== 'off'

const currentPalette = (): ChartPalette => PALETTES[useAppStore.getState().theme]

function legendText(c: Candle | undefined, tickSize: string): string {
  if (c === undefined) return ''
  const p = (v: number): string => formatPrice(v, tickSize)
  return `O ${p(c.open)}  H ${p(c.high)}  L ${p(c.low)}  C ${p(c.close)}  V ${formatVolume(c.volume)}`
}

/** Calls `done` once the browser has painted the next frame (the chart draws in an animation frame). */
function afterPaint(done: () => void): void {
  requestAnimationFrame(() => {
    const channel = new MessageChannel()
    channel.port1.onmessage = () => {
      channel.port1.close()
      done()
    }
    channel.port2.postMessage(null)
  })
}

interface ChartHandles {
  chart: IChartApi
  series: PriceSeries
  volumes: VolumeColumns
}

/**
 * Candles and volume for the selected symbol, with the selected account's position,
 * orders and fills drawn on them. History comes by request, in one setData; live ticks
 * reach the series through a store subscription (one update per animation frame), never
 * through React renders.
 *
 * The container carries what tests and the benchmark read: `data-bars` (candles loaded),
 * `data-last-close`, and, once the loaded history has been painted, `data-render-ms`
 * (from the data's arrival to the first frame painted with it: conversion, setData and
 * the chart's drawing) and `data-load-ms` (from the request to that frame).
 */
export function PriceChart({ connection }: { connection: Connection }) {
  const container = useRef<HTMLDivElement>(null)
  const legend = useRef<HTMLDivElement>(null)
  const handles = useRef<ChartHandles | undefined>(undefined)
  const [layer] = useState(() => new ChartLayer())
  const symbol = useAppStore((s) => s.selectedSymbol)
  // A string, not the instrument object: summaries are replaced every minute, and a new
  // object here would reload the whole history each time.
  const tickSize = useAppStore((s) => (symbol === undefined ? undefined : s.summaries[symbol]?.instrument.tickSize))
  const timeframe = useAppStore((s) => s.timeframe)
  const epoch = useAppStore((s) => s.connectionEpoch)
  const theme = useAppStore((s) => s.theme)
  const setTimeframe = useAppStore((s) => s.setTimeframe)
  const [fitLevels, setFitLevels] = useState(readFitLevels)

  useEffect(() => {
    const element = container.current
    if (element === null) return
    const palette = currentPalette()
    const chart = createChart(element, chartOptions(palette))
    const { series, volumes } = addPriceSeries(chart, palette)
    handles.current = { chart, series, volumes }
    layer.attach(chart, series, element)
    return () => {
      handles.current = undefined
      layer.detach()
      chart.remove()
    }
  }, [layer])

  useEffect(() => {
    layer.setFitLevels(fitLevels)
    localStorage.setItem(FIT_LEVELS_KEY, fitLevels ? 'on' : 'off')
  }, [layer, fitLevels])

  // The chart follows the app's theme (the last candle's own colour follows with the next tick).
  useEffect(() => {
    const h = handles.current
    if (h === undefined) return
    const palette = PALETTES[theme]
    h.chart.applyOptions(chartOptions(palette))
    h.series.applyOptions(candleColors(palette))
    h.volumes.setColors(palette)
    layer.setPalette(palette)
    container.current?.setAttribute('data-theme', theme)
  }, [theme, layer])

  useEffect(() => {
    const h = handles.current
    const element = container.current
    if (h === undefined || element === null || symbol === undefined || tickSize === undefined || epoch === 0) return
    const grid = stepGrid(tickSize)
    h.series.applyOptions({ priceFormat: { type: 'price', precision: grid.decimals, minMove: Number(tickSize) } })
    // Prices on the scale, the lines and the crosshair as everywhere else: the tick's decimals, the locale's grouping.
    h.chart.applyOptions({ localization: { priceFormatter: (price: number) => formatPrice(price, tickSize) } })
    let cancelled = false
    let last: Candle | undefined
    let hovered = false
    const showLegend = (c: Candle | undefined): void => {
      if (legend.current !== null) legend.current.textContent = legendText(c, tickSize)
    }

    const onCrosshair: Parameters<IChartApi['subscribeCrosshairMove']>[0] = (param) => {
      const bar = param.logical === undefined || !param.seriesData.has(h.series) ? undefined : h.volumes.rowAt(param.logical)
      hovered = bar !== undefined
      showLegend(hovered && bar !== undefined ? { ...bar, time: Number(bar.time) * 1000 } : last)
    }
    h.chart.subscribeCrosshairMove(onCrosshair)

    // Live candles: one series.update per animation frame's ticks. An update's cost grows
    // with the history, so with a long one the updates are spaced out (1 ms per 1,000 bars:
    // 10 a second at 100,000 bars); a candle that closes is always drawn with its final
    // state before the next one opens.
    let bars = 0
    let pushedAt = 0
    let timer: ReturnType<typeof setTimeout> | undefined
    /** Ticks folded into `last` that the series has not drawn yet. */
    let dirty = false
    const push = (): void => {
      timer = undefined
      if (last === undefined || !dirty) return
      dirty = false
      pushedAt = performance.now()
      const row = toRow(last)
      h.series.update(row)
      h.volumes.update(row)
      if (!hovered) showLegend(last)
      element.setAttribute('data-last-close', String(last.close))
    }
    const unsubscribe = useAppStore.subscribe((state, previous) => {
      if (state.tickBatch === previous.tickBatch || last === undefined) return
      for (const tick of state.tickBatch.ticks) {
        if (tick.symbol !== symbol) continue
        const folded = foldTrade(last, tick.ts, tick.last, tick.volume, timeframe)
        if (folded.opened && dirty) {
          const row = toRow(last)
          h.series.update(row)
          h.volumes.update(row)
        }
        last = folded.candle
        dirty = true
      }
      if (!dirty || timer !== undefined) return
      const wait = pushedAt + Math.min(250, bars / 1_000) - performance.now()
      if (wait <= 0) push()
      else timer = setTimeout(push, wait)
    })

    delete element.dataset.renderMs
    delete element.dataset.loadMs
    const requested = performance.now()
    /** Draws a history reply; `complete` when it is the whole history (then timed for the benchmark). */
    const show = (candles: Candle[], complete: boolean): void => {
      const started = performance.now()
      const newest = candles.at(-1)
      last = newest === undefined ? undefined : { ...newest }
      dirty = false
      // The reply is ours alone: its candles become the series' rows in place (time in
      // seconds), with no second copy of a long history.
      const rows = candles as unknown as CandleVolumeData[]
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i] as CandleVolumeData
        row.time = toTime(row.time as number)
      }
      h.series.setData(rows)
      h.volumes.setRows(rows)
      bars = rows.length
      showLegend(last)
      element.setAttribute('data-bars', String(rows.length))
      if (!complete) return
      afterPaint(() => {
        if (cancelled) return
        const now = performance.now()
        element.dataset.renderMs = (now - started).toFixed(1)
        element.dataset.loadMs = (now - requested).toFixed(1)
      })
    }
    // Both at once: the latest screenful arrives first and is drawn at once; the whole
    // history follows and replaces it in one setData.
    const ask = (limit: number) => connection.api.request('candles.history', { symbol, timeframe, limit })
    const whole = ask(MAX_BARS)
    let shown: 'nothing' | 'latest' | 'whole' = 'nothing'
    void ask(FIRST_BARS).then((result) => {
      if (cancelled || shown === 'whole' || !result.ok) return
      // Fewer than asked for: this is the whole history already.
      const complete = result.value.length < FIRST_BARS
      show(result.value, complete)
      shown = complete ? 'whole' : 'latest'
    })
    void whole.then((result) => {
      if (cancelled || shown === 'whole') return
      if (!result.ok) {
        useAppStore.getState().setLastError(result.error.message)
        return
      }
      show(result.value, true)
      shown = 'whole'
    })

    return () => {
      cancelled = true
      clearTimeout(timer)
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
        <button
          type="button"
          className="chart-tool"
          aria-pressed={fitLevels}
          title="Keep the position's entry, stop-loss, take-profit and the working orders in view"
          onClick={() => setFitLevels((on) => !on)}
        >
          Fit levels
        </button>
        {symbol !== undefined && <ChartAlert key={symbol} symbol={symbol} />}
      </header>
      <div className="chart-body">
        <div className="chart-canvas" ref={container} data-testid="chart" />
        <div className="chart-legend" ref={legend} data-testid="chart-legend" />
        {symbol !== undefined && <ChartTrading key={symbol} layer={layer} connection={connection} symbol={symbol} timeframe={timeframe} />}
      </div>
    </section>
  )
}
