import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import { SIGNAL_RULES, TIMESTAMP_HEADER } from '../../shared/domain/signals'

/** What a sender signs: its timestamp, a dot, and the body's exact bytes. */
export function signSignal(secret: string, timestamp: string, body: string | Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')
}

/**
 * How a request proves it knows the channel's secret: a signature over its timestamp and
 * body (scripts), or the secret itself in the body with the alert's time (TradingView
 * alerts cannot compute a signature; their body travels over the trader's own HTTPS tunnel).
 */
export type Proof = { kind: 'signature'; timestamp: string; signature: string } | { kind: 'token'; token: string; time: string | number }

export type Verdict = { ok: true; replayKey: string } | { ok: false; reason: string }

/** Checks a proof against the channel's secret and the app's clock; the replay key identifies the message. */
export function verifyProof(secret: string, proof: Proof, body: Buffer, now: number): Verdict {
  if (proof.kind === 'signature') {
    const sentAt = /^\d{1,15}$/.test(proof.timestamp) ? Number(proof.timestamp) : NaN
    if (!Number.isFinite(sentAt)) return { ok: false, reason: `The ${TIMESTAMP_HEADER} header must be the time in milliseconds since 1970.` }
    if (!/^[0-9a-f]{64}$/i.test(proof.signature) || !sameBytes(proof.signature.toLowerCase(), signSignal(secret, proof.timestamp, body))) {
      return { ok: false, reason: 'The signature does not match: sign the timestamp, a dot and the exact body with the channel’s secret (HMAC-SHA256, hex).' }
    }
    return fresh(sentAt, now) ?? { ok: true, replayKey: `sig:${proof.signature.toLowerCase()}` }
  }
  if (!sameBytes(digest(proof.token), digest(secret))) return { ok: false, reason: 'The token is not this channel’s secret.' }
  const sentAt = typeof proof.time === 'number' ? proof.time : Date.parse(proof.time)
  if (!Number.isFinite(sentAt)) return { ok: false, reason: 'The "time" field must be the alert’s time, e.g. TradingView’s {{timenow}}.' }
  return fresh(sentAt, now) ?? { ok: true, replayKey: `body:${digest(body)}` }
}

function fresh(sentAt: number, now: number): Verdict | undefined {
  const skew = sentAt - now
  if (Math.abs(skew) <= SIGNAL_RULES.maxClockSkewMs) return undefined
  const seconds = Math.round(Math.abs(skew) / 1000)
  return {
    ok: false,
    reason: `Stale: sent ${seconds} s ${skew < 0 ? 'ago' : 'in the future'}; signals older or newer than ${SIGNAL_RULES.maxClockSkewMs / 1000} s are refused (check the sender’s clock).`,
  }
}

const digest = (value: string | Buffer): string => createHash('sha256').update(value).digest('hex')

function sameBytes(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}

/**
 * Remembers the messages accepted within the freshness window, so the same one sent again
 * is refused. Past the window a message is refused as stale anyway, so it is forgotten then.
 */
export class ReplayGuard {
  private readonly seen = new Map<string, number>()

  /** True the first time a key is seen within the window. */
  firstTime(key: string, now: number): boolean {
    for (const [old, expires] of this.seen) {
      if (expires > now) break // insertion order is expiry order
      this.seen.delete(old)
    }
    if (this.seen.has(key)) return false
    this.seen.set(key, now + 2 * SIGNAL_RULES.maxClockSkewMs)
    return true
  }
}
