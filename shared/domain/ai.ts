/**
 * The AI decision module: OpenAI-compatible chat-completions endpoints the trader sets up
 * (the API key in the OS keychain), and what they answered for a bot, decision by decision.
 */

export interface AiEndpoint {
  id: string
  name: string
  /** The API's base, e.g. https://api.openai.com/v1 (POST <base>/chat/completions). */
  baseUrl: string
  model: string
  hasKey: boolean
  /** US dollars per million prompt (input) and completion (output) tokens, for the cost shown. */
  inputPricePerMTok?: string
  outputPricePerMTok?: string
}

export type AiAction = 'long' | 'short' | 'close' | 'hold'

/** What one model answered for one decision. */
export interface AiVote {
  endpoint: string
  model: string
  /** answered: a valid decision; invalid: an answer outside the schema (refused); failed: no answer. */
  status: 'answered' | 'invalid' | 'failed'
  action?: AiAction
  confidence?: number
  stopLoss?: number
  takeProfit?: number
  reasoning?: string
  error?: string
  latencyMs: number
  tries: number
  promptTokens: number
  completionTokens: number
  costUsd: number
}

export interface AiDecision {
  id: number
  botId: number
  at: number
  symbol: string
  /** What the vote decided: an action with the agreeing models' average confidence, or hold with why. */
  action: AiAction
  confidence: number
  reasoning: string
  /** Answered from the cache: no model was asked, nothing was spent. */
  cached: boolean
  votes: AiVote[]
  promptTokens: number
  completionTokens: number
  costUsd: number
  /** The trade intent it became, when it traded (its outcome is among the bot's decisions). */
  intentId?: number
}
