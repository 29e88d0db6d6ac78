import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { expect, test } from './fixtures'
import { TradingScreen } from './pages/trading-screen'

test.describe('in the browser', { tag: '@browser' }, () => {
  test('the page runs under its CSP without a violation and hides the token from the address bar', async ({
    chromiumBrowser,
    host,
  }) => {
    const page = await chromiumBrowser.newPage()
    await page.addInitScript(() => {
      const w = window as unknown as { cspViolations: string[] }
      w.cspViolations = []
      document.addEventListener('securitypolicyviolation', (e) => w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`))
    })
    const failed: string[] = []
    page.on('response', (r) => {
      if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`)
    })
    await page.goto(host.url)
    await expect(new TradingScreen(page).statusConnection).toHaveText('Connected')
    expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([])
    expect(failed).toEqual([])
    expect(page.url()).not.toContain('token')
    // A reload in the same tab keeps working (the token stays in this tab's session only).
    await page.reload()
    await expect(new TradingScreen(page).statusConnection).toHaveText('Connected')
  })

  test('a page from another origin cannot use the engine, even holding the token', async ({ chromiumBrowser, host }) => {
    const token = new URL(host.url).hash.replace('#token=', '')
    const evil = createServer((_req, res) => res.end('<!doctype html><title>evil</title>'))
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve))
    const evilPort = (evil.address() as AddressInfo).port
    const page = await chromiumBrowser.newPage()
    await page.goto(`http://127.0.0.1:${evilPort}/`)
    const outcome = await page.evaluate(
      ([port, t]) =>
        new Promise<string>((resolve) => {
          const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, ['tradedesk.v1', `token.${t}`])
          ws.onopen = () => resolve('opened')
          ws.onclose = () => resolve('refused')
        }),
      [host.port, token] as const,
    )
    expect(outcome).toBe('refused')
    evil.close()
  })
})

test.describe('in the desktop app', { tag: '@desktop' }, () => {
  test('the page gets exactly the contract and nothing of Node or Electron', async ({ appPage }) => {
    await expect(new TradingScreen(appPage).statusConnection).toHaveText('Connected')
    const exposed = await appPage.evaluate(() => ({
      api: Object.keys((window as unknown as { tradeDesk: object }).tradeDesk).sort(),
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
    }))
    expect(exposed).toEqual({ api: ['request', 'subscribe'], require: 'undefined', process: 'undefined' })
  })

  test('the window cannot navigate away or open new windows', async ({ appPage }) => {
    await expect(new TradingScreen(appPage).statusConnection).toHaveText('Connected')
    const opened = await appPage.evaluate(() => window.open('https://example.com') === null)
    expect(opened).toBe(true)
    await appPage.evaluate(() => {
      window.location.href = 'https://example.com/'
    })
    await appPage.waitForTimeout(500)
    expect(appPage.url()).toMatch(/^app:\/\/renderer\//)
  })
})
