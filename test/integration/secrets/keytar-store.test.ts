import { randomBytes } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { KeytarSecretStore, loadKeytar } from '../../../electron/secrets/keytar-store'

// A real OS keychain: on Linux, `npm test` runs this under a private D-Bus session with an
// unlocked gnome-keyring (scripts/test.mjs). A missing keychain fails here, loudly.
const service = `TradeDesk-test-${randomBytes(4).toString('hex')}`
const store = new KeytarSecretStore(service, loadKeytar())
const account = 'exchange:binance:main'

afterAll(async () => {
  await store.delete(account)
})

describe('secrets in the OS keychain', () => {
  it('stores, reads back in the main process, and deletes a secret', async () => {
    expect(await store.has(account)).toBe(false)
    await store.set(account, 'api-secret-Ω-1234')
    expect(await store.has(account)).toBe(true)
    expect(await store.get(account)).toBe('api-secret-Ω-1234')
    await store.set(account, 'replaced')
    expect(await store.get(account)).toBe('replaced')
    expect(await store.delete(account)).toBe(true)
    expect(await store.get(account)).toBeUndefined()
    expect(await store.delete(account)).toBe(false)
  })

  it('keeps secrets of different services apart', async () => {
    const other = new KeytarSecretStore(`${service}-other`, loadKeytar())
    await store.set(account, 'mine')
    expect(await other.get(account)).toBeUndefined()
    await store.delete(account)
  })

  it('refuses empty accounts and secrets', async () => {
    await expect(store.set('', 'x')).rejects.toThrow()
    await expect(store.set(account, '')).rejects.toThrow()
  })
})
