import { createChart, createSeriesMarkers, LineStyle, type AutoscaleInfo, type SeriesMarker, type Time, type UTCTimestamp } from 'lightweight-charts'
import { useEffect, useRef, useState } from 'react'
import type { RoundTripDetail } from '../../../../shared/domain/history'
import type { Candle, Timeframe } from '../../../../shared/domain/market'
import { bucketStart } from '../../../../shared/trading/candles'
import { decimalsOf } from '../../../../shared/trading/format'
import { useApi } from '../../api/api-context'
import { formatPrice } from '../../format'
import { useAppStore } from '../../store'
import { formatExact } from '../balances/money-format'
import { addPriceSeries, type CandleVolumeData } from '../chart/candle-volume-series'
import { chartOptions, PALETTES } from '../chart/chart-theme'
import { candlesForTrade, candleWindow, levelsNearCandles } from './trade-window'

type ChartStatus =
  | { state: 'loading' }
  | { state: 'empty' }
  | { state: 'error'; message: string }
  /** `offChart`: protective levels too far from the candles to draw, in words. */
  | { state: 'ready'; bars: number; timeframe: Timeframe; offChart: string[] }

const toRow = (c: Candle): CandleVolumeData => ({ time: (c.time / 1000) as UTCTimestamp, open: c.open, high: c.high, low: c.low, close: c.close, volume: c.volume })

/** The price step a price string shows ("60012.5" -> "0.1"), for symbols no longer listed. */
const stepOf = (price: string): string => {
  const decimals = decimalsOf(price)
  return decimals === 0 ? '1' : `0.${'0'.repeat(decimals - 1)}1`
}

/** An arrow per fill at its candle and price: buys below pointing up, sells above pointing down. */
function fillMarkers(detail: RoundTripDetail, timeframe: Timeframe, up: string, down: string): SeriesMarker<Time>[] {
  return detail.fills
    .filter((f) => f.symbol === detail.trade.symbol)
    .map((f) => ({
      time: (bucketStart(f.ts, timeframe) / 1000) as UTCTimestamp,
      position: f.side === 'buy' ? ('atPriceBottom' as const) : ('atPriceTop' as const),
      price: Number(f.price),
      shape: f.side === 'buy' ? ('arrowUp' as const) : ('arrowDown' as const),
      color: f.side === 'buy' ? up : down,
      text: `${f.side === 'buy' ? 'Buy' : 'Sell'} ${formatExact(f.amount)}`,
      id: `fill-${f.id}`,
    }))
    .sort((a, b) => a.time - b.time)
}

/**
 * The trade on its symbol's candles (from the ledger's candle cache), with a margin either
 * side: its fills as arrows, average entry and exit, and the stop-loss and take-profit that
 * protected it as price lines.
 */
export function TradeChart({ detail }: { detail: RoundTripDetail }) {
  const api = useApi()
  const theme = useAppStore((s) => s.theme)
  const tickSize = useAppStore((s) => s.summaries[detail.trade.symbol]?.instrument.tickSize)
  const container = useRef<HTMLDivElement>(null)
  const [status, setStatus] = useState<ChartStatus>({ state: 'loading' })

  useEffect(() => {
    const element = container.current
    if (element === null) return
    const trade = detail.trade
    // An open trade runs up to the engine's clock (a replay's is in the past).
    const end = trade.closedAt ?? Math.max(useAppStore.getState().engineTime ?? Date.now(), trade.openedAt)
    const window = candleWindow(trade.openedAt, end)
    const palette = PALETTES[theme]
    const step = tickSize ?? stepOf(trade.entryPrice)
    const chart = createChart(element, chartOptions(palette))
    chart.applyOptions({ localization: { priceFormatter: (price: number) => formatPrice(price, step) } })
    const { series, volumes } = addPriceSeries(chart, palette)
    series.applyOptions({ priceFormat: { type: 'price', precision: decimalsOf(step), minMove: Number(step) }, priceLineVisible: false, lastValueVisible: false })
    let current = true
    void api.request('candles.history', { symbol: trade.symbol, timeframe: window.timeframe, before: window.before, limit: window.limit }).then((reply) => {
      if (!current) return
      if (!reply.ok) return setStatus({ state: 'error', message: reply.error.message })
      const candles = candlesForTrade(reply.value, window, trade.openedAt, end)
      if (candles.length === 0) return setStatus({ state: 'empty' })
      const rows = candles.map(toRow)
      series.setData(rows)
      volumes.setRows(rows)
      createSeriesMarkers(series, fillMarkers(detail, window.timeframe, palette.up, palette.down))
      const line = (price: string | undefined, title: string, color: string, lineStyle: LineStyle): void => {
        if (price !== undefined) series.createPriceLine({ price: Number(price), title, color, lineStyle, lineWidth: 1, axisLabelVisible: true })
      }
      line(trade.entryPrice, 'Entry', palette.accent, LineStyle.Dotted)
      line(trade.exitPrice, 'Exit', palette.muted, LineStyle.Dotted)
      line(detail.stopLoss, 'SL', palette.down, LineStyle.LargeDashed)
      line(detail.takeProfit, 'TP', palette.up, LineStyle.LargeDashed)
      // The scale takes in the stop-loss and take-profit when they are near enough to see.
      const levels = [
        { tag: 'SL', price: detail.stopLoss },
        { tag: 'TP', price: detail.takeProfit },
      ].flatMap(({ tag, price }) => (price === undefined ? [] : [{ tag, price: Number(price) }]))
      const near = levelsNearCandles(
        candles,
        levels.map((l) => l.price),
      )
      series.applyOptions({
        autoscaleInfoProvider: (base: () => AutoscaleInfo | null) => {
          const info = base()
          if (info === null || info.priceRange === null || near.length === 0) return info
          const { minValue, maxValue } = info.priceRange
          return { ...info, priceRange: { minValue: Math.min(minValue, ...near), maxValue: Math.max(maxValue, ...near) } }
        },
      })
      const offChart = levels.filter((l) => !near.includes(l.price)).map((l) => `${l.tag} ${formatPrice(l.price, step)}`)
      chart.timeScale().fitContent()
      setStatus({ state: 'ready', bars: rows.length, timeframe: window.timeframe, offChart })
    })
    return () => {
      current = false
      chart.remove()
    }
  }, [api, detail, theme, tickSize])

  return (
    <div className="hx-trade-chart-wrap">
      <div
        className="hx-trade-chart"
        ref={container}
        data-testid="trade-chart"
        data-state={status.state}
        data-bars={status.state === 'ready' ? status.bars : 0}
        data-stop-loss={detail.stopLoss}
        data-take-profit={detail.takeProfit}
        role="img"
        aria-label={`${detail.trade.symbol} candles during the trade, with its fills, stop-loss and take-profit`}
      />
      {status.state === 'ready' && (
        <p className="hx-chart-note" data-testid="trade-chart-note">
          {status.timeframe} candles, UTC{status.offChart.length > 0 && ` · beyond the chart: ${status.offChart.join(', ')}`}
        </p>
      )}
      {status.state !== 'ready' && (
        <p className={`hx-chart-overlay ${status.state === 'error' ? 'hx-error-text' : ''}`} role={status.state === 'error' ? 'alert' : 'status'}>
          {status.state === 'loading' ? 'Loading candles…' : status.state === 'empty' ? 'No candles cached for this period' : status.message}
        </p>
      )}
    </div>
  )
}
