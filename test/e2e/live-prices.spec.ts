import { expect, test } from './fixtures'
import { EngineClient } from '../support/engine-client'
import { startFakeBinance } from '../support/fake-binance'
import { startHeadlessHost } from '../support/headless-process'
import { OrderTicketPanel } from './pages/order-ticket'
import { TradingScreen } from './pages/trading-screen'

test.describe('paper trading on live exchange prices', { tag: '@browser' }, () => {
  test("an exchange's market through ccxt: its prices on screen, a market buy filled at its ask, and a silent feed shown stale", async ({ chromiumBrowser, dataDir }) => {
    test.setTimeout(90_000)
    const binance = await startFakeBinance({ apiKey: 'unused-key-000', secret: 'unused-secret-000' })
    const host = await startHeadlessHost(dataDir, ['--exchange', 'binance', '--symbols', 'BTC/USDT'], { TRADEDESK_EXCHANGE_API_HOST: binance.url })
    const engine = await EngineClient.connect(host)
    try {
      const account = await engine.must('accounts.create', { name: 'On Binance prices', startingBalance: '10000' })
      const page = await chromiumBrowser.newPage({ viewport: { width: 1280, height: 800 } })
      await page.goto(host.url)
      const screen = new TradingScreen(page)
      await expect(screen.statusFeed).toHaveText('Data: Binance (live prices) (live)')
      await expect(screen.marketRows).toHaveCount(1)
      await expect(screen.row('BTC/USDT').getByTestId('last-price')).toHaveText(/^30,?000\.00$/)

      const ticket = new OrderTicketPanel(page)
      await screen.row('BTC/USDT').click()
      await expect(ticket.symbol).toContainText('BTC/USDT')
      await ticket.type('Market').check()
      await ticket.amount.fill('0.01')
      await ticket.submit.click()
      await expect(ticket.result).toHaveAttribute('data-status', 'filled')
      const fills = await engine.must('fills.list', { accountId: account.id })
      expect(fills).toMatchObject([{ symbol: 'BTC/USDT', side: 'buy', price: '30000.01', amount: '0.01' }])

      // The exchange stops answering: after ten silent seconds the status bar says so, and why.
      binance.marketDown = true
      await expect(screen.statusFeed).toHaveText('Data: Binance (live prices) (stale)', { timeout: 30_000 })
      await expect(screen.statusFeed).toHaveAttribute('title', /^No prices from Binance \(live prices\) for \d+ s; still trying\.$/)
      binance.marketDown = false
      await expect(screen.statusFeed).toHaveText('Data: Binance (live prices) (live)', { timeout: 30_000 })
      expect(binance.requests.some((r) => r.signed)).toBe(false)
    } finally {
      engine.close()
      await host.stop()
      await binance.close()
    }
  })
})
