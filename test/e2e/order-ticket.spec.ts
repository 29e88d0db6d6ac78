import type { Page, TestInfo } from '@playwright/test'
import type { Account } from '../../shared/domain/trading'
import { tiersFromText } from '../../shared/trading/margin-tiers'
import { initialMargin, liquidationPrice, notional, tradingFee } from '../../shared/trading/margin'
import { atoms, formatAtoms } from '../../shared/trading/money'
import { expect, test as base } from './fixtures'
import { EngineClient } from '../support/engine-client'
import { OrderTicketPanel } from './pages/order-ticket'
import { TradingScreen } from './pages/trading-screen'

const PERP = 'BTC/USDT:USDT'

interface Desk {
  page: Page
  engine: EngineClient
  account: Account
  ticket: OrderTicketPanel
  screen: TradingScreen
}

/**
 * The headless host with a paper account made through the contract before the page opens
 * (so the page selects it), the page at 1280x800, and a Node-side probe on the engine.
 * Browser only: the probe speaks the host's WebSocket.
 */
const test = base.extend<{ desk: Desk }>({
  desk: async ({ host, chromiumBrowser }, use) => {
    const engine = await EngineClient.connect(host)
    const account = await engine.must('accounts.create', { name: 'Ticket desk', startingBalance: '10000' })
    const page = await chromiumBrowser.newPage({ viewport: { width: 1280, height: 800 } })
    await page.goto(host.url)
    const screen = new TradingScreen(page)
    const ticket = new OrderTicketPanel(page)
    await screen.row(PERP).click()
    await expect(ticket.symbol).toContainText('BTC/USDT')
    await expect(ticket.symbol).toContainText('PERP')
    await use({ page, engine, account, ticket, screen })
    engine.close()
    await page.close()
  },
})

async function snapshot(page: Page, ticket: OrderTicketPanel, testInfo: TestInfo, name: string): Promise<void> {
  const whole = await page.screenshot({ path: testInfo.outputPath(`${name}.png`) })
  const panel = await ticket.root.screenshot({ path: testInfo.outputPath(`${name}-ticket.png`) })
  await testInfo.attach(name, { body: whole, contentType: 'image/png' })
  await testInfo.attach(`${name}-ticket`, { body: panel, contentType: 'image/png' })
}

async function useTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  if ((await page.locator('html').getAttribute('data-theme')) !== theme) await page.getByTestId('theme-toggle').click()
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme)
}

test('a market buy with stop-loss and take-profit: the live preview, Enter sends it, the engine holds the position and its brackets @browser', async ({ desk }, testInfo) => {
  const { page, engine, account, ticket } = desk
  const instrument = (await engine.must('markets.list', {})).find((s) => s.instrument.symbol === PERP)!.instrument

  // Where things are before anything is typed: the preview and the button must not move as it fills in.
  const layout = () =>
    Promise.all(
      [ticket.preview('liquidation'), ticket.preview('reward'), ticket.submit, ticket.amount].map(async (l) => {
        const box = await l.boundingBox()
        return [box?.y, box?.height]
      }),
    )
  const empty = await layout()
  await ticket.amount.fill('0.1')
  await expect(ticket.leverage).toHaveValue('10')
  await expect(ticket.submit).toBeEnabled()
  await expect(ticket.submit).toHaveText('Buy / Long 0.100 BTC')

  // The preview is the shared maths on the price it shows: notional, margin at 10x, the taker fee, liquidation.
  const shown = await ticket.previewValues()
  const price = atoms(shown.price)
  const value = notional(price, atoms('0.1'))
  const margin = initialMargin(value, 10)
  const fee = tradingFee(value, atoms(instrument.takerFee))
  const tiers = tiersFromText(instrument.maintenanceTiers!)
  expect(shown.notional).toBe(formatAtoms(value))
  expect(shown.margin).toBe(formatAtoms(margin))
  expect(shown.fee).toBe(formatAtoms(fee))
  expect(shown.required).toBe(formatAtoms(margin + fee))
  expect(shown.liquidation).toBe(formatAtoms(liquidationPrice({ side: 'long', entryPrice: price, quantity: atoms('0.1'), isolatedMargin: margin, tiers })!))
  expect(shown.texts.required).toMatch(/ \/ 10,000\.00$/)

  // Brackets 1 % and 2 % from the entry, typed as percentages.
  await ticket.unit('Stop-loss unit', '%').check()
  await ticket.stopLoss.fill('1')
  await ticket.unit('Take-profit unit', '%').check()
  await ticket.takeProfit.fill('2')
  await expect(ticket.preview('risk')).toHaveText(/\d.* · 0\.\d\d %/)
  await expect(ticket.preview('reward')).toHaveText(/\d · 1 : 1\.\d\d$/)
  await expect(page.getByTestId('ot-hint-sl')).toHaveText(/^[\d,]+\.\d$/)
  expect(await layout()).toEqual(empty)
  await useTheme(page, 'dark')
  await snapshot(page, ticket, testInfo, 'ticket-market-buy-dark')
  await useTheme(page, 'light')
  await snapshot(page, ticket, testInfo, 'ticket-market-buy-light')

  // Enter in the take-profit field sends the order.
  await ticket.takeProfit.press('Enter')
  await expect(ticket.result).toHaveAttribute('data-status', 'filled')
  await expect(ticket.result).toHaveText(/^Order \d+ filled · Buy 0\.100 BTC\/USDT:USDT at [\d,]+\.\d+ · SL\/TP attached$/)
  const orderId = Number(await ticket.result.getAttribute('data-order-id'))

  // The engine holds the position and the two bracket legs; the store has it too (the ticket locks leverage).
  const [position] = await engine.must('positions.list', { accountId: account.id })
  expect(position).toMatchObject({ symbol: PERP, side: 'long', amount: '0.1', leverage: 10 })
  const legs = (await engine.must('orders.list', { accountId: account.id, open: true })).filter((o) => o.parentOrderId === orderId)
  expect(legs.map((o) => o.type).sort()).toEqual(['stop_market', 'take_profit_market'])
  const stop = atoms(legs.find((o) => o.type === 'stop_market')!.triggerPrice!)
  const target = atoms(legs.find((o) => o.type === 'take_profit_market')!.triggerPrice!)
  const entry = atoms(position!.entryPrice)
  expect(stop < entry && entry < target).toBe(true)
  await expect(ticket.leverage).toBeDisabled()
  await expect(ticket.leverageNote).toHaveText('locked: long 0.1 open')

  // The form stays for the next order.
  await expect(ticket.amount).toHaveValue('0.1')
  await expect(ticket.stopLoss).toHaveValue('1')
  await useTheme(page, 'dark')
  await snapshot(page, ticket, testInfo, 'ticket-confirmed-dark')
})

test('invalid input is explained at the field before anything is sent, and the submit stays disabled @browser', async ({ desk }, testInfo) => {
  const { page, engine, account, ticket } = desk
  await ticket.amount.fill('0.0005')
  await expect(ticket.amountHint).toHaveText('Not a multiple of the step 0.001 BTC: use 0.001.')
  await expect(ticket.amount).toHaveAttribute('aria-invalid', 'true')
  await expect(ticket.submit).toBeDisabled()
  await expect(ticket.issue).toHaveAttribute('data-rule', 'amount_step')

  await ticket.amount.fill('abc')
  await expect(ticket.amountHint).toHaveText('Amount: Not a number')
  await expect(ticket.submit).toBeDisabled()

  // Arrow keys step on the grid: from nothing to one step.
  await ticket.amount.fill('')
  await ticket.amount.press('ArrowUp')
  await expect(ticket.amount).toHaveValue('0.001')
  await expect(ticket.submit).toBeEnabled()

  // A huge order at 1x: the margin it needs, what is available and by how much it falls short.
  await ticket.leverage.fill('1')
  await ticket.amount.fill('1')
  await expect(ticket.issue).toHaveAttribute('data-rule', 'insufficient_margin')
  await expect(ticket.issue).toHaveText(/^Needs [\d.]+ USDT \(margin at 1x plus fee\); 10000 is available \(short by [\d.]+\)\.$/)
  await expect(ticket.submit).toBeDisabled()

  // A stop-loss on the wrong side of a long's entry.
  await ticket.amount.fill('0.01')
  await ticket.leverage.fill('10')
  await ticket.stopLoss.fill('999999')
  await expect(page.getByTestId('ot-hint-sl')).toHaveText(/^A long's stop-loss must be below the entry [\d.]+\.$/)
  await expect(ticket.submit).toBeDisabled()

  // Leverage above the account's limit.
  await ticket.stopLoss.fill('')
  await ticket.leverage.fill('50')
  await expect(ticket.leverageNote).toHaveText("50x is above this account's limit of 10x.")
  await expect(ticket.submit).toBeDisabled()
  await useTheme(page, 'dark')
  await snapshot(page, ticket, testInfo, 'ticket-invalid-dark')
  await useTheme(page, 'light')
  await snapshot(page, ticket, testInfo, 'ticket-invalid-light')

  // Keyboard: Tab walks the fields in reading order, S and B switch the side when no text field has focus.
  await ticket.amount.focus()
  await page.keyboard.press('Tab')
  await expect(ticket.unit('Amount unit', 'BTC')).toBeFocused()
  await page.keyboard.press('Tab')
  await expect(ticket.leverage).toBeFocused()
  await ticket.side('buy').focus()
  await page.keyboard.press('s')
  await expect(ticket.side('sell')).toBeChecked()
  await expect(ticket.submit).toHaveText(/^Sell \/ Short/)
  await page.keyboard.press('b')
  await expect(ticket.side('buy')).toBeChecked()

  // Nothing reached the engine.
  expect(await engine.must('orders.list', { accountId: account.id })).toEqual([])
})

test('the engine’s refusal comes back as its own words @browser', async ({ desk }, testInfo) => {
  const { page, engine, account, ticket } = desk
  // The account's position limit is the engine's to enforce; the ticket only warns.
  await engine.must('accounts.setRisk', { accountId: account.id, maxPositionNotional: '1000' })
  await ticket.leverage.fill('1')
  await ticket.amount.fill('0.1')
  await expect(ticket.issue).toHaveText(/above this account's limit of 1000\.$/)
  await expect(ticket.issue).toHaveAttribute('data-rule', 'max_position_notional')
  await expect(ticket.submit).toBeEnabled()
  await ticket.submit.click()
  await expect(ticket.result).toHaveAttribute('data-status', 'refused')
  await expect(ticket.result).toHaveText(/^The BTC\/USDT:USDT position would be worth [\d.]+ USDT, above this account's limit of 1000\.$/)
  expect(await engine.must('positions.list', { accountId: account.id })).toEqual([])

  // A limit order rests and is confirmed as open; the keyboard alone places it.
  await engine.must('accounts.setRisk', { accountId: account.id, maxPositionNotional: null })
  await ticket.type('Limit').check()
  await expect(ticket.price).not.toHaveValue('')
  const bid = atoms(await ticket.price.inputValue())
  await ticket.price.press('ArrowDown')
  await expect(ticket.price).toHaveValue(formatAtoms(bid - atoms('0.1')))
  // 2 % under the bid, on the tick, so it rests for the rest of the test.
  const limit = ((bid * 98n) / 100n / atoms('0.1')) * atoms('0.1')
  await ticket.price.fill(formatAtoms(limit))
  await ticket.amount.fill('0.01')
  await ticket.amount.press('Enter')
  await expect(ticket.result).toHaveAttribute('data-status', 'open')
  await expect(ticket.previewSection).toHaveAttribute('data-price', formatAtoms(limit))
  await expect(ticket.previewSection).toHaveAttribute('data-liquidity', 'maker')
  const open = await engine.must('orders.list', { accountId: account.id, open: true })
  expect(open).toHaveLength(1)
  expect(open[0]).toMatchObject({ type: 'limit', side: 'buy', amount: '0.01', leverage: 1, price: formatAtoms(limit), timeInForce: 'GTC' })
  await useTheme(page, 'dark')
  await snapshot(page, ticket, testInfo, 'ticket-limit-dark')
})

test('spot: an amount in USDT becomes coins on the step, a buy carries its take-profit, a sell trails @browser', async ({ desk }, testInfo) => {
  const { page, engine, account, ticket, screen } = desk
  await screen.row('BTC/USDT').click()
  await expect(ticket.symbol).toContainText('SPOT')
  await expect(ticket.leverage).toBeDisabled()
  await expect(ticket.leverageNote).toHaveText('spot: 1×')
  await expect(ticket.root.getByRole('checkbox', { name: 'Reduce-only' })).toBeDisabled()

  // 100 USDT at the ask, rounded down to the 0.00001 step.
  await ticket.unit('Amount unit', 'USDT').check()
  await ticket.amount.fill('100')
  await expect(ticket.amountHint).toHaveText(/^= 0\.00\d{3} BTC, rounded down to the step 0\.00001$/)
  await ticket.unit('Take-profit unit', '%').check()
  await ticket.takeProfit.fill('5')
  await expect(ticket.preview('liquidation')).toHaveText('n/a (spot)')
  await ticket.submit.click()
  await expect(ticket.result).toHaveAttribute('data-status', 'filled')
  const bought = (await engine.must('fills.list', { accountId: account.id }))[0]!
  const price = atoms(bought.price)
  // What was bought is at most 100 USDT's worth, and one step more would have been over.
  expect(notional(price, atoms(bought.amount)) <= atoms('100')).toBe(true)
  expect(notional(price, atoms(bought.amount) + atoms('0.00001')) > atoms('100')).toBe(true)
  const legs = await engine.must('orders.list', { accountId: account.id, open: true })
  expect(legs).toMatchObject([{ type: 'take_profit_market', side: 'sell', amount: bought.amount }])

  // A sell carries no brackets on spot; a trailing stop shows where it would trigger now.
  await ticket.side('sell').check()
  await expect(ticket.stopLoss).toBeDisabled()
  await expect(page.getByTestId('ot-hint-sl')).toHaveAttribute('title', 'On spot, a stop-loss and take-profit protect a buy')
  // The coins just bought are held by the take-profit, as the engine counts them.
  await expect(ticket.amountHint).toHaveText(`Not enough BTC: 0 is free to sell (${bought.amount} more is held by working sell orders).`)
  await ticket.type('Trail').check()
  await page.locator('#ot-trailing').fill('1')
  await expect(page.getByTestId('ot-hint-price')).toHaveText(/^Trigger now [\d,.]+, trailing the last price [\d,.]+$/)
  await useTheme(page, 'light')
  await snapshot(page, ticket, testInfo, 'ticket-spot-trailing-light')
})

test('without a paper account the ticket says so and cannot send @browser', async ({ host, chromiumBrowser }, testInfo) => {
  const page = await chromiumBrowser.newPage({ viewport: { width: 1280, height: 800 } })
  await page.goto(host.url)
  const ticket = new OrderTicketPanel(page)
  await expect(ticket.root).toBeVisible()
  await expect(page.locator('#ot-footer-message')).toHaveText('No paper account selected: create or choose one to trade.')
  await expect(ticket.amount).toBeDisabled()
  await expect(ticket.submit).toBeDisabled()
  await snapshot(page, ticket, testInfo, 'ticket-no-account')
})
