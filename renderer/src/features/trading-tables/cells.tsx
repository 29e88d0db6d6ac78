import type { OrderSide, PositionSide } from '../../../../shared/domain/trading'
import { formatDateTime, formatDecimal, formatMoney, signClass } from './table-format'
import type { MarketFormats } from './tables-context'

/** "BTC/USDT" with a PERP badge for perpetuals, as the market watch shows it. */
export function SymbolCell({ symbol, formats }: { symbol: string; formats: MarketFormats }) {
  const market = formats.get(symbol)
  if (market === undefined) return <span className="tt-symbol">{symbol}</span>
  return (
    <span className="tt-symbol" title={symbol}>
      {market.base}/{market.quote}
      {market.perpetual && <span className="badge">PERP</span>}
    </span>
  )
}

export function SideCell({ side }: { side: OrderSide | PositionSide }) {
  const up = side === 'buy' || side === 'long'
  return <span className={`tt-side ${up ? 'up' : 'down'}`}>{side.charAt(0).toUpperCase() + side.slice(1)}</span>
}

/** Signed, coloured money ("+12.50", "-3.20"). */
export function PnlText({ value, testId }: { value: string; testId?: string }) {
  return (
    <span className={signClass(value)} data-testid={testId} title={value} data-value={value}>
      {formatMoney(value, true)}
    </span>
  )
}

export function TimeCell({ ts }: { ts: number }) {
  return <span className="tt-time">{formatDateTime(ts)}</span>
}

/** A decimal with its unit in muted text ("0.0300 USDT"). */
export function WithUnit({ value, unit, decimals }: { value: string; unit: string; decimals: number }) {
  return (
    <span title={`${value} ${unit}`} data-value={value}>
      {formatDecimal(value, decimals)}
      <span className="tt-unit"> {unit}</span>
    </span>
  )
}
