import type { Page, TestInfo } from '@playwright/test'
import { expect, test } from './fixtures'
import { EngineClient } from '../support/engine-client'
import { AccountsScreen } from './pages/accounts'

const PERP = 'BTC/USDT:USDT'

/**
 * Saves the page in both themes as test artifacts, ending in the theme it started with. With
 * a modal dialog open the status bar's theme button is out of reach, so the theme attribute
 * is switched directly (the colours are CSS variables of it).
 */
async function screenshots(page: Page, screen: AccountsScreen, testInfo: TestInfo, name: string, modal = false): Promise<void> {
  const start = (await page.evaluate(() => document.documentElement.dataset.theme)) as 'light' | 'dark'
  const setTheme = (theme: 'light' | 'dark') =>
    modal ? page.evaluate((t) => void (document.documentElement.dataset.theme = t), theme) : screen.setTheme(theme)
  for (const theme of start === 'dark' ? (['dark', 'light'] as const) : (['light', 'dark'] as const)) {
    await setTheme(theme)
    await page.waitForTimeout(200)
    const body = await page.screenshot({ path: testInfo.outputPath(`${name}-${theme}.png`) })
    await testInfo.attach(`${name}-${theme}`, { body, contentType: 'image/png' })
  }
  await setTheme(start)
}

test.describe('accounts, balances and notifications @browser', () => {
  test('a trader creates an account, sees fills, halts with the kill switch, resumes, resets and archives', async ({ host, chromiumBrowser }, testInfo) => {
    test.setTimeout(120_000)
    const page = await chromiumBrowser.newPage({ viewport: { width: 1280, height: 800 } })
    await page.goto(host.url)
    const screen = new AccountsScreen(page)
    const engine = await EngineClient.connect(host)

    // A new user has no account: the bar offers to create one.
    await expect(screen.accountSelect).toContainText('No paper account yet')
    await screen.newAccount.click()
    await expect(screen.dialog).toBeVisible()
    await expect(screen.field('Name')).toBeFocused()

    // Mistakes are explained beside their field before anything is sent.
    await screen.field('Starting balance').fill('10,000')
    await screen.field('Default stop-loss').focus()
    await expect(screen.fieldError('startingBalance')).toContainText('Use digits and a point')
    await screen.dialogConfirm.click()
    await expect(screen.fieldError('name')).toHaveText('Give the account a name')
    await expect(screen.field('Name')).toBeFocused()
    await screen.field('Name').fill('Main')
    await screen.field('Starting balance').fill('10000')
    await expect(screen.fieldError('startingBalance')).toHaveCount(0)
    await screen.field('Default stop-loss').fill('2')
    await screen.field('Default take-profit').fill('4')
    await screen.field('Daily loss limit').fill('500')
    await screen.field('Max consecutive losses').fill('0')
    await screen.field('Max leverage').focus()
    await expect(screen.fieldError('maxConsecutiveLosses')).toHaveText('A whole number from 1 to 1000')
    await screen.field('Max consecutive losses').fill('4')
    await screenshots(page, screen, testInfo, 'account-dialog', true)
    await screen.dialogConfirm.click()

    // The new account is selected and the balance shows its 10,000 USDT.
    await expect(screen.dialog).toHaveCount(0)
    await expect.poll(() => screen.selectedAccountName()).toBe('Main')
    await expect(screen.equity).toHaveText('10,000.00')
    await expect(screen.wallet).toHaveText('10,000.00')
    await expect(screen.available).toHaveText('10,000.00')
    await expect(screen.marginUsed).toHaveText('0.00')
    await expect(screen.realizedToday).toHaveText('0.00')
    await expect(screen.feesToday).toHaveText('0.00')
    await expect(screen.tradingState).toHaveText('Trading active')
    const [account] = await engine.must('accounts.list', {})
    expect(account).toMatchObject({ name: 'Main', startingBalance: '10000', defaultStopLoss: '0.02', defaultTakeProfit: '0.04' })
    expect(account!.risk).toMatchObject({ dailyLossLimit: '500', maxConsecutiveLosses: 4, breakerMode: 'block_entries' })
    const accountId = account!.id

    // The engine's refusal comes back in its own words: the name is taken.
    await screen.newAccount.click()
    await screen.field('Name').fill('Main')
    await screen.dialogConfirm.click()
    await expect(screen.dialogError).toHaveText('An account named "Main" already exists.')
    await page.keyboard.press('Escape')
    await expect(screen.dialog).toHaveCount(0)

    // A bot buys at market, Node-side: a fill toast, the bell counts it, the balance moves.
    await engine.must('orders.place', { accountId, symbol: PERP, side: 'buy', type: 'market', amount: '0.05', leverage: 10 })
    await expect(screen.toast(`Bought 0.05 ${PERP}`)).toBeVisible()
    await expect(screen.toast(`Bought 0.05 ${PERP}`)).toContainText('fee')
    await expect(screen.unreadCount).toHaveText('1')
    await expect(screen.bell).toHaveAttribute('aria-label', 'Notifications, 1 unread')
    await expect(screen.marginUsed).not.toHaveText('0.00')
    await expect(screen.feesToday).not.toHaveText('0.00')
    // Unrealized P&L follows the ticks between balance events.
    const unrealized = await screen.unrealized.innerText()
    await expect.poll(() => screen.unrealized.innerText(), { timeout: 15_000 }).not.toBe(unrealized)
    await expect(screen.equityChart).toBeVisible()
    await expect(screen.equityChart).toHaveAttribute('data-points', '1')
    for (const close of await screen.toasts.getByRole('button', { name: 'Dismiss' }).all()) await close.click()
    await expect(screen.toasts).toHaveCount(0)
    await screenshots(page, screen, testInfo, 'balances-with-position')

    // The notification centre keeps it; opening it reads it.
    await screen.bell.click()
    await expect(screen.centreItems).toHaveCount(1)
    await expect(screen.centreItems.first()).toContainText(`Bought 0.05 ${PERP}`)
    await expect(screen.unreadCount).toHaveCount(0)
    await page.keyboard.press('Escape')
    await expect(screen.centre).toHaveCount(0)
    await expect(screen.bell).toBeFocused()
    for (const theme of ['light', 'dark'] as const) {
      await screen.setTheme(theme)
      await screen.bell.click()
      await expect(screen.centreItems).toHaveCount(1)
      const body = await page.screenshot({ path: testInfo.outputPath(`notification-centre-${theme}.png`) })
      await testInfo.attach(`notification-centre-${theme}`, { body, contentType: 'image/png' })
      await page.keyboard.press('Escape')
    }

    // The kill switch, with flatten: halted, unmistakably; the position is gone; it is told.
    await screen.killSwitch.click()
    await expect(screen.dialog).toContainText('Cancels every working order')
    await expect(screen.dialog.getByTestId('kill-flatten')).toBeChecked()
    await expect(screen.dialogConfirm).toBeFocused()
    await expect(screen.dialogConfirm).toHaveText('Halt and flatten')
    await screen.dialogConfirm.click()
    await expect(screen.dialog).toHaveCount(0)
    await expect(screen.tradingState).toHaveAttribute('data-halted', 'true')
    await expect(screen.tradingState).toContainText('TRADING HALTED')
    await expect(screen.tradingState).toContainText(/since [\d:]+ · Kill switch \(positions closed\)/)
    await expect(screen.resume).toBeVisible()
    await expect(screen.toast('Kill switch: trading halted on Main')).toBeVisible()
    await expect(screen.toast(`Kill switch closed ${PERP}`)).toBeVisible()
    await expect(screen.marginUsed).toHaveText('0.00')
    await expect(screen.unrealized).toHaveText('0.00')
    expect(await engine.must('positions.list', { accountId })).toEqual([])
    await expect(screen.unreadCount).toHaveText('2')
    // While halted, the engine refuses new entries.
    const refused = await engine.request('orders.place', { accountId, symbol: PERP, side: 'buy', type: 'market', amount: '0.01' })
    expect(refused.ok).toBe(false)
    await screenshots(page, screen, testInfo, 'halted')

    // Resume.
    await screen.resume.click()
    await expect(screen.tradingState).toHaveText('Trading active')
    await expect(screen.toast('Trading resumed on Main')).toBeVisible()

    // Reset, confirmed: the position it had is closed and the starting balance restored.
    await engine.must('orders.place', { accountId, symbol: PERP, side: 'sell', type: 'market', amount: '0.02', leverage: 5 })
    await expect(screen.marginUsed).not.toHaveText('0.00')
    await screen.resetAccount.click()
    await expect(screen.dialog).toContainText('closes its 1 open position at market and restores the starting balance of 10,000.00 USDT')
    await expect(screen.dialog.getByRole('button', { name: 'Cancel' })).toBeFocused()
    await screen.dialogConfirm.click()
    await expect(screen.dialog).toHaveCount(0)
    await expect(screen.equity).toHaveText('10,000.00')
    await expect(screen.wallet).toHaveText('10,000.00')
    await expect(screen.marginUsed).toHaveText('0.00')
    expect(await engine.must('positions.list', { accountId })).toEqual([])
    expect((await engine.must('balances.get', { accountId })).wallet).toBe('10000')

    // Rename and lift a risk limit.
    await screen.editAccount.click()
    await expect(screen.field('Starting balance')).toBeDisabled()
    await expect(screen.field('Daily loss limit')).toHaveValue('500')
    await screen.field('Name').fill('Main desk')
    await screen.field('Daily loss limit').fill('')
    await screen.dialogConfirm.click()
    await expect(screen.dialog).toHaveCount(0)
    await expect.poll(() => screen.selectedAccountName()).toBe('Main desk')
    expect((await engine.must('accounts.list', {}))[0]?.risk.dailyLossLimit).toBeUndefined()

    // Archive, confirmed: the account leaves the list and the bar offers a new one.
    await screen.archiveAccount.click()
    await expect(screen.dialog).toContainText('Archive "Main desk"?')
    await expect(screen.dialog).toContainText('leaves the account list')
    await screen.dialogConfirm.click()
    await expect(screen.dialog).toHaveCount(0)
    await expect(screen.accountSelect).toContainText('No paper account yet')
    await expect(screen.newAccount).toHaveText('Create a paper account')
    expect((await engine.must('accounts.list', {}))[0]?.status).toBe('archived')
    engine.close()
  })
})
