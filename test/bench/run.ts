// `npm run bench`: performance figures as JSON lines, one per measurement.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { startHeadlessHost } from '../support/headless-process'
import { openProbe } from '../support/ws-client'
import { backtestBenchmarks } from './backtest'
import { historyBenchmarks } from './history'
import { paperEngineBenchmarks } from './paper-engine'
import { uiBenchmarks } from './ui'

const RUNS = Number(process.env.BENCH_RUNS ?? 5)

function summary(name: string, extra: Record<string, unknown>, samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b)
  const pick = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number
  const round = (v: number) => Math.round(v * 10) / 10
  return JSON.stringify({
    bench: name,
    ...extra,
    runs: samples.length,
    median_ms: round(pick(0.5)),
    min_ms: round(sorted[0] as number),
    max_ms: round(sorted.at(-1) as number),
  })
}

/**
 * From launching `node out/main/headless.js` to the first tick a connected client receives:
 * what a user waits for before prices move. Cold = a new data folder (the simulator writes a
 * week of history first); warm = the same folder again.
 */
async function hostStartToFirstTick(dataDir: string): Promise<number> {
  const started = performance.now()
  const host = await startHeadlessHost(dataDir)
  const token = new URL(host.url).hash.replace('#token=', '')
  const probe = await openProbe(host.port, { token })
  await probe.next((m) => m.type === 'event' && m.name === 'market.ticked', 20_000)
  const elapsed = performance.now() - started
  probe.ws.close()
  await host.stop()
  return elapsed
}

export async function main(): Promise<void> {
  const cold: number[] = []
  const warm: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'tradedesk-bench-'))
    try {
      cold.push(await hostStartToFirstTick(dir))
      warm.push(await hostStartToFirstTick(dir))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
  console.log(summary('host_start_to_first_tick', { host: 'headless', ledger: 'new' }, cold))
  console.log(summary('host_start_to_first_tick', { host: 'headless', ledger: 'existing' }, warm))
  for (const line of paperEngineBenchmarks()) console.log(line)
  for (const line of historyBenchmarks()) console.log(line)
  for (const line of await backtestBenchmarks()) console.log(line)
  for (const line of await uiBenchmarks()) console.log(line)
}
