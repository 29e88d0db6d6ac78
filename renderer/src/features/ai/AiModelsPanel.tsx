import { useState, type FormEvent } from 'react'
import type { AiEndpoint } from '../../../../shared/domain/ai'
import { useApi } from '../../api/api-context'
import { requestErrorText } from '../../api/request-error'
import { useRequest } from '../../api/use-request'
import { SubmitRow } from '../../components/SubmitRow'
import { useAppStore } from '../../store'

const FIELD_LABELS = { name: 'Name', baseUrl: 'API address', model: 'Model', apiKey: 'API key', inputPricePerMTok: 'Input price', outputPricePerMTok: 'Output price' }

/** The AI models AI bots ask: any OpenAI-compatible chat-completions API, its key in the OS keychain. */
export function AiModelsPanel() {
  const revision = useAppStore((s) => s.revisions.ai)
  const endpoints = useRequest('ai.endpoints', {}, revision)
  return (
    <section className="st-section sg-panel" aria-labelledby="ai-title">
      <h2 id="ai-title" className="st-section-title">
        AI models
      </h2>
      <p className="st-intro">
        Models that bots with the “AI decision” strategy ask on every closed candle: OpenAI, or any API that speaks its chat-completions format (a local model too). Keys are kept in the OS keychain and never shown again.
      </p>
      {endpoints.value !== undefined && endpoints.value.length === 0 && <p className="muted">No model yet.</p>}
      <ul className="st-key-list" data-testid="ai-endpoints">
        {(endpoints.value ?? []).map((endpoint) => (
          <StoredModel key={endpoint.id} endpoint={endpoint} />
        ))}
      </ul>
      <ModelForm />
    </section>
  )
}

function StoredModel({ endpoint }: { endpoint: AiEndpoint }) {
  const api = useApi()
  const [said, setSaid] = useState<{ ok: boolean; text: string }>()
  const [busy, setBusy] = useState(false)
  const test = async (): Promise<void> => {
    setBusy(true)
    setSaid({ ok: true, text: 'Asking…' })
    const reply = await api.request('ai.testEndpoint', { id: endpoint.id })
    setBusy(false)
    setSaid(reply.ok ? { ok: reply.value.ok, text: reply.value.message } : { ok: false, text: requestErrorText(reply.error) })
  }
  const remove = async (): Promise<void> => {
    const reply = await api.request('ai.deleteEndpoint', { id: endpoint.id })
    if (!reply.ok) setSaid({ ok: false, text: requestErrorText(reply.error) })
  }
  const prices = endpoint.inputPricePerMTok === undefined ? 'no prices (cost shown as 0)' : `$${endpoint.inputPricePerMTok} / $${endpoint.outputPricePerMTok ?? '0'} per million tokens in / out`
  return (
    <li className="st-key" aria-label={`Model ${endpoint.name}`}>
      <div className="st-key-head">
        <span className="st-key-name">{endpoint.name}</span>
        <span className="st-badge">{endpoint.model}</span>
        <span className="st-key-actions">
          <button type="button" className="tt-btn" disabled={busy} onClick={() => void test()}>
            Test
          </button>
          <button type="button" className="tt-btn" disabled={busy} onClick={() => void remove()}>
            Remove
          </button>
        </span>
      </div>
      <p className="st-check-line">
        <code>{endpoint.baseUrl}</code> · key {endpoint.hasKey ? '••••••••' : 'none'} · {prices}
      </p>
      {said !== undefined && (
        <p className={said.ok ? 'st-tone-ok' : 'st-error'} role={said.ok ? 'status' : 'alert'} data-testid="ai-test">
          {said.text}
        </p>
      )}
    </li>
  )
}

function ModelForm() {
  const api = useApi()
  const [fields, setFields] = useState({ name: '', baseUrl: 'https://api.openai.com/v1', model: '', apiKey: '', inputPricePerMTok: '', outputPricePerMTok: '' })
  const [error, setError] = useState<string>()
  const set = (key: keyof typeof fields) => (e: { target: { value: string } }) => setFields((f) => ({ ...f, [key]: e.target.value }))
  const save = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    const optional = (value: string) => (value.trim() === '' ? undefined : value.trim())
    const params = {
      name: fields.name.trim(),
      baseUrl: fields.baseUrl.trim(),
      model: fields.model.trim(),
      ...(optional(fields.apiKey) === undefined ? {} : { apiKey: fields.apiKey.trim() }),
      ...(optional(fields.inputPricePerMTok) === undefined ? {} : { inputPricePerMTok: fields.inputPricePerMTok.trim() }),
      ...(optional(fields.outputPricePerMTok) === undefined ? {} : { outputPricePerMTok: fields.outputPricePerMTok.trim() }),
    }
    setFields((f) => ({ ...f, apiKey: '' }))
    const reply = await api.request('ai.setEndpoint', params)
    if (!reply.ok) return setError(requestErrorText(reply.error, FIELD_LABELS))
    setError(undefined)
    setFields((f) => ({ ...f, name: '', model: '' }))
  }
  const input = (key: keyof typeof fields, label: string, extra: { type?: string; placeholder?: string; required?: boolean } = {}) => (
    <div className="af-field">
      <label htmlFor={`ai-${key}`}>{label}</label>
      <input id={`ai-${key}`} value={fields[key]} spellCheck={false} autoComplete="off" {...extra} onChange={set(key)} />
    </div>
  )
  return (
    <form className="st-key-form" onSubmit={(e) => void save(e)} aria-label="Add an AI model">
      <div className="st-key-grid">
        {input('name', 'Name', { required: true, placeholder: 'GPT-4o mini' })}
        {input('model', 'Model', { required: true, placeholder: 'gpt-4o-mini' })}
        {input('baseUrl', 'API address', { required: true })}
        {input('apiKey', 'API key (optional for a local model)', { type: 'password' })}
        {input('inputPricePerMTok', 'Input price, $ per million tokens', { placeholder: '0.15' })}
        {input('outputPricePerMTok', 'Output price, $ per million tokens', { placeholder: '0.60' })}
      </div>
      <SubmitRow label="Add model" error={error} />
    </form>
  )
}
