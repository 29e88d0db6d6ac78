import { expect, test } from './fixtures'
import { AccountsScreen } from './pages/accounts'
import { startWebhookReceiver } from '../support/fake-alert-receivers'

test.describe('alerts', () => {
  // Recorded Binance minutes, ten per second: prices cross levels within seconds.
  test.use({ market: { candles: 'btc-eth-1m-2024-08', from: '2024-08-05T00:00Z', speed: '600' } })

  test('a trader sets a price alert from the chart and is told when it fires; a percent-move alert reaches their webhook', async ({ appPage: page }) => {
    test.setTimeout(90_000)
    const webhook = await startWebhookReceiver()
    try {
      const accounts = new AccountsScreen(page)
      const chart = page.getByRole('region', { name: 'Price chart' })
      const symbol = (await chart.locator('.chart-symbol').innerText()).trim()
      await chart.getByRole('button', { name: 'Alert…' }).click()
      const priceField = chart.getByLabel('Alert price')
      await expect(priceField).not.toHaveValue('')
      const last = Number(await priceField.inputValue())
      // 1 % below: the market moves while the trader types, but not that far; that night it fell through it.
      const level = (last * 0.99).toFixed(2)
      await priceField.fill(level)
      await chart.getByRole('button', { name: 'Set' }).click()
      await expect(chart.getByTestId('chart-alert-said')).toHaveText(`Alert set: ${symbol} falls through ${level}`)
      await expect(accounts.toast('Alert')).toContainText(`${symbol} crosses below ${level}`, { timeout: 45_000 })

      await page.getByRole('tablist', { name: 'Screen' }).getByRole('tab', { name: 'Alerts', exact: true }).click()
      const alerts = page.getByTestId('alerts')
      await expect(alerts.locator('[data-status="triggered"]')).toContainText(`${symbol} crosses below ${level}`)

      // A bad value is refused in words, and nothing is set.
      const form = page.getByRole('form', { name: 'New alert' })
      await form.getByLabel('When').selectOption({ label: 'Price moves by %' })
      await form.getByLabel('Percent').fill('0')
      await form.getByRole('button', { name: 'Set alert' }).click()
      await expect(form.getByRole('alert')).toContainText('A percentage above 0 and at most 100')

      // The webhook: saved, tested, then used by a percent-move alert.
      const hook = page.getByRole('region', { name: 'Alert delivery' }).getByRole('form', { name: 'Webhook' })
      await hook.getByLabel('Webhook address').fill(`${webhook.url}/hook`)
      await hook.getByRole('button', { name: 'Save', exact: true }).click()
      await hook.getByRole('button', { name: 'Send a test' }).click()
      await expect(page.getByTestId('webhook-said')).toHaveText('Test message delivered.')
      expect(webhook.received).toMatchObject([{ message: 'TradeDesk test message: alerts reach you here.' }])

      await form.getByLabel('Market').selectOption('ETH/USDT')
      await form.getByLabel('Percent').fill('0.05')
      await form.getByLabel('Within minutes').fill('5')
      await form.getByLabel('Also to the webhook').check()
      await form.getByRole('button', { name: 'Set alert' }).click()
      await expect(page.getByTestId('alert-deliveries').locator('[data-status="sent"]')).toContainText('ETH/USDT moves 0.05 % within 5 min', { timeout: 30_000 })
      expect(webhook.received.length).toBe(2)
    } finally {
      await webhook.close()
    }
  })
})
