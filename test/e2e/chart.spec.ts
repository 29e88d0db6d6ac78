import type { Page, TestInfo } from '@playwright/test'
import { snapToTick } from '../../renderer/src/features/chart/chart-drag'
import { startHeadlessHost } from '../support/headless-process'
import { expect, test } from './fixtures'
import { EngineClient } from '../support/engine-client'
import { seedMinuteHistory } from '../support/candle-history'
import { ChartPanel } from './pages/chart'
import { TradingScreen } from './pages/trading-screen'

const PERP = 'BTC/USDT:USDT'

async function snapshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const body = await page.screenshot()
  await testInfo.attach(name, { body, contentType: 'image/png' })
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`) })
}

/** The app in `theme`, switched as a trader would (the status bar's toggle). */
async function useTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  if ((await page.locator('html').getAttribute('data-theme')) !== theme) await page.getByTestId('theme-toggle').click()
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme)
  await expect(page.getByTestId('chart')).toHaveAttribute('data-theme', theme)
}

test('a position and its orders on the chart: lines with labels, fill markers, and lines dragged to amend @browser', async ({ host, chromiumBrowser }, testInfo) => {
  const engine = await EngineClient.connect(host)
  // The account exists before the page opens, so the page selects it.
  const account = await engine.must('accounts.create', { name: 'Chart desk', startingBalance: '10000' })
  const page = await chromiumBrowser.newPage({ viewport: { width: 1280, height: 800 } })
  await page.goto(host.url)
  const screen = new TradingScreen(page)
  const chart = new ChartPanel(page)
  await useTheme(page, 'dark')
  await screen.row(PERP).click()
  await expect(screen.chartSymbol).toHaveText(PERP)
  await expect.poll(() => screen.barCount()).toBeGreaterThan(100)

  const summary = (await engine.must('markets.list', {})).find((s) => s.instrument.symbol === PERP)
  if (summary === undefined) throw new Error(`${PERP} is not listed`)
  const at = (fraction: number): string => snapToTick(summary.last * fraction, summary.instrument.tickSize)?.text ?? ''
  const accountId = account.id

  // A market buy with a stop-loss and a take-profit, placed by the engine's contract.
  const stopLoss = at(0.97)
  const takeProfit = at(1.03)
  await engine.must('orders.place', { accountId, symbol: PERP, side: 'buy', type: 'market', amount: '0.01', leverage: 10, stopLoss, takeProfit })
  const position = (await engine.must('positions.list', { accountId })).find((p) => p.symbol === PERP)
  expect(position?.liquidationPrice).toBeDefined()

  await expect(chart.lineOf('entry')).toHaveText(/^Entry long 0\.010 @ [\d,.]+$/)
  await expect(chart.lineOf('entry')).toHaveAttribute('data-price', position?.entryPrice ?? '')
  await expect(chart.lineOf('stop-loss')).toHaveText(/^SL [\d,.]+ · P&L −[\d,.]+ USDT$/)
  await expect(chart.lineOf('stop-loss')).toHaveAttribute('data-price', stopLoss)
  await expect(chart.lineOf('take-profit')).toHaveText(/^TP [\d,.]+ · P&L \+[\d,.]+ USDT$/)
  await expect(chart.lineOf('take-profit')).toHaveAttribute('data-price', takeProfit)
  await expect(chart.lineOf('liquidation')).toHaveText(/^Liq\. [\d,.]+$/)
  await expect(chart.lineOf('liquidation')).toHaveAttribute('data-price', position?.liquidationPrice ?? '')
  // The fill: a buy arrow at its price.
  await expect(chart.markers).toHaveCount(1)
  await expect(chart.markers.first()).toHaveAttribute('data-side', 'buy')
  await expect(chart.markers.first()).toHaveText(/^Bought 0\.010 @ [\d,.]+$/)

  // A limit order gets its own line.
  const limit = await engine.must('orders.place', { accountId, symbol: PERP, side: 'buy', type: 'limit', amount: '0.01', price: at(0.995), leverage: 10 })
  const limitLine = chart.lineForOrder(limit.id)
  await expect(limitLine).toHaveText(/^Limit buy 0\.010 @ [\d,.]+$/)
  await expect(limitLine).toHaveAttribute('data-draggable', 'true')
  await snapshot(page, testInfo, 'chart-position-dark')

  // Dragged down and confirmed: the engine's order has the new price, on the tick.
  await chart.dragLine(limitLine, 40)
  await expect(chart.confirmation).toBeVisible()
  await expect(chart.confirmation).toContainText(/^Move limit buy 0\.010 from [\d,.]+ to [\d,.]+\?/)
  await snapshot(page, testInfo, 'chart-drag-confirm-dark')
  const moved = (await chart.confirmation.getAttribute('data-new-price')) ?? ''
  expect(Number(moved)).toBeLessThan(Number(limit.price))
  expect(snapToTick(Number(moved), summary.instrument.tickSize)?.text).toBe(moved)
  await chart.confirmation.getByRole('button', { name: 'Confirm' }).click()
  await expect(chart.confirmation).toBeHidden()
  const priceOf = async (orderId: number): Promise<string | undefined> => {
    const order = (await engine.must('orders.list', { accountId, open: true })).find((o) => o.id === orderId)
    return order?.price ?? order?.triggerPrice
  }
  await expect.poll(() => priceOf(limit.id)).toBe(moved)
  await expect(limitLine).toHaveAttribute('data-price', moved)

  // Dragged again and cancelled: nothing changes.
  await chart.dragLine(limitLine, -30)
  await expect(chart.confirmation).toBeVisible()
  await chart.confirmation.getByRole('button', { name: 'Cancel' }).click()
  await expect(chart.confirmation).toBeHidden()
  expect(await priceOf(limit.id)).toBe(moved)
  await expect(limitLine).toHaveAttribute('data-price', moved)

  // The stop-loss moves too, by its trigger, with the P&L at its new level shown.
  const stopLine = chart.lineOf('stop-loss')
  const stopOrder = Number(await stopLine.getAttribute('data-order-id'))
  await chart.dragLine(stopLine, 25)
  await expect(chart.confirmation).toContainText(/^Move stop-loss from [\d,.]+ to [\d,.]+\?/)
  await expect(chart.confirmation).toContainText(/P&L if it fills there: −[\d,.]+ → −[\d,.]+ USDT \(before fees\)/)
  const lowered = (await chart.confirmation.getAttribute('data-new-price')) ?? ''
  expect(Number(lowered)).toBeLessThan(Number(stopLoss))
  await page.keyboard.press('Enter')
  await expect.poll(() => priceOf(stopOrder)).toBe(lowered)
  await expect(stopLine).toHaveAttribute('data-price', lowered)

  // The keyboard moves a line too: the take-profit, two ticks up, confirmed with Enter.
  const takeLine = chart.lineOf('take-profit')
  const takeOrder = Number(await takeLine.getAttribute('data-order-id'))
  const raised = snapToTick(Number(takeProfit) + 2 * Number(summary.instrument.tickSize), summary.instrument.tickSize)?.text ?? ''
  await chart.keyboardButton(`order-${takeOrder}`).focus()
  await expect(page.getByTestId('chart-keys')).toBeVisible()
  await page.keyboard.press('ArrowUp')
  await page.keyboard.press('ArrowUp')
  await expect(chart.keyboardButton(`order-${takeOrder}`)).toContainText('→')
  await snapshot(page, testInfo, 'chart-keyboard-dark')
  await page.keyboard.press('Enter')
  await expect(chart.confirmation).toContainText(/^Move take-profit from [\d,.]+ to [\d,.]+\?/)
  await expect(chart.confirmation).toHaveAttribute('data-new-price', raised)
  await page.keyboard.press('Enter')
  await expect.poll(() => priceOf(takeOrder)).toBe(raised)
  await expect(takeLine).toHaveAttribute('data-price', raised)

  // Above the market the engine refuses: the reason is shown and the line goes back.
  await chart.dragLineTo(stopLine, chart.lineOf('take-profit'), 12)
  await expect(chart.confirmation).toBeVisible()
  await chart.confirmation.getByRole('button', { name: 'Confirm' }).click()
  await expect(chart.alert).toContainText(/^Not moved: .*trigger below/)
  await expect(stopLine).toHaveAttribute('data-price', lowered)
  expect(await priceOf(stopOrder)).toBe(lowered)
  await snapshot(page, testInfo, 'chart-refused-dark')

  await useTheme(page, 'light')
  await chart.alert.getByRole('button', { name: 'Dismiss' }).click()
  await expect(chart.alert).toBeHidden()
  await snapshot(page, testInfo, 'chart-position-light')

  // Closing the position: a sell arrow, and its lines (entry, bracket, liquidation) go.
  await engine.must('positions.close', { accountId, symbol: PERP })
  await expect(chart.markers).toHaveCount(2)
  await expect(chart.markers.filter({ hasText: /^Sold/ })).toHaveAttribute('data-side', 'sell')
  await expect(chart.lines).toHaveCount(1)
  await expect(limitLine).toBeAttached()
  await snapshot(page, testInfo, 'chart-closed-light')
  engine.close()
})

test('a long history loads whole: 100,000 one-minute candles in one go @browser', async ({ dataDir, chromiumBrowser }, testInfo) => {
  test.setTimeout(120_000)
  // A ledger that has run for ten weeks: a fresh one holds one week, the rest is seeded.
  const first = await startHeadlessHost(dataDir)
  await first.stop()
  seedMinuteHistory(dataDir, 'BTC/USDT', 100_050)
  const host = await startHeadlessHost(dataDir)
  try {
    const page = await chromiumBrowser.newPage({ viewport: { width: 1280, height: 800 } })
    await page.goto(host.url)
    const screen = new TradingScreen(page)
    const chart = new ChartPanel(page)
    await expect(screen.chartSymbol).toHaveText('BTC/USDT')
    await expect(chart.canvas).toHaveAttribute('data-bars', '100000', { timeout: 30_000 })
    await expect(chart.canvas).toHaveAttribute('data-render-ms', /^\d+(\.\d)?$/)
    const renderMs = await chart.renderMs()
    const loadMs = Number(await chart.canvas.getAttribute('data-load-ms'))
    // Figures for the record; the 500 ms budget is the benchmark's to judge, on a quiet machine.
    testInfo.annotations.push({ type: 'chart-100k', description: `render ${renderMs} ms, request to paint ${loadMs} ms` })
    console.log(`[chart] 100,000 candles: render ${renderMs} ms, request to paint ${loadMs} ms`)
    expect(renderMs).toBeGreaterThan(0)
    // Still live: the last candle keeps moving.
    const close = await chart.canvas.getAttribute('data-last-close')
    await expect.poll(() => chart.canvas.getAttribute('data-last-close'), { timeout: 10_000 }).not.toBe(close)
    await snapshot(page, testInfo, 'chart-100k')
  } finally {
    await host.stop()
  }
})
