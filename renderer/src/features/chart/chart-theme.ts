import { ColorType, CrosshairMode, type DeepPartial, type ChartOptions } from 'lightweight-charts'

export const UP_COLOR = '#26a69a'
export const DOWN_COLOR = '#ef5350'

export const CHART_OPTIONS: DeepPartial<ChartOptions> = {
  autoSize: true,
  layout: {
    background: { type: ColorType.Solid, color: '#0f1318' },
    textColor: '#9aa4b2',
    fontSize: 11,
    attributionLogo: false,
  },
  grid: { vertLines: { color: '#1b2129' }, horzLines: { color: '#1b2129' } },
  crosshair: { mode: CrosshairMode.Normal },
  rightPriceScale: { borderColor: '#252c36', scaleMargins: { top: 0.08, bottom: 0.25 } },
  timeScale: { borderColor: '#252c36', timeVisible: true, secondsVisible: false, rightOffset: 6 },
}
