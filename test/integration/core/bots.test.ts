import { describe, expect, it, vi } from 'vitest'
import type { ParamsOf } from '../../../shared/contract'
import type { Bot, BotLogEntry, BotView } from '../../../shared/domain/bots'
import type { Account, Fill, IntentDecision } from '../../../shared/domain/trading'
import type { AppCore } from '../../../electron/core/app-core'
import { ManualClock } from '../../../electron/engine/clock'
import { testCore } from '../../support/core'
import { value } from '../../support/replay'
import { SHARED_DATA_DIR } from '../../support/shared-data'
import { useTempDirs } from '../../support/temp-dir'

const tempDir = useTempDirs()
const START = Date.UTC(2024, 7, 5, 7, 50)
const PERP = 'BTC/USDT:USDT'

/** A month of recorded BTC/ETH minutes, ten of them per clock second (the test moves the clock). */
function replayCore(dataDir: string, clock: ManualClock): Promise<AppCore> {
  return testCore(dataDir, { clock, source: { kind: 'candles', folder: SHARED_DATA_DIR, set: 'btc-eth-1m-2024-08', from: START, speed: 600 } })
}

const EMA: Omit<ParamsOf<'bots.create'>, 'accountId'> = {
  name: 'Fast EMA',
  choice: { strategy: 'ema-crossover', params: { fast: 3, slow: 8, allowShort: true } } as never,
  symbol: PERP,
  timeframe: '1m',
}

/** Plays `seconds` of clock (ten recorded minutes each) in small steps, so the feed pumps between them. */
async function play(clock: ManualClock, seconds: number): Promise<void> {
  for (let i = 0; i < seconds * 10; i++) {
    clock.advance(100)
    await new Promise((resolve) => setTimeout(resolve, 60))
  }
}

const decisions = async (core: AppCore, id: number) => value<IntentDecision[]>(await core.dispatch('bots.decisions', { id }))
const botOf = async (core: AppCore, id: number) => value<BotView[]>(await core.dispatch('bots.list', {})).find((b) => b.id === id) as BotView

describe('bots on the paper sandbox', () => {
  it('trade on closed candles once started, pause and resume, stop on the kill switch with the reason, and list their decisions', async () => {
    const clock = new ManualClock(1_000)
    const core = await replayCore(tempDir(), clock)
    const account = value<Account>(await core.dispatch('accounts.create', { name: 'Bot desk', sizingMethod: 'ACCOUNT_PERCENTAGE', sizingValue: '0.2' }))
    const bot = value<Bot>(await core.dispatch('bots.create', { ...EMA, accountId: account.id }))
    expect(bot).toMatchObject({ status: 'stopped', name: 'Fast EMA', accountId: account.id })
    // Nothing happens until it is started.
    await play(clock, 1)
    expect(await decisions(core, bot.id)).toEqual([])

    expect(value<Bot>(await core.dispatch('bots.start', { id: bot.id })).status).toBe('running')
    // One bot per market and account: a second one is refused while the first runs.
    const twin = value<Bot>(await core.dispatch('bots.duplicate', { id: bot.id }))
    expect(twin).toMatchObject({ name: 'Fast EMA (copy)', status: 'stopped' })
    expect(await core.dispatch('bots.start', { id: twin.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: '"Fast EMA" already trades BTC/USDT:USDT on this account; stop it first.' } })

    await play(clock, 6)
    const made = await decisions(core, bot.id)
    expect(made.length).toBeGreaterThan(2)
    expect(made.every((d) => d.status === 'accepted' && /^EMA3 .* EMA8 /.test(d.reasoning ?? ''))).toBe(true)
    const fills = value<Fill[]>(await core.dispatch('fills.list', { accountId: account.id }))
    expect(fills.length).toBeGreaterThanOrEqual(made.length)
    const listed = await botOf(core, bot.id)
    expect(listed).toMatchObject({ status: 'running', accountName: 'Bot desk' })
    expect(listed.pnl).toMatch(/^-?\d+(\.\d+)?$/)

    // Paused, it keeps watching but does not trade.
    expect(value<Bot>(await core.dispatch('bots.pause', { id: bot.id })).status).toBe('paused')
    const before = (await decisions(core, bot.id)).length
    await play(clock, 4)
    expect((await decisions(core, bot.id)).length).toBe(before)
    expect(value<Bot>(await core.dispatch('bots.start', { id: bot.id })).status).toBe('running')
    await vi.waitFor(async () => {
      await play(clock, 1)
      expect((await decisions(core, bot.id)).length).toBeGreaterThan(before)
    })

    // The account's kill switch stops the bot and says why.
    await core.dispatch('risk.killSwitch', { accountId: account.id, flatten: true, reason: 'lunch' })
    const stopped = await botOf(core, bot.id)
    expect(stopped).toMatchObject({ status: 'stopped' })
    expect(stopped.reason).toMatch(/^Stopped by the account’s kill switch: /)
    expect(stopped.position).toBeUndefined()
    const after = (await decisions(core, bot.id)).length
    await play(clock, 2)
    expect((await decisions(core, bot.id)).length).toBe(after)
    expect(await core.dispatch('bots.start', { id: bot.id })).toMatchObject({ ok: false, error: { code: 'REJECTED' } })

    // Its log says what happened to it, newest first.
    const log = value<BotLogEntry[]>(await core.dispatch('bots.log', { id: bot.id })).map((e) => e.message)
    expect(log).toEqual([
      expect.stringMatching(/^Stopped by the account’s kill switch: /),
      'Resumed',
      'Paused: watching, not trading',
      expect.stringMatching(/^Started \(warmed up on \d+ candles\)$/),
      'Created: EMA crossover on BTC/USDT:USDT 1m',
    ])

    // A stopped bot that traded can be deleted; the account keeps its decisions and fills.
    expect(await core.dispatch('bots.delete', { id: bot.id })).toEqual({ ok: true, value: { deleted: true } })
    expect(value<IntentDecision[]>(await core.dispatch('intents.list', { accountId: account.id })).length).toBe(after)
    core.close()
  }, 90_000)

  it('stop on their own circuit breaker with the reason, and keep it through a duplicate', async () => {
    const clock = new ManualClock(1_000)
    const core = await replayCore(tempDir(), clock)
    const account = value<Account>(await core.dispatch('accounts.create', { name: 'Guarded', sizingMethod: 'ACCOUNT_PERCENTAGE', sizingValue: '0.2' }))
    const bot = value<Bot>(await core.dispatch('bots.create', { ...EMA, accountId: account.id, risk: { maxConsecutiveLosses: 1 } }))
    expect(bot.risk).toEqual({ maxConsecutiveLosses: 1 })
    value(await core.dispatch('bots.start', { id: bot.id }))
    await vi.waitFor(async () => {
      await play(clock, 1)
      expect((await botOf(core, bot.id)).status).toBe('stopped')
    }, 60_000)
    expect((await botOf(core, bot.id)).reason).toBe('Stopped by the bot’s circuit breaker: 1 losing trade in a row (its limit is 1).')
    expect(value<Bot>(await core.dispatch('bots.duplicate', { id: bot.id })).risk).toEqual({ maxConsecutiveLosses: 1 })
    expect(await core.dispatch('bots.create', { ...EMA, accountId: account.id, risk: { maxConsecutiveLosses: 0 } })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_PARAMS', message: 'risk.maxConsecutiveLosses: From 1 to 100 losing trades' },
    })
    core.close()
  }, 90_000)

  it('refuse a bad set-up in words and create nothing', async () => {
    const core = await replayCore(tempDir(), new ManualClock(1_000))
    const account = value<Account>(await core.dispatch('accounts.create', { name: 'Spot desk' }))
    const replies = await Promise.all([
      core.dispatch('bots.create', { ...EMA, accountId: account.id, symbol: 'BTC/USDT' }),
      core.dispatch('bots.create', { ...EMA, accountId: 999 }),
      core.dispatch('bots.create', { ...EMA, accountId: account.id, symbol: 'DOGE/USDT:USDT' }),
      core.dispatch('bots.create', { ...EMA, accountId: account.id, choice: { strategy: 'rsi-reversion', params: { period: 0 } } as never }),
    ])
    expect(replies.map((r) => (r.ok ? 'ok' : `${r.error.code}: ${r.error.message}`))).toEqual([
      'REJECTED: Shorts need a perpetual: BTC/USDT is a spot market. Turn off “Also trade short” or choose a perpetual.',
      'NOT_FOUND: There is no account with id 999.',
      'NOT_FOUND: DOGE/USDT:USDT is not a market the paper exchange lists.',
      expect.stringMatching(/^INVALID_PARAMS: .*RSI period must be between 2 and 200/),
    ])
    expect(value<Bot[]>(await core.dispatch('bots.list', {}))).toEqual([])
    core.close()
  })

  it('that were running when the app closed run again at the next start, and stopped ones stay stopped', async () => {
    const dataDir = tempDir()
    const clock = new ManualClock(1_000)
    const core = await replayCore(dataDir, clock)
    const account = value<Account>(await core.dispatch('accounts.create', { name: 'Night shift' }))
    const running = value<Bot>(await core.dispatch('bots.create', { ...EMA, accountId: account.id }))
    const idle = value<Bot>(await core.dispatch('bots.create', { ...EMA, name: 'Idle', accountId: account.id, symbol: 'ETH/USDT:USDT' }))
    await core.dispatch('bots.start', { id: running.id })
    await play(clock, 3)
    const before = (await decisions(core, running.id)).length
    expect(before).toBeGreaterThan(0)
    core.close()

    const reopened = await replayCore(dataDir, clock)
    expect((await botOf(reopened, running.id)).status).toBe('running')
    expect((await botOf(reopened, idle.id)).status).toBe('stopped')
    await vi.waitFor(async () => {
      await play(clock, 1)
      expect((await decisions(reopened, running.id)).length).toBeGreaterThan(before)
    })
    expect(await decisions(reopened, idle.id)).toEqual([])
    expect(value<BotLogEntry[]>(await reopened.dispatch('bots.log', { id: running.id }))[0]?.message).toMatch(/^Running again after the app restarted \(warmed up on \d+ candles\)$/)
    reopened.close()
  }, 90_000)
})
