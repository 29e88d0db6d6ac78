import type { StateCreator } from 'zustand'
import type { MarketSummary, Tick, Timeframe } from '../../../shared/domain/market'
import type { AppState } from './index'

export interface MarketSlice {
  /** Market-watch rows by symbol, in the order the core lists them. */
  summaries: Record<string, MarketSummary>
  symbols: string[]
  selectedSymbol: string | undefined
  timeframe: Timeframe
  /** The last frame's ticks, for stream consumers (the chart) that subscribe outside React. */
  tickBatch: { seq: number; ticks: Tick[] }
  /** Last-price direction per symbol, for colouring. */
  direction: Record<string, 'up' | 'down' | undefined>
  /** The engine's clock as the feed drives it: the newest tick's time (a replay's is in the past). */
  engineTime: number | undefined
  /** How long the newest tick took from its exchange time to this screen, ms. */
  feedLatencyMs: number | undefined
  /** Symbols the trader starred, remembered in this browser profile. */
  favourites: string[]
  setSummaries(summaries: MarketSummary[]): void
  applyTicks(ticks: Tick[]): void
  selectSymbol(symbol: string): void
  setTimeframe(timeframe: Timeframe): void
  toggleFavourite(symbol: string): void
}

const FAVOURITES_KEY = 'tradedesk.favourites'

function storedFavourites(): string[] {
  try {
    const parsed: unknown = JSON.parse(globalThis.localStorage?.getItem(FAVOURITES_KEY) ?? '[]')
    return Array.isArray(parsed) ? parsed.filter((s): s is string => typeof s === 'string') : []
  } catch {
    return []
  }
}

export const createMarketSlice: StateCreator<AppState, [], [], MarketSlice> = (set) => ({
  summaries: {},
  symbols: [],
  selectedSymbol: undefined,
  timeframe: '1m',
  tickBatch: { seq: 0, ticks: [] },
  direction: {},
  engineTime: undefined,
  feedLatencyMs: undefined,
  favourites: storedFavourites(),
  setSummaries: (list) =>
    set((state) => {
      const summaries = { ...state.summaries }
      for (const summary of list) {
        const previous = summaries[summary.instrument.symbol]
        // A summary can be older than the ticks already shown; keep the newer price.
        summaries[summary.instrument.symbol] =
          previous !== undefined && previous.ts > summary.ts
            ? { ...summary, last: previous.last, bid: previous.bid, ask: previous.ask, ts: previous.ts }
            : summary
      }
      return {
        summaries,
        symbols: list.map((s) => s.instrument.symbol),
        selectedSymbol: state.selectedSymbol ?? list[0]?.instrument.symbol,
      }
    }),
  applyTicks: (ticks) =>
    set((state) => {
      const summaries = { ...state.summaries }
      const direction = { ...state.direction }
      for (const tick of ticks) {
        const row = summaries[tick.symbol]
        if (row === undefined || tick.ts < row.ts) continue
        if (tick.last !== row.last) direction[tick.symbol] = tick.last > row.last ? 'up' : 'down'
        summaries[tick.symbol] = {
          ...row,
          last: tick.last,
          bid: tick.bid,
          ask: tick.ask,
          ts: tick.ts,
          high24h: Math.max(row.high24h, tick.last),
          low24h: Math.min(row.low24h, tick.last),
          volume24h: row.volume24h + tick.volume,
        }
      }
      const newest = ticks.reduce((latest, tick) => Math.max(latest, tick.ts), state.engineTime ?? 0)
      return {
        summaries,
        direction,
        tickBatch: { seq: state.tickBatch.seq + 1, ticks },
        engineTime: newest,
        feedLatencyMs: Math.max(0, Date.now() - newest),
      }
    }),
  selectSymbol: (symbol) => set({ selectedSymbol: symbol }),
  setTimeframe: (timeframe) => set({ timeframe }),
  toggleFavourite: (symbol) =>
    set((state) => {
      const favourites = state.favourites.includes(symbol) ? state.favourites.filter((s) => s !== symbol) : [...state.favourites, symbol]
      localStorage.setItem(FAVOURITES_KEY, JSON.stringify(favourites))
      return { favourites }
    }),
})
