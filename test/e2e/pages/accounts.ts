import type { Locator, Page } from '@playwright/test'

/** The account bar, its dialogs, the balance panel and the notifications, as a trader sees them. */
export class AccountsScreen {
  readonly accountSelect: Locator
  readonly newAccount: Locator
  readonly editAccount: Locator
  readonly resetAccount: Locator
  readonly archiveAccount: Locator
  readonly killSwitch: Locator
  readonly tradingState: Locator
  readonly resume: Locator
  readonly dialog: Locator
  readonly dialogConfirm: Locator
  readonly dialogError: Locator
  readonly bell: Locator
  readonly unreadCount: Locator
  readonly centre: Locator
  readonly centreItems: Locator
  readonly toasts: Locator
  readonly equity: Locator
  readonly wallet: Locator
  readonly available: Locator
  readonly marginUsed: Locator
  readonly unrealized: Locator
  readonly realizedToday: Locator
  readonly feesToday: Locator
  readonly equityChart: Locator
  readonly themeToggle: Locator

  constructor(readonly page: Page) {
    this.accountSelect = page.getByTestId('account-select')
    this.newAccount = page.getByTestId('account-new')
    this.editAccount = page.getByTestId('account-edit')
    this.resetAccount = page.getByTestId('account-reset')
    this.archiveAccount = page.getByTestId('account-archive')
    this.killSwitch = page.getByTestId('kill-switch')
    this.tradingState = page.getByTestId('trading-state')
    this.resume = page.getByTestId('resume-trading')
    this.dialog = page.getByRole('dialog').filter({ has: page.getByTestId('dialog-confirm') })
    this.dialogConfirm = this.dialog.getByTestId('dialog-confirm')
    this.dialogError = this.dialog.getByTestId('dialog-error')
    this.bell = page.getByTestId('notification-bell')
    this.unreadCount = page.getByTestId('notification-count')
    this.centre = page.getByTestId('notification-center')
    this.centreItems = this.centre.getByTestId('notification')
    this.toasts = page.getByTestId('toast')
    this.equity = page.getByTestId('balance-equity')
    this.wallet = page.getByTestId('balance-wallet')
    this.available = page.getByTestId('balance-available')
    this.marginUsed = page.getByTestId('balance-margin')
    this.unrealized = page.getByTestId('balance-unrealized')
    this.realizedToday = page.getByTestId('balance-realized-today')
    this.feesToday = page.getByTestId('balance-fees-today')
    this.equityChart = page.getByTestId('equity-chart')
    this.themeToggle = page.getByTestId('theme-toggle')
  }

  /** A labelled field of the open account dialog. */
  field(label: string): Locator {
    return this.dialog.getByLabel(label, { exact: true })
  }

  fieldError(name: string): Locator {
    return this.dialog.getByTestId(`error-${name}`)
  }

  toast(text: string | RegExp): Locator {
    return this.toasts.filter({ hasText: text })
  }

  /** Creates a paper account of 10,000 USDT through its dialog; it becomes the selected one. */
  async create(name: string): Promise<void> {
    await this.newAccount.click()
    await this.field('Name').fill(name)
    await this.field('Starting balance').fill('10000')
    await this.dialogConfirm.click()
    await this.accountSelect.locator('option:checked', { hasText: name }).waitFor({ state: 'attached' })
  }

  /** The name of the account the switcher shows. */
  selectedAccountName(): Promise<string> {
    return this.accountSelect.locator('option:checked').innerText()
  }

  async setTheme(theme: 'light' | 'dark'): Promise<void> {
    const current = await this.page.evaluate(() => document.documentElement.dataset.theme)
    if (current !== theme) await this.themeToggle.click()
  }
}

