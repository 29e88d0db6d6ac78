import type { Locator, Page } from '@playwright/test'

export interface KeyFields {
  /** The exchange's value in the select ("binance", "okx"). */
  venue?: string
  label?: string
  apiKey: string
  secret: string
  passphrase?: string
  testnet?: boolean
}

/**
 * The Settings screen's exchange keys, as a trader uses them: by roles and labels. A
 * stored key's row carries data-key="venue:name"; its check line carries data-tone
 * (ok, warning, refused, untested).
 */
export class SettingsScreen {
  readonly keysSection: Locator
  readonly keys: Locator
  readonly saved: Locator

  constructor(readonly page: Page) {
    this.keysSection = page.getByRole('region', { name: 'Exchange keys' })
    this.keys = this.keysSection.getByTestId('exchange-keys').locator('li[data-key]')
    this.saved = this.keysSection.getByTestId('key-saved')
  }

  async open(): Promise<void> {
    await this.page.getByRole('tablist', { name: 'Screen' }).getByRole('tab', { name: 'Settings', exact: true }).click()
    await this.keysSection.getByRole('button', { name: 'Add a key' }).waitFor()
  }

  key(id: string): Locator {
    return this.keysSection.locator(`li[data-key="${id}"]`)
  }

  /**
   * Adds a key and waits for the exchange's verdict: 'saved' with the confirmation, or
   * 'refused' with the reason in words (the form stays open, its secret fields emptied).
   */
  async addKey(fields: KeyFields): Promise<{ state: 'saved' | 'refused'; message: string }> {
    const add = this.keysSection.getByRole('button', { name: 'Add a key' })
    if (await add.isVisible()) await add.click()
    const form = this.keysSection.getByRole('form', { name: 'Add an exchange key' })
    if (fields.venue !== undefined) await form.getByLabel('Exchange', { exact: true }).selectOption(fields.venue)
    await form.getByLabel('Key name', { exact: true }).fill(fields.label ?? 'main')
    return this.submit(form, fields, 'Check and save')
  }

  /** Replaces a stored key's key, secret (and passphrase) under the same name. */
  async replaceKey(id: string, fields: KeyFields): Promise<{ state: 'saved' | 'refused'; message: string }> {
    const row = this.key(id)
    await row.getByRole('button', { name: /^Replace / }).click()
    return this.submit(row.getByRole('form', { name: /^Replace / }), fields, 'Check and replace')
  }

  /** Runs the key's check again and waits for its new outcome. */
  async testKey(id: string): Promise<void> {
    const row = this.key(id)
    const test = row.getByRole('button', { name: /^Test / })
    await test.click()
    await row.getByRole('button', { name: /^Test / }).and(this.page.locator(':not([disabled])')).waitFor()
  }

  async removeKey(id: string): Promise<void> {
    const row = this.key(id)
    await row.getByRole('button', { name: /^Remove / }).click()
    await row.getByRole('button', { name: 'Remove key', exact: true }).click()
    await row.waitFor({ state: 'detached' })
  }

  private async submit(form: Locator, fields: KeyFields, button: string): Promise<{ state: 'saved' | 'refused'; message: string }> {
    await form.getByLabel('API key', { exact: true }).fill(fields.apiKey)
    await form.getByLabel('API secret', { exact: true }).fill(fields.secret)
    if (fields.passphrase !== undefined) await form.getByLabel('Passphrase', { exact: true }).fill(fields.passphrase)
    if (fields.testnet !== undefined) await form.getByRole('checkbox', { name: /^Testnet/ }).setChecked(fields.testnet)
    await form.getByRole('button', { name: button, exact: true }).click()
    const refusal = form.getByRole('alert')
    await Promise.race([form.waitFor({ state: 'detached' }), refusal.waitFor()])
    if (await refusal.isVisible()) return { state: 'refused', message: (await refusal.innerText()).trim() }
    return { state: 'saved', message: (await this.saved.isVisible()) ? (await this.saved.innerText()).trim() : '' }
  }
}
