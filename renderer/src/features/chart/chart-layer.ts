import {
  type AutoscaleInfo,
  type IChartApi,
  type IPrimitivePaneRenderer,
  type IPrimitivePaneView,
  type IPriceLine,
  type ISeriesPrimitive,
  type PriceLineOptions,
  type Time,
  type UTCTimestamp,
} from 'lightweight-charts'
import { formatPrice } from '../../format'
import type { PriceSeries } from './candle-volume-series'
import { DRAG_THRESHOLD_PX, hitTest, snapToTick } from './chart-drag'
import { titleAt, type ChartLine } from './chart-lines'
import type { FillMarker } from './chart-markers'
import { PALETTES, lineStyle, toneColor, type ChartPalette } from './chart-theme'

export interface SnappedPrice {
  value: number
  text: string
}

export interface LayerCallbacks {
  /** A draggable line was dropped at another price on the tick: ask the trader to confirm. */
  onDrop(line: ChartLine, to: SnappedPrice): void
}

interface Drawn {
  api: IPriceLine
  /** The options last applied, as a key, so unchanged lines are not touched. */
  key: string
}

interface Drag {
  line: ChartLine
  pointerId: number
  startY: number
  /** Pointer y minus the line's y when grabbed, so the line does not jump to the pointer. */
  offset: number
  to: SnappedPrice | undefined
}

/** How long a moved line waits at its new price for the engine's order update before it goes back. */
const SETTLE_TIMEOUT_MS = 3_000

/**
 * The trading layer on the price chart, outside React: one price line per position level
 * and working order, fill markers, and dragging the lines that can move (with pointer
 * events on the chart's container, since lightweight-charts' price lines do not drag).
 * React hands it models; it draws them and reports drops.
 */
export class ChartLayer {
  private chart: IChartApi | undefined
  private series: PriceSeries | undefined
  private container: HTMLElement | undefined
  private requestUpdate: (() => void) | undefined
  private palette: ChartPalette = PALETTES.dark
  private lines: ChartLine[] = []
  private tickSize = '0.01'
  private fitLevels = true
  private markers: FillMarker[] = []
  private readonly drawn = new Map<string, Drawn>()
  /** Lines held away from their model's price: dropped and awaiting confirmation, or amended and awaiting the engine. */
  private readonly held = new Map<string, SnappedPrice & { timer?: ReturnType<typeof setTimeout> }>()
  private drag: Drag | undefined
  /** A line moved with the keyboard, not yet submitted. */
  private nudged: { id: string; to: SnappedPrice } | undefined
  private hovered: string | undefined
  private sink: HTMLElement | null = null
  private syncFrame: number | undefined
  private callbacks: LayerCallbacks | undefined

  private readonly primitive: ISeriesPrimitive<Time> = {
    attached: ({ requestUpdate }) => {
      this.requestUpdate = requestUpdate
    },
    detached: () => {
      this.requestUpdate = undefined
    },
    updateAllViews: () => {
      this.placeMarkers()
      this.placeOffscreen()
      this.scheduleSync()
    },
    paneViews: () => this.markerViews,
    autoscaleInfo: (): AutoscaleInfo | null => this.autoscale(),
  }
  /** Fill arrows where they are drawn now (media px), refreshed on every chart update. */
  private placed: Array<{ x: number; y: number; side: FillMarker['side'] }> = []
  /** Lines beyond the visible prices, shown as tags on the pane's top or bottom edge. */
  private offscreen: Array<{ line: ChartLine; y: number }> = []
  private readonly markerViews: readonly IPrimitivePaneView[] = [
    {
      zOrder: () => 'top',
      renderer: (): IPrimitivePaneRenderer => ({
        draw: (target) => {
          this.drawMarkers(target)
          this.drawOffscreen(target)
        },
      }),
    },
  ]

  setCallbacks(callbacks: LayerCallbacks): void {
    this.callbacks = callbacks
  }

  attach(chart: IChartApi, series: PriceSeries, container: HTMLElement): void {
    this.chart = chart
    this.series = series
    this.container = container
    series.attachPrimitive(this.primitive)
    container.addEventListener('pointerdown', this.onPointerDown, { capture: true })
    container.addEventListener('pointermove', this.onPointerMove, { capture: true })
    container.addEventListener('pointerup', this.onPointerUp, { capture: true })
    container.addEventListener('pointercancel', this.onPointerCancel, { capture: true })
    container.addEventListener('pointerleave', this.onPointerLeave)
    this.render()
  }

  detach(): void {
    this.endDrag()
    const { container, series } = this
    if (container !== undefined) {
      container.removeEventListener('pointerdown', this.onPointerDown, { capture: true })
      container.removeEventListener('pointermove', this.onPointerMove, { capture: true })
      container.removeEventListener('pointerup', this.onPointerUp, { capture: true })
      container.removeEventListener('pointercancel', this.onPointerCancel, { capture: true })
      container.removeEventListener('pointerleave', this.onPointerLeave)
    }
    if (series !== undefined) {
      for (const { api } of this.drawn.values()) series.removePriceLine(api)
      series.detachPrimitive(this.primitive)
    }
    if (this.syncFrame !== undefined) cancelAnimationFrame(this.syncFrame)
    for (const held of this.held.values()) clearTimeout(held.timer)
    this.held.clear()
    this.drawn.clear()
    this.setHover(undefined)
    this.chart = this.series = this.container = undefined
  }

  setPalette(palette: ChartPalette): void {
    this.palette = palette
    this.render()
  }

  /** The lines to draw, with the tick their prices snap to when dragged. */
  setLines(lines: ChartLine[], tickSize: string): void {
    this.lines = lines
    this.tickSize = tickSize
    for (const [id, held] of this.held) {
      const line = lines.find((l) => l.id === id)
      // The engine's update arrived (or the order is gone): the model speaks again.
      if (line === undefined || (held.timer !== undefined && line.priceText === held.text)) this.release(id)
    }
    if (this.drag !== undefined && !lines.some((l) => l.id === this.drag?.line.id)) this.endDrag()
    this.render()
    this.requestUpdate?.()
  }

  /** Whether the price scale keeps the lines in view (else it fits the candles alone). */
  setFitLevels(on: boolean): void {
    this.fitLevels = on
    this.requestUpdate?.()
  }

  setMarkers(markers: FillMarker[]): void {
    this.markers = markers
    this.requestUpdate?.()
  }

  /** The hidden list mirroring the lines: the layer writes each item's y (px) into `data-y`. */
  setCoordinateSink(element: HTMLElement | null): void {
    this.sink = element
    this.scheduleSync()
  }

  /** Puts a dropped line back at its order's price (cancelled, or refused by the engine). */
  restore(id: string): void {
    this.release(id)
    this.render()
  }

  /** The amend was accepted: the line stays at its new price until the order's update arrives. */
  settle(id: string): void {
    const held = this.held.get(id)
    if (held === undefined) return
    const line = this.lines.find((l) => l.id === id)
    if (line === undefined || line.priceText === held.text) return this.restore(id)
    clearTimeout(held.timer)
    held.timer = setTimeout(() => this.restore(id), SETTLE_TIMEOUT_MS)
  }

  /**
   * The keyboard's way to drag: moves a draggable line by `steps` ticks (a preview) and
   * returns where it now stands; `submitNudge` asks for confirmation as a drop does.
   */
  nudge(id: string, steps: number): SnappedPrice | undefined {
    const line = this.lines.find((l) => l.id === id)
    if (line?.amend === undefined || this.held.has(id) || this.drag !== undefined || this.confirming()) return undefined
    const from = this.nudged?.id === id ? this.nudged.to.value : line.price
    const to = snapToTick(from + steps * Number(this.tickSize), this.tickSize)
    if (to === undefined) return this.nudged?.to
    this.nudged = { id, to }
    this.render()
    return to
  }

  submitNudge(id: string): void {
    const nudged = this.nudged
    const line = this.lines.find((l) => l.id === id)
    this.nudged = undefined
    if (nudged?.id !== id || line === undefined || nudged.to.text === line.priceText) return this.render()
    this.held.set(id, { ...nudged.to })
    this.render()
    this.callbacks?.onDrop(line, nudged.to)
  }

  cancelNudge(): void {
    if (this.nudged === undefined) return
    this.nudged = undefined
    this.render()
  }

  /** Where a line is drawn now (px from the pane's top), for the keyboard and for tests. */
  coordinateOf(id: string): number | null {
    const line = this.lines.find((l) => l.id === id)
    if (line === undefined || this.series === undefined) return null
    return this.series.priceToCoordinate(this.held.get(id)?.value ?? line.price)
  }

  /** A dropped line awaits the trader's answer: nothing else moves until then. */
  private confirming(): boolean {
    for (const held of this.held.values()) if (held.timer === undefined) return true
    return false
  }

  private release(id: string): void {
    const held = this.held.get(id)
    if (held === undefined) return
    clearTimeout(held.timer)
    this.held.delete(id)
  }

  private render(): void {
    const series = this.series
    if (series === undefined) return
    const seen = new Set<string>()
    for (const line of this.lines) {
      seen.add(line.id)
      const held =
        this.held.get(line.id) ?? (this.drag?.line.id === line.id ? this.drag.to : undefined) ?? (this.nudged?.id === line.id ? this.nudged.to : undefined)
      const color = toneColor(this.palette, line.tone)
      const options: PriceLineOptions = {
        id: line.id,
        price: held?.value ?? line.price,
        title: held === undefined ? line.title : titleAt(line, held.text),
        color,
        lineWidth: line.width,
        lineStyle: lineStyle(line.style),
        lineVisible: true,
        axisLabelVisible: true,
        axisLabelColor: color,
        axisLabelTextColor: this.palette.labelText,
      }
      const key = JSON.stringify(options)
      const drawn = this.drawn.get(line.id)
      if (drawn === undefined) this.drawn.set(line.id, { api: series.createPriceLine(options), key })
      else if (drawn.key !== key) {
        drawn.api.applyOptions(options)
        drawn.key = key
      }
    }
    for (const [id, drawn] of this.drawn) {
      if (seen.has(id)) continue
      series.removePriceLine(drawn.api)
      this.drawn.delete(id)
    }
    // Moving a line is a light redraw; the scale (autoscale) is refreshed where the models change.
    this.scheduleSync()
  }

  // --- fill markers ---------------------------------------------------------------
  // Drawn here rather than with lightweight-charts' markers plugin, which copies the
  // series' whole data (series.data()) on every update: 100,000 objects per tick.

  private placeMarkers(): void {
    const { chart, series } = this
    this.placed = []
    if (chart === undefined || series === undefined || this.markers.length === 0) return
    const timeScale = chart.timeScale()
    const width = timeScale.width()
    for (const marker of this.markers) {
      const x = timeScale.timeToCoordinate(marker.time as UTCTimestamp)
      const y = series.priceToCoordinate(marker.price)
      if (x === null || y === null || x < -10 || x > width + 10) continue
      this.placed.push({ x, y, side: marker.side })
    }
  }

  private placeOffscreen(): void {
    const series = this.series
    this.offscreen = []
    if (series === undefined) return
    for (const line of this.lines) {
      const y = series.priceToCoordinate(this.held.get(line.id)?.value ?? line.price)
      if (y !== null) this.offscreen.push({ line, y })
    }
  }

  /** "▲ TP +16.93 58,115.4" at the top edge for a line above the visible prices (▼ at the bottom for one below). */
  private drawOffscreen(target: Parameters<IPrimitivePaneRenderer['draw']>[0]): void {
    if (this.offscreen.length === 0) return
    const p = this.palette
    target.useMediaCoordinateSpace(({ context, mediaSize }) => {
      context.font = '11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif'
      context.textBaseline = 'middle'
      context.textAlign = 'right'
      let above = 0
      let below = 0
      for (const { line, y } of this.offscreen) {
        const over = y < 0
        if (!over && y <= mediaSize.height) continue
        const text = `${over ? '▲' : '▼'} ${line.title} ${formatPrice(line.price, this.tickSize)}`
        const width = context.measureText(text).width + 10
        const row = over ? above++ : below++
        const top = over ? 4 + row * 20 : mediaSize.height - 22 - row * 20
        const right = mediaSize.width - 6
        context.fillStyle = p.background
        context.fillRect(right - width, top, width, 18)
        context.strokeStyle = toneColor(p, line.tone)
        context.lineWidth = 1
        context.strokeRect(right - width + 0.5, top + 0.5, width - 1, 17)
        context.fillStyle = toneColor(p, line.tone)
        context.fillText(text, right - 5, top + 9.5)
      }
    })
  }

  /** An arrow pointing at the fill's price: up from below for a buy, down from above for a sell. */
  private drawMarkers(target: Parameters<IPrimitivePaneRenderer['draw']>[0]): void {
    if (this.placed.length === 0) return
    const { up, down, background } = this.palette
    target.useMediaCoordinateSpace(({ context }) => {
      context.lineWidth = 1
      context.strokeStyle = background
      for (const { x, y, side } of this.placed) {
        const d = side === 'buy' ? 1 : -1
        const tip = y + 2 * d
        context.fillStyle = side === 'buy' ? up : down
        context.beginPath()
        context.moveTo(x, tip)
        context.lineTo(x + 5, tip + 6 * d)
        context.lineTo(x + 1.5, tip + 6 * d)
        context.lineTo(x + 1.5, tip + 11 * d)
        context.lineTo(x - 1.5, tip + 11 * d)
        context.lineTo(x - 1.5, tip + 6 * d)
        context.lineTo(x - 5, tip + 6 * d)
        context.closePath()
        context.fill()
        context.stroke()
      }
    })
  }

  /** The scale keeps the position's levels and the working orders in view (not the liquidation price). */
  private autoscale(): AutoscaleInfo | null {
    if (!this.fitLevels) return null
    let min = Infinity
    let max = -Infinity
    for (const line of this.lines) {
      if (line.kind === 'liquidation') continue
      min = Math.min(min, line.price)
      max = Math.max(max, line.price)
    }
    return Number.isFinite(min) ? { priceRange: { minValue: min, maxValue: max } } : null
  }

  // --- coordinates ---------------------------------------------------------------

  /** After the chart draws, writes each line's y into the mirror list (one pass per frame). */
  private scheduleSync(): void {
    if (this.syncFrame !== undefined || this.sink === null) return
    this.syncFrame = requestAnimationFrame(() => {
      this.syncFrame = undefined
      this.syncCoordinates()
    })
  }

  private syncCoordinates(): void {
    if (this.sink === null) return
    for (const item of this.sink.querySelectorAll<HTMLElement>('[data-line-id]')) {
      const y = this.coordinateOf(item.dataset.lineId ?? '')
      const text = y === null ? '' : y.toFixed(1)
      if (item.dataset.y !== text) item.dataset.y = text
    }
  }

  // --- dragging ------------------------------------------------------------------

  private paneY(event: PointerEvent): number | undefined {
    const { container, chart } = this
    if (container === undefined || chart === undefined) return undefined
    const rect = container.getBoundingClientRect()
    const y = event.clientY - rect.top
    const paneHeight = rect.height - chart.timeScale().height()
    return y >= 0 && y <= paneHeight ? y : undefined
  }

  private hit(y: number): ChartLine | undefined {
    const targets = this.lines
      .filter((l) => l.amend !== undefined && !this.held.has(l.id))
      .map((line) => ({ line, y: this.series?.priceToCoordinate(line.price) ?? null }))
    return hitTest(targets, y)?.line
  }

  private setHover(id: string | undefined): void {
    if (this.hovered === id || this.container === undefined) return
    this.hovered = id
    this.container.classList.toggle('chart-line-hover', id !== undefined)
    if (id === undefined) delete this.container.dataset.hoverLine
    else this.container.dataset.hoverLine = id
  }

  private readonly onPointerDown = (event: PointerEvent): void => {
    if (event.button !== 0 || this.drag !== undefined || this.container === undefined || this.chart === undefined || this.confirming()) return
    const y = this.paneY(event)
    const line = y === undefined ? undefined : this.hit(y)
    if (line === undefined || y === undefined) return
    // Ours, not the chart's: no panning, and no compatibility mouse events for it.
    event.preventDefault()
    event.stopPropagation()
    this.container.setPointerCapture(event.pointerId)
    this.chart.applyOptions({ handleScroll: false, handleScale: false })
    this.container.classList.add('chart-line-dragging')
    window.addEventListener('keydown', this.onKeyDown, { capture: true })
    const lineY = this.series?.priceToCoordinate(line.price) ?? y
    this.drag = { line, pointerId: event.pointerId, startY: y, offset: y - lineY, to: undefined }
  }

  private readonly onPointerMove = (event: PointerEvent): void => {
    const drag = this.drag
    if (drag === undefined) {
      if (event.buttons !== 0 || this.confirming()) return this.setHover(undefined)
      const y = this.paneY(event)
      this.setHover(y === undefined ? undefined : this.hit(y)?.id)
      return
    }
    if (event.pointerId !== drag.pointerId || this.container === undefined || this.series === undefined) return
    event.stopPropagation()
    const rect = this.container.getBoundingClientRect()
    const y = event.clientY - rect.top
    if (drag.to === undefined && Math.abs(y - drag.startY) < DRAG_THRESHOLD_PX) return
    const price = this.series.coordinateToPrice(y - drag.offset)
    const snapped = price === null ? undefined : snapToTick(price, this.tickSize)
    if (snapped === undefined) return
    drag.to = snapped
    this.render()
  }

  private readonly onPointerUp = (event: PointerEvent): void => {
    const drag = this.drag
    if (drag === undefined || event.pointerId !== drag.pointerId) return
    event.stopPropagation()
    this.endDrag()
    const to = drag.to
    if (to === undefined || to.text === drag.line.priceText) {
      this.render()
      return
    }
    this.held.set(drag.line.id, { ...to })
    this.render()
    this.callbacks?.onDrop(drag.line, to)
  }

  private readonly onPointerCancel = (event: PointerEvent): void => {
    if (this.drag?.pointerId !== event.pointerId) return
    this.endDrag()
    this.render()
  }

  private readonly onPointerLeave = (): void => {
    if (this.drag === undefined) this.setHover(undefined)
  }

  private readonly onKeyDown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape' || this.drag === undefined) return
    event.preventDefault()
    event.stopPropagation()
    this.endDrag()
    this.render()
  }

  private endDrag(): void {
    const drag = this.drag
    if (drag === undefined) return
    this.drag = undefined
    window.removeEventListener('keydown', this.onKeyDown, { capture: true })
    if (this.container?.hasPointerCapture(drag.pointerId) === true) this.container.releasePointerCapture(drag.pointerId)
    this.container?.classList.remove('chart-line-dragging')
    this.chart?.applyOptions({ handleScroll: true, handleScale: true })
  }
}
