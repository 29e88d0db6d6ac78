import type { Locator, Page } from '@playwright/test'
import type { ParamsOf, RequestName, ResultOf } from '../../../shared/contract'
import type { Result } from '../../../shared/contract/result'
import type { HeadlessHost } from '../../support/headless-process'
import { openProbe, type Probe } from '../../support/ws-client'

export type TicketPreviewField = 'price' | 'notional' | 'margin' | 'fee' | 'required' | 'liquidation' | 'risk' | 'reward'

/** The order ticket as a trader uses it: by labels and roles, with the preview's exact figures. */
export class OrderTicketPanel {
  readonly root: Locator
  readonly symbol: Locator
  readonly amount: Locator
  readonly price: Locator
  readonly trigger: Locator
  readonly leverage: Locator
  readonly leverageNote: Locator
  readonly stopLoss: Locator
  readonly takeProfit: Locator
  readonly submit: Locator
  readonly result: Locator
  readonly issue: Locator
  readonly amountHint: Locator
  readonly previewSection: Locator

  constructor(readonly page: Page) {
    this.root = page.getByTestId('order-ticket')
    this.symbol = page.getByTestId('ot-symbol')
    this.amount = this.root.getByLabel('Amount', { exact: true })
    this.price = this.root.locator('#ot-price')
    this.trigger = this.root.locator('#ot-trigger')
    this.leverage = this.root.getByLabel('Leverage', { exact: true })
    this.leverageNote = page.getByTestId('ot-leverage-note')
    this.stopLoss = this.root.getByRole('textbox', { name: 'Stop-loss' })
    this.takeProfit = this.root.getByRole('textbox', { name: 'Take-profit' })
    this.submit = page.getByTestId('ot-submit')
    this.result = page.getByTestId('ot-result')
    this.issue = page.getByTestId('ot-issue')
    this.amountHint = page.getByTestId('ot-hint-amount')
    this.previewSection = this.root.getByRole('region', { name: 'Order preview' })
  }

  side(side: 'buy' | 'sell'): Locator {
    return this.root.getByRole('radiogroup', { name: 'Side' }).locator(`input[value="${side}"]`)
  }

  type(label: 'Market' | 'Limit' | 'Stop' | 'Stop lim' | 'Trail'): Locator {
    return this.root.getByRole('radiogroup', { name: 'Order type' }).getByRole('radio', { name: label, exact: true })
  }

  unit(group: 'Amount unit' | 'Stop-loss unit' | 'Take-profit unit', label: string): Locator {
    return this.root.getByRole('radiogroup', { name: group }).getByRole('radio', { name: label, exact: true })
  }

  preview(field: TicketPreviewField): Locator {
    return this.page.getByTestId(`ot-${field}`)
  }

  /** Every preview figure at one instant (the market moves between two separate reads). */
  async previewValues(): Promise<Record<TicketPreviewField, string> & { texts: Record<string, string> }> {
    return this.root.locator('.ot-preview').evaluate((section) => {
      const values: Record<string, string> = {}
      const texts: Record<string, string> = {}
      for (const dd of Array.from(section.querySelectorAll<HTMLElement>('dd[data-testid]'))) {
        const key = (dd.dataset.testid ?? '').replace(/^ot-/, '')
        values[key] = dd.dataset.value ?? ''
        texts[key] = dd.textContent ?? ''
      }
      values.price = section.dataset.price ?? ''
      return { ...values, texts } as Record<TicketPreviewField, string> & { texts: Record<string, string> }
    })
  }
}

/** The engine from the test's side: contract requests over the headless host's WebSocket. */
export class EngineProbe {
  private nextId = 1

  private constructor(private readonly probe: Probe) {}

  static async open(host: HeadlessHost): Promise<EngineProbe> {
    const token = new URL(host.url).hash.replace(/^#token=/, '')
    return new EngineProbe(await openProbe(host.port, { token }))
  }

  async result<K extends RequestName>(method: K, params: ParamsOf<K>): Promise<Result<ResultOf<K>>> {
    const id = this.nextId++
    this.probe.ws.send(JSON.stringify({ id, method, params }))
    const reply = await this.probe.next((m) => m.type === 'reply' && m.id === id, 10_000)
    if (reply.type !== 'reply') throw new Error('not a reply')
    return reply.result as Result<ResultOf<K>>
  }

  async request<K extends RequestName>(method: K, params: ParamsOf<K>): Promise<ResultOf<K>> {
    const result = await this.result(method, params)
    if (!result.ok) throw new Error(`${method} failed: ${result.error.message}`)
    return result.value
  }

  close(): void {
    this.probe.ws.close()
  }
}
