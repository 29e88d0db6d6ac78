import { describe, expect, it } from 'vitest'
import { planReplayStart, resumePoint, type ReplayStartRequest } from '../../../electron/core/replay-resume'

const MINUTE = 60_000
const T = Date.UTC(2024, 7, 5, 8, 0)

describe('where a replay continues on its ledger', () => {
  it('is nowhere for a ledger without history of the replay', () => {
    expect(resumePoint({})).toBeUndefined()
  })

  it('is the minute after the last closed candle when that is all the ledger knows', () => {
    expect(resumePoint({ lastCandle: T })).toBe(T + MINUTE)
  })

  it('skips the rest of the minute the engine stopped in, never more', () => {
    expect(resumePoint({ lastCandle: T - MINUTE, reached: T })).toBe(T + MINUTE) // a tick at 08:00:00 was played
    expect(resumePoint({ lastCandle: T - MINUTE, reached: T + 24_000 })).toBe(T + MINUTE)
    expect(resumePoint({ lastCandle: T - MINUTE, reached: T + MINUTE - 1 })).toBe(T + MINUTE)
  })

  it('takes the furthest of the candles and the engine time, whichever is later', () => {
    // An order stamped by the replay's clock minutes after the last tick (a gap in the data).
    expect(resumePoint({ lastCandle: T - MINUTE, reached: T + 5 * MINUTE + 1 })).toBe(T + 6 * MINUTE)
    // Candles further than the marker (a ledger written before the marker existed).
    expect(resumePoint({ lastCandle: T + 10 * MINUTE, reached: T })).toBe(T + 11 * MINUTE)
  })
})

describe('a replay start on its ledger', () => {
  const base: ReplayStartRequest = { resumeAt: T, startsAt: T - 60 * MINUTE, ledger: 'replay-x.sqlite', replay: 'Replay: X' }

  it('is fresh on a ledger without history, whatever --from says', () => {
    expect(planReplayStart({ ...base, resumeAt: undefined })).toEqual({ kind: 'fresh' })
    expect(planReplayStart({ ...base, resumeAt: undefined, from: 0, startsAt: 0, lastFrom: 5 })).toEqual({ kind: 'fresh' })
  })

  it('continues without --from, or with the --from it was last started from', () => {
    expect(planReplayStart(base)).toEqual({ kind: 'resume', at: T })
    expect(planReplayStart({ ...base, from: T - 60 * MINUTE, lastFrom: T - 60 * MINUTE })).toEqual({ kind: 'resume', at: T })
    // Even when the recording would start later by default (the ledger began with an earlier --from).
    expect(planReplayStart({ ...base, startsAt: T + 99 * MINUTE, lastFrom: T - 60 * MINUTE })).toEqual({ kind: 'resume', at: T })
  })

  it('moves forward to a --from at or after where the ledger stopped', () => {
    expect(planReplayStart({ ...base, from: T + 30 * MINUTE, startsAt: T + 30 * MINUTE, lastFrom: null })).toEqual({ kind: 'jump', at: T + 30 * MINUTE })
    expect(planReplayStart({ ...base, from: T, startsAt: T })).toEqual({ kind: 'jump', at: T })
  })

  it('refuses a --from that would go back in time, saying how to continue or start afresh', () => {
    // A --from that aligns (to its candle) before where the ledger stopped goes back too.
    for (const request of [
      { ...base, from: T - 1, startsAt: T - 60 * MINUTE, lastFrom: null },
      { ...base, from: T + 10, startsAt: T - 60 * MINUTE, lastFrom: T - 60 * MINUTE },
      { ...base, from: T - MINUTE, startsAt: T - MINUTE },
    ]) {
      expect(() => planReplayStart(request)).toThrow(
        `The ledger replay-x.sqlite has already played Replay: X up to 2024-08-05T08:00:00.000Z: starting it from ${new Date(request.startsAt).toISOString()}`,
      )
    }
    expect(() => planReplayStart({ ...base, from: T - MINUTE, startsAt: T - MINUTE })).toThrow(
      /Start without --from to continue at 2024-08-05T08:00:00.000Z, or use a fresh data folder \(--data-dir, or TRADEDESK_DATA_DIR\) to replay from 2024-08-05T07:59:00.000Z\.$/,
    )
  })
})
