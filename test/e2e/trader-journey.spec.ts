import type { Page, TestInfo } from '@playwright/test'
import { atoms, formatAtoms } from '../../shared/trading/money'
import { expect, test } from './fixtures'
import { AccountsScreen } from './pages/accounts'
import { ChartPanel } from './pages/chart'
import { OrderTicketPanel } from './pages/order-ticket'
import { TradingScreen } from './pages/trading-screen'
import { TradingTables } from './pages/trading-tables'

const PERP = 'BTC/USDT:USDT'

// Ten times real time, so the market crosses a tight stop-loss within seconds.
test.use({ marketSpeed: '10' })

async function snapshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`) })
}

/** Exact amounts (their title) of one column over every row of a table. */
async function exactColumn(tables: TradingTables, table: 'fills', column: string): Promise<bigint[]> {
  const cells = tables.fills.locator(`.vt-body [role="row"] [data-col="${column}"] [data-value]`)
  const values = await cells.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-value') ?? ''))
  expect(values.length, `the ${table} table's ${column} column`).toBeGreaterThan(0)
  return values.map((v) => atoms(v))
}

/**
 * The trader's day, through the screen only (it runs the same against the desktop app):
 * a new paper account, a market buy with a stop-loss and take-profit, the position on the
 * chart and in the tables, the market through the stop, and the books that add up.
 */
test('a trader opens a protected position, the market stops it out, and the books add up to the cent', async ({ appPage: page }, testInfo) => {
  test.setTimeout(120_000)
  const screen = new TradingScreen(page)
  const accounts = new AccountsScreen(page)
  const ticket = new OrderTicketPanel(page)
  const tables = new TradingTables(page)
  const chart = new ChartPanel(page)

  // A new user creates a paper account of 10,000 USDT.
  await accounts.newAccount.click()
  await accounts.field('Name').fill('Journey')
  await accounts.field('Starting balance').fill('10000')
  await accounts.dialogConfirm.click()
  await expect.poll(() => accounts.selectedAccountName()).toBe('Journey')
  await expect(accounts.wallet).toHaveText('10,000.00')

  // A market buy of 0.01 BTC perpetual with a stop-loss 0.05 % and a take-profit 5 % away.
  await screen.row(PERP).click()
  await expect(ticket.symbol).toContainText('BTC/USDT')
  await ticket.side('buy').check()
  await ticket.type('Market').check()
  await ticket.amount.fill('0.01')
  await ticket.unit('Stop-loss unit', '%').check()
  await ticket.stopLoss.fill('0.05')
  await ticket.unit('Take-profit unit', '%').check()
  await ticket.takeProfit.fill('5')
  await expect(ticket.submit).toBeEnabled()
  await ticket.submit.click()
  await expect(ticket.result).toHaveAttribute('data-status', 'filled')

  // The position is in the table and on the chart with its entry, stop-loss, take-profit and liquidation lines.
  await expect(tables.positionRow(PERP)).toBeVisible()
  for (const kind of ['entry', 'stop-loss', 'take-profit', 'liquidation'] as const) await expect(chart.lineOf(kind)).toHaveCount(1)
  await expect(accounts.marginUsed).not.toHaveText('0.00')
  await snapshot(page, testInfo, 'journey-position')

  // The market falls through the stop-loss: the position closes and the trader is told.
  await expect(tables.positionRow(PERP)).toHaveCount(0, { timeout: 90_000 })
  await expect(page.getByTestId('toast').filter({ hasText: /stop-loss/i }).first()).toBeVisible()
  await expect(chart.lineOf('entry')).toHaveCount(0)
  await expect(accounts.marginUsed).toHaveText('0.00')

  // The history has the stop-loss order filled, and the ledger books its P&L and fee.
  await tables.open('Order history')
  await expect(tables.orderHistory.locator('.vt-body [role="row"]').filter({ hasText: 'Filled' }).first()).toBeVisible()
  await tables.open('Ledger')
  await expect(tables.ledger).toContainText('Realized P&L')
  await expect(tables.ledger).toContainText('Trading fee')

  // Balance = starting balance + realized P&L - fees, from the fills as the screen lists them, to the cent.
  await tables.open('Fills')
  await expect(tables.bodyRows(tables.fills)).toHaveCount(2)
  const realized = (await exactColumn(tables, 'fills', 'pnl')).reduce((a, b) => a + b, 0n)
  const fees = (await exactColumn(tables, 'fills', 'fee')).reduce((a, b) => a + b, 0n)
  const expected = atoms('10000') + realized - fees
  const cents = (value: bigint): string => {
    const rounded = (value + (value >= 0n ? 500_000n : -500_000n)) / 1_000_000n // half-up to 0.01
    return Number(formatAtoms(rounded * 1_000_000n)).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })
  }
  await expect(accounts.wallet).toHaveText(cents(expected))
  await expect(accounts.equity).toHaveText(cents(expected))
  await snapshot(page, testInfo, 'journey-stopped-out')
})
