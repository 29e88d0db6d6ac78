import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from './fixtures'
import { EngineClient } from '../support/engine-client'
import { seedTrades, startFakeBinance } from '../support/fake-binance'
import { startHeadlessHost } from '../support/headless-process'
import { HistoryScreen } from './pages/history'
import { SettingsScreen } from './pages/settings'
import { recordSocketFrames } from './socket-frames'

const PERP = 'BTC/USDT:USDT'
const FILLS_HEADER = 'Trade ID,Order ID,Time (UTC),Symbol,Side,Price,Amount,Fee,Fee asset,Liquidity,Realized P&L,Account'
/** A closed BTC perpetual trade (long 0.2 from 50,000 to 51,000) and an open ETH spot buy, from an exchange's history. */
const EXCHANGE_FILLS = [
  FILLS_HEADER,
  'x1,o1,2024-08-05T08:00:00.000Z,BTC/USDT:USDT,buy,50000,0.2,5,USDT,taker,0,',
  'x2,o2,2024-08-05T09:00:00.000Z,BTC/USDT:USDT,sell,51000,0.2,5.1,USDT,taker,0,',
  'x3,o3,2024-08-06T10:00:00.000Z,ETH/USDT,buy,2500,1,2.5,USDT,maker,0,',
  '',
].join('\r\n')

/** Splits one CSV line of our exports (fields quoted only when they hold a comma or a quote). */
function fields(line: string): string[] {
  const out: string[] = []
  const pattern = /("(?:[^"]|"")*"|[^,]*)(,|$)/g
  for (const match of line.matchAll(pattern)) {
    const raw = match[1] ?? ''
    out.push(raw.startsWith('"') ? raw.slice(1, -1).replaceAll('""', '"') : raw)
    if (match[2] === '') break
  }
  return out
}

test.describe('trade history, offline', { tag: '@browser' }, () => {
  test('import, filter, open a trade, journal it, and export what the ledger holds', async ({ host, chromiumBrowser, dataDir }) => {
    const engine = await EngineClient.connect(host)
    // A paper round trip on the live simulator, next to an imported exchange history.
    const account = await engine.must('accounts.create', { name: 'Paper desk' })
    await engine.must('orders.place', { accountId: account.id, symbol: PERP, side: 'buy', type: 'market', amount: '0.01', leverage: 5 })
    await engine.must('positions.close', { accountId: account.id, symbol: PERP })

    const page = await chromiumBrowser.newPage({ viewport: { width: 1280, height: 800 } })
    await page.goto(host.url)
    const history = new HistoryScreen(page)
    await history.open()
    expect(await history.total(history.trades)).toBe(1)

    const file = join(dataDir, 'exchange-fills.csv')
    writeFileSync(file, EXCHANGE_FILLS)
    const imported = await history.importCsv({ file, account: 'Exchange archive', venue: 'binance' })
    expect(imported).toEqual({ state: 'finished', message: 'Imported 3 fills into Exchange archive.' })
    await history.closeDialog(history.importDialog)
    const again = await history.importCsv({ file, account: 'Exchange archive', venue: 'binance' })
    expect(again.message).toBe('Imported 0 fills into Exchange archive; 3 were already in the ledger and were skipped.')
    await history.closeDialog(history.importDialog)
    await expect(history.trades).toHaveAttribute('data-total', '3')

    // Filter to the perpetual: the paper trade and the imported one.
    await history.filterBySymbol(PERP)
    await expect(history.trades).toHaveAttribute('data-total', '2')
    const importedTrade = history.tradeRowsOf(PERP).and(page.locator('[data-outcome="win"]')).filter({ hasText: 'Exchange archive' })
    await history.openTrade(importedTrade)
    await expect(history.tradeFills.getByRole('row')).toHaveCount(3) // header + two fills
    await history.addTag('breakout')
    await history.saveNote('Took profit at the round number')
    await expect(history.noteStatus).toHaveAttribute('data-state', 'saved')
    await history.closeTrade()

    // The journal is searchable.
    await history.clearFilters()
    await history.search('round number')
    await expect(history.trades).toHaveAttribute('data-total', '1')
    await expect(history.figure('net')).toContainText('189.9')

    // The export of that filter is what the ledger holds, note and tag included.
    const exported = await history.exportCsv('Trades CSV')
    expect(exported.name).toMatch(/^trades-\d{8}-\d{6}-\d{3}\.csv$/)
    const [header, ...rows] = exported.text.trimEnd().split('\r\n')
    const ledger = await engine.must('history.trades', { filter: { search: 'round number' }, offset: 0, limit: 10 })
    expect(fields(header ?? '')).toContain('Net P&L')
    expect(rows.map(fields)).toEqual(
      ledger.rows.map((t) => [
        String(t.id), t.accountName, t.source, t.venue, t.symbol, t.side,
        new Date(t.openedAt).toISOString(), t.closedAt === undefined ? '' : new Date(t.closedAt).toISOString(),
        t.maxAmount, t.entryPrice, t.exitPrice ?? '', t.grossPnl, t.fees, t.funding, t.netPnl, t.outcome, t.tags.join('; '), t.note ?? '',
      ]),
    )
    expect(ledger.rows[0]).toMatchObject({ netPnl: '189.9', tags: ['breakout'], note: 'Took profit at the round number' })
    engine.close()
  })

  test('an exchange account read through ccxt: the key, added in Settings, goes to the keychain, shown masked, and never back to the page', async ({ chromiumBrowser, dataDir }) => {
    const apiKey = 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A'
    const secret = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j'
    const exchange = await startFakeBinance({ apiKey, secret, trades: seedTrades({ symbol: 'BTCUSDT', count: 60, from: Date.UTC(2026, 0, 5) }) })
    const host = await startHeadlessHost(dataDir, [], { TRADEDESK_EXCHANGE_API_HOST: exchange.url })
    try {
      const page = await chromiumBrowser.newPage({ viewport: { width: 1280, height: 800 } })
      const frames = recordSocketFrames(page)
      await page.goto(host.url)
      const settings = new SettingsScreen(page)
      await settings.open()
      expect(await settings.addKey({ venue: 'binance', label: 'main', apiKey, secret })).toMatchObject({ state: 'saved' })
      const history = new HistoryScreen(page)
      await history.open()
      await history.openExchangeImport()
      await expect(history.importDialog).toContainText('vmPU…Eh8A')
      const outcome = await history.importFromExchange({ key: 'main', markets: 'BTC/USDT', since: '2026-01-01' })
      expect(outcome).toMatchObject({ state: 'finished', message: expect.stringContaining('Imported 60 fills from binance (main) into Binance main.') })
      await history.closeDialog(history.importDialog)
      await history.showTab('Fills')
      await expect(history.fills).toHaveAttribute('data-total', '60')
      // The secret crossed the socket once, to be stored; it never came back.
      expect(frames.sent.filter((t) => t.includes(secret))).toHaveLength(1)
      expect(frames.sent.filter((t) => t.includes(secret))[0]).toContain('exchanges.setKey')
      expect(frames.received.some((t) => t.includes(secret))).toBe(false)
      expect(await page.content()).not.toContain(secret)
    } finally {
      await host.stop()
      await exchange.close()
    }
  })
})
