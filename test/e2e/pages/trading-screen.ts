import type { Locator, Page } from '@playwright/test'

/** What a trader sees on the main screen, by what it means rather than how it is built. */
export class TradingScreen {
  readonly marketRows: Locator
  readonly chart: Locator
  readonly chartSymbol: Locator
  readonly legend: Locator
  readonly banner: Locator
  readonly statusHost: Locator
  readonly statusFeed: Locator
  readonly statusConnection: Locator

  constructor(readonly page: Page) {
    this.marketRows = page.locator('tr.market-row')
    this.chart = page.getByTestId('chart')
    this.chartSymbol = page.locator('.chart-symbol')
    this.legend = page.getByTestId('chart-legend')
    this.banner = page.getByTestId('connection-banner')
    this.statusHost = page.getByTestId('status-host')
    this.statusFeed = page.getByTestId('status-feed')
    this.statusConnection = page.getByTestId('status-connection')
  }

  row(symbol: string): Locator {
    return this.page.locator(`tr.market-row[data-symbol="${symbol}"]`)
  }

  lastPrice(symbol: string): Promise<string> {
    return this.row(symbol).getByTestId('last-price').innerText()
  }

  timeframe(tf: string): Locator {
    return this.page.getByRole('radio', { name: tf, exact: true })
  }

  /** Number of candles the chart loaded from history. */
  async barCount(): Promise<number> {
    return Number(await this.chart.getAttribute('data-bars'))
  }
}
