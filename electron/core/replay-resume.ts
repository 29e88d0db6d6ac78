import type { Tick } from '../../shared/domain/market'
import { bucketStart, TIMEFRAME_MS } from '../../shared/trading/candles'
import type { Db } from '../ledger/db'
import { CandleRepo } from '../ledger/repos/candle-repo'
import { JournalRepo } from '../ledger/repos/journal-repo'
import { MetaRepo } from '../ledger/repos/meta-repo'
import type { MarketFeed } from '../venues/feed'
import type { ResumableReplay } from '../venues/replay/playback'
import type { Logger } from './log'

/**
 * A replay keeps its own ledger, and a restart on that ledger continues the replay where
 * the ledger stopped rather than playing it again from its start (the engine's time would
 * go backwards for every account that traded later in the recording).
 *
 * The rule: the replay continues at the first whole minute the ledger has not played.
 * Where the ledger stopped is the latest of
 *  - the one-minute candles it holds for the replay's source (closed minutes: never played twice),
 *  - the last tick the engine was given (app_meta, written once per minute entered and at
 *    shutdown, so it survives a crash to the minute),
 *  - the engine time of the last commit (the journal: an order placed between ticks is
 *    stamped with the replay's clock, which runs ahead of the last tick).
 * The minute that was unfinished at that point is not played again (its first ticks
 * already were, and orders may be stamped inside it): its rest is skipped, and its candle
 * is backfilled whole from the recording, so the candle cache has every minute once.
 * Continuing one minute later rather than at the exact last tick keeps that rule free of
 * ticks sharing a millisecond across a batch boundary, and it is all a crash can know anyway.
 */

const MINUTE = TIMEFRAME_MS['1m']

/** What a replay ledger tells about how far its replay went. */
export interface ReplayProgress {
  /** Open time of the latest one-minute candle the ledger holds for the replay's source. */
  lastCandle?: number | undefined
  /** The latest replay time the engine is known to have been at (its last tick, its last commit). */
  reached?: number | undefined
}

/**
 * The first minute a ledger has not played: after its last closed candle, and after the
 * minute it was in when it stopped. Undefined for a ledger without history of the replay.
 */
export function resumePoint(progress: ReplayProgress): number | undefined {
  const points: number[] = []
  if (progress.lastCandle !== undefined) points.push(progress.lastCandle + MINUTE)
  if (progress.reached !== undefined) points.push(bucketStart(progress.reached, '1m') + MINUTE)
  return points.length === 0 ? undefined : Math.max(...points)
}

/** How a replay starts on its ledger. */
export type ReplayStart =
  /** The ledger holds nothing of the replay: it plays from where the feed was opened. */
  | { kind: 'fresh' }
  /** It continues where the ledger stopped. */
  | { kind: 'resume'; at: number }
  /** A later `--from` than where the ledger stopped: time moves forward to it. */
  | { kind: 'jump'; at: number }

export interface ReplayStartRequest {
  /** resumePoint() of the ledger. */
  resumeAt: number | undefined
  /** The `--from` asked for (epoch ms), if any. */
  from?: number | undefined
  /** Where the feed as opened starts: the `--from` aligned to a candle, or the recording's start. */
  startsAt: number
  /** The `--from` the ledger last started the replay from: null for none, undefined if not recorded. */
  lastFrom?: number | null | undefined
  /** The ledger file's name and the replay's, for the refusal. */
  ledger: string
  replay: string
}

/**
 * On a ledger with history of the replay: no `--from`, or the same `--from` it was last
 * started with (a restart with the same command or settings), continues where it stopped;
 * a `--from` at or after that point moves forward to it; an earlier one would take the
 * ledger back in time and is refused, saying how to continue or to start afresh.
 */
export function planReplayStart(request: ReplayStartRequest): ReplayStart {
  const { resumeAt, from } = request
  if (resumeAt === undefined) return { kind: 'fresh' }
  if (from === undefined || from === request.lastFrom) return { kind: 'resume', at: resumeAt }
  if (request.startsAt >= resumeAt) return { kind: 'jump', at: request.startsAt }
  throw new Error(
    `The ledger ${request.ledger} has already played ${request.replay} up to ${iso(resumeAt)}: ` +
      `starting it from ${iso(request.startsAt)} (--from, or TRADEDESK_FROM) would take its accounts back in time. ` +
      `Start without --from to continue at ${iso(resumeAt)}, or use a fresh data folder (--data-dir, or TRADEDESK_DATA_DIR) to replay from ${iso(request.startsAt)}.`,
  )
}

const iso = (time: number): string => new Date(time).toISOString()

/**
 * A replay's progress in its ledger (app_meta, per source): the last tick the engine was
 * given, and the `--from` the replay was last started from.
 */
export class ReplayLedger {
  private readonly meta: MetaRepo
  private readonly tickKey: string
  private readonly fromKey: string
  private written: number | undefined
  private lastTick: number | undefined

  constructor(
    private readonly db: Db,
    private readonly sourceId: string,
  ) {
    this.meta = new MetaRepo(db)
    this.tickKey = `replay.lastTick:${sourceId}`
    this.fromKey = `replay.from:${sourceId}`
    const stored = this.meta.get(this.tickKey)
    this.written = stored === undefined ? undefined : Number(stored)
  }

  /** How far the ledger went: its latest candle of the source, and the latest of its last tick and last commit. */
  progress(symbols: readonly string[]): ReplayProgress {
    const candles = new CandleRepo(this.db)
    let lastCandle: number | undefined
    for (const symbol of symbols) {
      const time = candles.latest({ source: this.sourceId, symbol, timeframe: '1m' })?.time
      if (time !== undefined && (lastCandle === undefined || time > lastCandle)) lastCandle = time
    }
    const times = [this.written, new JournalRepo(this.db).lastCommitTime()].filter((t): t is number => t !== undefined)
    return { lastCandle, reached: times.length === 0 ? undefined : Math.max(...times) }
  }

  /** The `--from` the replay was last started from: null for none, undefined when not recorded. */
  lastFrom(): number | null | undefined {
    const stored = this.meta.get(this.fromKey)
    return stored === undefined ? undefined : stored === '' ? null : Number(stored)
  }

  setLastFrom(from: number | undefined): void {
    this.meta.set(this.fromKey, from === undefined ? '' : String(from))
  }

  /** Notes ticks the engine was given; the first of each new minute is written at once. */
  ticked(ticks: readonly Tick[]): void {
    for (const tick of ticks) if (this.lastTick === undefined || tick.ts > this.lastTick) this.lastTick = tick.ts
    if (this.lastTick === undefined) return
    if (this.written === undefined || bucketStart(this.lastTick, '1m') > bucketStart(this.written, '1m')) this.save()
  }

  /** Writes the last tick's time (at shutdown: exactly where the engine stopped). */
  save(): void {
    if (this.lastTick === undefined || this.lastTick === this.written) return
    this.meta.set(this.tickKey, String(this.lastTick))
    this.written = this.lastTick
  }
}

/**
 * Decides where a replay starts on its ledger (see planReplayStart) and puts the feed
 * there; throws the refusal before anything is written. Call before the engine reads the
 * feed's clock.
 */
export function continueReplay(
  replay: ReplayLedger,
  feed: MarketFeed & ResumableReplay,
  options: { from?: number | undefined; ledger: string; log: Logger },
): ReplayStart {
  const plan = planReplayStart({
    resumeAt: resumePoint(replay.progress(feed.instruments.map((i) => i.symbol))),
    from: options.from,
    startsAt: feed.startsAt(),
    lastFrom: replay.lastFrom(),
    ledger: options.ledger,
    replay: feed.source.name,
  })
  if (plan.kind !== 'resume') replay.setLastFrom(options.from)
  if (plan.kind === 'fresh') return plan
  feed.seek(plan.at)
  const ends = feed.endsAt?.() ?? Infinity
  const where = plan.at >= ends ? `at ${iso(plan.at)}, past the recording's end` : `at ${iso(plan.at)}`
  options.log.info(`${feed.source.name}: ${plan.kind === 'resume' ? 'continuing where the ledger stopped' : 'moving forward to --from'}, ${where}`)
  return plan
}
