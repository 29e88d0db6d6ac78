import { DDoSProtection, ExchangeError, RateLimitExceeded } from 'ccxt'
import { AppError } from '../../../shared/contract/result'
import type { ExchangeVenue } from '../../../shared/domain/exchanges'
import { EXCHANGE_VENUE_NAMES } from '../../../shared/domain/exchanges'
import type { VenueHealth } from '../../../shared/domain/live'

export interface VenueGuardOptions {
  /** Failures in a row (network, 5xx, garbage answers) that trip the breaker. */
  failuresToTrip: number
  /** The first pause after tripping; each trip again without a success in between doubles it. */
  coolDownMs: number
  maxCoolDownMs: number
  /** The wait after a 429 / 418 that named none. */
  rateLimitWaitMs: number
  banWaitMs: number
}

const DEFAULTS: VenueGuardOptions = { failuresToTrip: 5, coolDownMs: 30_000, maxCoolDownMs: 300_000, rateLimitWaitMs: 10_000, banWaitMs: 120_000 }
/** Recent round trips the average latency is taken over. */
const LATENCY_WINDOW = 20

/** A request the guard did not let through: the exchange is paused for the app. */
export class VenuePaused extends AppError {
  constructor(message: string) {
    super('UNAVAILABLE', message, { rule: 'venue_paused' })
  }
}

/**
 * Everything the app asks of one exchange goes through its guard: it counts requests and
 * failures, measures round trips, holds requests back while the exchange asked it to wait
 * (429, or 418: banned for ignoring 429s), and trips a circuit breaker when the API keeps
 * failing, so trading on that venue pauses instead of hammering a broken API. A refusal the
 * exchange gave on purpose (a bad order, no funds) means the API works: it resets the streak.
 */
export class VenueGuard {
  private readonly options: VenueGuardOptions
  private requests = 0
  private failures = 0
  private rateLimited = 0
  private streak = 0
  private coolDown: number
  private pausedUntil = 0
  private pauseReason: string | undefined
  private pausedBy: 'rate-limited' | 'tripped' | undefined
  private lastError: string | undefined
  private readonly latencies: number[] = []

  constructor(
    readonly venue: ExchangeVenue,
    private readonly now: () => number,
    options: Partial<VenueGuardOptions> = {},
    private readonly onChange: (health: VenueHealth) => void = () => {},
  ) {
    this.options = { ...DEFAULTS, ...options }
    this.coolDown = this.options.coolDownMs
  }

  get name(): string {
    return EXCHANGE_VENUE_NAMES[this.venue]
  }

  /** Why an order may not be sent now (undefined when it may). */
  pausedFor(): string | undefined {
    return this.now() < this.pausedUntil ? this.pauseReason : undefined
  }

  /**
   * Runs one request to the exchange, counted and timed; refused at once while the venue is
   * paused. `retryAfterMs` reads the wait the exchange's answer asked for (Retry-After).
   */
  async call<T>(request: () => Promise<T>, retryAfterMs: () => number = () => 0): Promise<T> {
    const paused = this.pausedFor()
    if (paused !== undefined) throw new VenuePaused(paused)
    this.requests++
    const started = performance.now()
    try {
      const result = await request()
      this.succeeded(performance.now() - started)
      return result
    } catch (error) {
      this.failed(error, performance.now() - started, retryAfterMs())
      throw error
    }
  }

  health(): VenueHealth {
    const paused = this.now() < this.pausedUntil
    const average = this.latencies.length === 0 ? undefined : this.latencies.reduce((a, b) => a + b, 0) / this.latencies.length
    return {
      venue: this.venue,
      name: this.name,
      state: paused ? (this.pausedBy ?? 'ok') : 'ok',
      ...(paused && this.pauseReason !== undefined ? { reason: this.pauseReason, resumesAt: this.pausedUntil } : {}),
      requests: this.requests,
      failures: this.failures,
      rateLimited: this.rateLimited,
      ...(this.latencies.length === 0 ? {} : { latencyMs: Math.round(this.latencies.at(-1) ?? 0), averageLatencyMs: Math.round(average ?? 0) }),
      ...(this.lastError === undefined ? {} : { lastError: this.lastError }),
    }
  }

  private succeeded(latency: number): void {
    this.latencies.push(latency)
    if (this.latencies.length > LATENCY_WINDOW) this.latencies.shift()
    const wasTripped = this.streak >= this.options.failuresToTrip
    this.streak = 0
    this.coolDown = this.options.coolDownMs
    if (wasTripped) this.onChange(this.health())
  }

  private failed(error: unknown, latency: number, retryAfter: number): void {
    this.failures++
    this.lastError = describe(error)
    if (error instanceof RateLimitExceeded || error instanceof DDoSProtection) {
      // 418 is Binance's ban for ignoring 429s; ccxt reports both as DDoSProtection or RateLimitExceeded.
      const banned = /\b418\b|banned/i.test(this.lastError)
      this.rateLimited++
      const wait = Math.max(retryAfter, banned ? this.options.banWaitMs : this.options.rateLimitWaitMs)
      this.pause('rate-limited', wait, `${this.name} ${banned ? 'has banned this IP address for sending too many requests' : 'asked the app to slow down (too many requests)'}; requests resume in ${Math.ceil(wait / 1000)} s.`)
      return
    }
    if (error instanceof ExchangeError) {
      // The exchange answered on purpose (a refused order, an unknown order): its API works.
      this.latencies.push(latency)
      if (this.latencies.length > LATENCY_WINDOW) this.latencies.shift()
      this.streak = 0
      return
    }
    this.streak++
    if (this.streak >= this.options.failuresToTrip) {
      const wait = this.coolDown
      this.coolDown = Math.min(this.coolDown * 2, this.options.maxCoolDownMs)
      this.pause('tripped', wait, `${this.name}'s API failed ${this.streak} times in a row (last: ${this.lastError}); trading on it is paused for ${Math.ceil(wait / 1000)} s, then tried again.`)
    }
  }

  private pause(by: 'rate-limited' | 'tripped', ms: number, reason: string): void {
    this.pausedBy = by
    this.pausedUntil = this.now() + ms
    this.pauseReason = reason
    this.onChange(this.health())
  }
}

/**
 * An error's first line, short, for the health page (the exchange's own words where ccxt
 * quotes them). ccxt puts the request's URL in network errors: its query (signed requests'
 * timestamp and signature) is cut off.
 */
export function describe(error: unknown): string {
  const text = error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error)
  return (text.split('\n')[0] ?? '').replace(/\?\S*/g, '?…').slice(0, 200)
}
