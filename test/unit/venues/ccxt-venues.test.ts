import { describe, expect, it } from 'vitest'
import { credentialProblem, toAppError } from '../../../electron/venues/ccxt/ccxt-errors'
import { PERMISSION_PROBES } from '../../../electron/venues/ccxt/key-check'
import { apiUrlsAt, createExchange, venueInfo } from '../../../electron/venues/ccxt/venues'
import { EXCHANGE_VENUE_NAMES, EXCHANGE_VENUES, type ExchangeVenue } from '../../../shared/domain/exchanges'

// The venue catalog is configuration over ccxt: these checks hold it to ccxt's own tables,
// and run each exchange's real error handler (ccxt's handleErrors) over the bodies the
// exchanges document, so a refused key is explained the same way on every venue.

const SECRET = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j'

/** What ccxt throws for `body`, as the exchange's HTTP reply `status`. */
function thrown(venue: ExchangeVenue, status: number, body: object): unknown {
  const exchange = createExchange(venue, { apiKey: 'k'.repeat(16), secret: SECRET, password: 'pass' })
  const text = JSON.stringify(body)
  try {
    exchange.handleErrors(status, 'reason', 'https://example.invalid/api', 'GET', {}, text, body, {}, undefined)
    exchange.handleHttpStatusCode(status, 'reason', 'https://example.invalid/api', 'GET', text)
  } catch (error) {
    return error
  }
  throw new Error(`ccxt accepted ${text}`)
}

describe('the venue catalog', () => {
  it('builds every listed exchange from ccxt, asking for a passphrase and offering a testnet as ccxt says', () => {
    expect(EXCHANGE_VENUES.map(venueInfo)).toEqual([
      { venue: 'binance', name: 'Binance', needsPassphrase: false, hasTestnet: true },
      { venue: 'okx', name: 'OKX', needsPassphrase: true, hasTestnet: true },
      { venue: 'bybit', name: 'Bybit', needsPassphrase: false, hasTestnet: true },
      { venue: 'kucoin', name: 'KuCoin', needsPassphrase: true, hasTestnet: false },
    ])
  })

  it('names each exchange as ccxt does', () => {
    for (const venue of EXCHANGE_VENUES) expect(EXCHANGE_VENUE_NAMES[venue]).toBe(createExchange(venue, { apiKey: 'k', secret: 's' }).name)
  })

  it('points every API family, live and testnet, at a test host', () => {
    for (const venue of EXCHANGE_VENUES) {
      const urls = apiUrlsAt(venue, 'http://127.0.0.1:9')
      const all = [...Object.values(urls.api), ...Object.values(urls.test ?? {})]
      expect(all.length).toBeGreaterThan(0)
      for (const url of all) expect(url, venue).toMatch(/^http:\/\/127\.0\.0\.1:9(\/|$)/)
    }
  })

  it('reads each exchange’s permissions through a method ccxt really has', () => {
    for (const venue of EXCHANGE_VENUES) {
      const exchange = createExchange(venue, { apiKey: 'k', secret: 's' }) as unknown as Record<string, unknown>
      expect(typeof exchange[PERMISSION_PROBES[venue].method], venue).toBe('function')
    }
  })

  it('refuses an exchange outside the catalog, even one ccxt has', () => {
    expect(() => createExchange('kraken' as ExchangeVenue, { apiKey: 'k', secret: 's' })).toThrow(/not supported/)
  })
})

describe('a refused key, in words', () => {
  const cases: Array<[ExchangeVenue, number, object, string]> = [
    ['binance', 400, { code: -1022, msg: 'Signature for this request is not valid.' }, 'wrong-secret'],
    ['binance', 401, { code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' }, 'key-ip-or-permission'],
    ['binance', 400, { code: -1021, msg: 'Timestamp for this request is outside of the recvWindow.' }, 'clock'],
    ['okx', 401, { code: '50111', msg: 'Invalid OK-ACCESS-KEY.', data: [] }, 'wrong-key'],
    ['okx', 401, { code: '50105', msg: 'OK-ACCESS-PASSPHRASE incorrect.', data: [] }, 'wrong-passphrase'],
    ['okx', 401, { code: '50110', msg: "Your IP 198.51.100.4 is not included in your API key's IP whitelist.", data: [] }, 'ip-not-allowed'],
    ['bybit', 401, { retCode: 10003, retMsg: 'API key is invalid.', result: {}, retExtInfo: {}, time: 1 }, 'wrong-key'],
    ['bybit', 401, { retCode: 10004, retMsg: 'error sign! origin_string[...]', result: {}, retExtInfo: {}, time: 1 }, 'wrong-secret'],
    ['bybit', 403, { retCode: 10010, retMsg: 'Unmatched IP, please check your API key\'s bound IP addresses.', result: {}, retExtInfo: {}, time: 1 }, 'ip-not-allowed'],
    ['bybit', 401, { retCode: 10005, retMsg: 'Permission denied, please check your API key permissions.', result: {}, retExtInfo: {}, time: 1 }, 'permission'],
    ['bybit', 400, { retCode: 10002, retMsg: 'invalid request, please check your server timestamp or recv_window param', result: {}, retExtInfo: {}, time: 1 }, 'clock'],
    ['kucoin', 401, { code: '400003', msg: 'KC-API-KEY not exists' }, 'wrong-key'],
    ['kucoin', 401, { code: '400004', msg: 'Invalid KC-API-PASSPHRASE' }, 'wrong-passphrase'],
    ['kucoin', 401, { code: '400005', msg: 'Signature error' }, 'wrong-secret'],
    ['kucoin', 401, { code: '400006', msg: 'The IP address is not in the API whitelist' }, 'ip-not-allowed'],
    ['kucoin', 401, { code: '400007', msg: 'Access Denied' }, 'permission'],
    ['kucoin', 401, { code: '400002', msg: 'KC-API-TIMESTAMP Invalid' }, 'clock'],
  ]
  it.each(cases)('%s %s %j is "%s"', (venue, status, body, problem) => {
    const error = thrown(venue, status, body)
    expect(credentialProblem(error, venue)).toBe(problem)
    const exchange = createExchange(venue, { apiKey: 'k'.repeat(16), secret: SECRET })
    const said = toAppError(error, exchange, 'check the key')
    expect(said).toMatchObject({ code: 'REJECTED', details: { problem } })
    expect(said.message).not.toContain(SECRET)
  })

  it('scrubs the secret if an exchange ever echoes it', () => {
    const error = thrown('okx', 401, { code: '50113', msg: `Invalid Sign for ${SECRET}`, data: [] })
    const said = toAppError(error, createExchange('okx', { apiKey: 'k'.repeat(16), secret: SECRET, password: 'p' }), 'check the key')
    expect(said.message).toContain('Invalid Sign for [secret]')
    expect(said.message).not.toContain(SECRET)
  })
})

describe("what a key may do, read from each exchange's reply", () => {
  it('Bybit: read-only flag, Withdraw under Wallet, and IP binding', () => {
    const reply = { retCode: 0, result: { readOnly: 0, ips: ['198.51.100.4'], permissions: { Wallet: ['AccountTransfer', 'Withdraw'], Spot: ['SpotTrade'] } } }
    expect(PERMISSION_PROBES.bybit.read(reply)).toEqual({ trade: true, withdraw: true, ipRestricted: true })
    expect(PERMISSION_PROBES.bybit.read({ retCode: 0, result: { readOnly: 1, ips: ['*'], permissions: { Wallet: ['AccountTransfer'] } } })).toEqual({
      trade: false,
      withdraw: false,
      ipRestricted: false,
    })
  })

  it('KuCoin: the permission list and the IP whitelist', () => {
    expect(PERMISSION_PROBES.kucoin.read({ code: '200000', data: { permission: 'General,Spot,Withdrawal', ipWhitelist: '198.51.100.4' } })).toEqual({
      trade: true,
      withdraw: true,
      ipRestricted: true,
    })
    expect(PERMISSION_PROBES.kucoin.read({ code: '200000', data: { permission: 'General', ipWhitelist: '' } })).toEqual({ trade: false, withdraw: false, ipRestricted: false })
  })
})
