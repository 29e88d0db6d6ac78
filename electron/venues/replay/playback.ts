import type { Tick } from '../../../shared/domain/market'
import type { Clock } from '../../engine/clock'

/** How a recording is played: shared by the tick replay and the candle replay. */
export interface PlaybackOptions {
  /** Replay ms per clock ms: 1 = real time, 10, or Infinity = as fast as possible. */
  speed?: number
  /** How often a paced replay looks at the clock (default 100 ms). */
  pumpIntervalMs?: number
  /** Most ticks per onTicks call; a fast replay yields to the event loop between batches. */
  maxBatch?: number
  /** Called when the replay fails (unreadable file, broken data). Default: logs. */
  onError?: (error: unknown) => void
}

/** One playback from start() to its end or stop(), as the feed's play loop drives it. */
export interface PlaybackRun {
  /** Starts the recording's clock at `startAt` (replay time), paced from the clock's reading now. */
  begin(startAt: number): void
  /**
   * Moves replay time to `time` (an event's time), first waiting while the paced clock has
   * not reached it; times at or before the start never wait (seeking). False once stopped.
   */
  reach(time: number): Promise<boolean>
  /** Queues a tick; a full batch goes to onTicks and the loop yields to the event loop. */
  emit(tick: Tick): Promise<void>
  /** Sends what is queued (the play loop calls it at the end of the recording). */
  flush(): void
  readonly stopped: boolean
}

/** What the core needs to continue a replay on a ledger that already played part of it. */
export interface ResumableReplay {
  /** Where start() plays from as things stand (epoch ms on the recording's timeline). */
  startsAt(): number
  /** Puts the replay at `time` before start(): now() reads it, and nothing before it is sent. */
  seek(time: number): void
}

/**
 * The playback machinery of a replay feed: its position on the recording's timeline
 * (`now()`), pacing by an injected clock (replay time = start + (clock - clock at start) x
 * speed), batching, and the start/stop/finished life cycle. The feed supplies the loop
 * that reads its recording.
 */
export class Playback {
  readonly speed: number
  private readonly pumpIntervalMs: number
  private readonly maxBatch: number
  private readonly onError: (error: unknown) => void
  private position: number | undefined
  private current: { stopped: boolean; wake: () => void; done: Promise<void> } | undefined

  constructor(
    private readonly clock: Clock,
    options: PlaybackOptions = {},
  ) {
    this.speed = options.speed ?? 1
    if (!(this.speed > 0)) throw new RangeError(`Replay speed must be positive, got ${this.speed}`)
    this.pumpIntervalMs = options.pumpIntervalMs ?? 100
    this.maxBatch = options.maxBatch ?? 1_000
    this.onError = options.onError ?? ((error) => console.error('Replay failed:', error))
  }

  /** Replay time: NaN until cued, then where playback stands. */
  now(): number {
    return this.position ?? NaN
  }

  /** Puts the replay at the recording's start, unless playback has already moved it. */
  cue(time: number): void {
    this.position ??= time
  }

  /** Moves the replay to `time` before a playback starts (a replay continuing where its ledger stopped). */
  seek(time: number): void {
    if (this.current !== undefined && !this.current.stopped) throw new Error('A playing replay cannot seek')
    this.position = time
  }

  /** Settles when a started replay ends (recording over or stop()); rejects if it failed. */
  finished(): Promise<void> {
    return this.current?.done ?? Promise.resolve()
  }

  /**
   * Runs `play` as a new playback; failures go to onError (finished() still rejects). When
   * `play` returns without having been stopped, the recording has played out: `onEnd` is called.
   */
  start(onTicks: (ticks: Tick[]) => void, play: (run: PlaybackRun) => Promise<void>, onEnd?: () => void): void {
    if (this.current !== undefined && !this.current.stopped) throw new Error('Replay feed already started')
    const state = { stopped: false, wake: () => undefined, done: Promise.resolve() }
    // An ended run counts as stopped, so the feed can be started again.
    state.done = play(this.runFor(state, onTicks))
      .then(() => {
        if (!state.stopped) onEnd?.()
      })
      .finally(() => {
        state.stopped = true
      })
    state.done.catch((error: unknown) => this.onError(error))
    this.current = state
  }

  stop(): void {
    if (this.current === undefined) return
    this.current.stopped = true
    this.current.wake()
  }

  private runFor(state: { stopped: boolean; wake: () => void }, onTicks: (ticks: Tick[]) => void): PlaybackRun {
    let startAt = NaN
    let clockStart = NaN
    let batch: Tick[] = []
    const flush = (): void => {
      if (batch.length === 0) return
      const ticks = batch
      batch = []
      onTicks(ticks)
    }
    const sleep = (): Promise<void> =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.pumpIntervalMs)
        state.wake = () => {
          clearTimeout(timer)
          resolve()
        }
      })
    return {
      get stopped() {
        return state.stopped
      },
      begin: (time) => {
        startAt = time
        this.position = time
        clockStart = this.clock.now()
      },
      reach: async (time) => {
        while (time > startAt && !state.stopped) {
          const target = this.speed === Infinity ? Infinity : startAt + (this.clock.now() - clockStart) * this.speed
          if (time <= target) break
          // What is due goes out before waiting; replay time keeps up with the clock meanwhile.
          flush()
          this.position = Math.max(this.position ?? startAt, target)
          await sleep()
        }
        if (state.stopped) return false
        this.position = Math.max(this.position ?? startAt, time)
        return true
      },
      emit: async (tick) => {
        batch.push(tick)
        if (batch.length < this.maxBatch) return
        flush()
        await new Promise<void>((resolve) => setImmediate(resolve))
      },
      flush,
    }
  }
}
