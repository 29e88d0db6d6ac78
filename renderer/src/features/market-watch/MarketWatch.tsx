import { useState } from 'react'
import { percentChange } from '../../../../shared/trading/format'
import { formatPercent, formatPrice } from '../../format'
import { useAppStore } from '../../store'
import './market-watch.css'

/** The quoted spread in basis points of the mid price (1 bp = 0.01 %). */
function spreadBps(bid: number, ask: number): number | undefined {
  const mid = (bid + ask) / 2
  return ask > bid && mid > 0 ? ((ask - bid) / mid) * 10_000 : undefined
}

function MarketRow({ symbol }: { symbol: string }) {
  const summary = useAppStore((s) => s.summaries[symbol])
  const direction = useAppStore((s) => s.direction[symbol])
  const selected = useAppStore((s) => s.selectedSymbol === symbol)
  const favourite = useAppStore((s) => s.favourites.includes(symbol))
  const selectSymbol = useAppStore((s) => s.selectSymbol)
  const toggleFavourite = useAppStore((s) => s.toggleFavourite)
  if (summary === undefined) return null
  const { instrument } = summary
  const change = percentChange(summary.open24h, summary.last)
  const spread = spreadBps(summary.bid, summary.ask)
  return (
    <tr
      className={selected ? 'market-row selected' : 'market-row'}
      data-symbol={symbol}
      aria-selected={selected}
      tabIndex={0}
      onClick={() => selectSymbol(symbol)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') selectSymbol(symbol)
        if (e.key === 'f') toggleFavourite(symbol)
      }}
    >
      <td className="mw-star">
        <button
          type="button"
          className={favourite ? 'mw-star-on' : ''}
          aria-pressed={favourite}
          aria-label={favourite ? `Remove ${symbol} from favourites` : `Add ${symbol} to favourites`}
          data-testid="favourite"
          tabIndex={-1}
          onClick={(e) => {
            e.stopPropagation()
            toggleFavourite(symbol)
          }}
        >
          {favourite ? '★' : '☆'}
        </button>
      </td>
      <td className="symbol" title={symbol}>
        {instrument.base}/{instrument.quote}
        {instrument.type === 'swap' && <span className="badge">PERP</span>}
      </td>
      <td className={`num last ${direction ?? ''}`} data-testid="last-price">
        {formatPrice(summary.last, instrument.tickSize)}
      </td>
      <td className={`num change ${change >= 0 ? 'up' : 'down'}`} data-testid="change-24h">
        {formatPercent(change)}
      </td>
      <td
        className="num mw-spread"
        data-testid="spread"
        title={`Bid ${formatPrice(summary.bid, instrument.tickSize)} · ask ${formatPrice(summary.ask, instrument.tickSize)}${spread === undefined ? '' : ` · ${spread.toFixed(2)} bp of mid`}`}
      >
        {spread === undefined ? '—' : formatPrice(summary.ask - summary.bid, instrument.tickSize)}
      </td>
    </tr>
  )
}

/** Markets to list: those matching the search (symbol or base, any case), favourites only if asked. */
export function visibleMarkets(symbols: readonly string[], favourites: readonly string[], query: string, onlyFavourites: boolean): string[] {
  const needle = query.trim().toUpperCase()
  return symbols.filter((s) => (!onlyFavourites || favourites.includes(s)) && (needle === '' || s.toUpperCase().includes(needle)))
}

export function MarketWatch() {
  const symbols = useAppStore((s) => s.symbols)
  const favourites = useAppStore((s) => s.favourites)
  const [query, setQuery] = useState('')
  const [onlyFavourites, setOnlyFavourites] = useState(false)
  const shown = visibleMarkets(symbols, favourites, query, onlyFavourites)
  return (
    <section className="panel market-watch" aria-label="Market watch">
      <header className="panel-title">Markets</header>
      <div className="mw-tools">
        <input
          type="search"
          placeholder="Search"
          aria-label="Search markets"
          data-testid="market-search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <button type="button" aria-pressed={onlyFavourites} data-testid="favourites-only" onClick={() => setOnlyFavourites(!onlyFavourites)} title="Show favourites only">
          ★ only
        </button>
      </div>
      <div className="mw-scroll">
        <table>
          <colgroup>
            <col className="mw-col-star" />
            <col />
            <col className="mw-col-last" />
            <col className="mw-col-change" />
            <col className="mw-col-spread" />
          </colgroup>
          <thead>
            <tr>
              <th aria-label="Favourite" />
              <th>Symbol</th>
              <th className="num">Last</th>
              <th className="num">24h</th>
              <th className="num" title="Spread: ask minus bid (hover a row for basis points)">
                Sprd
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((symbol) => (
              <MarketRow key={symbol} symbol={symbol} />
            ))}
          </tbody>
        </table>
        {shown.length === 0 && <p className="mw-empty">{onlyFavourites && favourites.length === 0 ? 'Star a market (☆) to keep it here.' : 'No market matches.'}</p>}
      </div>
    </section>
  )
}
