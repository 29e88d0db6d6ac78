import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { AppCore } from '../../../electron/core/app-core'
import { ManualClock } from '../../../electron/engine/clock'
import { InMemorySecretStore } from '../../../electron/secrets/secret-store'
import type { AiDecision, AiEndpoint } from '../../../shared/domain/ai'
import type { Bot } from '../../../shared/domain/bots'
import type { Account, IntentDecision, Order, Position } from '../../../shared/domain/trading'
import { testCore } from '../../support/core'
import { startFakeAi, type AiBehaviour, type FakeAi } from '../../support/fake-ai'
import { value } from '../../support/replay'
import { SHARED_DATA_DIR } from '../../support/shared-data'
import { useTempDirs } from '../../support/temp-dir'

const tempDir = useTempDirs()
const START = Date.UTC(2024, 7, 5, 7, 50)
const KEY_A = 'sk-test-aaaaaaaaaaaaaaaaaaaaaaaa'
const KEY_B = 'sk-test-bbbbbbbbbbbbbbbbbbbbbbbb'
const fakes: FakeAi[] = []
afterEach(async () => {
  for (const fake of fakes.splice(0)) await fake.close()
})

const long = (confidence: number, extra: object = {}): AiBehaviour => ({ kind: 'decide', decision: { action: 'long', confidence, reasoning: 'Momentum is up', ...extra } })

/** Plays `seconds` of clock (ten recorded minutes each) in small steps, so the feed pumps between them. */
async function play(clock: ManualClock, seconds: number): Promise<void> {
  for (let i = 0; i < seconds * 10; i++) {
    clock.advance(100)
    await new Promise((resolve) => setTimeout(resolve, 40))
  }
}

/** Two models (A and B) on local fakes, a paper account, and an AI bot on the ETH perpetual's 1h candles. */
async function aiDesk(a: AiBehaviour, b: AiBehaviour, params: object = {}) {
  const dataDir = tempDir()
  const modelA = await startFakeAi(KEY_A, a)
  const modelB = await startFakeAi(KEY_B, b)
  fakes.push(modelA, modelB)
  const clock = new ManualClock(1_000)
  const secrets = new InMemorySecretStore()
  const core = await testCore(dataDir, {
    clock,
    source: { kind: 'candles', folder: SHARED_DATA_DIR, set: 'btc-eth-1m-2024-08', from: START, speed: 600 },
    openSecrets: () => secrets,
    aiClient: { timeoutMs: 300, retryDelaysMs: [20, 40] },
  })
  value<AiEndpoint>(await core.dispatch('ai.setEndpoint', { name: 'Model A', baseUrl: modelA.baseUrl, model: 'gpt-test-a', apiKey: KEY_A, inputPricePerMTok: '0.15', outputPricePerMTok: '0.6' }))
  value<AiEndpoint>(await core.dispatch('ai.setEndpoint', { name: 'Model B', baseUrl: modelB.baseUrl, model: 'gpt-test-b', apiKey: KEY_B }))
  const account = value<Account>(await core.dispatch('accounts.create', { name: 'AI desk', sizingMethod: 'FIXED_USD', sizingValue: '1000' }))
  const bot = value<Bot>(
    await core.dispatch('bots.create', {
      name: 'Oracle',
      choice: { strategy: 'ai-decision', params: { quorum: 2, minConfidence: 0.6, contextCandles: 30, allowShort: true, ...params } } as never,
      symbol: 'ETH/USDT:USDT',
      timeframe: '1m',
      accountId: account.id,
    }),
  )
  value(await core.dispatch('bots.start', { id: bot.id }))
  return { core, clock, modelA, modelB, account, bot, dataDir }
}

const decisionsOf = async (core: AppCore, botId: number) => value<AiDecision[]>(await core.dispatch('ai.decisions', { botId }))

async function firstDecision(core: AppCore, clock: ManualClock, botId: number): Promise<AiDecision> {
  let found: AiDecision | undefined
  await vi.waitFor(async () => {
    await play(clock, 0.2)
    found = (await decisionsOf(core, botId)).at(-1)
    expect(found).toBeDefined()
  }, 20_000)
  return found as AiDecision
}

describe('an AI bot', () => {
  it('trades when its models agree confidently, with their stop-loss, and records each vote with tokens and cost', async () => {
    const { core, clock, modelA, bot, account, dataDir } = await aiDesk(long(0.8, { stop_loss: 1500 }), long(0.7))
    const decision = await firstDecision(core, clock, bot.id)
    expect(decision).toMatchObject({ action: 'long', cached: false, symbol: 'ETH/USDT:USDT', promptTokens: 2000, completionTokens: 100 })
    expect(decision.confidence).toBeCloseTo(0.75)
    expect(decision.costUsd).toBeCloseTo((1000 * 0.15 + 50 * 0.6) / 1e6)
    expect(decision.reasoning).toBe('Model A: Momentum is up | Model B: Momentum is up')
    expect(decision.votes.map((v) => [v.endpoint, v.model, v.status, v.action, v.tries])).toEqual([
      ['Model A', 'gpt-test-a', 'answered', 'long', 1],
      ['Model B', 'gpt-test-b', 'answered', 'long', 1],
    ])
    // The models saw the market: candles, indicators, position and account.
    const asked = JSON.parse(modelA.requests[0]?.messages[1]?.content ?? '{}') as { symbol: string; candles: unknown[]; account: { quote: string }; canShort: boolean }
    expect(asked).toMatchObject({ symbol: 'ETH/USDT:USDT', account: { quote: 'USDT' }, canShort: true })
    expect(asked.candles.length).toBeGreaterThanOrEqual(1)
    expect(modelA.requests[0]?.authorization).toBe(`Bearer ${KEY_A}`)

    // It became a trade intent of the bot's, and the position carries the model's stop.
    const intents = value<IntentDecision[]>(await core.dispatch('bots.decisions', { id: bot.id }))
    expect(intents.find((i) => i.id === decision.intentId)).toMatchObject({ status: 'accepted', action: 'long', reasoning: 'AI: Model A: Momentum is up | Model B: Momentum is up' })
    expect(value<Position[]>(await core.dispatch('positions.list', { accountId: account.id }))).toMatchObject([{ symbol: 'ETH/USDT:USDT', side: 'long' }])
    const stops = value<Order[]>(await core.dispatch('orders.list', { accountId: account.id, open: true }))
    expect(stops).toMatchObject([{ type: 'stop_market', triggerPrice: '1500' }])
    core.close()
    for (const file of readdirSync(dataDir).filter((f) => f.startsWith('ledger'))) {
      const bytes = readFileSync(join(dataDir, file))
      expect(bytes.includes(KEY_A) || bytes.includes(KEY_B), file).toBe(false)
    }
  }, 60_000)

  it('holds, saying why, when a model answers garbage, too slowly, or not at all, after retrying what may pass', async () => {
    const { core, clock, modelB, bot, account } = await aiDesk(long(0.9), { kind: 'garbage', content: 'I think you should buy, probably!' })
    const garbage = await firstDecision(core, clock, bot.id)
    expect(garbage).toMatchObject({ action: 'hold', reasoning: 'No quorum: 2 models must agree (long 1, 1 without a valid answer).' })
    expect(garbage.votes[1]).toMatchObject({ status: 'invalid', error: 'Not JSON: I think you should buy, probably!', tries: 1 })
    expect(garbage.intentId).toBeUndefined()

    // Slow twice, then a server error: three tries, then it gives up on B for this candle.
    modelB.queue = [{ kind: 'slow', ms: 1_000 }, { kind: 'slow', ms: 1_000 }, { kind: 'status', status: 500 }]
    modelB.normally = { kind: 'decide', decision: { action: 'buy', confidence: 2, reasoning: 'x' } }
    let failed: AiDecision | undefined
    await vi.waitFor(async () => {
      await play(clock, 0.2)
      failed = (await decisionsOf(core, bot.id)).find((d) => d.votes[1]?.status === 'failed')
      expect(failed).toBeDefined()
    }, 20_000)
    expect(failed?.votes[1]).toMatchObject({ status: 'failed', tries: 3, error: 'HTTP 500: The server had an error' })
    // An answer outside the schema is refused field by field.
    let invalid: AiDecision | undefined
    await vi.waitFor(async () => {
      await play(clock, 0.2)
      invalid = (await decisionsOf(core, bot.id)).find((d) => d.votes[1]?.error?.startsWith('action:') === true)
      expect(invalid).toBeDefined()
    }, 20_000)
    expect(invalid?.votes[1]?.error).toMatch(/^action: .*; confidence: /)
    expect(value<Position[]>(await core.dispatch('positions.list', { accountId: account.id }))).toEqual([])
    core.close()
  }, 60_000)

  it('holds below the minimum confidence, and cannot be backtested', async () => {
    const { core, clock, bot } = await aiDesk(long(0.5), long(0.55))
    expect((await firstDecision(core, clock, bot.id)).reasoning).toBe('long at confidence 0.53, below the minimum of 0.6 (long 2).')
    const backtest = await core.dispatch('backtests.start', {
      choice: { strategy: 'ai-decision', params: {} },
      symbol: 'ETH/USDT',
      timeframe: '1h',
      data: { kind: 'history' },
      startingBalance: '10000',
      positionSize: '0.5',
    })
    expect(backtest).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS', message: 'choice: AI decision runs in bots only: a backtest would send every candle to your paid models' } })
    core.close()
  }, 60_000)
})
