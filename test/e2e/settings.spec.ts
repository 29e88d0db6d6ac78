import { expect, test } from './fixtures'
import { startFakeOkx } from '../support/fake-okx'
import { startHeadlessHost } from '../support/headless-process'
import { SettingsScreen } from './pages/settings'
import { recordSocketFrames } from './socket-frames'

const API_KEY = '8d2f5c0e-4a7b-4c1d-9e3f-6b5a4c3d2e1f'
const SECRET = '5F0A1B2C3D4E5F60718293A4B5C6D7E8'
const PASSPHRASE = 'Correct horse 9!'

test.describe('exchange keys in Settings', { tag: '@browser' }, () => {
  test('an OKX key: refused in words until right, then shown masked with what it may do, tested, replaced and removed', async ({ chromiumBrowser, dataDir }) => {
    const okx = await startFakeOkx({ apiKey: API_KEY, secret: SECRET, passphrase: PASSPHRASE })
    okx.perm = ['read_only', 'trade', 'withdraw']
    const host = await startHeadlessHost(dataDir, [], { TRADEDESK_EXCHANGE_API_HOST: okx.url })
    try {
      const page = await chromiumBrowser.newPage({ viewport: { width: 1280, height: 800 } })
      const { sent, received } = recordSocketFrames(page)
      await page.goto(host.url)
      const settings = new SettingsScreen(page)
      await settings.open()
      await expect(settings.keysSection).toContainText('No exchange keys stored.')

      const wrong = await settings.addKey({ venue: 'okx', apiKey: API_KEY, secret: SECRET, passphrase: 'my login password' })
      expect(wrong.state).toBe('refused')
      expect(wrong.message).toContain('OKX refused the passphrase: enter the passphrase you chose when you created this API key')
      expect(wrong.message).toContain('Nothing was stored')
      await expect(settings.keys).toHaveCount(0)

      const saved = await settings.addKey({ venue: 'okx', apiKey: API_KEY, secret: SECRET, passphrase: PASSPHRASE })
      expect(saved).toEqual({ state: 'saved', message: 'Saved OKX · main · 8d2f…2e1f to the keychain.' })
      const row = settings.key('okx:main')
      await expect(row).toContainText('OKX · main · 8d2f…2e1f')
      await expect(row.getByTestId('key-check')).toHaveAttribute('data-tone', 'warning')
      await expect(row.getByTestId('key-check')).toContainText('The key works: 2 assets with a balance')
      await expect(row).toContainText('Can trade')
      await expect(row).toContainText('Can withdraw')
      await expect(row.getByTestId('key-warning')).toContainText('This key can withdraw funds.')

      // The exchange starts refusing this computer: a re-test says so, and keeps saying it.
      okx.allowedIps = ['203.0.113.7']
      await settings.testKey('okx:main')
      await expect(row.getByTestId('key-check')).toHaveAttribute('data-tone', 'refused')
      await expect(row.getByTestId('key-check')).toContainText("OKX refused this computer's IP address")
      await page.reload()
      await settings.open()
      await expect(settings.key('okx:main').getByTestId('key-check')).toHaveAttribute('data-tone', 'refused')

      okx.allowedIps = undefined
      okx.perm = ['read_only']
      expect(await settings.replaceKey('okx:main', { apiKey: API_KEY, secret: SECRET, passphrase: PASSPHRASE })).toMatchObject({ state: 'saved' })
      await expect(settings.key('okx:main').getByTestId('key-check')).toHaveAttribute('data-tone', 'warning')
      await expect(settings.key('okx:main')).toContainText('Read-only')
      await expect(settings.key('okx:main')).not.toContainText('Can withdraw')

      await settings.removeKey('okx:main')
      await expect(settings.keys).toHaveCount(0)

      // The secret and passphrase went out only inside the requests that store a key; nothing came back.
      const carrying = sent.filter((t) => t.includes(SECRET) || t.includes(PASSPHRASE))
      expect(carrying.length).toBe(3)
      for (const frame of carrying) expect(frame).toContain('exchanges.setKey')
      expect(received.some((t) => t.includes(SECRET) || t.includes(PASSPHRASE) || t.includes(API_KEY))).toBe(false)
      const html = await page.content()
      expect(html).not.toContain(SECRET)
      expect(html).not.toContain(PASSPHRASE)
    } finally {
      await host.stop()
      await okx.close()
    }
  })
})
