import type { Locator, Page } from '@playwright/test'

/** The Settings screen's Signals section, as a trader uses it. */
export class SignalsSection {
  readonly section: Locator
  readonly status: Locator
  readonly channels: Locator
  readonly received: Locator
  readonly secret: Locator

  constructor(readonly page: Page) {
    this.section = page.getByRole('region', { name: 'Signals' })
    this.status = this.section.getByTestId('signal-endpoint-status')
    this.channels = this.section.getByTestId('signal-channels').locator('li')
    this.received = this.section.getByTestId('signals-received')
    this.secret = this.section.getByTestId('signal-secret')
  }

  async open(): Promise<void> {
    await this.page.getByRole('tablist', { name: 'Screen' }).getByRole('tab', { name: 'Settings', exact: true }).click()
    await this.status.waitFor()
  }

  /** Moves the endpoint to `port`, then turns it on. */
  async turnOn(port: number): Promise<void> {
    await this.section.getByLabel('Port').fill(String(port))
    await this.section.getByRole('button', { name: 'Apply' }).click()
    await this.section.getByRole('button', { name: 'Apply' }).and(this.page.locator(':disabled')).waitFor()
    await this.section.getByRole('button', { name: 'Turn signals on' }).click()
  }

  /** Makes a channel and returns the secret it shows once. */
  async makeChannel(name: string, target: string): Promise<string> {
    const form = this.section.getByRole('form', { name: 'New signal channel' })
    await form.getByLabel('Channel name').fill(name)
    await form.getByLabel('Trades for').selectOption({ label: target })
    await form.getByRole('button', { name: 'Make channel' }).click()
    return this.secret.innerText()
  }
}
