import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { AppCore } from '../../../electron/core/app-core'
import { READ_ONLY_WARNING, WITHDRAW_WARNING } from '../../../electron/venues/ccxt/key-check'
import type { Result } from '../../../shared/contract/result'
import type { ExchangeKeyInfo } from '../../../shared/domain/exchanges'
import { testCore } from '../../support/core'
import { READ_ONLY_RESTRICTIONS, startFakeBinance, type FakeBinance } from '../../support/fake-binance'
import { startFakeOkx } from '../../support/fake-okx'
import { useTempDirs } from '../../support/temp-dir'

// Adding a key checks it with a signed read-only call through the real ccxt client, against
// local exchanges that verify signatures, timestamps, passphrases and IP whitelists the way
// Binance and OKX do. A key the exchange refuses is never stored, and the refusal says why.

const tempDir = useTempDirs()
const KEY = 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A'
const SECRET = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j'
const OKX_KEY = '8d2f5c0e-4a7b-4c1d-9e3f-6b5a4c3d2e1f'
const OKX_SECRET = '5F0A1B2C3D4E5F60718293A4B5C6D7E8'
const PASSPHRASE = 'Correct horse 9!'

let core: AppCore | undefined
let servers: Array<{ close(): Promise<void> }> = []
afterEach(async () => {
  core?.close()
  await Promise.all(servers.map((s) => s.close()))
  core = undefined
  servers = []
})

async function coreAt(host: string) {
  const dir = tempDir()
  core = await testCore(dir, { exchangeApiHost: host })
  const traffic: string[] = []
  core.subscribe((name, payload) => traffic.push(JSON.stringify([name, payload])))
  const call = async <T = ExchangeKeyInfo>(method: string, params: unknown): Promise<Result<T>> => {
    const result = (await (core as AppCore).dispatch(method, params)) as Result<T>
    traffic.push(JSON.stringify(result))
    return result
  }
  return { dir, call, traffic }
}

async function binance(): Promise<FakeBinance & { call: Awaited<ReturnType<typeof coreAt>>['call'] }> {
  const fake = await startFakeBinance({ apiKey: KEY, secret: SECRET })
  servers.push(fake)
  const { call } = await coreAt(fake.url)
  return Object.assign(fake, { call })
}

async function okx(demo = false) {
  const fake = await startFakeOkx({ apiKey: OKX_KEY, secret: OKX_SECRET, passphrase: PASSPHRASE, demo })
  servers.push(fake)
  return { fake, ...(await coreAt(fake.url)) }
}

const binanceKey = (over: Record<string, unknown> = {}) => ({ venue: 'binance', label: 'main', apiKey: KEY, secret: SECRET, ...over })
const okxKey = (over: Record<string, unknown> = {}) => ({ venue: 'okx', label: 'main', apiKey: OKX_KEY, secret: OKX_SECRET, passphrase: PASSPHRASE, ...over })

function refusal<T>(result: Result<T>) {
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.value)}`)
  return result.error
}

describe('adding a Binance key', () => {
  it('checks it with a signed balance read, keeps what the key may do, and stores only a hint', async () => {
    const fake = await binance()
    const call = fake.call
    const saved = await call('exchanges.setKey', binanceKey())
    expect(saved).toEqual({
      ok: true,
      value: {
        venue: 'binance',
        label: 'main',
        apiKeyHint: 'vmPU…Eh8A',
        testnet: false,
        hasPassphrase: false,
        check: {
          at: expect.any(Number),
          ok: true,
          message: 'The key works: 2 assets with a balance.',
          permissions: { trade: false, withdraw: false, ipRestricted: false },
          warnings: [READ_ONLY_WARNING],
        },
      },
    })
    const signed = fake.requests.filter((r) => r.signed).map((r) => r.path)
    expect(signed).toEqual(['/api/v3/account', '/sapi/v1/account/apiRestrictions'])
    expect(fake.unknownPaths).toEqual([])
    expect(await call('exchanges.keys', {})).toEqual({ ok: true, value: [(saved as { value: ExchangeKeyInfo }).value] })
  })

  it('warns when the key can withdraw, and says so again on a later test', async () => {
    const fake = await binance()
    fake.restrictions = { ...READ_ONLY_RESTRICTIONS, enableWithdrawals: true, enableSpotAndMarginTrading: true, ipRestrict: true }
    const saved = await fake.call('exchanges.setKey', binanceKey())
    expect(saved).toMatchObject({ ok: true, value: { check: { permissions: { trade: true, withdraw: true, ipRestricted: true }, warnings: [WITHDRAW_WARNING] } } })
  })

  it('refuses a wrong secret, a wrong key, a foreign IP and a skewed clock, each in its own words, storing nothing', async () => {
    const fake = await binance()
    const wrongSecret = refusal(await fake.call('exchanges.setKey', binanceKey({ secret: `${SECRET.slice(0, -4)}XXXX` })))
    expect(wrongSecret).toMatchObject({ code: 'REJECTED', details: { problem: 'wrong-secret' } })
    expect(wrongSecret.message).toMatch(/^Binance says the request's signature is wrong: the secret does not belong to this API key/)

    const wrongKey = refusal(await fake.call('exchanges.setKey', binanceKey({ apiKey: 'notTheRightKey0000' })))
    expect(wrongKey.message).toMatch(/^Binance refused the key: the key is wrong, this computer's IP address is not on its whitelist, or it lacks a permission/)

    fake.allowedIps = ['203.0.113.7']
    const foreignIp = refusal(await fake.call('exchanges.setKey', binanceKey()))
    expect(foreignIp.message).toContain('request ip: 127.0.0.1')
    fake.allowedIps = undefined

    fake.clockOffsetMs = -90_000
    const skewed = refusal(await fake.call('exchanges.setKey', binanceKey()))
    expect(skewed).toMatchObject({ code: 'REJECTED', details: { problem: 'clock' } })
    expect(skewed.message).toMatch(/^Your computer's clock is off from Binance's/)

    for (const error of [wrongSecret, wrongKey, foreignIp, skewed]) expect(JSON.stringify(error)).not.toContain(SECRET.slice(0, 16))
    expect(await fake.call('exchanges.keys', {})).toEqual({ ok: true, value: [] })
  })

  it('keeps a failed re-test with the key, and a passing one after the fix', async () => {
    const fake = await binance()
    await fake.call('exchanges.setKey', binanceKey())
    fake.allowedIps = ['203.0.113.7']
    const failed = await fake.call('exchanges.testKey', { venue: 'binance', label: 'main' })
    expect(failed).toMatchObject({ ok: true, value: { check: { ok: false, warnings: [] } } })
    expect((failed as { value: ExchangeKeyInfo }).value.check?.message).toMatch(/^Binance refused the key/)
    expect(await fake.call('exchanges.keys', {})).toMatchObject({ ok: true, value: [{ check: { ok: false } }] })

    fake.allowedIps = undefined
    expect(await fake.call('exchanges.testKey', { venue: 'binance', label: 'main' })).toMatchObject({ ok: true, value: { check: { ok: true } } })
    expect(refusal(await fake.call('exchanges.testKey', { venue: 'binance', label: 'other' })).code).toBe('NOT_FOUND')
  })

  it('says the exchange cannot be reached when it does not answer, storing nothing', async () => {
    const fake = await binance()
    await fake.close()
    servers = []
    const error = refusal(await fake.call('exchanges.setKey', binanceKey()))
    expect(error).toMatchObject({ code: 'UNAVAILABLE' })
    expect(error.message).toMatch(/^Binance could not be reached or did not answer in time/)
    expect(await fake.call('exchanges.keys', {})).toEqual({ ok: true, value: [] })
  })
})

describe('adding an OKX key', () => {
  it('signs with key, secret and passphrase; the secret and passphrase reach neither the ledger nor the traffic', async () => {
    const { fake, call, dir, traffic } = await okx()
    fake.perm = ['read_only', 'trade', 'withdraw']
    const saved = await call('exchanges.setKey', okxKey())
    expect(saved).toMatchObject({
      ok: true,
      value: { venue: 'okx', apiKeyHint: '8d2f…2e1f', hasPassphrase: true, testnet: false, check: { ok: true, message: 'The key works: 2 assets with a balance.', warnings: [WITHDRAW_WARNING] } },
    })
    expect(fake.requests.filter((r) => r.signed).map((r) => r.path)).toEqual(['/api/v5/asset/currencies', '/api/v5/account/balance', '/api/v5/account/config'])
    expect(fake.unknownPaths).toEqual([])

    core?.close()
    core = undefined
    const files = ['ledger.sqlite', 'ledger.sqlite-wal'].map((f) => join(dir, f)).filter((f) => existsSync(f))
    expect(files.length).toBeGreaterThan(0)
    for (const file of files) {
      const bytes = readFileSync(file)
      expect(bytes.includes(OKX_SECRET), file).toBe(false)
      expect(bytes.includes(PASSPHRASE), file).toBe(false)
      expect(bytes.includes(OKX_KEY), file).toBe(false)
    }
    // Replies and events: the key's hint only.
    const carrying = traffic.filter((t) => t.includes(OKX_SECRET) || t.includes(PASSPHRASE))
    expect(carrying).toEqual([])
  })

  it('asks for the passphrase, and refuses a wrong one, a foreign IP, a skewed clock and the wrong environment in words', async () => {
    const { fake, call } = await okx()
    const missing = refusal(await call('exchanges.setKey', okxKey({ passphrase: undefined })))
    expect(missing).toMatchObject({ code: 'INVALID_PARAMS', message: 'OKX keys have a passphrase: enter the one you chose when you created the key.' })

    const wrong = refusal(await call('exchanges.setKey', okxKey({ passphrase: 'not it at all' })))
    expect(wrong).toMatchObject({ code: 'REJECTED', details: { problem: 'wrong-passphrase' } })
    expect(wrong.message).toMatch(/^OKX refused the passphrase: enter the passphrase you chose when you created this API key/)

    fake.allowedIps = ['203.0.113.7']
    const ip = refusal(await call('exchanges.setKey', okxKey()))
    expect(ip).toMatchObject({ details: { problem: 'ip-not-allowed' } })
    expect(ip.message).toMatch(/^OKX refused this computer's IP address/)
    fake.allowedIps = undefined

    fake.clockOffsetMs = 45_000
    expect(refusal(await call('exchanges.setKey', okxKey()))).toMatchObject({ details: { problem: 'clock' } })
    fake.clockOffsetMs = 0

    const demoOnLive = refusal(await call('exchanges.setKey', okxKey({ testnet: true })))
    expect(demoOnLive).toMatchObject({ details: { problem: 'wrong-environment' } })
    expect(demoOnLive.message).toMatch(/^This key was made for OKX's other environment/)

    expect(await call('exchanges.keys', {})).toEqual({ ok: true, value: [] })
  })

  it('uses demo trading when Testnet is on', async () => {
    const { call } = await okx(true)
    expect(await call('exchanges.setKey', okxKey({ testnet: true }))).toMatchObject({ ok: true, value: { testnet: true, check: { ok: true } } })
  })
})
