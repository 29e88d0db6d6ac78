import { useState, type FormEvent } from 'react'
import type { SignalChannel, SignalIntakeStatus, SignalTarget } from '../../../../shared/domain/signals'
import { useApi } from '../../api/api-context'
import { requestErrorText } from '../../api/request-error'
import { useRequest } from '../../api/use-request'
import { SubmitRow } from '../../components/SubmitRow'
import { useAppStore } from '../../store'
import { formatUtcMinute } from '../history/history-format'
import { SecretReveal } from './SecretReveal'
import { newSignalSecret } from '../../../../shared/domain/signal-senders'

/** Where senders post a channel's signals. */
const channelUrl = (status: SignalIntakeStatus, channel: SignalChannel): string => `${status.url ?? `http://127.0.0.1:${status.port}`}${channel.path}`

/** A just-made secret, with the channel it opens. */
interface Revealed {
  channel: SignalChannel
  secret: string
}

/** The channels signals arrive on: one per account or bot, each with its own secret. */
export function ChannelList({ status, revision }: { status: SignalIntakeStatus; revision: number }) {
  const api = useApi()
  const channels = useRequest('signals.channels', {}, revision)
  const botsRevision = useAppStore((s) => s.revisions.bots)
  const bots = useRequest('bots.list', {}, `${revision}-${botsRevision}`)
  const [revealed, setRevealed] = useState<Revealed>()
  const [error, setError] = useState<string>()
  /** The market the examples trade: the bot's, or a common one. */
  const symbolOf = ({ target }: SignalChannel): string => {
    if (target.kind !== 'bot') return 'BTC/USDT'
    return bots.value?.find((b) => b.id === target.botId)?.symbol ?? 'BTC/USDT'
  }

  const rotate = async (channel: SignalChannel): Promise<void> => {
    const secret = newSignalSecret()
    const reply = await api.request('signals.rotateSecret', { channelId: channel.id, secret })
    if (!reply.ok) return setError(requestErrorText(reply.error))
    setError(undefined)
    setRevealed({ channel: reply.value, secret })
  }
  const remove = async (channel: SignalChannel): Promise<void> => {
    const reply = await api.request('signals.deleteChannel', { channelId: channel.id })
    setError(reply.ok ? undefined : requestErrorText(reply.error))
  }

  return (
    <div>
      {channels.value !== undefined && channels.value.length === 0 && <p className="muted">No channel yet: make one for the account or bot your signals should trade.</p>}
      <ul className="st-key-list" data-testid="signal-channels">
        {(channels.value ?? []).map((channel) => (
          <li key={channel.id} className="st-key" aria-label={`Channel ${channel.name}`}>
            <div className="st-key-head">
              <span className="st-key-name">{channel.name}</span>
              <span className="st-badge">{channel.target.kind === 'bot' ? `Bot ${channel.targetName}` : `Account ${channel.targetName}`}</span>
              <span className="st-key-actions">
                <button type="button" className="tt-btn" aria-label={`New secret for ${channel.name}`} onClick={() => void rotate(channel)}>
                  New secret
                </button>
                <button type="button" className="tt-btn" aria-label={`Delete ${channel.name}`} onClick={() => void remove(channel)}>
                  Delete
                </button>
              </span>
            </div>
            <p className="st-check-line">
              <code>{channelUrl(status, channel)}</code> · secret ••••••••, set {formatUtcMinute(channel.secretSetAt)} UTC
            </p>
            {revealed?.channel.id === channel.id && (
              <SecretReveal url={channelUrl(status, channel)} secret={revealed.secret} symbol={symbolOf(channel)} onDone={() => setRevealed(undefined)} />
            )}
          </li>
        ))}
      </ul>
      {error !== undefined && (
        <p className="st-error" role="alert">
          {error}
        </p>
      )}
      <NewChannel bots={bots.value ?? []} onCreated={(channel, secret) => setRevealed({ channel, secret })} />
    </div>
  )
}

function NewChannel({ bots, onCreated }: { bots: { id: number; name: string }[]; onCreated(channel: SignalChannel, secret: string): void }) {
  const api = useApi()
  const accounts = useAppStore((s) => s.accounts)
  const active = Object.values(accounts).filter((a) => a.status === 'active')
  const [name, setName] = useState('')
  const [target, setTarget] = useState('')
  const [error, setError] = useState<string>()
  const chosen = target === '' ? (active[0] === undefined ? '' : `account:${active[0].id}`) : target

  const create = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    const [kind, id] = chosen.split(':')
    const to: SignalTarget = kind === 'bot' ? { kind: 'bot', botId: Number(id) } : { kind: 'account', accountId: Number(id) }
    const secret = newSignalSecret()
    const reply = await api.request('signals.createChannel', { name: name.trim(), target: to, secret })
    if (!reply.ok) return setError(requestErrorText(reply.error, { name: 'Channel name' }))
    setError(undefined)
    setName('')
    onCreated(reply.value, secret)
  }

  return (
    <form className="st-key-form" onSubmit={(e) => void create(e)} aria-label="New signal channel">
      <div className="st-key-grid">
        <div className="af-field">
          <label htmlFor="sg-name">Channel name</label>
          <input id="sg-name" value={name} required maxLength={60} placeholder="TradingView BTC" onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="af-field">
          <label htmlFor="sg-target">Trades for</label>
          <select id="sg-target" value={chosen} onChange={(e) => setTarget(e.target.value)}>
            {active.map((a) => (
              <option key={`account:${a.id}`} value={`account:${a.id}`}>
                Account {a.name}
              </option>
            ))}
            {bots.map((b) => (
              <option key={`bot:${b.id}`} value={`bot:${b.id}`}>
                Bot {b.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      <SubmitRow label="Make channel" error={error} disabled={chosen === ''} />
    </form>
  )
}
