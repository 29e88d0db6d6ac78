import type { Locator, Page } from '@playwright/test'

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

