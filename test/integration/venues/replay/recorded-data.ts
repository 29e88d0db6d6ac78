import { relative } from 'node:path'
import { type ReplayFiles, replayFiles } from '../../../../electron/venues/replay/replay-feed'
import { SHARED_DATA_DIR, sharedDataFile } from '../../../support/shared-data'

/** The recorded BTC/USDT window's files, read in place; fails clearly when the data folder is missing. */
export function recordedFiles(): ReplayFiles {
  const files = replayFiles(SHARED_DATA_DIR)
  for (const file of Object.values(files)) sharedDataFile(relative(SHARED_DATA_DIR, file))
  return files
}

/** Collects an async iterable (only for small files or counts). */
export async function collect<T>(rows: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const row of rows) out.push(row)
  return out
}

/** Counts an async iterable without keeping its rows. */
export async function count(rows: AsyncIterable<unknown>): Promise<number> {
  let n = 0
  for await (const _row of rows) n += 1
  return n
}
