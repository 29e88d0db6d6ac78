import { useState } from 'react'
import type { BacktestData } from '../../../../shared/domain/backtests'
import { EXCHANGE_VENUE_NAMES, EXCHANGE_VENUES, type ExchangeVenue } from '../../../../shared/domain/exchanges'

type Kind = BacktestData['kind']
const DAY = 86_400_000
const dateText = (ms: number): string => new Date(ms).toISOString().slice(0, 10)
/** A date field's value as the UTC midnight it names; NaN when blank or malformed. */
const dateMs = (text: string): number => (/^\d{4}-\d{2}-\d{2}$/.test(text) ? Date.parse(`${text}T00:00:00Z`) : Number.NaN)

/** Which candles a backtest plays, as the form holds them. */
export interface DataChoiceState {
  kind: Kind
  file: string
  venue: ExchangeVenue
  from: string
  to: string
  problems: Record<string, string>
  set(change: Partial<Pick<DataChoiceState, 'kind' | 'file' | 'venue' | 'from' | 'to'>>): void
  /** The data as the request sends it, or undefined with the problems shown by field. */
  check(): BacktestData | undefined
}

export function useDataChoice(): DataChoiceState {
  // The last year up to today, by default (read once, when the form opens).
  const [fields, setFields] = useState(() => {
    const today = Date.now() - (Date.now() % DAY)
    return { kind: 'history' as Kind, file: '', venue: EXCHANGE_VENUES[0] as ExchangeVenue, from: dateText(today - 365 * DAY), to: dateText(today) }
  })
  const [problems, setProblems] = useState<Record<string, string>>({})
  return {
    ...fields,
    problems,
    set: (change) => setFields((f) => ({ ...f, ...change })),
    check: () => {
      const found: Record<string, string> = {}
      const from = dateMs(fields.from)
      const to = dateMs(fields.to)
      if (fields.kind === 'csv' && !/\.csv$/i.test(fields.file.trim())) found.file = 'Give the path of a candle .csv file'
      if (fields.kind === 'exchange' && !Number.isFinite(from)) found.from = 'Choose the first day'
      if (fields.kind === 'exchange' && !Number.isFinite(to)) found.to = 'Choose the last day'
      else if (fields.kind === 'exchange' && to <= from) found.to = 'The end date must come after the start date'
      setProblems(found)
      if (Object.keys(found).length > 0) return undefined
      if (fields.kind === 'history') return { kind: 'history' }
      if (fields.kind === 'csv') return { kind: 'csv', file: fields.file.trim() }
      return { kind: 'exchange', venue: fields.venue, from, to }
    },
  }
}

function Problem({ text, hint }: { text: string | undefined; hint?: string }) {
  if (text !== undefined) {
    return (
      <span className="af-error" role="alert">
        {text}
      </span>
    )
  }
  return hint === undefined ? null : <span className="af-hint">{hint}</span>
}

/** The data choice: the app's history, a candle file, or an exchange's candles (downloaded once, then kept). */
export function DataFields({ state, disabled }: { state: DataChoiceState; disabled: boolean }) {
  const radio = (kind: Kind, label: string) => (
    <label>
      <input type="radio" name="bt-data" checked={state.kind === kind} disabled={disabled} onChange={() => state.set({ kind })} /> {label}
    </label>
  )
  return (
    <fieldset className="bt-data">
      <legend>Data</legend>
      {radio('history', 'The app’s 1m history')}
      {radio('csv', 'A candle CSV file')}
      {radio('exchange', 'Download from an exchange')}
      {state.kind === 'csv' && (
        <div className="af-field">
          <label htmlFor="bt-file">CSV file (path)</label>
          <input id="bt-file" value={state.file} disabled={disabled} placeholder="/data/candles/binance_spot_BTCUSDT_1h.csv" aria-invalid={state.problems.file !== undefined} onChange={(e) => state.set({ file: e.target.value })} />
          <Problem text={state.problems.file} hint="Columns open_time_ms,open_time_utc,open,high,low,close,volume; the market below names its coin (BASE/USDT)." />
        </div>
      )}
      {state.kind === 'exchange' && (
        <>
          <div className="af-field">
            <label htmlFor="bt-venue">Exchange</label>
            <select id="bt-venue" value={state.venue} disabled={disabled} onChange={(e) => state.set({ venue: e.target.value as ExchangeVenue })}>
              {EXCHANGE_VENUES.map((venue) => (
                <option key={venue} value={venue}>
                  {EXCHANGE_VENUE_NAMES[venue]}
                </option>
              ))}
            </select>
          </div>
          <div className="bt-row">
            <div className="af-field">
              <label htmlFor="bt-from">From (UTC)</label>
              <input id="bt-from" type="date" value={state.from} disabled={disabled} aria-invalid={state.problems.from !== undefined} onChange={(e) => state.set({ from: e.target.value })} />
              <Problem text={state.problems.from} />
            </div>
            <div className="af-field">
              <label htmlFor="bt-to">To (UTC)</label>
              <input id="bt-to" type="date" value={state.to} disabled={disabled} aria-invalid={state.problems.to !== undefined} onChange={(e) => state.set({ to: e.target.value })} />
              <Problem text={state.problems.to} />
            </div>
          </div>
          <span className="af-hint">Public candles through ccxt, no key; kept on this computer, so the next run of the same span reads them offline.</span>
        </>
      )}
    </fieldset>
  )
}
