import { useState, type FormEvent } from 'react'
import type { AlertDeliverySettings } from '../../../../shared/domain/alerts'
import { useApi } from '../../api/api-context'
import { requestErrorText } from '../../api/request-error'

type Said = { error: boolean; text: string } | undefined

/** Where alerts go beyond the app: a Telegram chat through the trader's bot, and a webhook. */
export function DeliverySettings({ settings, onChanged }: { settings: AlertDeliverySettings; onChanged(): void }) {
  const api = useApi()
  const [token, setToken] = useState('')
  const [chatId, setChatId] = useState(settings.telegram.chatId ?? '')
  const [url, setUrl] = useState(settings.webhookUrl ?? '')
  const [said, setSaid] = useState<Record<'telegram' | 'webhook', Said>>({ telegram: undefined, webhook: undefined })
  const say = (channel: 'telegram' | 'webhook', value: Said) => setSaid((s) => ({ ...s, [channel]: value }))

  const saveTelegram = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    const params = { botToken: token.trim(), chatId: chatId.trim() }
    setToken('')
    say('telegram', { error: false, text: 'Checking the token with Telegram…' })
    const reply = await api.request('alerts.setTelegram', params)
    say('telegram', reply.ok ? { error: false, text: 'Saved: the token is in the OS keychain.' } : { error: true, text: requestErrorText(reply.error, { botToken: 'Bot token', chatId: 'Chat id' }) })
    onChanged()
  }
  const removeTelegram = async (): Promise<void> => {
    const reply = await api.request('alerts.setTelegram', null)
    say('telegram', reply.ok ? { error: false, text: 'Telegram removed.' } : { error: true, text: requestErrorText(reply.error) })
    onChanged()
  }
  const saveWebhook = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    const reply = await api.request('alerts.setWebhook', { url: url.trim() === '' ? null : url.trim() })
    say('webhook', reply.ok ? { error: false, text: url.trim() === '' ? 'Webhook removed.' : 'Saved.' } : { error: true, text: requestErrorText(reply.error, { url: 'Webhook address' }) })
    onChanged()
  }
  const test = async (channel: 'telegram' | 'webhook'): Promise<void> => {
    const reply = await api.request('alerts.test', { channel })
    if (!reply.ok) return say(channel, { error: true, text: requestErrorText(reply.error) })
    say(channel, reply.value.delivered ? { error: false, text: 'Test message delivered.' } : { error: true, text: `Not delivered: ${reply.value.error ?? ''}` })
  }

  return (
    <section className="panel al-delivery" aria-label="Alert delivery">
      <div className="panel-title">Delivery</div>
      <form onSubmit={(e) => void saveTelegram(e)} aria-label="Telegram" autoComplete="off">
        <p className="af-hint">
          Telegram: {settings.telegram.hasToken ? `a bot sends to chat ${settings.telegram.chatId ?? '?'} (token ••••••••).` : 'not set up. Make a bot with @BotFather and give its token and your chat id.'}
        </p>
        <div className="af-field">
          <label htmlFor="al-token">Bot token</label>
          <input id="al-token" type="password" value={token} required spellCheck={false} onChange={(e) => setToken(e.target.value)} />
        </div>
        <div className="af-field">
          <label htmlFor="al-chat">Chat id</label>
          <input id="al-chat" value={chatId} required placeholder="123456789 or @mychannel" onChange={(e) => setChatId(e.target.value)} />
        </div>
        <div className="st-inline">
          <button type="submit" className="tt-btn">
            Check and save
          </button>
          <button type="button" className="tt-btn" disabled={!settings.telegram.hasToken} onClick={() => void test('telegram')}>
            Send a test
          </button>
          <button type="button" className="tt-btn" disabled={!settings.telegram.hasToken} onClick={() => void removeTelegram()}>
            Remove
          </button>
        </div>
        <Said said={said.telegram} testId="telegram-said" />
      </form>
      <form onSubmit={(e) => void saveWebhook(e)} aria-label="Webhook">
        <div className="af-field">
          <label htmlFor="al-url">Webhook address</label>
          <input id="al-url" value={url} placeholder="https://example.com/alerts" onChange={(e) => setUrl(e.target.value)} />
        </div>
        <p className="af-hint">Each alert is POSTed as JSON: alertId, message, at, app.</p>
        <div className="st-inline">
          <button type="submit" className="tt-btn">
            Save
          </button>
          <button type="button" className="tt-btn" disabled={settings.webhookUrl === undefined} onClick={() => void test('webhook')}>
            Send a test
          </button>
        </div>
        <Said said={said.webhook} testId="webhook-said" />
      </form>
    </section>
  )
}

function Said({ said, testId }: { said: Said; testId: string }) {
  if (said === undefined) return null
  return (
    <p className={said.error ? 'st-error' : 'st-saved'} role={said.error ? 'alert' : 'status'} data-testid={testId}>
      {said.text}
    </p>
  )
}
