import type { Locator, Page } from '@playwright/test'

/**
 * The price chart as a trader uses it. The chart draws on a canvas; its price lines and
 * fill markers are mirrored in visually hidden lists (`chart-lines`, `chart-markers`),
 * each line item carrying its kind, exact price, order id and its y on the chart (px
 * from the top of the price pane, kept current by the chart).
 */
export class ChartPanel {
  readonly canvas: Locator
  readonly lines: Locator
  readonly markers: Locator
  readonly confirmation: Locator
  readonly alert: Locator

  constructor(readonly page: Page) {
    this.canvas = page.getByTestId('chart')
    this.lines = page.getByTestId('chart-lines').locator('li')
    this.markers = page.getByTestId('chart-markers').locator('li')
    this.confirmation = page.getByTestId('chart-confirm')
    this.alert = page.getByTestId('chart-alert')
  }

  lineOf(kind: 'entry' | 'liquidation' | 'stop-loss' | 'take-profit' | 'order'): Locator {
    return this.page.getByTestId('chart-lines').locator(`li[data-kind="${kind}"]`)
  }

  lineForOrder(orderId: number): Locator {
    return this.page.getByTestId('chart-lines').locator(`li[data-order-id="${orderId}"]`)
  }

  /** The keyboard's handle on a draggable line (the panel appears when one is focused). */
  keyboardButton(lineId: string): Locator {
    return this.page.getByTestId('chart-keys').locator(`button[data-line-id="${lineId}"]`)
  }

  /** Milliseconds from the history's arrival to the first frame painted with it (set once painted). */
  async renderMs(): Promise<number> {
    return Number(await this.canvas.getAttribute('data-render-ms'))
  }

  /** Where a line is now, in page coordinates (the middle of the price pane, at the line's height). */
  async pointOf(line: Locator): Promise<{ x: number; y: number }> {
    const box = await this.canvas.boundingBox()
    if (box === null) throw new Error('the chart is not on screen')
    const y = Number(await line.getAttribute('data-y'))
    return { x: box.x + box.width * 0.45, y: box.y + y }
  }

  /**
   * Drags a line by `dy` pixels (down is positive) with the mouse and drops it: hovers it
   * until the chart says it holds that line (cursor ns-resize), presses, moves, releases.
   */
  async dragLine(line: Locator, dy: number): Promise<void> {
    const id = await line.getAttribute('data-line-id')
    let start = await this.pointOf(line)
    for (let attempt = 0; ; attempt++) {
      await this.page.mouse.move(start.x, start.y)
      if ((await this.canvas.getAttribute('data-hover-line')) === id) break
      if (attempt === 20) throw new Error(`line ${id} could not be grabbed at y=${start.y}`)
      await this.page.waitForTimeout(50)
      start = await this.pointOf(line)
    }
    await this.page.mouse.down()
    await this.page.mouse.move(start.x, start.y + dy, { steps: 8 })
    await this.page.mouse.up()
  }

  /** Drags a line onto another line's height (plus `offset` px). */
  async dragLineTo(line: Locator, target: Locator, offset = 0): Promise<void> {
    const from = await this.pointOf(line)
    const to = await this.pointOf(target)
    await this.dragLine(line, to.y + offset - from.y)
  }
}
