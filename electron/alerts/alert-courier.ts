import { AppError } from '../../shared/contract'
import type { Alert, AlertDelivery, AlertDeliverySettings, DeliveryChannel } from '../../shared/domain/alerts'
import type { Logger } from '../core/log'
import type { EventBus } from '../engine/bus'
import type { Clock } from '../engine/clock'
import type { AlertRepo } from '../ledger/repos/alert-repo'
import type { MetaRepo } from '../ledger/repos/meta-repo'
import type { SecretStore } from '../secrets/secret-store'

const SETTINGS_KEY = 'alerts.delivery'
const TELEGRAM_SECRET = 'alerts:telegram-bot'
export const TELEGRAM_API = 'https://api.telegram.org'
/** Waits before the 2nd, 3rd, … try of a delivery that failed for a reason that may pass. */
export const RETRY_DELAYS_MS = [2_000, 10_000, 30_000, 120_000] as const
const TIMEOUT_MS = 10_000

export interface CourierOptions {
  /** Telegram's Bot API base (a local fake in tests). */
  telegramApi?: string
  retryDelaysMs?: readonly number[]
}

interface StoredSettings {
  chatId?: string
  webhookUrl?: string
}

/** One try's outcome: sent, or failed (and whether trying again may help). */
type Attempt = { ok: true } | { ok: false; error: string; retry: boolean }

type Remote = Exclude<DeliveryChannel, 'desktop'>

/**
 * Delivers fired alerts beyond the app: to a Telegram chat through a bot, and to a webhook.
 * Every delivery is recorded; one that fails for a passing reason (no network, 5xx, 429)
 * is tried again later, up to RETRY_DELAYS_MS, and its state is evented each time.
 */
export class AlertCourier {
  private readonly timers = new Set<ReturnType<typeof setTimeout>>()
  private readonly telegramApi: string
  private readonly retryDelays: readonly number[]

  constructor(
    private readonly repo: AlertRepo,
    private readonly meta: MetaRepo,
    private readonly secrets: SecretStore | undefined,
    private readonly bus: EventBus,
    private readonly clock: Clock,
    private readonly log: Logger,
    options: CourierOptions = {},
  ) {
    this.telegramApi = options.telegramApi ?? TELEGRAM_API
    this.retryDelays = options.retryDelaysMs ?? RETRY_DELAYS_MS
  }

  async settings(): Promise<AlertDeliverySettings> {
    const stored = this.stored()
    const hasToken = (await this.secrets?.has(TELEGRAM_SECRET).catch(() => false)) ?? false
    return {
      telegram: { hasToken, ...(stored.chatId === undefined ? {} : { chatId: stored.chatId }) },
      ...(stored.webhookUrl === undefined ? {} : { webhookUrl: stored.webhookUrl }),
    }
  }

  /** Checks the token with Telegram (getMe) before keeping it; a refused one is not stored. */
  async setTelegram(telegram: { botToken: string; chatId: string } | null): Promise<AlertDeliverySettings> {
    const store = this.keychain()
    if (telegram === null) {
      await store.delete(TELEGRAM_SECRET)
      const { chatId: _dropped, ...rest } = this.stored()
      this.save(rest)
      return this.settings()
    }
    const check = await this.call(`${this.telegramApi}/bot${telegram.botToken}/getMe`, undefined, telegram.botToken)
    if (!check.ok) throw new AppError('REJECTED', `Telegram refused the bot token: ${check.error}. Nothing was stored.`)
    await store.set(TELEGRAM_SECRET, telegram.botToken)
    this.save({ ...this.stored(), chatId: telegram.chatId })
    return this.settings()
  }

  async setWebhook(url: string | null): Promise<AlertDeliverySettings> {
    const { webhookUrl: _old, ...rest } = this.stored()
    this.save(url === null ? rest : { ...rest, webhookUrl: url })
    return this.settings()
  }

  /** Sends a fired alert to the channels it asks for; each delivery is recorded and retried on its own. */
  deliver(alert: Alert, message: string): void {
    for (const channel of ['telegram', 'webhook'] as const) {
      if (alert[channel]) void this.start(alert, channel, message)
    }
  }

  /** One try now, not recorded: the settings screen's test button. */
  async test(channel: Remote): Promise<{ delivered: boolean; error?: string }> {
    const attempt = await this.send(channel, { id: 0, text: 'TradeDesk test message: alerts reach you here.' })
    return attempt.ok ? { delivered: true } : { delivered: false, error: attempt.error }
  }

  /** Drops the retries still waiting (the app is closing); their deliveries keep their last state. */
  close(): void {
    for (const timer of this.timers) clearTimeout(timer)
    this.timers.clear()
  }

  private async start(alert: Alert, channel: Remote, message: string): Promise<void> {
    const first = this.outcome(await this.send(channel, { id: alert.id, text: message }), 1)
    let delivery = this.repo.recordDelivery({ alertId: alert.id, channel, message, attempts: 1, ...first, at: this.clock.now() })
    this.bus.publish('alert.deliveryChanged', delivery)
    const retry = async (): Promise<void> => {
      const attempts = delivery.attempts + 1
      const next = this.outcome(await this.send(channel, { id: alert.id, text: message }), attempts)
      delivery = this.repo.updateDelivery(delivery.id, next.status, attempts, next.error, this.clock.now())
      this.bus.publish('alert.deliveryChanged', delivery)
      if (delivery.status === 'retrying') this.later(delivery.attempts, retry)
    }
    if (delivery.status === 'retrying') this.later(delivery.attempts, retry)
  }

  private later(attempts: number, retry: () => Promise<void>): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer)
      void retry()
    }, this.retryDelays[attempts - 1])
    this.timers.add(timer)
  }

  /** What a delivery's state is after its `attempts`-th try. */
  private outcome(attempt: Attempt, attempts: number): { status: AlertDelivery['status']; error?: string } {
    if (attempt.ok) return { status: 'sent' }
    return { status: attempt.retry && attempts <= this.retryDelays.length ? 'retrying' : 'failed', error: attempt.error }
  }

  private async send(channel: Remote, alert: { id: number; text: string }): Promise<Attempt> {
    const stored = this.stored()
    if (channel === 'webhook') {
      if (stored.webhookUrl === undefined) return { ok: false, error: 'No webhook is set up (Settings, Alerts)', retry: false }
      return this.call(stored.webhookUrl, { alertId: alert.id, message: alert.text, at: this.clock.now(), app: 'TradeDesk' })
    }
    const token = await this.secrets?.get(TELEGRAM_SECRET).catch(() => undefined)
    if (token === undefined || stored.chatId === undefined) return { ok: false, error: 'Telegram is not set up (Settings, Alerts)', retry: false }
    return this.call(`${this.telegramApi}/bot${token}/sendMessage`, { chat_id: stored.chatId, text: alert.text, disable_web_page_preview: true }, token)
  }

  /** POSTs JSON (or GETs without a body); `secret` is scrubbed from anything said about it. */
  private async call(url: string, body: object | undefined, secret?: string): Promise<Attempt> {
    const scrub = (text: string) => (secret === undefined ? text : text.split(secret).join('…'))
    try {
      const response = await fetch(url, {
        method: body === undefined ? 'GET' : 'POST',
        headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
        redirect: 'error',
      })
      if (response.ok) return { ok: true }
      const text = await response.text().catch(() => '')
      const described = /"description"\s*:\s*"([^"]{1,200})"/.exec(text)?.[1]
      const error = scrub(`HTTP ${response.status}${described === undefined ? '' : ` (${described})`}`)
      return { ok: false, error, retry: response.status === 429 || response.status >= 500 }
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError'
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : ''
      this.log.warn(`alert delivery failed: ${scrub(timedOut ? 'timed out' : `${error instanceof Error ? error.message : String(error)} ${cause}`)}`)
      return { ok: false, error: timedOut ? `No answer within ${TIMEOUT_MS / 1000} s` : scrub(`Could not connect${cause === '' ? '' : `: ${cause}`}`), retry: true }
    }
  }

  private keychain(): SecretStore {
    if (this.secrets === undefined) throw new AppError('UNAVAILABLE', 'The OS keychain is not available, so a Telegram bot token cannot be kept.')
    return this.secrets
  }

  private stored(): StoredSettings {
    return JSON.parse(this.meta.get(SETTINGS_KEY) ?? '{}') as StoredSettings
  }

  private save(settings: StoredSettings): void {
    this.meta.set(SETTINGS_KEY, JSON.stringify(settings))
  }
}
