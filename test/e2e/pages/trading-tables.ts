import type { Locator, Page } from '@playwright/test'

export type TabName = 'Positions' | 'Open orders' | 'Order history' | 'Fills' | 'Ledger'

/** The bottom tabs as a trader sees them. */
export class TradingTables {
  readonly root: Locator
  readonly tabList: Locator
  readonly notice: Locator
  readonly positions: Locator
  readonly openOrders: Locator
  readonly orderHistory: Locator
  readonly fills: Locator
  readonly ledger: Locator

  constructor(readonly page: Page) {
    this.root = page.getByRole('region', { name: 'Positions and orders' })
    this.tabList = this.root.getByRole('tablist')
    this.notice = this.root.getByTestId('tables-notice')
    this.positions = page.getByTestId('positions-table')
    this.openOrders = page.getByTestId('open-orders-table')
    this.orderHistory = page.getByTestId('order-history-table')
    this.fills = page.getByTestId('fills-table')
    this.ledger = page.getByTestId('ledger-table')
  }

  tab(name: TabName): Locator {
    return this.tabList.getByRole('tab', { name: new RegExp(`^${name}\\s*\\d+$`) })
  }

  async open(name: TabName): Promise<void> {
    await this.tab(name).click()
  }

  /** The count in a tab's label. */
  async count(name: TabName): Promise<number> {
    const text = await this.tab(name).innerText()
    return Number(/(\d+)\s*$/.exec(text)?.[1])
  }

  /** Body rows of a table (only those in the DOM: the table is virtualized). */
  bodyRows(table: Locator): Locator {
    return table.locator('.vt-body [role="row"]')
  }

  positionRow(symbol: string): Locator {
    return this.positions.locator(`.vt-body [role="row"][data-symbol="${symbol}"]`)
  }

  orderRow(table: Locator, orderId: number): Locator {
    return table.locator(`.vt-body [role="row"][data-order-id="${orderId}"]`)
  }

  cell(row: Locator, column: string): Locator {
    return row.locator(`[data-col="${column}"]`)
  }

  /** Scrolls a table's body by `pixels` (or to the end), as a wheel would. */
  async scroll(table: Locator, to: 'end' | number): Promise<void> {
    await table.locator('.vt-scroll').evaluate((el, target) => {
      el.scrollTop = target === 'end' ? el.scrollHeight : target
    }, to)
  }
}
