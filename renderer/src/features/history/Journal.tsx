import { useId, useState, type FormEvent } from 'react'
import type { RoundTrip } from '../../../../shared/domain/history'
import { useApi } from '../../api/api-context'

type SaveState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved'; text: string } | { kind: 'error'; text: string }

function SaveStatus({ state, dirty = false, testId }: { state: SaveState; dirty?: boolean; testId: string }) {
  if (state.kind === 'error') {
    return (
      <span className="hx-save hx-error-text" role="alert" data-testid={testId} data-state="error">
        {state.text}
      </span>
    )
  }
  const text = state.kind === 'saving' ? 'Saving…' : dirty ? 'Unsaved changes' : state.kind === 'saved' ? state.text : ''
  return (
    <span className="hx-save" role="status" data-testid={testId} data-state={dirty ? 'dirty' : state.kind}>
      {text}
    </span>
  )
}

interface JournalProps {
  trade: RoundTrip
  /** Tags used on other trades, offered while typing. */
  suggestions: readonly string[]
  onSaved(trade: RoundTrip): void
}

/** The trade's tags: chips to remove, a field to add one; each change is saved at once. */
function TagEditor({ trade, suggestions, onSaved }: JournalProps) {
  const api = useApi()
  const listId = useId()
  const [draft, setDraft] = useState('')
  const [state, setState] = useState<SaveState>({ kind: 'idle' })

  const save = async (tags: string[], done: string): Promise<boolean> => {
    setState({ kind: 'saving' })
    const reply = await api.request('history.setTags', { id: trade.id, tags })
    if (!reply.ok) {
      setState({ kind: 'error', text: reply.error.message })
      return false
    }
    onSaved(reply.value)
    setState({ kind: 'saved', text: done })
    return true
  }

  const add = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    const tag = draft.trim()
    if (tag === '') return
    if (trade.tags.some((t) => t.toLowerCase() === tag.toLowerCase())) return setState({ kind: 'error', text: `The trade is already tagged “${tag}”` })
    if (await save([...trade.tags, tag], `Tag “${tag}” added`)) setDraft('')
  }

  return (
    <form className="hx-tags" onSubmit={(e) => void add(e)} aria-label="Tags">
      <ul className="hx-chip-list" aria-label="Tags of this trade" data-testid="trade-tags">
        {trade.tags.length === 0 && <li className="hx-muted">No tags yet</li>}
        {trade.tags.map((tag) => (
          <li key={tag} className="hx-chip" data-tag={tag}>
            {tag}
            <button
              type="button"
              className="hx-chip-remove"
              aria-label={`Remove tag ${tag}`}
              disabled={state.kind === 'saving'}
              onClick={() => void save(trade.tags.filter((t) => t !== tag), `Tag “${tag}” removed`)}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <div className="hx-inline">
        <input aria-label="New tag" list={listId} value={draft} maxLength={40} placeholder="e.g. breakout" onChange={(e) => setDraft(e.target.value)} />
        <datalist id={listId}>
          {suggestions
            .filter((s) => !trade.tags.includes(s))
            .map((s) => (
              <option key={s} value={s} />
            ))}
        </datalist>
        <button type="submit" disabled={state.kind === 'saving' || draft.trim() === ''}>
          Add tag
        </button>
      </div>
      <SaveStatus state={state} testId="tags-status" />
    </form>
  )
}

/** The trade's note, saved on request (Save or Ctrl+Enter). */
function NoteEditor({ trade, onSaved }: Omit<JournalProps, 'suggestions'>) {
  const api = useApi()
  const noteId = useId()
  const saved = trade.note ?? ''
  const [draft, setDraft] = useState(saved)
  const [state, setState] = useState<SaveState>({ kind: 'idle' })
  const dirty = draft !== saved

  const save = async (e?: FormEvent): Promise<void> => {
    e?.preventDefault()
    setState({ kind: 'saving' })
    const reply = await api.request('history.setNote', { id: trade.id, note: draft })
    if (!reply.ok) return setState({ kind: 'error', text: reply.error.message })
    onSaved(reply.value)
    setState({ kind: 'saved', text: 'Note saved' })
  }

  return (
    <form className="hx-note" onSubmit={(e) => void save(e)}>
      <label htmlFor={noteId}>Note</label>
      <textarea
        id={noteId}
        value={draft}
        rows={5}
        maxLength={10_000}
        placeholder="Why you took it, how it went, what to repeat"
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && dirty) void save(e)
        }}
      />
      <div className="hx-inline">
        <button type="submit" disabled={!dirty || state.kind === 'saving'}>
          Save note
        </button>
        <SaveStatus state={state} dirty={dirty && state.kind !== 'saving'} testId="note-status" />
      </div>
    </form>
  )
}

/** The trade's journal: tags and a note. */
export function Journal(props: JournalProps) {
  return (
    <section className="hx-journal" aria-label="Journal">
      <h3 className="hx-section-title">Journal</h3>
      <TagEditor {...props} />
      <NoteEditor trade={props.trade} onSaved={props.onSaved} />
    </section>
  )
}
