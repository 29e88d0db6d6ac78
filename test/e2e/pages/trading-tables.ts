import type { Locator, Page } from '@playwright/test'
import type { ParamsOf, RequestName, Result, ResultOf } from '../../../shared/contract'
import type { HeadlessHost } from '../../support/headless-process'
import { openProbe, type Probe } from '../../support/ws-client'

/**
 * A second client of the headless host, Node-side: it creates accounts and places orders
 * the way a bot would, while the page under test watches the engine's events arrive.
 */
export class EngineClient {
  private nextId = 1

  private constructor(private readonly probe: Probe) {}

  static async connect(host: HeadlessHost): Promise<EngineClient> {
    const token = new URL(host.url).hash.replace('#token=', '')
    return new EngineClient(await openProbe(host.port, { token }))
  }

  async request<K extends RequestName>(method: K, params: ParamsOf<K>): Promise<Result<ResultOf<K>>> {
    const id = this.nextId++
    const reply = this.probe.next((m) => m.type === 'reply' && m.id === id, 15_000)
    this.probe.ws.send(JSON.stringify({ id, method, params }))
    const message = await reply
    // Replies are kept by the probe; drop them so hundreds of requests stay cheap to match.
    this.probe.messages.length = 0
    return (message as { result: Result<ResultOf<K>> }).result
  }

  /** The request's value; a refusal fails the test with the engine's message. */
  async must<K extends RequestName>(method: K, params: ParamsOf<K>): Promise<ResultOf<K>> {
    const result = await this.request(method, params)
    if (!result.ok) throw new Error(`${method} refused: ${result.error.message}`)
    return result.value
  }

  close(): void {
    this.probe.ws.close()
  }
}

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
