import type { Page, TestInfo } from '@playwright/test'
import { expect, test } from './fixtures'
import { EngineClient } from '../support/engine-client'
import { TradingTables } from './pages/trading-tables'

const PERP = 'BTC/USDT:USDT'

/** A number as the page shows it in the en-US locale ("60,012.30", "+0.2001"). */
const shown = (text: string): number => Number(text.replace(/[,+\s]/g, '').replace('−', '-'))

async function openApp(page: Page, url: string): Promise<TradingTables> {
  await page.goto(url)
  const tables = new TradingTables(page)
  await expect(tables.tabList).toBeVisible()
  return tables
}

/** The tables in both themes, kept as artifacts (the theme is CSS variables on the root). */
async function screenshots(page: Page, tables: TradingTables, testInfo: TestInfo, name: string): Promise<void> {
  for (const theme of ['dark', 'light'] as const) {
    await page.evaluate((t) => (document.documentElement.dataset.theme = t), theme)
    const path = testInfo.outputPath(`${name}-${theme}.png`)
    await tables.root.screenshot({ path })
    await testInfo.attach(`${name}-${theme}`, { path, contentType: 'image/png' })
  }
  await page.screenshot({ path: testInfo.outputPath(`${name}-page.png`) })
}

/** The last price of `symbol`, on the engine's side. */
async function lastPrice(engine: EngineClient, symbol: string): Promise<number> {
  const markets = await engine.must('markets.list', {})
  return (markets.find((m) => m.instrument.symbol === symbol) as { last: number }).last
}

test.describe('the bottom tabs', { tag: '@browser' }, () => {
  test('a position shows a live mark and P&L, gets a stop-loss and take-profit, and closes half at market', async ({ host, chromiumBrowser }, testInfo) => {
    const engine = await EngineClient.connect(host)
    const account = await engine.must('accounts.create', { name: 'Tables', startingBalance: '10000', maxLeverage: 20 })
    await engine.must('orders.place', { accountId: account.id, symbol: PERP, side: 'buy', type: 'market', amount: '0.002', leverage: 10 })
    const [position] = await engine.must('positions.list', { accountId: account.id })
    const entry = Number(position?.entryPrice)

    const page = await chromiumBrowser.newPage({ viewport: { width: 1280, height: 800 } })
    const tables = await openApp(page, host.url)
    await tables.open('Positions')
    await expect(tables.tab('Positions')).toHaveAttribute('aria-selected', 'true')
    const row = tables.positionRow(PERP)
    await expect(row).toBeVisible()
    await expect(tables.cell(row, 'size')).toHaveText('0.002')
    await expect(tables.cell(row, 'side')).toHaveText('Long')
    await expect(tables.cell(row, 'leverage')).toHaveText('10x')
    expect(await tables.count('Positions')).toBe(1)

    // Mark and unrealized P&L move with the ticks, and agree with each other: (mark - entry) x 0.002.
    const before = await tables.cell(row, 'mark').innerText()
    await expect.poll(() => tables.cell(row, 'mark').innerText(), { timeout: 5_000 }).not.toBe(before)
    for (let i = 0; i < 3; i++) {
      const [mark, pnl, roe] = await row.evaluate((el) =>
        ['mark', 'upnl', 'roe'].map((c) => (el.querySelector(`[data-col="${c}"]`) as HTMLElement).innerText),
      )
      const expected = (shown(mark as string) - entry) * 0.002
      expect(Math.abs(shown(pnl as string) - expected)).toBeLessThan(0.00000002)
      // The margin shows in cents; its exact figure is in the title.
      const margin = Number(await tables.cell(row, 'margin').locator('span').getAttribute('title'))
      expect(Math.abs(shown((roe as string).replace('%', '')) - (shown(pnl as string) / margin) * 100)).toBeLessThan(0.006)
      await page.waitForTimeout(300)
    }
    const pnlNow = await tables.cell(row, 'upnl').innerText()
    await expect.poll(() => tables.cell(row, 'upnl').innerText(), { timeout: 8_000 }).not.toBe(pnlNow)

    // Stop-loss and take-profit: placed as reduce-only orders, shown on the row.
    const stop = (Math.floor(entry * 0.95 * 10) / 10).toFixed(1)
    const take = (Math.ceil(entry * 1.05 * 10) / 10).toFixed(1)
    await tables.cell(row, 'actions').getByRole('button', { name: /stop-loss and take-profit/ }).click()
    const protection = page.getByTestId('protection-dialog')
    await expect(protection).toBeVisible()
    await protection.getByTestId('stopLoss-input').fill(stop)
    await protection.getByTestId('takeProfit-input').fill(take)
    await expect(protection).toContainText('P&L on the whole position')
    await protection.getByTestId('save-protection').click()
    await expect(protection).toBeHidden()
    await expect(tables.cell(row, 'sl')).toHaveText(Number(stop).toLocaleString('en-US', { minimumFractionDigits: 1 }))
    await expect(tables.cell(row, 'tp')).toHaveText(Number(take).toLocaleString('en-US', { minimumFractionDigits: 1 }))
    expect(await tables.count('Open orders')).toBe(2)

    // Move the stop-loss up: the same order is amended.
    const [slOrder] = (await engine.must('orders.list', { accountId: account.id, open: true })).filter((o) => o.type === 'stop_market')
    const higher = (Number(stop) + 100).toFixed(1)
    await tables.cell(row, 'actions').getByRole('button', { name: /stop-loss and take-profit/ }).click()
    await protection.getByTestId('stopLoss-input').fill(higher)
    await protection.getByTestId('save-protection').click()
    await expect(tables.cell(row, 'sl')).toHaveText(Number(higher).toLocaleString('en-US', { minimumFractionDigits: 1 }))
    const amended = (await engine.must('orders.list', { accountId: account.id, open: true })).find((o) => o.id === slOrder?.id)
    expect(amended?.triggerPrice).toBe(higher.replace(/\.0$/, ''))

    await screenshots(page, tables, testInfo, 'positions')

    // Close half at market, after confirming in the dialog.
    await tables.cell(row, 'actions').getByRole('button', { name: /^Close / }).click()
    const dialog = page.getByTestId('close-position-dialog')
    await expect(dialog).toBeVisible()
    await expect(dialog.getByTestId('close-amount')).toHaveValue('0.002')
    await dialog.getByRole('button', { name: '50%' }).click()
    await expect(dialog.getByTestId('close-amount')).toHaveValue('0.001')
    await expect(dialog).toContainText('At the mark now')
    await dialog.getByTestId('confirm-close').click()
    await expect(dialog).toBeHidden()
    await expect(tables.cell(row, 'size')).toHaveText('0.001')
    await expect(tables.notice).toContainText('Closed 0.001 BTC')
    const [half] = await engine.must('positions.list', { accountId: account.id })
    expect(half?.amount).toBe('0.001')
    engine.close()
  })

  test('a limit order is amended in place, canceled, and shows in the history with its reason; fills and ledger list the trades', async ({ host, chromiumBrowser }, testInfo) => {
    const engine = await EngineClient.connect(host)
    const account = await engine.must('accounts.create', { name: 'Orders', startingBalance: '10000' })
    await engine.must('orders.place', { accountId: account.id, symbol: PERP, side: 'buy', type: 'market', amount: '0.001' })
    const last = await lastPrice(engine, PERP)
    const limitPrice = Math.floor(last * 0.9)
    const limit = await engine.must('orders.place', { accountId: account.id, symbol: PERP, side: 'buy', type: 'limit', amount: '0.001', price: String(limitPrice) })

    const page = await chromiumBrowser.newPage({ viewport: { width: 1280, height: 800 } })
    const tables = await openApp(page, host.url)
    // Keyboard: the tabs are a tablist; arrow keys move between them.
    await tables.tab('Positions').click()
    await page.keyboard.press('ArrowRight')
    await expect(tables.tab('Open orders')).toHaveAttribute('aria-selected', 'true')
    await expect(tables.tab('Open orders')).toBeFocused()

    const row = tables.orderRow(tables.openOrders, limit.id)
    await expect(row).toBeVisible()
    await expect(tables.cell(row, 'price')).toHaveText(limitPrice.toLocaleString('en-US', { minimumFractionDigits: 1 }))
    await expect(tables.cell(row, 'type')).toHaveText('Limit')
    await expect(tables.cell(row, 'amount')).toHaveText('0.001')

    // Amend the price inline; Enter saves.
    const newPrice = limitPrice - 250
    await tables.cell(row, 'actions').getByTestId('amend').click()
    const input = tables.cell(row, 'price').getByTestId('amend-price')
    await expect(input).toBeFocused()
    await input.fill(String(newPrice))
    await input.press('Enter')
    await expect(tables.cell(row, 'price')).toHaveText(newPrice.toLocaleString('en-US', { minimumFractionDigits: 1 }))
    await expect(tables.notice).toContainText(`Order ${limit.id} amended`)

    // An amendment the engine refuses shows its reason as the engine words it.
    await tables.cell(row, 'actions').getByTestId('amend').click()
    await tables.cell(row, 'amount').getByTestId('amend-amount').fill('50')
    await tables.cell(row, 'actions').getByTestId('amend-save').click()
    await expect(tables.notice).toHaveAttribute('role', 'alert')
    await expect(tables.notice).toContainText('Amend refused:')
    await tables.cell(row, 'amount').getByTestId('amend-amount').press('Escape')
    await expect(tables.cell(row, 'amount')).toHaveText('0.001')
    await expect(tables.cell(row, 'actions').getByTestId('amend')).toBeFocused()
    await screenshots(page, tables, testInfo, 'open-orders')

    // Cancel it: it leaves the open orders and shows in the history with why.
    await tables.cell(row, 'actions').getByTestId('cancel-order').click()
    await expect(row).toHaveCount(0)
    await expect(tables.openOrders).toContainText('No working orders')
    await tables.open('Order history')
    const done = tables.orderRow(tables.orderHistory, limit.id)
    await expect(tables.cell(done, 'status')).toHaveText('Canceled')
    await expect(tables.cell(done, 'reason')).toHaveText('Canceled by the trader')
    const filledRow = tables.orderHistory.locator('.vt-body [role="row"][data-status="filled"]')
    await expect(filledRow).toHaveCount(1)
    await expect(tables.cell(filledRow, 'average')).toHaveText(/^\d{2},\d{3}\.\d$/)
    await screenshots(page, tables, testInfo, 'order-history')

    await tables.open('Fills')
    const fill = tables.bodyRows(tables.fills)
    await expect(fill).toHaveCount(1)
    await expect(tables.cell(fill, 'liquidity')).toHaveText('Taker')
    await expect(tables.cell(fill, 'fee')).toHaveText(/^0\.0\d+ USDT$/)
    await expect(tables.cell(fill, 'amount')).toHaveText('0.001')

    await tables.open('Ledger')
    await expect(tables.bodyRows(tables.ledger).first()).toBeVisible()
    for (const kind of ['Deposit', 'Margin reserved', 'Trading fee']) await expect(tables.ledger.getByRole('cell', { name: kind, exact: true }).first()).toBeVisible()
    const deposit = tables.ledger.locator('.vt-body [role="row"][data-kind="deposit"]')
    await expect(tables.cell(deposit, 'amount')).toHaveText('+10,000.00')
    await expect(tables.cell(deposit, 'amount').locator('span')).toHaveClass(/up/)
    await screenshots(page, tables, testInfo, 'ledger')
    engine.close()
  })

  test('hundreds of orders scroll smoothly: only the rows in view are in the page', async ({ host, chromiumBrowser }, testInfo) => {
    test.setTimeout(150_000)
    const engine = await EngineClient.connect(host)
    const account = await engine.must('accounts.create', { name: 'Busy', startingBalance: '100000' })
    const page = await chromiumBrowser.newPage({ viewport: { width: 1280, height: 800 } })
    const tables = await openApp(page, host.url)
    await tables.open('Order history')
    await expect(tables.orderHistory).toContainText('No finished orders yet')

    const ORDERS = 300
    for (let i = 0; i < ORDERS; i++) {
      await engine.must('orders.place', { accountId: account.id, symbol: PERP, side: i % 2 === 0 ? 'buy' : 'sell', type: 'market', amount: '0.001' })
    }
    await expect.poll(() => tables.count('Order history'), { timeout: 20_000 }).toBe(ORDERS)
    expect(await tables.orderHistory.getAttribute('data-row-count')).toBe(String(ORDERS))
    const inDom = await tables.bodyRows(tables.orderHistory).count()
    expect(inDom).toBeGreaterThan(3)
    expect(inDom).toBeLessThan(50)

    // Scrolling reaches the last (oldest) order, still with few rows in the page.
    await tables.scroll(tables.orderHistory, 'end')
    const lastRow = tables.orderHistory.locator(`.vt-body [role="row"][aria-rowindex="${ORDERS + 1}"]`)
    await expect(lastRow).toBeVisible()
    const first = Math.min(...(await engine.must('orders.list', { accountId: account.id, limit: ORDERS })).map((o) => o.id))
    await expect(lastRow).toHaveAttribute('data-order-id', String(first))
    expect(await tables.bodyRows(tables.orderHistory).count()).toBeLessThan(50)

    // Sorting the whole list by a column reorders all of it, not just the rows in view.
    await tables.orderHistory.getByRole('columnheader', { name: 'Side' }).getByRole('button').click()
    await expect(tables.orderHistory.getByRole('columnheader', { name: 'Side' })).toHaveAttribute('aria-sort', 'ascending')
    await tables.scroll(tables.orderHistory, 0)
    await expect(tables.cell(tables.bodyRows(tables.orderHistory).first(), 'side')).toHaveText('Buy')
    await tables.scroll(tables.orderHistory, 'end')
    await expect(tables.cell(lastRow, 'side')).toHaveText('Sell')

    await tables.open('Fills')
    await expect.poll(() => tables.count('Fills')).toBe(ORDERS)
    expect(await tables.bodyRows(tables.fills).count()).toBeLessThan(50)
    await tables.scroll(tables.fills, 'end')
    await expect(tables.fills.locator(`.vt-body [role="row"][aria-rowindex="${ORDERS + 1}"]`)).toBeVisible()
    await screenshots(page, tables, testInfo, 'fills-many')
    engine.close()
  })
})
