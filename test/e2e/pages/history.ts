import { readFile } from 'node:fs/promises'
import type { Locator, Page } from '@playwright/test'

export type HistoryTab = 'Trades' | 'Fills' | 'Orders'
export type HistoryExport = 'Trades CSV' | 'Fills CSV' | 'Ledger CSV' | 'Koinly CSV'
export type HistoryFilterLabel = 'Account' | 'Venue' | 'Symbol' | 'Side' | 'Source' | 'From (UTC)' | 'To (UTC)' | 'Result' | 'Tag' | 'Search'

/**
 * The History & Analytics screen as a trader uses it: by roles and labels. Its tables are
 * virtualized and paged (only rows in view are in the DOM); a table's `data-total` is how
 * many rows match the filters. Trade rows carry data-trade-id, data-outcome, data-symbol.
 */
export class HistoryScreen {
  readonly screenTabs: Locator
  readonly root: Locator
  readonly filters: Locator
  readonly filterProblem: Locator
  readonly trades: Locator
  readonly fills: Locator
  readonly orders: Locator
  readonly analytics: Locator
  readonly equityChart: Locator
  readonly calendar: Locator
  /** Progress and outcome of exports, imports and backups started from the toolbar. */
  readonly jobs: Locator
  readonly tradeDetail: Locator
  readonly tradeChart: Locator
  readonly tradeFills: Locator
  readonly tradeLedger: Locator
  readonly tags: Locator
  readonly newTag: Locator
  readonly tagsStatus: Locator
  readonly note: Locator
  readonly noteStatus: Locator
  readonly importDialog: Locator
  readonly backupsDialog: Locator

  constructor(readonly page: Page) {
    this.screenTabs = page.getByRole('tablist', { name: 'Screen' })
    this.root = page.getByTestId('history-screen')
    this.filters = page.getByRole('search', { name: 'History filters' })
    this.filterProblem = this.filters.getByRole('alert')
    this.trades = page.getByTestId('history-trades')
    this.fills = page.getByTestId('history-fills')
    this.orders = page.getByTestId('history-orders')
    this.analytics = page.getByTestId('history-analytics')
    this.equityChart = page.getByTestId('history-equity-chart')
    this.calendar = page.getByTestId('pnl-calendar')
    this.jobs = this.root.getByRole('region', { name: 'Exports, imports and backups' }).getByTestId('history-job')
    this.tradeDetail = page.getByTestId('trade-detail')
    this.tradeChart = this.tradeDetail.getByTestId('trade-chart')
    this.tradeFills = this.tradeDetail.getByTestId('trade-fills')
    this.tradeLedger = this.tradeDetail.getByTestId('trade-ledger')
    this.tags = this.tradeDetail.getByTestId('trade-tags').locator('li[data-tag]')
    this.newTag = this.tradeDetail.getByLabel('New tag')
    this.tagsStatus = this.tradeDetail.getByTestId('tags-status')
    this.note = this.tradeDetail.getByLabel('Note', { exact: true })
    this.noteStatus = this.tradeDetail.getByTestId('note-status')
    this.importDialog = page.getByTestId('import-dialog')
    this.backupsDialog = page.getByTestId('backups-dialog')
  }

  /** Switches the workspace to History and waits for the first page of trades. */
  async open(): Promise<void> {
    await this.screenTabs.getByRole('tab', { name: 'History', exact: true }).click()
    await this.trades.and(this.page.locator('[data-total]')).waitFor()
  }

  async openTrading(): Promise<void> {
    await this.screenTabs.getByRole('tab', { name: 'Trading', exact: true }).click()
  }

  tab(name: HistoryTab): Locator {
    return this.root.getByRole('tablist', { name: 'Trade history' }).getByRole('tab', { name: new RegExp(`^${name}`) })
  }

  async showTab(name: HistoryTab): Promise<void> {
    await this.tab(name).click()
  }

  filter(label: HistoryFilterLabel): Locator {
    return this.filters.getByLabel(label, { exact: true })
  }

  /** Narrows the history to one symbol (as the filter lists it, e.g. "BTC/USDT:USDT"). */
  async filterBySymbol(symbol: string): Promise<void> {
    await this.filter('Symbol').selectOption(symbol)
  }

  /** Types into the search box (the screen asks again 200 ms after the last key). */
  async search(text: string): Promise<void> {
    await this.filter('Search').fill(text)
  }

  async clearFilters(): Promise<void> {
    await this.filters.getByRole('button', { name: 'Clear filters' }).click()
  }

  /** How many rows match the filters in a table, once its first page has arrived. */
  async total(table: Locator): Promise<number> {
    await table.and(this.page.locator('[data-total]')).waitFor()
    return Number(await table.getAttribute('data-total'))
  }

  /** Body rows of a table that have loaded (placeholders excluded). */
  rows(table: Locator): Locator {
    return table.locator('.vt-body [role="row"][data-index]:not(:has(.hx-loading))')
  }

  tradeRow(id: number): Locator {
    return this.trades.locator(`.vt-body [role="row"][data-trade-id="${id}"]`)
  }

  tradeRowsOf(symbol: string): Locator {
    return this.trades.locator(`.vt-body [role="row"][data-symbol="${symbol}"]`)
  }

  cell(row: Locator, column: string): Locator {
    return row.locator(`[data-col="${column}"]`)
  }

  /** Sorts the trades by a column header (Symbol, Closed, Net P&L, Fees): ascending, descending, then back to newest first. */
  async sortTradesBy(header: 'Symbol' | 'Closed' | 'Net P&L' | 'Fees'): Promise<void> {
    await this.trades.getByRole('columnheader', { name: header }).getByRole('button').click()
  }

  /** Opens a trade's detail (by row, or the nth loaded trade row) and waits for it to load. */
  async openTrade(row: Locator | number = 0): Promise<void> {
    const target = typeof row === 'number' ? this.rows(this.trades).nth(row) : row
    await target.click()
    await this.tradeDetail.getByRole('region', { name: 'Journal' }).waitFor()
  }

  async closeTrade(): Promise<void> {
    await this.tradeDetail.getByRole('button', { name: 'Close', exact: true }).click()
    await this.tradeDetail.waitFor({ state: 'detached' })
  }

  /** Adds a tag to the open trade and waits until the core has saved it. */
  async addTag(tag: string): Promise<void> {
    await this.newTag.fill(tag)
    await this.tradeDetail.getByRole('button', { name: 'Add tag' }).click()
    await this.tradeDetail.getByTestId('trade-tags').locator(`li[data-tag="${tag}"]`).waitFor()
  }

  async removeTag(tag: string): Promise<void> {
    await this.tradeDetail.getByRole('button', { name: `Remove tag ${tag}` }).click()
    await this.tradeDetail.getByTestId('trade-tags').locator(`li[data-tag="${tag}"]`).waitFor({ state: 'detached' })
  }

  /** Writes the open trade's note and saves it; waits for "Note saved" (or an error, left for the spec to read). */
  async saveNote(text: string): Promise<void> {
    await this.note.fill(text)
    await this.tradeDetail.getByRole('button', { name: 'Save note' }).click()
    await this.noteStatus.and(this.page.locator('[data-state="saved"], [data-state="error"]')).waitFor()
  }

  /** A figure of the analytics grid by its id (net, win-rate, profit-factor, max-drawdown, sharpe, ...). */
  figure(id: string): Locator {
    return this.analytics.getByTestId(`figure-${id}`).locator('dd').first()
  }

  /**
   * Exports the filtered history and returns the file the browser downloads once the job
   * has finished: its name and its text (without the byte-order mark the CSV starts with).
   */
  async exportCsv(kind: HistoryExport = 'Trades CSV'): Promise<{ name: string; text: string }> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.root.getByRole('button', { name: kind, exact: true }).click()])
    const text = await readFile(await download.path(), 'utf8')
    return { name: download.suggestedFilename(), text: text.replace(/^\uFEFF/, '') }
  }

  /**
   * Imports a CSV file through the dialog and waits for the outcome: the job's final state
   * (finished, failed, canceled) and message, or 'refused' with the request's error.
   * The dialog stays open.
   */
  async importCsv(options: { file: string; account: string; venue?: string; format?: 'TradeDesk CSV' | 'Binance CSV (trade history)' }): Promise<{ state: string; message: string }> {
    await this.root.getByRole('button', { name: 'Import…' }).click()
    const dialog = this.importDialog
    if (options.format !== undefined) await dialog.getByLabel('Format').selectOption({ label: options.format })
    await dialog.getByLabel('Account name').fill(options.account)
    if (options.venue !== undefined) await dialog.getByLabel('Venue').fill(options.venue)
    await dialog.getByLabel('CSV file', { exact: true }).setInputFiles(options.file)
    await dialog.getByRole('button', { name: /^Import/ }).last().click()
    const outcome = dialog.locator('[data-testid="history-job"]:not([data-state="running"]), [data-testid="import-error"]').first()
    await outcome.waitFor()
    const state = (await outcome.getAttribute('data-state')) ?? 'refused'
    const message = state === 'refused' ? outcome : outcome.getByTestId('job-message')
    return { state, message: (await message.innerText()).trim() }
  }

  /** Opens the import dialog (unless it is open) on its "From an exchange" mode. */
  async openExchangeImport(): Promise<Locator> {
    const dialog = this.importDialog
    if (!(await dialog.isVisible())) await this.root.getByRole('button', { name: 'Import…' }).click()
    await dialog.getByRole('radio', { name: 'From an exchange' }).check()
    return dialog
  }

  /**
   * Imports an exchange account's fills through the dialog and waits for the outcome, as
   * importCsv does: the job's final state (finished, failed, canceled) and message, or
   * 'refused' with the error shown before or instead of a job. `key` is the key's name
   * (a binance key) or "venue:name"; `markets` as typed ("BTC/USDT, ETH/USDT") or a list;
   * `since` a yyyy-mm-dd UTC day. The dialog stays open.
   */
  async importFromExchange(options: { key: string; account?: string; markets: string | string[]; since?: string }): Promise<{ state: string; message: string }> {
    const dialog = await this.openExchangeImport()
    const id = options.key.includes(':') ? options.key : `binance:${options.key}`
    await dialog.getByLabel('Key', { exact: true }).selectOption(id)
    if (options.account !== undefined) await dialog.getByLabel('Account name', { exact: true }).fill(options.account)
    await dialog.getByLabel('Markets', { exact: true }).fill(typeof options.markets === 'string' ? options.markets : options.markets.join(', '))
    if (options.since !== undefined) await dialog.getByLabel('Since (UTC)', { exact: true }).fill(options.since)
    await dialog.getByRole('button', { name: 'Import from exchange', exact: true }).click()
    const outcome = dialog.locator('[data-testid="history-job"]:not([data-state="running"]), [data-testid="import-error"]').first()
    await outcome.waitFor()
    const state = (await outcome.getAttribute('data-state')) ?? 'refused'
    // A job without a message of its own still says Done / Canceled / Failed.
    const message = state === 'refused' ? outcome : outcome.locator('.hx-job-message')
    return { state, message: (await message.innerText()).trim() }
  }

  async closeDialog(dialog: Locator): Promise<void> {
    await dialog.getByRole('button', { name: 'Close', exact: true }).click()
  }
}
