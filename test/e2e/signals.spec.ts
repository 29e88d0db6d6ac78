import { expect, test } from './fixtures'
import { AccountsScreen } from './pages/accounts'
import { SignalsSection } from './pages/signals'
import { freePort, postSignal } from '../support/signals'

test.describe('external signals', () => {
  test('a trader opens the endpoint, makes a channel for an account, and sees a signed signal trade and a forged one refused', async ({ appPage: page }) => {
    const accounts = new AccountsScreen(page)
    await accounts.create('TV desk')
    const signals = new SignalsSection(page)
    await signals.open()
    await expect(signals.status).toHaveText('Off: nothing listens for signals.')

    const port = await freePort()
    await signals.turnOn(port)
    await expect(signals.status).toHaveText(`Listening at http://127.0.0.1:${port} (this computer only).`)

    const secret = await signals.makeChannel('My script', 'Account TV desk')
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const channel = signals.channels.filter({ hasText: 'My script' })
    await expect(channel).toContainText('Account TV desk')
    const url = (await channel.locator('code').first().innerText()).trim()
    expect(url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/signals/\\d+$`))
    // The sender's instructions carry the secret, this once.
    await expect(signals.section.getByRole('group', { name: 'New channel secret' })).toContainText(`openssl dgst -sha256 -hmac '${secret}'`)

    const body = JSON.stringify({ symbol: 'BTC/USDT:USDT', action: 'long', confidence: 0.6, reasoning: 'from my script' })
    expect((await postSignal(url, body, { secret })).status).toBe(200)
    expect((await postSignal(url, body, { secret: 'not-the-secret-but-long-enough-to-look-real' })).status).toBe(401)
    await expect(signals.received.locator('[data-status="accepted"]')).toContainText('BTC/USDT:USDT')
    await expect(signals.received.locator('[data-status="refused"]')).toContainText('The signature does not match')

    // Copied: the secret is gone from the screen, and a reload does not bring it back.
    await signals.section.getByRole('button', { name: 'I have copied it' }).click()
    await expect(signals.secret).toHaveCount(0)
    await page.reload()
    await signals.open()
    await expect(signals.channels.filter({ hasText: 'My script' })).toContainText('secret ••••••••')
    expect(await page.content()).not.toContain(secret)

    await signals.section.getByRole('button', { name: 'Turn signals off' }).click()
    await expect(signals.status).toHaveText('Off: nothing listens for signals.')
    await expect(postSignal(url, body, { secret })).rejects.toThrow()
  })
})
