import { useId, type ReactNode } from 'react'
import type { ResultOf } from '../../../../shared/contract'
import { SOURCE_LABELS } from './history-format'
import { EMPTY_FORM, isFiltered, type FilterForm } from './history-filter'

type Facets = ResultOf<'history.facets'>

interface FilterBarProps {
  form: FilterForm
  facets: Facets | undefined
  onChange(form: FilterForm): void
  /** Why part of the form is ignored, if it is. */
  problem: string | undefined
}

/** A label over its input; `children` gets the id to give the input, so the label alone names it. */
function Field({ label, children, wide = false }: { label: string; children: (id: string) => ReactNode; wide?: boolean }) {
  const id = useId()
  return (
    <div className={wide ? 'hx-field hx-field-wide' : 'hx-field'}>
      <label className="hx-field-label" htmlFor={id}>
        {label}
      </label>
      {children(id)}
    </div>
  )
}

function Choice({ label, value, options, onChange }: { label: string; value: string; options: Array<{ value: string; label: string }>; onChange(value: string): void }) {
  return (
    <Field label={label}>
      {(id) => (
        <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">All</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  )
}

const plain = (values: readonly string[]): Array<{ value: string; label: string }> => values.map((value) => ({ value, label: value }))

/** The history's filters; every change re-queries the open table and the analytics. */
export function FilterBar({ form, facets, onChange, problem }: FilterBarProps) {
  const set = <K extends keyof FilterForm>(key: K) => (value: FilterForm[K]) => onChange({ ...form, [key]: value })
  const accounts = (facets?.accounts ?? []).map((a) => ({ value: String(a.id), label: `${a.name} (${a.venue}, ${a.source})` }))
  return (
    <form className="hx-filters" role="search" aria-label="History filters" onSubmit={(e) => e.preventDefault()}>
      <Choice label="Account" value={form.accountId} options={accounts} onChange={set('accountId')} />
      <Choice label="Venue" value={form.venue} options={plain(facets?.venues ?? [])} onChange={set('venue')} />
      <Choice label="Symbol" value={form.symbol} options={plain(facets?.symbols ?? [])} onChange={set('symbol')} />
      <Choice
        label="Side"
        value={form.side}
        options={[
          { value: 'long', label: 'Long' },
          { value: 'short', label: 'Short' },
        ]}
        onChange={(v) => set('side')(v as FilterForm['side'])}
      />
      <Choice
        label="Source"
        value={form.source}
        options={Object.entries(SOURCE_LABELS).map(([value, label]) => ({ value, label }))}
        onChange={(v) => set('source')(v as FilterForm['source'])}
      />
      <Field label="From (UTC)">
        {(id) => <input id={id} type="date" value={form.from} max={form.to || undefined} onChange={(e) => set('from')(e.target.value)} />}
      </Field>
      <Field label="To (UTC)">
        {(id) => <input id={id} type="date" value={form.to} min={form.from || undefined} onChange={(e) => set('to')(e.target.value)} />}
      </Field>
      <Choice
        label="Result"
        value={form.outcome}
        options={[
          { value: 'win', label: 'Wins' },
          { value: 'loss', label: 'Losses' },
          { value: 'open', label: 'Open' },
        ]}
        onChange={(v) => set('outcome')(v as FilterForm['outcome'])}
      />
      <Choice label="Tag" value={form.tag} options={plain(facets?.tags ?? [])} onChange={set('tag')} />
      <Field label="Search" wide>
        {(id) => <input id={id} type="search" value={form.search} placeholder="Symbol, note or tag" maxLength={100} onChange={(e) => set('search')(e.target.value)} />}
      </Field>
      <button type="button" className="tt-btn hx-clear" onClick={() => onChange(EMPTY_FORM)} disabled={!isFiltered(form)}>
        Clear filters
      </button>
      {problem !== undefined && (
        <span className="hx-error-text" role="alert">
          {problem}
        </span>
      )}
    </form>
  )
}
