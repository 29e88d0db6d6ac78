import { expect, test } from './fixtures'

test.describe('health', { tag: '@browser' }, () => {
  test('the health page shows each part of the app and what went wrong; the host serves /health to anyone and /metrics with its token', async ({ host, chromiumBrowser }) => {
    const page = await chromiumBrowser.newPage({ viewport: { width: 1280, height: 800 } })
    await page.goto(host.url)
    await page.getByRole('tablist', { name: 'Screen' }).getByRole('tab', { name: 'Health', exact: true }).click()
    await expect(page.getByTestId('health-status')).toHaveAttribute('data-status', 'ok')
    await expect(page.getByTestId('health-status')).toContainText('Everything works.')
    const row = (id: string) => page.getByRole('table', { name: 'Components' }).locator(`tr[data-component="${id}"]`)
    await expect(row('feed')).toHaveAttribute('data-state', 'ok')
    await expect(row('feed')).toContainText('Simulator')
    await expect(row('ledger')).toContainText('write-ahead log')
    await expect(row('signals')).toHaveAttribute('data-state', 'off')
    // The page's own polling shows up as requests.
    await expect(row('requests')).toContainText(/[1-9]\d* answered/)

    const origin = new URL(host.url).origin
    const health = await fetch(`${origin}/health`)
    expect(health.status).toBe(200)
    expect(await health.json()).toMatchObject({ status: 'ok', components: { feed: 'ok', ledger: 'ok', signals: 'off' } })
    expect((await fetch(`${origin}/metrics`)).status).toBe(401)
    const token = new URL(host.url).hash.replace('#token=', '')
    const metrics = await fetch(`${origin}/metrics`, { headers: { Authorization: `Bearer ${token}` } })
    expect(await metrics.text()).toMatch(/tradedesk_requests_total\{method="health\.get"\} [1-9]/)
  })
})
