import { createContext, useContext, useMemo } from 'react'
import { decimalsOf } from '../../../../shared/trading/format'
import { useAppStore } from '../../store'
import { formatDecimal } from './table-format'

/** How one market's numbers are shown: decimals of its tick and amount step. */
export interface MarketFormat {
  symbol: string
  base: string
  quote: string
  perpetual: boolean
  tickSize: string
  amountStep: string
  priceDecimals: number
  amountDecimals: number
}

export type MarketFormats = ReadonlyMap<string, MarketFormat>

/**
 * Every listed market's number format. The store is read as one string of ticks and steps, so
 * ticks (which change prices, not instruments) cause no re-render.
 */
export function useMarketFormats(): MarketFormats {
  const signature = useAppStore((s) =>
    s.symbols
      .map((symbol) => {
        const i = s.summaries[symbol]?.instrument
        return i === undefined ? '' : [symbol, i.base, i.quote, i.type, i.tickSize, i.amountStep].join(' ')
      })
      .join('\n'),
  )
  return useMemo(() => {
    const formats = new Map<string, MarketFormat>()
    for (const line of signature.split('\n')) {
      const [symbol, base, quote, type, tickSize, amountStep] = line.split(' ')
      if (symbol === undefined || amountStep === undefined) continue
      formats.set(symbol, {
        symbol,
        base: base as string,
        quote: quote as string,
        perpetual: type === 'swap',
        tickSize: tickSize as string,
        amountStep,
        priceDecimals: decimalsOf(tickSize as string),
        amountDecimals: decimalsOf(amountStep),
      })
    }
    return formats
  }, [signature])
}

/** A price of `symbol` with its tick's decimals (more if the value has them, e.g. an average). */
export const formatPriceOf = (formats: MarketFormats, symbol: string, value: string | undefined): string =>
  value === undefined ? '—' : formatDecimal(value, formats.get(symbol)?.priceDecimals ?? 2)

/** An amount of `symbol` with its step's decimals. */
export const formatAmountOf = (formats: MarketFormats, symbol: string, value: string): string => formatDecimal(value, formats.get(symbol)?.amountDecimals ?? 0)

export interface Notice {
  kind: 'info' | 'error'
  text: string
}

/** Tells the trader how a request went: a refusal as the engine worded it, or a short confirmation. */
export const NoticeContext = createContext<(notice: Notice) => void>(() => {})

export const useNotify = (): ((notice: Notice) => void) => useContext(NoticeContext)

/** The market formats, given once by the tables for every cell below. */
export const FormatsContext = createContext<MarketFormats>(new Map())

export const useFormats = (): MarketFormats => useContext(FormatsContext)
