import type { Locator, Page } from '@playwright/test'

/** The Backtests screen as a trader uses it: the set-up form by its labels, runs by their row. */
export class BacktestsScreen {
  readonly form: Locator
  readonly runs: Locator
  readonly report: Locator
  readonly comparison: Locator

  constructor(readonly page: Page) {
    this.form = page.getByRole('form', { name: 'New backtest' })
    this.runs = page.getByRole('table', { name: 'Backtest runs' }).locator('tbody tr')
    this.report = page.getByTestId('backtest-report')
    this.comparison = page.getByTestId('backtest-comparison')
  }

  async open(): Promise<void> {
    await this.page.getByRole('tablist', { name: 'Screen' }).getByRole('tab', { name: 'Backtests', exact: true }).click()
    await this.form.waitFor()
  }

  field(label: string): Locator {
    return this.form.getByLabel(label, { exact: true })
  }

  async choose(label: string, option: string): Promise<void> {
    await this.field(label).selectOption(option)
  }

  async fill(values: Readonly<Record<string, string>>): Promise<void> {
    for (const [label, value] of Object.entries(values)) await this.field(label).fill(value)
  }

  async run(): Promise<void> {
    await this.form.getByRole('button', { name: 'Run backtest' }).click()
  }

  async openReport(name: string): Promise<void> {
    await this.row(name).getByRole('button', { name, exact: true }).click()
  }

  /** A run's row by its name (the newest run is first). */
  row(name: string): Locator {
    return this.runs.filter({ has: this.page.getByRole('button', { name, exact: true }) })
  }
}
