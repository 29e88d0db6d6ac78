import type { AiAction, AiVote } from '../../shared/domain/ai'
import { askModel, type ClientOptions } from './ai-client'
import { promptFor, questionHash, type AiContext } from './ai-context'
import type { AiEndpoints } from './ai-endpoints'

export interface DecisionRules {
  /** Endpoint names, comma-separated; empty = every endpoint. */
  models: string
  quorum: number
  minConfidence: number
  cacheMinutes: number
}

export interface Verdict {
  action: AiAction
  confidence: number
  reasoning: string
  stopLoss?: number
  takeProfit?: number
  votes: AiVote[]
  cached: boolean
  inputHash: string
}

/** The cache never holds more answers than this (the oldest go first). */
const CACHE_LIMIT = 500

/**
 * Asks every configured model the same question at once and lets them vote: an action
 * wins when at least `quorum` models give it, more than any other, with an average
 * confidence of at least `minConfidence`; otherwise the verdict is hold, saying why. An
 * answered question is kept for `cacheMinutes` under its hash, so asking again is free.
 */
export class AiDecider {
  private readonly cache = new Map<string, { verdict: Verdict; expires: number }>()

  constructor(
    private readonly endpoints: AiEndpoints,
    private readonly client: ClientOptions,
    private readonly now: () => number,
  ) {}

  async decide(context: AiContext, rules: DecisionRules): Promise<Verdict> {
    const configured = await this.endpoints.open()
    const key = (name: string) => name.trim().toLowerCase()
    const wanted = rules.models
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== '')
    const endpoints = wanted.length === 0 ? configured : configured.filter((e) => wanted.some((name) => key(name) === key(e.name)))
    const inputHash = questionHash(
      context,
      endpoints.map((e) => `${e.baseUrl}|${e.model}`),
    )
    const missing = wanted.filter((name) => !configured.some((e) => key(e.name) === key(name)))
    if (missing.length > 0) return { action: 'hold', confidence: 0, reasoning: `No AI model named ${missing.join(', ')} is set up (Settings, AI models).`, votes: [], cached: false, inputHash }
    const hit = this.cache.get(inputHash)
    if (hit !== undefined && hit.expires > this.now()) return { ...hit.verdict, votes: [], cached: true, reasoning: `From the cache: ${hit.verdict.reasoning}` }
    if (endpoints.length === 0) return { action: 'hold', confidence: 0, reasoning: 'No AI model is set up (Settings, AI models).', votes: [], cached: false, inputHash }
    const messages = promptFor(context)
    const votes = await Promise.all(endpoints.map((endpoint) => askModel(endpoint, messages, this.client)))
    const verdict = { ...tally(votes, rules), votes, cached: false, inputHash }
    // Only real answers are worth keeping: a failed or refused ask is asked again next time.
    if (rules.cacheMinutes > 0 && votes.some((v) => v.status === 'answered')) {
      this.cache.set(inputHash, { verdict, expires: this.now() + rules.cacheMinutes * 60_000 })
      if (this.cache.size > CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value as string)
    }
    return verdict
  }
}

/** The vote's outcome; see AiDecider. */
export function tally(votes: readonly AiVote[], rules: Pick<DecisionRules, 'quorum' | 'minConfidence'>): Omit<Verdict, 'votes' | 'cached' | 'inputHash'> {
  const answered = votes.filter((v) => v.status === 'answered')
  const counts = new Map<AiAction, AiVote[]>()
  for (const vote of answered) counts.set(vote.action as AiAction, [...(counts.get(vote.action as AiAction) ?? []), vote])
  const refused = votes.length - answered.length
  const tallyText = [...[...counts.entries()].map(([action, list]) => `${action} ${list.length}`), ...(refused > 0 ? [`${refused} without a valid answer`] : [])].join(', ')
  const ranked = [...counts.entries()].sort((a, b) => b[1].length - a[1].length)
  const [best, runnerUp] = ranked
  if (best === undefined) return { action: 'hold', confidence: 0, reasoning: `No model gave a valid decision (${tallyText}).` }
  if (runnerUp !== undefined && runnerUp[1].length === best[1].length) return { action: 'hold', confidence: 0, reasoning: `The models disagree (${tallyText}).` }
  const [action, agreeing] = best
  const confidence = agreeing.reduce((sum, v) => sum + (v.confidence ?? 0), 0) / agreeing.length
  if (agreeing.length < rules.quorum) return { action: 'hold', confidence, reasoning: `No quorum: ${rules.quorum} models must agree (${tallyText}).` }
  if (confidence < rules.minConfidence) {
    return { action: 'hold', confidence, reasoning: `${action} at confidence ${confidence.toFixed(2)}, below the minimum of ${rules.minConfidence} (${tallyText}).` }
  }
  const withStops = agreeing.find((v) => v.stopLoss !== undefined || v.takeProfit !== undefined)
  return {
    action,
    confidence,
    reasoning: agreeing.map((v) => `${v.endpoint}: ${v.reasoning ?? ''}`).join(' | '),
    ...(withStops?.stopLoss === undefined ? {} : { stopLoss: withStops.stopLoss }),
    ...(withStops?.takeProfit === undefined ? {} : { takeProfit: withStops.takeProfit }),
  }
}
