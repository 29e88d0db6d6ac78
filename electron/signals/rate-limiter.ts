/**
 * Token buckets by key: each key may spend `burst` requests at once, refilled at
 * `perSecond`. Keys are the endpoint's channels, so the map stays as small as their list.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>()

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
  ) {}

  /** Spends a token for `key`; when none is left, says how long until the next one (ms). */
  take(key: string, now: number): { ok: true } | { ok: false; retryAfterMs: number } {
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: now }
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond)
    bucket.at = now
    this.buckets.set(key, bucket)
    if (bucket.tokens < 1) return { ok: false, retryAfterMs: Math.ceil(((1 - bucket.tokens) / this.perSecond) * 1000) }
    bucket.tokens -= 1
    return { ok: true }
  }
}
