import { execFile } from 'node:child_process'
import { readFileSync, readdirSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it, vi } from 'vitest'
import type { AppCore } from '../../../electron/core/app-core'
import { InMemorySecretStore } from '../../../electron/secrets/secret-store'
import type { Bot } from '../../../shared/domain/bots'
import type { SignalChannel, SignalIntakeStatus, SignalRecord } from '../../../shared/domain/signals'
import type { Account, AccountBalance, IntentDecision, Order, Position } from '../../../shared/domain/trading'
import { curlExample, newSignalSecret as newSecret } from '../../../shared/domain/signal-senders'
import { testCore } from '../../support/core'
import { value } from '../../support/replay'
import { freePort, postSignal } from '../../support/signals'
import { useTempDirs } from '../../support/temp-dir'

const tempDir = useTempDirs()

/** A keychain that remembers the names it was given. */
class NamesKept extends InMemorySecretStore {
  readonly names = new Set<string>()
  override async set(account: string, secret: string): Promise<void> {
    this.names.add(account)
    await super.set(account, secret)
  }
}

interface Desk {
  core: AppCore
  account: Account
  channel: SignalChannel
  secret: string
  url: string
  port: number
}

async function openDesk(dataDir: string, store = new InMemorySecretStore()): Promise<Desk> {
  const core = await testCore(dataDir, { openSecrets: () => store })
  const port = await freePort()
  const status = value<SignalIntakeStatus>(await core.dispatch('signals.configure', { enabled: true, port }))
  expect(status).toMatchObject({ enabled: true, listening: true, allowRemote: false, url: `http://127.0.0.1:${port}` })
  const account = value<Account>(await core.dispatch('accounts.create', { name: 'Signals desk', sizingMethod: 'FIXED_USD', sizingValue: '500' }))
  const secret = newSecret()
  const channel = value<SignalChannel>(await core.dispatch('signals.createChannel', { name: 'My script', target: { kind: 'account', accountId: account.id }, secret }))
  return { core, account, channel, secret, url: `${status.url}${channel.path}`, port }
}

/** Everything a refused signal must leave as it was. */
async function bookOf(core: AppCore, accountId: number) {
  return {
    wallet: value<AccountBalance>(await core.dispatch('balances.get', { accountId })).wallet,
    marginUsed: value<AccountBalance>(await core.dispatch('balances.get', { accountId })).marginUsed,
    orders: value<Order[]>(await core.dispatch('orders.list', { accountId })).length,
    positions: value<Position[]>(await core.dispatch('positions.list', { accountId })).map((p) => [p.symbol, p.side, p.amount, p.entryPrice]),
    intents: value<IntentDecision[]>(await core.dispatch('intents.list', { accountId })).length,
  }
}

/** Sends, waiting out the rate limit (2 a second past a burst of 10) when it answers 429. */
async function untilAdmitted(send: () => ReturnType<typeof postSignal>): ReturnType<typeof postSignal> {
  for (;;) {
    const answer = await send()
    if (answer.status !== 429) return answer
    await new Promise((resolve) => setTimeout(resolve, 600))
  }
}

const signals = async (core: AppCore, filter: object = {}) => value<SignalRecord[]>(await core.dispatch('signals.list', filter))
const LONG = JSON.stringify({ symbol: 'BTC/USDT:USDT', action: 'long', confidence: 0.8, reasoning: 'breakout on 4h' })

describe('the signal endpoint', () => {
  it('is off until turned on, then trades a signed intent on its channel’s account and records it', async () => {
    const store = new InMemorySecretStore()
    const core = await testCore(tempDir(), { openSecrets: () => store })
    expect(value<SignalIntakeStatus>(await core.dispatch('signals.status', {}))).toMatchObject({ enabled: false, listening: false, port: 17380 })
    core.close()

    const desk = await openDesk(tempDir())
    const answer = await postSignal(desk.url, LONG, { secret: desk.secret })
    expect(answer).toMatchObject({ status: 200, body: { ok: true, message: 'Accepted: long BTC/USDT:USDT.' } })
    const positions = value<Position[]>(await desk.core.dispatch('positions.list', { accountId: desk.account.id }))
    expect(positions).toMatchObject([{ symbol: 'BTC/USDT:USDT', side: 'long' }])
    const [record] = await signals(desk.core)
    expect(record).toMatchObject({ id: answer.body.signal, channelName: 'My script', accountId: desk.account.id, status: 'accepted', httpStatus: 200, symbol: 'BTC/USDT:USDT', action: 'long', from: '127.0.0.1' })
    expect(record?.orderId).toBe(answer.body.orderId)
    const [intent] = value<IntentDecision[]>(await desk.core.dispatch('intents.list', { accountId: desk.account.id }))
    expect(intent).toMatchObject({ id: record?.intentId, status: 'accepted', confidence: 0.8, reasoning: 'Signal via "My script": breakout on 4h' })
    desk.core.close()
  })

  it('refuses unsigned, forged, stale, replayed, malformed, oversized and misdirected signals with a clear status, and changes nothing', async () => {
    const desk = await openDesk(tempDir())
    const { core, secret, url } = desk
    const first = await postSignal(url, LONG, { secret })
    expect(first.status).toBe(200)
    const before = await bookOf(core, desk.account.id)

    const cases: [string, () => ReturnType<typeof postSignal>, number, RegExp][] = [
      ['unsigned', () => postSignal(url, LONG), 401, /^Unsigned: sign the signal/],
      ['signed with another secret', () => postSignal(url, LONG, { secret: newSecret() }), 401, /^The signature does not match/],
      ['stale', () => postSignal(url, LONG, { secret, timestamp: Date.now() - 5 * 60_000 }), 401, /^Stale: sent 300 s ago/],
      ['from the future', () => postSignal(url, LONG, { secret, timestamp: Date.now() + 5 * 60_000 }), 401, /^Stale: sent 300 s in the future/],
      ['half signed', () => postSignal(url, LONG, { secret, headers: { 'x-signal-signature': 'abc' } }), 401, /^The signature does not match/],
      ['not JSON', () => postSignal(url, '{"symbol": "BTC/USDT', { secret }), 400, /^The body is not JSON\.$/],
      ['a misspelt field', () => postSignal(url, JSON.stringify({ symbol: 'BTC/USDT', action: 'long', stoploss: 1 }), { secret }), 400, /Unrecognized key: "stoploss"/],
      ['an unknown action', () => postSignal(url, JSON.stringify({ symbol: 'BTC/USDT', action: 'moon' }), { secret }), 400, /^action: "moon" is not an action/],
      ['NaN confidence', () => postSignal(url, JSON.stringify({ symbol: 'BTC/USDT', action: 'long', confidence: 'NaN' }), { secret }), 400, /^confidence: /],
      ['a negative size', () => postSignal(url, JSON.stringify({ symbol: 'BTC/USDT', action: 'long', position_size_usd_override: -5 }), { secret }), 400, /^position_size_usd_override: /],
      ['an unknown market', () => postSignal(url, JSON.stringify({ symbol: 'DOGE/EUR', action: 'long' }), { secret }), 422, /^Unknown market "DOGE\/EUR"/],
      ['another account', () => postSignal(url, JSON.stringify({ account: 999, symbol: 'BTC/USDT', action: 'long' }), { secret }), 422, /^This channel trades account \d+ \("Signals desk"\), not 999\.$/],
      ['too large', () => postSignal(url, JSON.stringify({ symbol: 'BTC/USDT', action: 'long', reasoning: 'x'.repeat(9_000) }), { secret }), 413, /^Too large/],
      ['already long (the account refuses)', () => postSignal(url, LONG, { secret }), 422, /^Refused by the account: Already long/],
    ]
    for (const [name, send, status, message] of cases) {
      const answer = await untilAdmitted(send)
      expect({ name, status: answer.status, ok: answer.body.ok }).toEqual({ name, status, ok: false })
      expect(answer.body.message, name).toMatch(message)
    }
    // Only the refusal the account itself made is an intent (recorded as a decision, as a bot's would be).
    expect(await bookOf(core, desk.account.id)).toEqual({ ...before, intents: before.intents + 1 })
    // The same signed request again is a replay.
    const timestamp = Date.now()
    const fresh = JSON.stringify({ symbol: 'BTC/USDT:USDT', action: 'close' })
    expect((await untilAdmitted(() => postSignal(url, fresh, { secret, timestamp }))).status).toBe(200)
    const replay = await untilAdmitted(() => postSignal(url, fresh, { secret, timestamp }))
    expect(replay).toMatchObject({ status: 409, body: { ok: false, message: 'Replayed: this exact signal was received already; a new one needs a new timestamp.' } })
    expect(value<Position[]>(await core.dispatch('positions.list', { accountId: desk.account.id }))).toEqual([])

    // Unknown channels are answered, not recorded.
    const stranger = await untilAdmitted(() => postSignal(url.replace(/\d+$/, '999'), LONG, { secret }))
    expect(stranger).toMatchObject({ status: 404, body: { ok: false } })

    const recorded = await signals(core, { channelId: desk.channel.id })
    // first + every case + close + replay; the account refused "already long" as a decision, so it has one more intent.
    expect(recorded.length).toBe(1 + cases.length + 2)
    expect(recorded.filter((r) => r.status === 'accepted').length).toBe(2)
    expect(recorded.find((r) => r.httpStatus === 413)?.reason).toMatch(/^Too large/)
    core.close()
  })

  it('accepts the signed curl example the settings screen gives, run as it is in a shell', async () => {
    const desk = await openDesk(tempDir())
    const script = curlExample(desk.url, desk.secret, 'BTC/USDT:USDT')
    // Not a sync call: the endpoint answering curl lives in this very process.
    const { stdout } = await promisify(execFile)('bash', ['-c', `${script} --silent`], { encoding: 'utf8' })
    const answer = JSON.parse(stdout) as { ok: boolean; message: string }
    expect(answer).toEqual(expect.objectContaining({ ok: true, message: 'Accepted: long BTC/USDT:USDT.' }))
    expect((await signals(desk.core))[0]).toMatchObject({ status: 'accepted', symbol: 'BTC/USDT:USDT' })
    desk.core.close()
  })

  it('refuses the whole request before reading it when it declares a body too large', async () => {
    const desk = await openDesk(tempDir())
    // The sender says 10 MB are coming and sends 1 KB of them: the answer does not wait for the rest.
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = request(desk.url, { method: 'POST', headers: { 'content-length': String(10 * 1024 * 1024) } }, (res) => resolve(res.statusCode))
      req.on('error', reject)
      req.write('x'.repeat(1024))
    })
    expect(status).toBe(413)
    expect((await signals(desk.core))[0]).toMatchObject({ status: 'refused', httpStatus: 413 })
    desk.core.close()
  })

  it('takes TradingView alerts: the secret as a token, a ticker and a market position', async () => {
    const desk = await openDesk(tempDir())
    const alert = (fields: object) => postSignal(desk.url, JSON.stringify({ token: desk.secret, time: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), ...fields }))
    expect(await alert({ symbol: 'BINANCE:BTCUSDT.P', action: 'short', confidence: '0.5', reasoning: 'RSI over 70' })).toMatchObject({ status: 200, body: { ok: true, message: 'Accepted: short BTC/USDT:USDT.' } })
    expect(value<Position[]>(await desk.core.dispatch('positions.list', { accountId: desk.account.id }))).toMatchObject([{ side: 'short' }])
    // A wrong token, and a missing time, prove nothing.
    expect((await postSignal(desk.url, JSON.stringify({ token: newSecret(), time: new Date().toISOString(), symbol: 'BTCUSDT.P', action: 'flat' }))).body.message).toBe('The token is not this channel’s secret.')
    expect((await postSignal(desk.url, JSON.stringify({ token: desk.secret, symbol: 'BTCUSDT.P', action: 'flat' }))).status).toBe(401)
    // The same alert twice is a replay; "flat" closes.
    const body = JSON.stringify({ token: desk.secret, time: new Date().toISOString(), symbol: 'BTCUSDT.P', action: 'flat' })
    expect((await postSignal(desk.url, body)).status).toBe(200)
    expect((await postSignal(desk.url, body)).status).toBe(409)
    expect(value<Position[]>(await desk.core.dispatch('positions.list', { accountId: desk.account.id }))).toEqual([])
    desk.core.close()
  })

  it('rate-limits each channel and counts what it turned away', async () => {
    const desk = await openDesk(tempDir())
    const close = () => postSignal(desk.url, JSON.stringify({ symbol: 'BTC/USDT', action: 'close' }), { secret: desk.secret })
    const answers = await Promise.all(Array.from({ length: 16 }, close))
    const limited = answers.filter((a) => a.status === 429)
    expect(limited.length).toBeGreaterThanOrEqual(5)
    expect(limited[0]).toMatchObject({ retryAfter: '1', body: { ok: false, message: 'Too many signals: at most 2 a second per channel. Retry in 1 s.' } })
    expect(value<SignalIntakeStatus>(await desk.core.dispatch('signals.status', {})).rateLimited).toBe(limited.length)
    expect((await signals(desk.core)).length).toBe(16 - limited.length)
    desk.core.close()
  })

  it('replaces and deletes a channel’s secret, keeps it out of the ledger, and listens again after a restart', async () => {
    const store = new NamesKept()
    const dataDir = tempDir()
    const desk = await openDesk(dataDir, store)
    const renewed = newSecret()
    expect(value<SignalChannel>(await desk.core.dispatch('signals.rotateSecret', { channelId: desk.channel.id, secret: renewed })).secretSetAt).toBeGreaterThanOrEqual(desk.channel.secretSetAt)
    expect((await postSignal(desk.url, LONG, { secret: desk.secret })).status).toBe(401)
    expect((await postSignal(desk.url, LONG, { secret: renewed })).status).toBe(200)
    // The channels list shows no secret.
    expect(JSON.stringify(value(await desk.core.dispatch('signals.channels', {})))).not.toContain(renewed)
    desk.core.close()

    const core = await testCore(dataDir, { openSecrets: () => store })
    expect(value<SignalIntakeStatus>(await core.dispatch('signals.status', {}))).toMatchObject({ enabled: true, listening: true, port: desk.port })
    // The secret comes back from the keychain.
    expect((await postSignal(desk.url, JSON.stringify({ symbol: 'BTC/USDT:USDT', action: 'close' }), { secret: renewed })).status).toBe(200)
    expect(value(await core.dispatch('signals.deleteChannel', { channelId: desk.channel.id }))).toEqual({ deleted: true })
    expect((await postSignal(desk.url, LONG, { secret: renewed })).status).toBe(404)
    // Its secret left the keychain.
    expect(store.names.size).toBe(1)
    for (const name of store.names) expect(await store.has(name)).toBe(false)
    // Its signals stay, with their channel's name.
    expect((await signals(core)).every((s) => s.channelName === 'My script')).toBe(true)
    core.close()
    for (const file of readdirSync(dataDir).filter((f) => f.startsWith('ledger'))) {
      const bytes = readFileSync(join(dataDir, file))
      expect(bytes.includes(renewed), file).toBe(false)
      expect(bytes.includes(desk.secret), file).toBe(false)
    }
  })

  it('refuses a port another program holds and keeps listening where it was', async () => {
    const desk = await openDesk(tempDir())
    const other = await openDesk(tempDir())
    expect(await other.core.dispatch('signals.configure', { port: desk.port })).toMatchObject({
      ok: false,
      error: { code: 'UNAVAILABLE', message: `Port ${desk.port} is in use by another program; choose another port for signals.` },
    })
    expect(value<SignalIntakeStatus>(await other.core.dispatch('signals.status', {}))).toMatchObject({ listening: true, port: other.port })
    expect((await postSignal(other.url, LONG, { secret: other.secret })).status).toBe(200)
    // Turned off, it stops listening.
    expect(value<SignalIntakeStatus>(await other.core.dispatch('signals.configure', { enabled: false }))).toMatchObject({ enabled: false, listening: false })
    await expect(postSignal(other.url, LONG, { secret: other.secret })).rejects.toThrow()
    desk.core.close()
    other.core.close()
  })
})

describe('a bot’s signal channel', () => {
  it('trades the bot’s market on its account while the bot runs, lists the signals as the bot’s, and goes when the bot does', async () => {
    const desk = await openDesk(tempDir())
    const { core } = desk
    const bot = value<Bot>(
      await core.dispatch('bots.create', {
        name: 'TV bot',
        choice: { strategy: 'rsi-reversion', params: { period: 14, oversold: 5, overbought: 95, allowShort: true } } as never,
        symbol: 'ETH/USDT:USDT',
        timeframe: '1h',
        accountId: desk.account.id,
      }),
    )
    const secret = newSecret()
    const channel = value<SignalChannel>(await core.dispatch('signals.createChannel', { name: 'TradingView ETH', target: { kind: 'bot', botId: bot.id }, secret }))
    expect(channel).toMatchObject({ target: { kind: 'bot', botId: bot.id }, accountId: desk.account.id, targetName: 'TV bot (Signals desk)' })
    const url = desk.url.replace(/\d+$/, String(channel.id))
    const long = JSON.stringify({ action: 'long', reasoning: 'alert' })

    // A stopped bot's signals are refused, and say why.
    expect(await postSignal(url, long, { secret })).toMatchObject({ status: 409, body: { ok: false, message: 'Bot "TV bot" is stopped; start it to let its signals trade.' } })
    value(await core.dispatch('bots.start', { id: bot.id }))
    // Another market is not the bot's.
    expect((await postSignal(url, JSON.stringify({ symbol: 'BTCUSDT.P', action: 'long' }), { secret })).body.message).toBe('This channel trades ETH/USDT:USDT for bot "TV bot", not BTCUSDT.P.')
    expect(await postSignal(url, long, { secret })).toMatchObject({ status: 200, body: { ok: true, message: 'Accepted: long ETH/USDT:USDT.' } })

    const mine = await signals(core, { botId: bot.id })
    expect(mine.map((s) => [s.status, s.httpStatus])).toEqual([['accepted', 200], ['refused', 422], ['refused', 409]])
    const decisions = value<IntentDecision[]>(await core.dispatch('bots.decisions', { id: bot.id }))
    expect(decisions[0]).toMatchObject({ id: mine[0]?.intentId, symbol: 'ETH/USDT:USDT', action: 'long', reasoning: 'Signal via "TradingView ETH": alert' })
    // Listed by account, a bot's signals are its account's too.
    expect((await signals(core, { accountId: desk.account.id })).length).toBe(3)

    value(await core.dispatch('bots.stop', { id: bot.id }))
    value(await core.dispatch('bots.delete', { id: bot.id }))
    await vi.waitFor(async () => expect(value<SignalChannel[]>(await core.dispatch('signals.channels', {})).map((c) => c.id)).toEqual([desk.channel.id]))
    expect((await postSignal(url, long, { secret })).status).toBe(404)
    core.close()
  })

  it('cannot be made for a bot or account that does not exist, or without a long secret', async () => {
    const desk = await openDesk(tempDir())
    expect(await desk.core.dispatch('signals.createChannel', { name: 'x', target: { kind: 'bot', botId: 42 }, secret: newSecret() })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: 'There is no bot 42.' } })
    expect(await desk.core.dispatch('signals.createChannel', { name: 'x', target: { kind: 'account', accountId: 42 }, secret: newSecret() })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(await desk.core.dispatch('signals.createChannel', { name: 'x', target: { kind: 'account', accountId: desk.account.id }, secret: 'short' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_PARAMS', message: 'secret: Signal secrets are at least 32 characters' },
    })
    expect(value<SignalChannel[]>(await desk.core.dispatch('signals.channels', {})).length).toBe(1)
    desk.core.close()
  })
})
