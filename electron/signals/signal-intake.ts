import { AppError } from '../../shared/contract'
import type { Instrument } from '../../shared/domain/market'
import { SIGNAL_RULES, SIGNATURE_HEADER, TIMESTAMP_HEADER, type SignalRecord } from '../../shared/domain/signals'
import type { IntentDecision, TradeIntent } from '../../shared/domain/trading'
import { describeIssues } from '../core/dispatch'
import type { EventBus } from '../engine/bus'
import type { Clock } from '../engine/clock'
import type { IntentDesk } from '../engine/paper/intent-desk'
import type { ChannelRow, NewSignal, SignalRepo } from '../ledger/repos/signal-repo'
import { RateLimiter } from './rate-limiter'
import { ReplayGuard, verifyProof, type Proof } from './signal-auth'
import { resolveSymbol, SignalBodySchema, type SignalBody } from './signal-body'
import type { SignalChannels, SignalTargets } from './signal-channels'

/** One request to the endpoint, as the HTTP server read it. */
export interface IncomingSignal {
  method: string
  /** From the path /signals/<id>; undefined when the path names no channel. */
  channelId: number | undefined
  headers: Record<string, string | string[] | undefined>
  /** The body's bytes, or 'too-large' once it passed SIGNAL_RULES.maxBodyBytes. */
  body: Buffer | 'too-large'
  from: string
}

export interface SignalReply {
  status: number
  body: { ok: boolean; message: string; signal?: number; orderId?: number }
  retryAfterSeconds?: number
}

/** A refusal on the way in, with the HTTP status it is answered with. */
class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly parsed?: Pick<NewSignal, 'symbol' | 'action'>,
  ) {
    super(message)
  }
}

/**
 * Decides what an incoming signal becomes, in this order: rate limit, channel, size,
 * proof of the secret, freshness, replay, body, target; then the account decides on the
 * trade intent as it does on any bot's. Everything from the channel on is recorded,
 * accepted or refused, with why; a refused signal changes nothing else.
 */
export class SignalIntake {
  private readonly limiter = new RateLimiter(SIGNAL_RULES.burst, SIGNAL_RULES.perSecond)
  private readonly replays = new ReplayGuard()
  /** Requests turned away by the rate limit (not recorded one by one, so a flood cannot fill the ledger). */
  rateLimited = 0

  constructor(
    private readonly channels: SignalChannels,
    private readonly targets: SignalTargets,
    private readonly repo: SignalRepo,
    private readonly desk: IntentDesk,
    private readonly instruments: () => readonly Instrument[],
    private readonly bus: EventBus,
    private readonly clock: Clock,
  ) {}

  async receive(request: IncomingSignal): Promise<SignalReply> {
    const now = this.clock.now()
    const channel = request.channelId === undefined ? undefined : this.channels.find(request.channelId)
    const allowed = this.limiter.take(channel === undefined ? 'unknown' : String(channel.id), now)
    if (!allowed.ok) {
      this.rateLimited += 1
      const seconds = Math.max(1, Math.ceil(allowed.retryAfterMs / 1000))
      return { status: 429, body: { ok: false, message: `Too many signals: at most ${SIGNAL_RULES.perSecond} a second per channel. Retry in ${seconds} s.` }, retryAfterSeconds: seconds }
    }
    if (channel === undefined) return { status: 404, body: { ok: false, message: 'No signal channel at this address: post to /signals/<channel id>.' } }
    if (request.method !== 'POST') return { status: 405, body: { ok: false, message: 'Send signals with POST.' } }
    try {
      const body = await this.admit(channel, request, now)
      return await this.decide(channel, body, request.from, now)
    } catch (error) {
      if (error instanceof Refusal) return this.refused(channel, request.from, now, error.status, error.message, error.parsed)
      if (error instanceof AppError && error.code === 'UNAVAILABLE') return this.refused(channel, request.from, now, 503, error.message)
      throw error
    }
  }

  /** Checks everything but the trade itself; returns the body once it is proven, fresh, new and well formed. */
  private async admit(channel: ChannelRow, request: IncomingSignal, now: number): Promise<SignalBody> {
    if (request.body === 'too-large') throw new Refusal(413, `Too large: a signal’s body is at most ${SIGNAL_RULES.maxBodyBytes} bytes.`)
    const raw = request.body
    const json = parseJson(raw)
    const proof = proofOf(request.headers, json)
    const verdict = verifyProof(await this.channels.secret(channel), proof, raw, now)
    if (!verdict.ok) throw new Refusal(401, verdict.reason)
    if (!this.replays.firstTime(verdict.replayKey, now)) throw new Refusal(409, 'Replayed: this exact signal was received already; a new one needs a new timestamp.')
    if (json === undefined) throw new Refusal(400, 'The body is not JSON.')
    const parsed = SignalBodySchema.safeParse(json)
    if (!parsed.success) throw new Refusal(400, describeIssues(parsed.error))
    return parsed.data
  }

  private async decide(channel: ChannelRow, body: SignalBody, from: string, now: number): Promise<SignalReply> {
    const intent = this.intentFor(channel, body)
    let decision: IntentDecision
    try {
      decision = await this.desk.submitToAny(intent, channel.botId)
    } catch (error) {
      if (error instanceof AppError) throw new Refusal(422, error.message, intent)
      throw error
    }
    const accepted = decision.status === 'accepted'
    const record = this.record({
      channelId: channel.id,
      receivedAt: now,
      from,
      status: decision.status,
      httpStatus: accepted ? 200 : 422,
      ...(decision.reason === undefined ? {} : { reason: decision.reason }),
      symbol: intent.symbol,
      action: intent.action,
      intentId: decision.id,
      ...(decision.orderId === undefined ? {} : { orderId: decision.orderId }),
    })
    return {
      status: record.httpStatus,
      body: {
        ok: accepted,
        signal: record.id,
        message: accepted ? `Accepted: ${intent.action} ${intent.symbol}.` : `Refused by the account: ${decision.reason ?? ''}`,
        ...(decision.orderId === undefined ? {} : { orderId: decision.orderId }),
      },
    }
  }

  /** The trade intent a signal asks for, on its channel's account (and bot, market). */
  private intentFor(channel: ChannelRow, body: SignalBody): TradeIntent {
    const account = this.targets.account(channel.accountId)
    if (body.account !== undefined && body.account !== channel.accountId) {
      throw new Refusal(422, `This channel trades account ${channel.accountId}${account === undefined ? '' : ` ("${account.name}")`}, not ${body.account}.`)
    }
    let symbol: string
    const bot = channel.botId === undefined ? undefined : this.targets.bot(channel.botId)
    if (bot !== undefined) {
      const named = body.symbol === undefined ? undefined : resolveSymbol(body.symbol, this.instruments())
      if (body.symbol !== undefined && named?.symbol !== bot.symbol) throw new Refusal(422, `This channel trades ${bot.symbol} for bot "${bot.name}", not ${body.symbol}.`)
      if (bot.status !== 'running') throw new Refusal(409, `Bot "${bot.name}" is ${bot.status}; start it to let its signals trade.`, { symbol: bot.symbol, action: body.action })
      symbol = bot.symbol
    } else {
      if (body.symbol === undefined) throw new Refusal(400, 'symbol: name the market, e.g. BTC/USDT or a TradingView ticker such as BTCUSDT')
      const named = resolveSymbol(body.symbol, this.instruments())
      if (named === undefined) throw new Refusal(422, `Unknown market "${body.symbol}": use a symbol such as BTC/USDT or BTC/USDT:USDT, or a TradingView ticker such as BTCUSDT (spot) or BTCUSDT.P (perpetual).`)
      symbol = named.symbol
    }
    const reasoning = `Signal via "${channel.name}"${body.reasoning === undefined || body.reasoning.length === 0 ? '' : `: ${body.reasoning}`}`
    return {
      account: channel.accountId,
      symbol,
      action: body.action,
      confidence: body.confidence ?? 1,
      reasoning,
      ...(body.stop_loss_price === undefined ? {} : { stop_loss_price: body.stop_loss_price }),
      ...(body.take_profit_price === undefined ? {} : { take_profit_price: body.take_profit_price }),
      ...(body.position_size_usd_override === undefined ? {} : { position_size_usd_override: body.position_size_usd_override }),
      ...(body.leverage_override === undefined ? {} : { leverage_override: body.leverage_override }),
    }
  }

  private refused(channel: ChannelRow, from: string, now: number, status: number, reason: string, parsed?: Pick<NewSignal, 'symbol' | 'action'>): SignalReply {
    const record = this.record({ channelId: channel.id, receivedAt: now, from, status: 'refused', httpStatus: status, reason, ...parsed })
    return { status, body: { ok: false, signal: record.id, message: reason } }
  }

  private record(signal: NewSignal): SignalRecord {
    const record = this.repo.record(signal)
    this.bus.publish('signal.received', record)
    return record
  }
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8')) as unknown
  } catch {
    return undefined
  }
}

/** The signature headers when present, else the body's token and time (TradingView). */
function proofOf(headers: IncomingSignal['headers'], json: unknown): Proof {
  const header = (name: string) => {
    const value = headers[name]
    return Array.isArray(value) ? value[0] : value
  }
  const signature = header(SIGNATURE_HEADER)
  const timestamp = header(TIMESTAMP_HEADER)
  if (signature !== undefined || timestamp !== undefined) {
    if (signature === undefined || timestamp === undefined) throw new Refusal(401, `Unsigned: a signed signal carries both ${TIMESTAMP_HEADER} and ${SIGNATURE_HEADER}.`)
    return { kind: 'signature', signature, timestamp }
  }
  const fields = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {}
  if (typeof fields.token !== 'string') {
    throw new Refusal(401, `Unsigned: sign the signal (${TIMESTAMP_HEADER} and ${SIGNATURE_HEADER} headers) or put the channel’s secret in a "token" field with the alert’s "time".`)
  }
  if (typeof fields.time !== 'string' && typeof fields.time !== 'number') throw new Refusal(401, 'A token signal needs its "time", e.g. TradingView’s {{timenow}}.')
  return { kind: 'token', token: fields.token, time: fields.time }
}
