import { TIMEFRAMES, type Timeframe } from '../../../../shared/domain/market'

/** Which market a strategy trades and on which candles: one of `symbols` (or any, typed, without them), every timeframe. */
export function MarketFields({
  idPrefix,
  symbols,
  symbol,
  timeframe,
  disabled,
  onSymbol,
  onTimeframe,
}: {
  idPrefix: string
  symbols: readonly string[] | undefined
  symbol: string
  timeframe: Timeframe
  disabled: boolean
  onSymbol(symbol: string): void
  onTimeframe(timeframe: Timeframe): void
}) {
  return (
    <div className="bt-row">
      <div className="af-field">
        <label htmlFor={`${idPrefix}-symbol`}>Market</label>
        {symbols === undefined ? (
          <input id={`${idPrefix}-symbol`} value={symbol} disabled={disabled} spellCheck={false} placeholder="BTC/USDT" onChange={(e) => onSymbol(e.target.value.toUpperCase())} />
        ) : (
          <select id={`${idPrefix}-symbol`} value={symbol} disabled={disabled} onChange={(e) => onSymbol(e.target.value)}>
            {symbols.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        )}
      </div>
      <div className="af-field">
        <label htmlFor={`${idPrefix}-timeframe`}>Candles</label>
        <select id={`${idPrefix}-timeframe`} value={timeframe} disabled={disabled} onChange={(e) => onTimeframe(e.target.value as Timeframe)}>
          {TIMEFRAMES.map((tf) => (
            <option key={tf} value={tf}>
              {tf}
            </option>
          ))}
        </select>
      </div>
    </div>
  )
}
