import { expect, test } from './fixtures'
import { AccountsScreen } from './pages/accounts'
import { BotsScreen } from './pages/bots'
import { startFakeAi } from '../support/fake-ai'

const API_KEY = 'sk-e2e-0123456789abcdefghijklmnop'

test.describe('AI bots', () => {
  // Recorded Binance minutes, ten per second: a 1m bot asks its model several times a second.
  test.use({ market: { candles: 'btc-eth-1m-2024-08', from: '2024-08-05T00:00Z', speed: '600' } })

  test('a trader adds a model, tests it, and runs an AI bot that trades on its answers, seeing every vote and its cost', async ({ appPage: page }) => {
    test.setTimeout(90_000)
    const model = await startFakeAi(API_KEY, { kind: 'decide', decision: { action: 'long', confidence: 0.9, reasoning: 'Higher lows' } })
    try {
      const accounts = new AccountsScreen(page)
      await accounts.create('AI desk')
      await page.getByRole('tablist', { name: 'Screen' }).getByRole('tab', { name: 'Settings', exact: true }).click()
      const form = page.getByRole('form', { name: 'Add an AI model' })
      await form.getByLabel('Name', { exact: true }).fill('Local model')
      await form.getByLabel('Model', { exact: true }).fill('test-model')
      await form.getByLabel('API address').fill(model.baseUrl)
      await form.getByLabel('API key (optional for a local model)').fill(API_KEY)
      await form.getByLabel('Input price, $ per million tokens').fill('0.15')
      await form.getByLabel('Output price, $ per million tokens').fill('0.6')
      await form.getByRole('button', { name: 'Add model' }).click()
      const stored = page.getByTestId('ai-endpoints').getByRole('listitem', { name: 'Model Local model' })
      await expect(stored).toContainText('key ••••••••')
      await stored.getByRole('button', { name: 'Test' }).click()
      await expect(stored.getByTestId('ai-test')).toContainText('Answered long at confidence 0.9')
      expect(await page.content()).not.toContain(API_KEY)

      const bots = new BotsScreen(page)
      await bots.open()
      await bots.field('Strategy').selectOption({ label: 'AI decision (your models)' })
      await bots.field('Market').selectOption('BTC/USDT:USDT')
      await bots.field('Bot name (optional)').fill('Oracle')
      await bots.form.getByRole('button', { name: 'Create and start' }).click()
      await expect(bots.row('Oracle')).toHaveAttribute('data-status', 'running')
      const votes = page.getByTestId('ai-decisions')
      await expect(votes).toContainText('Local model: long 0.90', { timeout: 30_000 })
      await expect(votes).toContainText('$0.0002')
      await expect(bots.decisions).toContainText('AI: Local model: Higher lows')
      await expect(bots.row('Oracle')).toContainText('long')

      // Backtests do not offer it: it would send every candle to a paid model.
      await page.getByRole('tablist', { name: 'Screen' }).getByRole('tab', { name: 'Backtests', exact: true }).click()
      await expect(page.getByLabel('Strategy', { exact: true }).locator('option', { hasText: 'AI decision' })).toHaveCount(0)
    } finally {
      await model.close()
    }
  })
})
