import { expect, test } from './fixtures'
import { AccountsScreen } from './pages/accounts'
import { BotsScreen } from './pages/bots'

test.describe('bots', () => {
  // Recorded Binance minutes, ten per second: a 1m bot decides several times a second.
  test.use({ market: { candles: 'btc-eth-1m-2024-08', from: '2024-08-05T00:00Z', speed: '600' } })

  test('a trader starts an EMA bot on a paper account, watches it trade and why, pauses it, and the kill switch stops it with the reason', async ({ appPage: page }) => {
    test.setTimeout(90_000)
    const accounts = new AccountsScreen(page)
    await accounts.create('Bot desk')
    const bots = new BotsScreen(page)
    await bots.open()
    await expect(page.getByText('No bots yet')).toBeVisible()

    // Refused by field before anything is created.
    await bots.field('Fast EMA').fill('40')
    await bots.form.getByRole('button', { name: 'Create and start' }).click()
    await expect(bots.form.getByRole('alert')).toHaveText('The fast EMA must be shorter than the slow one')
    await expect(bots.rows).toHaveCount(0)

    await bots.field('Fast EMA').fill('3')
    await bots.field('Slow EMA').fill('8')
    await bots.field('Also trade short').check()
    await bots.field('Market').selectOption('BTC/USDT:USDT')
    await bots.field('Bot name (optional)').fill('Scalper')
    await bots.form.getByRole('button', { name: 'Create and start' }).click()
    const row = bots.row('Scalper')
    await expect(row).toHaveAttribute('data-status', 'running')
    await expect(row).toContainText('EMA crossover · BTC/USDT:USDT 1m')
    await expect(page.getByTestId('bot-log')).toContainText(/Started \(warmed up on \d+ candles\)/)
    await expect(row).toContainText('Bot desk')
    // It trades, and says why.
    await expect(bots.decisions).toContainText(/EMA3 [\d.]+ crossed (above|below) EMA8/, { timeout: 20_000 })
    await expect(row).toContainText(/long|short/)

    await bots.control('Scalper', 'Pause')
    await expect(row).toHaveAttribute('data-status', 'paused')
    await bots.control('Scalper', 'Start')
    await expect(row).toHaveAttribute('data-status', 'running')

    // The account's kill switch (flatten) stops the bot and the row says why.
    await accounts.killSwitch.click()
    await accounts.dialogConfirm.click()
    await expect(row).toHaveAttribute('data-status', 'stopped')
    await expect(row).toContainText('Stopped by the account’s kill switch')
    await expect(page.getByTestId('bot-log')).toContainText('Stopped by the account’s kill switch')
    await expect(accounts.toast('Bot "Scalper" stopped')).toBeVisible()
    await expect(row).toContainText('flat')

    await bots.control('Scalper', 'Duplicate')
    await expect(bots.row('Scalper (copy)')).toHaveAttribute('data-status', 'stopped')
    await bots.control('Scalper (copy)', 'Delete')
    await expect(bots.rows).toHaveCount(1)
  })
})
