import { expect, test } from './fixtures'
import { startFakeBinance } from '../support/fake-binance'
import { startHeadlessHost } from '../support/headless-process'
import { readCandleCsv, sharedDataFile } from '../support/shared-data'
import { BacktestsScreen } from './pages/backtests'

test.describe('backtests', () => {
  test('set up a strategy, have bad parameters refused by field, run it on the app’s history and on a CSV, read a report, compare and delete', async ({ appPage: page }) => {
    const screen = new BacktestsScreen(page)
    await screen.open()
    await expect(page.getByText('No backtests yet')).toBeVisible()

    // The fast EMA must be the shorter one: refused next to the field, nothing run.
    await screen.fill({ 'Fast EMA': '30', 'Slow EMA': '20' })
    await screen.run()
    await expect(screen.form.getByRole('alert')).toHaveText('The fast EMA must be shorter than the slow one')
    await expect(screen.runs).toHaveCount(0)

    await screen.fill({ 'Fast EMA': '5', 'Slow EMA': '20', 'Run name (optional)': 'EMA 5/20 perp' })
    await screen.field('Also trade short').check()
    await screen.choose('Stop-loss', 'atr')
    await screen.choose('Market', 'BTC/USDT:USDT')
    await screen.choose('Candles', '5m')
    await screen.run()
    const ema = screen.row('EMA 5/20 perp')
    await expect(ema).toHaveAttribute('data-status', 'done', { timeout: 30_000 })
    await expect(ema).toContainText('Done')
    await screen.openReport('EMA 5/20 perp')
    await expect(screen.report).toContainText('EMA crossover (Fast EMA 5 · Slow EMA 20')
    await expect(screen.report.getByTestId('figure-net')).toBeVisible()
    await expect(screen.report.getByTestId('history-equity-chart')).toBeVisible()
    expect(Number(await screen.report.getByTestId('backtest-trades').getAttribute('data-row-count'))).toBeGreaterThan(0)
    await expect(screen.report.getByTestId('backtest-decisions')).toContainText('EMA5')

    // A candle file from the shared data: daily BTC, RSI mean reversion on it.
    await screen.choose('Strategy', 'rsi-reversion')
    await screen.form.getByLabel('A candle CSV file').check()
    await screen.fill({ 'CSV file (path)': sharedDataFile('candles/binance_spot_BTCUSDT_1d_2017-08-17_2026-01-05.csv'), 'Run name (optional)': 'RSI daily' })
    await screen.choose('Market', 'BTC/USDT')
    await screen.choose('Candles', '1d')
    await screen.run()
    const rsi = screen.row('RSI daily')
    await expect(rsi).toHaveAttribute('data-status', 'done', { timeout: 30_000 })
    await expect(rsi).toContainText('2017-08-17 → 2026-01-05')

    await ema.getByRole('checkbox').check()
    await rsi.getByRole('checkbox').check()
    await expect(screen.comparison).toContainText('Comparing 2 runs')
    await expect(screen.comparison.getByRole('columnheader')).toHaveText(['Figure', 'RSI daily', 'EMA 5/20 perp'])
    await expect(screen.comparison.locator('[data-best]').first()).toBeVisible()

    await rsi.getByRole('button', { name: 'Delete RSI daily' }).click()
    await expect(screen.runs).toHaveCount(1)
    await expect(screen.comparison).toHaveCount(0)
  })
})

test.describe('parameter sweeps', () => {
  test('a trader sweeps two EMA lengths over the app’s history: a run per combination, then compares them', async ({ appPage: page }) => {
    test.setTimeout(90_000)
    const screen = new BacktestsScreen(page)
    await screen.open()
    await screen.form.getByLabel('Sweep parameters (a run per combination, on worker threads)').check()
    await screen.fill({ 'Fast EMA': '3, 30', 'Slow EMA': '20' })
    await screen.form.getByRole('button', { name: 'Run sweep' }).click()
    await expect(screen.form.getByRole('alert')).toHaveText('Sweep: The fast EMA must be shorter than the slow one (with fast 30)')
    await expect(screen.runs).toHaveCount(0)

    await screen.fill({ 'Fast EMA': '3, 5', 'Slow EMA': '10, 20', 'Run name (optional)': 'EMA sweep' })
    await screen.choose('Market', 'BTC/USDT:USDT')
    await screen.choose('Candles', '5m')
    await screen.form.getByRole('button', { name: 'Run sweep' }).click()
    await expect(screen.runs).toHaveCount(4)
    for (const name of ['EMA sweep · Fast EMA 3 · Slow EMA 10', 'EMA sweep · Fast EMA 3 · Slow EMA 20', 'EMA sweep · Fast EMA 5 · Slow EMA 10', 'EMA sweep · Fast EMA 5 · Slow EMA 20']) {
      await expect(screen.row(name)).toHaveAttribute('data-status', 'done', { timeout: 60_000 })
      await screen.row(name).getByRole('checkbox').check()
    }
    await expect(screen.comparison).toContainText('Comparing 4 runs')
  })
})

test.describe('backtests on downloaded candles', { tag: '@browser' }, () => {
  test('a trader downloads Binance hours through ccxt and backtests them; the next run reads them offline', async ({ chromiumBrowser, dataDir }) => {
    const fake = await startFakeBinance({ apiKey: 'unused-key-000', secret: 'unused-secret-000', klines: { BTCUSDT: { '1h': readCandleCsv('candles/binance_spot_BTCUSDT_1h_2018-01-01_2026-05-16.csv') } } })
    const host = await startHeadlessHost(dataDir, [], { TRADEDESK_EXCHANGE_API_HOST: fake.url })
    try {
      const page = await chromiumBrowser.newPage({ viewport: { width: 1280, height: 800 } })
      await page.goto(host.url)
      const screen = new BacktestsScreen(page)
      await screen.open()
      await screen.choose('Strategy', 'breakout')
      await screen.form.getByLabel('Download from an exchange').check()
      await screen.choose('Exchange', 'binance')
      await screen.fill({ 'From (UTC)': '2024-01-01', 'To (UTC)': '2024-07-01', Market: 'BTC/USDT', 'Run name (optional)': 'Breakout H1' })
      await screen.choose('Candles', '1h')
      await screen.run()
      const run = screen.row('Breakout H1')
      await expect(run).toHaveAttribute('data-status', 'done', { timeout: 30_000 })
      await expect(run).toContainText('2024-01-01 → 2024-06-30')
      const downloads = fake.requests.filter((r) => r.path === '/api/v3/klines').length
      expect(downloads).toBeGreaterThan(0)

      await screen.fill({ 'Run name (optional)': 'Breakout H1 again' })
      await screen.run()
      await expect(screen.row('Breakout H1 again')).toHaveAttribute('data-status', 'done', { timeout: 30_000 })
      expect(fake.requests.filter((r) => r.path === '/api/v3/klines').length).toBe(downloads)
      await screen.openReport('Breakout H1 again')
      await expect(screen.report).toContainText('BTC/USDT 1h from Binance')
    } finally {
      await host.stop()
      await fake.close()
    }
  })
})
