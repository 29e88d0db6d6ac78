import { percentChange } from '../../../../shared/trading/format'
import { formatPercent, formatPrice } from '../../format'
import { useAppStore } from '../../store'

function MarketRow({ symbol }: { symbol: string }) {
  const summary = useAppStore((s) => s.summaries[symbol])
  const direction = useAppStore((s) => s.direction[symbol])
  const selected = useAppStore((s) => s.selectedSymbol === symbol)
  const selectSymbol = useAppStore((s) => s.selectSymbol)
  if (summary === undefined) return null
  const { instrument } = summary
  const change = percentChange(summary.open24h, summary.last)
  return (
    <tr
      className={selected ? 'market-row selected' : 'market-row'}
      data-symbol={symbol}
      aria-selected={selected}
      tabIndex={0}
      onClick={() => selectSymbol(symbol)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') selectSymbol(symbol)
      }}
    >
      <td className="symbol">
        {instrument.base}/{instrument.quote}
        {instrument.type === 'swap' && <span className="badge">PERP</span>}
      </td>
      <td className={`num last ${direction ?? ''}`} data-testid="last-price">
        {formatPrice(summary.last, instrument.tickSize)}
      </td>
      <td className={`num change ${change >= 0 ? 'up' : 'down'}`} data-testid="change-24h">
        {formatPercent(change)}
      </td>
    </tr>
  )
}

export function MarketWatch() {
  const symbols = useAppStore((s) => s.symbols)
  return (
    <section className="panel market-watch" aria-label="Market watch">
      <header className="panel-title">Markets</header>
      <table>
        <thead>
          <tr>
            <th>Symbol</th>
            <th className="num">Last</th>
            <th className="num">24h</th>
          </tr>
        </thead>
        <tbody>
          {symbols.map((symbol) => (
            <MarketRow key={symbol} symbol={symbol} />
          ))}
        </tbody>
      </table>
    </section>
  )
}
