import type { Locator, Page } from '@playwright/test'

/** The Bots screen as a trader uses it: the set-up form by its labels, bots by their row. */
export class BotsScreen {
  readonly form: Locator
  readonly rows: Locator
  readonly decisions: Locator

  constructor(readonly page: Page) {
    this.form = page.getByRole('form', { name: 'New bot' })
    this.rows = page.getByRole('table', { name: 'Bots' }).locator('tbody tr')
    this.decisions = page.getByTestId('bot-decisions')
  }

  async open(): Promise<void> {
    await this.page.getByRole('tablist', { name: 'Screen' }).getByRole('tab', { name: 'Bots', exact: true }).click()
    await this.form.waitFor()
  }

  field(label: string): Locator {
    return this.form.getByLabel(label, { exact: true })
  }

  row(name: string): Locator {
    return this.rows.filter({ has: this.page.getByRole('button', { name, exact: true }) })
  }

  async control(name: string, action: 'Start' | 'Pause' | 'Stop' | 'Duplicate' | 'Delete'): Promise<void> {
    await this.row(name).getByRole('button', { name: `${action} ${name}`, exact: true }).click()
  }
}
