import type { WebSocketRoute } from '@playwright/test'
import { expect, test } from './fixtures'
import { TradingScreen } from './pages/trading-screen'

test('a lost connection shows a banner, and the app reconnects by itself', { tag: '@browser' }, async ({ chromiumBrowser, host }) => {
  const page = await chromiumBrowser.newPage()
  let down = false
  const live: WebSocketRoute[] = []
  // Every socket the page opens passes through here, so the test can cut the line.
  await page.routeWebSocket(/\/ws$/, (ws) => {
    if (down) {
      ws.close({ code: 1001, reason: 'network down' })
      return
    }
    ws.connectToServer()
    live.push(ws)
  })
  await page.goto(host.url)
  const screen = new TradingScreen(page)
  await expect(screen.statusConnection).toHaveText('Connected')
  await expect(screen.row('BTC/USDT')).toBeVisible()
  await expect(screen.banner).toBeHidden()

  down = true
  for (const ws of live.splice(0)) await ws.close({ code: 1001, reason: 'network down' })
  await expect(screen.banner).toBeVisible()
  await expect(screen.banner).toContainText('Disconnected from the trading engine')
  await expect(screen.statusConnection).toHaveText('Reconnecting…')
  const frozen = await screen.lastPrice('BTC/USDT')

  down = false
  await expect(screen.banner).toBeHidden({ timeout: 15_000 })
  await expect(screen.statusConnection).toHaveText('Connected')
  await expect.poll(() => screen.lastPrice('BTC/USDT'), { timeout: 5_000 }).not.toBe(frozen)
})
