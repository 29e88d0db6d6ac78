import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { AppCore } from '../../../electron/core/app-core'
import { ManualClock } from '../../../electron/engine/clock'
import { InMemorySecretStore } from '../../../electron/secrets/secret-store'
import type { Alert, AlertDelivery, AlertDeliverySettings, AlertFired } from '../../../shared/domain/alerts'
import type { MarketSummary } from '../../../shared/domain/market'
import type { Account } from '../../../shared/domain/trading'
import { testCore } from '../../support/core'
import { startFakeTelegram, startWebhookReceiver, type FakeTelegram, type WebhookReceiver } from '../../support/fake-alert-receivers'
import { value } from '../../support/replay'
import { SHARED_DATA_DIR } from '../../support/shared-data'
import { useTempDirs } from '../../support/temp-dir'

const tempDir = useTempDirs()
const TOKEN = '7012345678:AAEhBOweik9ad0123456789abcdefghijkl'
const START = Date.UTC(2024, 7, 5, 7, 50)
const servers: Array<FakeTelegram | WebhookReceiver> = []
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close()
})

/** A month of recorded BTC/ETH minutes, ten of them per clock second; alerts delivered to local fakes. */
async function alertDesk(dataDir: string, clock = new ManualClock(1_000)) {
  const telegram = await startFakeTelegram(TOKEN)
  const webhook = await startWebhookReceiver()
  servers.push(telegram, webhook)
  const core = await testCore(dataDir, {
    clock,
    source: { kind: 'candles', folder: SHARED_DATA_DIR, set: 'btc-eth-1m-2024-08', from: START, speed: 600 },
    openSecrets: () => new InMemorySecretStore(),
    telegramApi: telegram.url,
    alertRetryDelaysMs: [30, 30, 30],
  })
  const fired: AlertFired[] = []
  core.subscribe((name, payload) => {
    if (name === 'alert.fired') fired.push(payload as AlertFired)
  })
  return { core, telegram, webhook, fired, clock }
}

/** Plays `seconds` of clock (ten recorded minutes each) in small steps, so the feed pumps between them. */
async function play(clock: ManualClock, seconds: number): Promise<void> {
  for (let i = 0; i < seconds * 10; i++) {
    clock.advance(100)
    await new Promise((resolve) => setTimeout(resolve, 30))
  }
}

const lastPrice = async (core: AppCore, symbol: string) => Number(value<MarketSummary[]>(await core.dispatch('markets.list', {})).find((m) => m.instrument.symbol === symbol)?.last)
const deliveries = async (core: AppCore) => value<AlertDelivery[]>(await core.dispatch('alerts.deliveries', {}))

describe('alerts', () => {
  it('fire when the market crosses a level, tell the app, and reach Telegram and a webhook', async () => {
    const { core, telegram, webhook, fired, clock } = await alertDesk(tempDir())
    await play(clock, 1)
    expect(value<AlertDeliverySettings>(await core.dispatch('alerts.setTelegram', { botToken: TOKEN, chatId: '424242' }))).toEqual({ telegram: { hasToken: true, chatId: '424242' } })
    value(await core.dispatch('alerts.setWebhook', { url: `${webhook.url}/hooks/tradedesk` }))
    const last = await lastPrice(core, 'BTC/USDT')
    const level = (Math.floor(last * 0.999 * 100) / 100).toFixed(2)
    const alert = value<Alert>(await core.dispatch('alerts.create', { condition: { kind: 'price_below', symbol: 'BTC/USDT', price: level }, telegram: true, webhook: true }))
    expect(alert).toMatchObject({ status: 'active', repeat: 'once', telegram: true, webhook: true })

    await vi.waitFor(async () => {
      await play(clock, 1)
      expect(fired.length).toBe(1)
    }, 30_000)
    expect(fired[0]?.message).toMatch(new RegExp(`^Alert: BTC/USDT crosses below ${level}\\. BTC/USDT crossed below ${level}: last \\d+`))
    expect(value<Alert[]>(await core.dispatch('alerts.list', {}))[0]).toMatchObject({ id: alert.id, status: 'triggered', lastMessage: fired[0]?.message })
    await vi.waitFor(() => expect(telegram.messages).toEqual([{ chat_id: '424242', text: fired[0]?.message }]))
    await vi.waitFor(() => expect(webhook.received).toMatchObject([{ alertId: alert.id, message: fired[0]?.message, app: 'TradeDesk' }]))
    expect((await deliveries(core)).map((d) => [d.channel, d.status, d.attempts]).sort()).toEqual([['telegram', 'sent', 1], ['webhook', 'sent', 1]])

    // Triggered once, it stays quiet until re-armed.
    await play(clock, 3)
    expect(fired.length).toBe(1)
    core.close()
  }, 60_000)

  it('retry a delivery that failed for a passing reason, give up on one that cannot pass, and show both', async () => {
    const { core, telegram, webhook, fired, clock } = await alertDesk(tempDir())
    await play(clock, 1)
    value(await core.dispatch('alerts.setTelegram', { botToken: TOKEN, chatId: '424242' }))
    value(await core.dispatch('alerts.setWebhook', { url: webhook.url }))
    telegram.failures = [503, 429]
    webhook.failures = [400]
    value(await core.dispatch('alerts.create', { condition: { kind: 'percent_move', symbol: 'ETH/USDT', percent: '0.05', minutes: 5 }, telegram: true, webhook: true }))
    await vi.waitFor(async () => {
      await play(clock, 1)
      expect(fired.length).toBeGreaterThan(0)
    }, 30_000)
    expect(fired[0]?.message).toMatch(/^Alert: ETH\/USDT moves 0\.05 % within 5 min\. ETH\/USDT (rose|fell) \d+\.\d\d % within 5 min: /)
    await vi.waitFor(async () => {
      const [webhookDelivery, telegramDelivery] = ['webhook', 'telegram'].map((c) => deliveries(core).then((all) => all.find((d) => d.channel === c)))
      expect(await telegramDelivery).toMatchObject({ status: 'sent', attempts: 3 })
      expect(await webhookDelivery).toMatchObject({ status: 'failed', attempts: 1, error: 'HTTP 400' })
    })
    expect(telegram.messages.length).toBe(1)
    core.close()
  }, 60_000)

  it('watch accounts: margin usage and liquidation distance fire from the account’s own figures', async () => {
    const { core, fired, clock } = await alertDesk(tempDir())
    await play(clock, 1)
    const account = value<Account>(await core.dispatch('accounts.create', { name: 'Leveraged', maxLeverage: 50 }))
    value(await core.dispatch('orders.place', { accountId: account.id, symbol: 'BTC/USDT:USDT', side: 'buy', type: 'market', amount: '1', leverage: 20 }))
    value(await core.dispatch('alerts.create', { condition: { kind: 'margin_usage', accountId: account.id, percent: '10' } }))
    value(await core.dispatch('alerts.create', { condition: { kind: 'liquidation_distance', accountId: account.id, percent: '10' } }))
    value(await core.dispatch('alerts.create', { condition: { kind: 'drawdown', accountId: account.id, percent: '90' } }))
    await vi.waitFor(() => expect(fired.length).toBe(2), 10_000)
    expect(fired.map((f) => f.message).sort()).toEqual([
      expect.stringMatching(/^Alert: Leveraged uses 10 % of its equity as margin\. Margin usage \d+\.\d\d %: /),
      expect.stringMatching(/^Alert: a position of Leveraged comes within 10 % of liquidation\. long BTC\/USDT:USDT is \d\.\d\d % from liquidation: mark /),
    ])
    core.close()
  }, 60_000)

  it('refuse bad alerts and delivery settings in words, keep nothing of them, and keep the bot token out of the ledger', async () => {
    const dataDir = tempDir()
    const { core } = await alertDesk(dataDir)
    const refused = async (method: 'alerts.create' | 'alerts.setTelegram' | 'alerts.setWebhook', params: unknown) => {
      const reply = (await core.dispatch(method, params)) as { ok: boolean; error?: { code: string; message: string } }
      expect(reply.ok).toBe(false)
      return reply.error
    }
    expect(await refused('alerts.create', { condition: { kind: 'price_above', symbol: 'DOGE/USDT', price: '1' } })).toEqual({ code: 'NOT_FOUND', message: 'The market data lists no DOGE/USDT.' })
    expect((await refused('alerts.create', { condition: { kind: 'price_above', symbol: 'BTC/USDT', price: '-5' } }))?.message).toMatch(/^condition\.price: /)
    expect((await refused('alerts.create', { condition: { kind: 'price_above', symbol: 'BTC/USDT', price: 'NaN' } }))?.message).toMatch(/^condition\.price: /)
    expect((await refused('alerts.create', { condition: { kind: 'percent_move', symbol: 'BTC/USDT', percent: '0', minutes: 5 } }))?.message).toBe('condition.percent: A percentage above 0 and at most 100')
    expect((await refused('alerts.create', { condition: { kind: 'percent_move', symbol: 'BTC/USDT', percent: '5', minutes: 0 } }))?.message).toBe('condition.minutes: From 1 to 1,440 minutes')
    expect(await refused('alerts.create', { condition: { kind: 'drawdown', accountId: 99, percent: '5' } })).toMatchObject({ code: 'NOT_FOUND' })
    expect((await refused('alerts.setWebhook', { url: 'ftp://example.com/x' }))?.message).toBe('url: A web address starting with https:// (or http://)')
    expect((await refused('alerts.setTelegram', { botToken: 'nope', chatId: '1' }))?.message).toMatch(/^botToken: A Telegram bot token looks like/)
    const wrong = '7012345678:AAEhBOweik9ad0123456789abcdefghijXX'
    expect(await refused('alerts.setTelegram', { botToken: wrong, chatId: '1' })).toEqual({ code: 'REJECTED', message: 'Telegram refused the bot token: HTTP 401 (Unauthorized). Nothing was stored.' })
    expect(value<Alert[]>(await core.dispatch('alerts.list', {}))).toEqual([])
    expect(value<AlertDeliverySettings>(await core.dispatch('alerts.deliverySettings', {}))).toEqual({ telegram: { hasToken: false } })

    value(await core.dispatch('alerts.setTelegram', { botToken: TOKEN, chatId: '@desk_alerts' }))
    expect(value(await core.dispatch('alerts.test', { channel: 'telegram' }))).toEqual({ delivered: true })
    expect(value(await core.dispatch('alerts.test', { channel: 'webhook' }))).toEqual({ delivered: false, error: 'No webhook is set up (Settings, Alerts)' })
    expect(JSON.stringify(value(await core.dispatch('alerts.deliverySettings', {})))).not.toContain(TOKEN.split(':')[1])
    core.close()
    for (const file of readdirSync(dataDir).filter((f) => f.startsWith('ledger'))) {
      expect(readFileSync(join(dataDir, file)).includes(TOKEN.split(':')[1] as string), file).toBe(false)
    }
  }, 60_000)
})
