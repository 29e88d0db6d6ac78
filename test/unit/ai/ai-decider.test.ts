import { afterEach, describe, expect, it } from 'vitest'
import { buildContext } from '../../../electron/ai/ai-context'
import { AiDecider, tally } from '../../../electron/ai/ai-decider'
import type { AiEndpoints, OpenEndpoint } from '../../../electron/ai/ai-endpoints'
import type { AiVote } from '../../../shared/domain/ai'
import { startFakeAi, type FakeAi } from '../../support/fake-ai'

const vote = (action: AiVote['action'], confidence: number, endpoint = 'M'): AiVote => ({
  endpoint,
  model: 'm',
  status: 'answered',
  action,
  confidence,
  reasoning: `${action} because`,
  latencyMs: 1,
  tries: 1,
  promptTokens: 0,
  completionTokens: 0,
  costUsd: 0,
})
const failed: AiVote = { endpoint: 'X', model: 'x', status: 'failed', error: 'down', latencyMs: 1, tries: 3, promptTokens: 0, completionTokens: 0, costUsd: 0 }

describe('the models’ vote', () => {
  it('needs a quorum, a clear winner and enough confidence; otherwise it holds and says why', () => {
    const rules = { quorum: 2, minConfidence: 0.6 }
    expect(tally([vote('long', 0.9, 'A'), vote('long', 0.7, 'B'), vote('short', 0.9, 'C')], rules)).toMatchObject({ action: 'long', confidence: 0.8, reasoning: 'A: long because | B: long because' })
    expect(tally([vote('long', 0.9), vote('short', 0.9)], rules)).toMatchObject({ action: 'hold', reasoning: 'The models disagree (long 1, short 1).' })
    expect(tally([vote('long', 0.9), failed], rules)).toMatchObject({ action: 'hold', reasoning: 'No quorum: 2 models must agree (long 1, 1 without a valid answer).' })
    expect(tally([failed], rules)).toMatchObject({ action: 'hold', reasoning: 'No model gave a valid decision (1 without a valid answer).' })
    const held = tally([vote('hold', 0.9), vote('hold', 0.8)], rules)
    expect(held.action).toBe('hold')
    expect(held.confidence).toBeCloseTo(0.85)
  })
})

describe('the answer cache', () => {
  let fake: FakeAi | undefined
  afterEach(async () => fake?.close())

  it('answers the same question within its time from memory, at no cost, and asks again after', async () => {
    fake = await startFakeAi(undefined, { kind: 'decide', decision: { action: 'long', confidence: 0.9, reasoning: 'up' } })
    const endpoint: OpenEndpoint = { id: 'a', name: 'A', baseUrl: fake.baseUrl, model: 'm', hasKey: false, apiKey: undefined }
    let now = 0
    const decider = new AiDecider({ open: async () => [endpoint] } as unknown as AiEndpoints, { timeoutMs: 1_000, retryDelaysMs: [] }, () => now)
    const candles = [{ time: 0, open: 1, high: 2, low: 0.5, close: 1.5, volume: 3 }]
    const context = (equity: string) => buildContext({ symbol: 'BTC/USDT', timeframe: '1h', position: null, account: { equity, available: equity, quote: 'USDT' }, canShort: false }, candles)
    const rules = { models: '', quorum: 1, minConfidence: 0.5, cacheMinutes: 5 }
    expect(await decider.decide(context('100'), rules)).toMatchObject({ action: 'long', cached: false })
    // The account's figures moved; the question did not.
    now = 4 * 60_000
    expect(await decider.decide(context('101'), rules)).toMatchObject({ action: 'long', cached: true, votes: [], reasoning: 'From the cache: A: up' })
    expect(fake.requests.length).toBe(1)
    now = 6 * 60_000
    expect(await decider.decide(context('101'), rules)).toMatchObject({ cached: false })
    expect(fake.requests.length).toBe(2)
    // A bot may name the models it asks; a name nobody set up holds, saying so.
    expect(await decider.decide(context('101'), { ...rules, models: ' a ' })).toMatchObject({ cached: true })
    expect(await decider.decide(context('101'), { ...rules, models: 'A, Claude' })).toMatchObject({ action: 'hold', reasoning: 'No AI model named Claude is set up (Settings, AI models).' })
    expect(fake.requests.length).toBe(2)
  })
})
