import { expect, isElectron, test } from './fixtures'
import { TradingScreen } from './pages/trading-screen'

const SYMBOLS = ['BTC/USDT', 'ETH/USDT', 'SOL/USDT', 'BTC/USDT:USDT', 'ETH/USDT:USDT', 'SOL/USDT:USDT']

test('a new user sees live markets and a moving chart within two seconds', async ({ appPage }, testInfo) => {
  const screen = new TradingScreen(appPage)
  const shown = Date.now()
  await expect(screen.marketRows).toHaveCount(SYMBOLS.length, { timeout: 2_000 })
  for (const symbol of SYMBOLS) await expect(screen.row(symbol)).toBeVisible()
  await expect(screen.chart).toHaveAttribute('data-last-close', /\d/, { timeout: Math.max(500, 2_000 - (Date.now() - shown)) })
  expect(await screen.barCount()).toBeGreaterThan(100)

  // Ticks keep moving the market list and the chart's last candle.
  const prices = await Promise.all(SYMBOLS.map((s) => screen.lastPrice(s)))
  const legend = await screen.legend.innerText()
  const close = await screen.chart.getAttribute('data-last-close')
  await expect.poll(() => Promise.all(SYMBOLS.map((s) => screen.lastPrice(s))), { timeout: 5_000 }).not.toEqual(prices)
  await expect.poll(() => screen.legend.innerText(), { timeout: 5_000 }).not.toBe(legend)
  await expect.poll(() => screen.chart.getAttribute('data-last-close'), { timeout: 5_000 }).not.toBe(close)
  expect(legend).toMatch(/^O [\d,.]+ {2}H [\d,.]+ {2}L [\d,.]+ {2}C [\d,.]+ {2}V [\d,.]+/)

  await expect(screen.statusConnection).toHaveText('Connected')
  await expect(screen.statusFeed).toHaveText('Data: Simulator (live)')
  await expect(screen.statusHost).toHaveText(isElectron(testInfo.project.name) ? 'Desktop app' : 'Browser · headless host')
  await expect(appPage.getByTestId('status-clock')).toHaveText(/^Engine \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/)
  await expect(appPage.getByTestId('status-latency')).toHaveText(/^Latency \d+ ms$/)
  await expect(appPage.getByTestId('status-breaker')).toHaveText('Trading: on')

  const screenshot = await appPage.screenshot()
  await testInfo.attach('trading-screen', { body: screenshot, contentType: 'image/png' })
  await appPage.screenshot({ path: testInfo.outputPath('trading-screen.png') })
})

test('choosing another market and timeframe redraws the chart', async ({ appPage }) => {
  const screen = new TradingScreen(appPage)
  await expect(screen.chartSymbol).toHaveText('BTC/USDT')
  await screen.row('ETH/USDT:USDT').click()
  await expect(screen.chartSymbol).toHaveText('ETH/USDT:USDT')
  await expect(screen.row('ETH/USDT:USDT')).toHaveAttribute('aria-selected', 'true')
  await expect.poll(() => screen.barCount()).toBeGreaterThan(1_000)

  await screen.timeframe('1h').click()
  await expect(screen.timeframe('1h')).toHaveAttribute('aria-checked', 'true')
  // A fresh install holds a week of history: about 169 hourly candles.
  await expect.poll(() => screen.barCount()).toBeLessThan(200)
  expect(await screen.barCount()).toBeGreaterThan(160)

  // Keyboard: a focused row is chosen with Enter.
  await screen.row('SOL/USDT').focus()
  await appPage.keyboard.press('Enter')
  await expect(screen.chartSymbol).toHaveText('SOL/USDT')
})

test('the light theme is one click away and is remembered', async ({ appPage }, testInfo) => {
  const html = appPage.locator('html')
  const dark = (await html.getAttribute('data-theme')) === 'dark'
  await appPage.getByTestId('theme-toggle').click()
  await expect(html).toHaveAttribute('data-theme', dark ? 'light' : 'dark')
  await appPage.reload()
  await expect(html).toHaveAttribute('data-theme', dark ? 'light' : 'dark')
  await appPage.screenshot({ path: testInfo.outputPath(`trading-screen-${dark ? 'light' : 'dark'}.png`) })
})

test('the market watch searches, keeps favourites across a reload, and shows each spread', async ({ appPage }) => {
  const screen = new TradingScreen(appPage)
  await expect(screen.marketRows).toHaveCount(SYMBOLS.length)
  await expect(screen.row('BTC/USDT').getByTestId('spread')).toHaveText(/^\d+\.\d\d$/)
  await appPage.getByTestId('market-search').fill('sol')
  await expect(screen.marketRows).toHaveCount(2)
  await appPage.getByTestId('market-search').fill('')
  await screen.row('ETH/USDT:USDT').getByTestId('favourite').click()
  await appPage.getByTestId('favourites-only').click()
  await expect(screen.marketRows).toHaveCount(1)
  await expect(screen.row('ETH/USDT:USDT')).toBeVisible()
  await appPage.reload()
  await appPage.getByTestId('favourites-only').click()
  await expect(screen.marketRows).toHaveCount(1)
  await expect(screen.row('ETH/USDT:USDT').getByTestId('favourite')).toHaveAttribute('aria-pressed', 'true')
})
