// The trading screen's figures for `npm run bench`, measured in Debian's Chromium against the
// built headless host (JSON lines).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Page } from '@playwright/test'
import { seedMinuteHistory } from '../support/candle-history'
import { EngineClient } from '../support/engine-client'
import { startHeadlessHost } from '../support/headless-process'
import { CHROMIUM_LAUNCH } from '../e2e/browser'

const SYMBOLS = 50
const ACCOUNTS = 4
const MEASURE_MS = 10_000

/** Frames per second and main-thread long tasks (Long Tasks API) over `ms`, measured in the page. */
function measureFrames(page: Page, ms: number): Promise<{ fps: number; frames: number; longTasks: number; longestTaskMs: number; worstFrameMs: number }> {
  return page.evaluate(
    (duration) =>
      new Promise((resolve) => {
        const tasks: number[] = []
        const observer = new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) tasks.push(entry.duration)
        })
        observer.observe({ type: 'longtask' })
        let frames = 0
        let worst = 0
        let previous = performance.now()
        const started = previous
        const frame = (now: number): void => {
          frames++
          worst = Math.max(worst, now - previous)
          previous = now
          if (now - started < duration) requestAnimationFrame(frame)
          else {
            observer.disconnect()
            const seconds = (now - started) / 1000
            resolve({ fps: frames / seconds, frames, longTasks: tasks.length, longestTaskMs: Math.max(0, ...tasks), worstFrameMs: worst })
          }
        }
        requestAnimationFrame(frame)
      }),
    ms,
  )
}

/**
 * 50 symbols streaming about 20 ticks a second each, 200 open positions (4 accounts x 50
 * symbols; the screen shows one account's 50, their marks and P&L moving with every tick),
 * the chart live: the page's frame rate and long tasks over ten seconds.
 */
async function streamingScreen(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tradedesk-ui-bench-'))
  const host = await startHeadlessHost(dataDir, ['--load-test-markets', String(SYMBOLS)])
  const engine = await EngineClient.connect(host)
  const browser = await chromium.launch(CHROMIUM_LAUNCH)
  try {
    const markets = await engine.must('markets.list', {})
    for (let a = 0; a < ACCOUNTS; a++) {
      const { id } = await engine.must('accounts.create', { name: `Load ${a + 1}`, startingBalance: '10000000', maxOpenPositions: SYMBOLS })
      for (const { instrument, last } of markets) {
        // About 50 USDT of each, on the 0.001 step.
        const amount = (Math.max(1, Math.ceil(50_000 / last)) / 1000).toFixed(3)
        await engine.must('orders.place', { accountId: id, symbol: instrument.symbol, side: a % 2 === 0 ? 'buy' : 'sell', type: 'market', amount, leverage: 5 })
      }
    }
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    await page.goto(host.url)
    await page.locator('tr.market-row').nth(SYMBOLS - 1).waitFor()
    // Let the first snapshot and chart history settle before measuring.
    await page.waitForTimeout(2_000)
    const table = page.getByTestId('positions-table')
    await table.locator('[data-symbol]').first().waitFor()
    const listed = Number(await table.getAttribute('data-row-count'))
    const rendered = await table.locator('[data-symbol]').count()
    const figures = await measureFrames(page, MEASURE_MS)
    return JSON.stringify({
      bench: 'ui_streaming',
      symbols: SYMBOLS,
      positions: ACCOUNTS * SYMBOLS,
      positions_listed: listed,
      positions_rows_in_dom: rendered,
      seconds: MEASURE_MS / 1000,
      fps: Math.round(figures.fps * 10) / 10,
      long_tasks: figures.longTasks,
      longest_task_ms: Math.round(figures.longestTaskMs),
      worst_frame_ms: Math.round(figures.worstFrameMs),
      target: 'fps >= 55, no task over 50 ms',
    })
  } finally {
    engine.close()
    await browser.close()
    await host.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

const CANDLES = 100_000
const RENDER_RUNS = 5

/**
 * The chart's first render of 100,000 one-minute candles (ten weeks): from the history's
 * arrival to the first painted frame (setData and the chart's draw), and from the request
 * to that frame; a fresh page each run, on a ledger seeded with that much history.
 */
async function hundredThousandCandles(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tradedesk-ui-bench-'))
  const first = await startHeadlessHost(dataDir)
  await first.stop()
  seedMinuteHistory(dataDir, 'BTC/USDT', CANDLES + 50)
  const host = await startHeadlessHost(dataDir)
  const browser = await chromium.launch(CHROMIUM_LAUNCH)
  try {
    const render: number[] = []
    const load: number[] = []
    for (let run = 0; run < RENDER_RUNS; run++) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
      await page.goto(host.url)
      const chart = page.locator(`[data-testid="chart"][data-bars="${CANDLES}"][data-render-ms]`)
      await chart.waitFor({ timeout: 60_000 })
      render.push(Number(await chart.getAttribute('data-render-ms')))
      load.push(Number(await chart.getAttribute('data-load-ms')))
      await page.close()
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number
    return JSON.stringify({
      bench: 'chart_initial_render',
      candles: CANDLES,
      runs: RENDER_RUNS,
      render_median_ms: Math.round(median(render)),
      render_max_ms: Math.round(Math.max(...render)),
      request_to_paint_median_ms: Math.round(median(load)),
      target: 'render under 500 ms',
    })
  } finally {
    await browser.close()
    await host.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

export async function uiBenchmarks(): Promise<string[]> {
  return [await streamingScreen(), await hundredThousandCandles()]
}
