import { ColorType, CrosshairMode, LineStyle, type ChartOptions, type DeepPartial } from 'lightweight-charts'
import type { Theme } from '../../store/session-slice'
import type { LineStyleName, LineTone } from './chart-lines'

/**
 * The chart's colours in each app theme. They are the CSS variables of styles.css
 * (--bg, --text, --muted, --border, --row-border, --up, --down, --accent, --warn) as
 * literal values, because the chart draws on a canvas and takes concrete colours.
 */
export interface ChartPalette {
  background: string
  text: string
  muted: string
  grid: string
  border: string
  crosshair: string
  up: string
  down: string
  accent: string
  warn: string
  /** Translucent up/down for volume bars. */
  volumeUp: string
  volumeDown: string
  /** Text on a coloured axis label. */
  labelText: string
}

export const PALETTES: Readonly<Record<Theme, ChartPalette>> = {
  dark: {
    background: '#0f1318',
    text: '#9aa4b2',
    muted: '#8591a0',
    grid: '#1b2129',
    border: '#252c36',
    crosshair: '#5d6a7a',
    up: '#26a69a',
    down: '#ef5350',
    accent: '#3b82f6',
    warn: '#d9a634',
    volumeUp: '#26a69a66',
    volumeDown: '#ef535066',
    labelText: '#ffffff',
  },
  light: {
    background: '#ffffff',
    text: '#5f6b7a',
    muted: '#5f6b7a',
    grid: '#eef1f5',
    border: '#d5dbe3',
    crosshair: '#8591a0',
    up: '#0b8a7d',
    down: '#d32f2f',
    accent: '#2563eb',
    warn: '#a16b00',
    volumeUp: '#0b8a7d55',
    volumeDown: '#d32f2f55',
    labelText: '#ffffff',
  },
}

export function chartOptions(p: ChartPalette): DeepPartial<ChartOptions> {
  return {
    autoSize: true,
    layout: {
      background: { type: ColorType.Solid, color: p.background },
      textColor: p.text,
      fontSize: 11,
      attributionLogo: false,
    },
    grid: { vertLines: { color: p.grid }, horzLines: { color: p.grid } },
    crosshair: {
      mode: CrosshairMode.Normal,
      vertLine: { color: p.crosshair, labelBackgroundColor: p.border },
      horzLine: { color: p.crosshair, labelBackgroundColor: p.border },
    },
    rightPriceScale: { borderColor: p.border, scaleMargins: { top: 0.08, bottom: 0.25 } },
    timeScale: { borderColor: p.border, timeVisible: true, secondsVisible: false, rightOffset: 6 },
  }
}

export function toneColor(p: ChartPalette, tone: LineTone): string {
  switch (tone) {
    case 'entry':
      return p.accent
    case 'liquidation':
      return p.warn
    case 'stop-loss':
    case 'sell':
      return p.down
    case 'take-profit':
    case 'buy':
      return p.up
  }
}

export function lineStyle(style: LineStyleName): LineStyle {
  switch (style) {
    case 'solid':
      return LineStyle.Solid
    case 'dotted':
      return LineStyle.Dotted
    case 'dashed':
      return LineStyle.Dashed
    case 'large-dashed':
      return LineStyle.LargeDashed
  }
}
