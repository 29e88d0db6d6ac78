import type { Clock } from '../engine/clock'
import type { MarketFeed } from '../venues/feed'
import { ReplayFeed, replayFiles } from '../venues/replay/replay-feed'
import { SimulatedFeed } from '../venues/simulator/simulated-feed'

/** Which market the app trades on: the built-in simulator (default) or a recorded day. */
export type DataSourceChoice =
  | { kind: 'simulator'; speed?: number }
  /** `folder` holds the recordings in the team's data layout (candles/, ticks/). */
  | { kind: 'replay'; folder: string; speed?: number }

export interface OpenedSource {
  feed: MarketFeed
  /** The engine's time: the wall clock, or the feed's own timeline (a replay, a sped-up simulator). */
  clock: Clock
}

export const LEDGER_FILE = 'ledger.sqlite'
export const REPLAY_LEDGER_FILE = 'replay.sqlite'

/** Replays get their own ledger, so a recorded day never mixes with live paper accounts. */
export function ledgerFileFor(choice: DataSourceChoice): string {
  return choice.kind === 'replay' ? REPLAY_LEDGER_FILE : LEDGER_FILE
}

export async function openDataSource(choice: DataSourceChoice, clock: Clock, seed: () => number, pumpIntervalMs?: number): Promise<OpenedSource> {
  const speed = choice.speed ?? 1
  if (choice.kind === 'replay') {
    const replay = await ReplayFeed.open(replayFiles(choice.folder), clock, { speed })
    return { feed: replay, clock: replay }
  }
  const simulator = new SimulatedFeed(seed(), clock, pumpIntervalMs, { speed })
  return { feed: simulator, clock: speed === 1 ? clock : simulator }
}

/**
 * The data source from user settings (command-line flags, environment): a replay folder
 * and a speed ("10", "max"). Throws a readable Error on a bad speed.
 */
export function sourceFromSettings(settings: { replay?: string | undefined; speed?: string | undefined }): DataSourceChoice {
  const speed = parseSpeed(settings.speed)
  const base = speed === undefined ? {} : { speed }
  return settings.replay === undefined || settings.replay === '' ? { kind: 'simulator', ...base } : { kind: 'replay', folder: settings.replay, ...base }
}

function parseSpeed(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined
  if (text === 'max') return Infinity
  const speed = Number(text)
  if (!Number.isFinite(speed) || speed <= 0 || speed > 1_000) throw new Error(`--speed must be a number from 0.1 to 1000, or "max", got "${text}"`)
  return speed
}
