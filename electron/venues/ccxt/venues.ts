import * as ccxt from 'ccxt'
import type { Exchange } from 'ccxt'
import { AppError } from '../../../shared/contract/result'
import { EXCHANGE_VENUE_NAMES, EXCHANGE_VENUES, type ExchangeVenue, type ExchangeVenueInfo } from '../../../shared/domain/exchanges'

/**
 * The venue catalog: how the app builds a ccxt client for each exchange it supports.
 * Adding an exchange is a line here (and its id in EXCHANGE_VENUES): the credentials it
 * asks for and whether it has a testnet come from ccxt itself.
 */

export interface ExchangeCredentials {
  apiKey: string
  secret: string
  /** The key's passphrase, where the exchange has one (ccxt calls it `password`). */
  password?: string
}

export interface ExchangeOptions {
  /** Deep-merged over ccxt's urls; e.g. `apiUrlsAt(venue, host)` to point at a test server. */
  urls?: Record<string, unknown>
  timeoutMs?: number
  /** The exchange's testnet or demo environment (ccxt's sandbox mode). */
  testnet?: boolean
}

interface VenueConfig {
  /** ccxt's options for this exchange: what the app needs loaded, and no more. */
  options: Record<string, unknown>
}

const CATALOG: Record<ExchangeVenue, VenueConfig> = {
  binance: {
    options: {
      defaultType: 'spot',
      // Spot only: the default also loads the USDⓈ-M and COIN-M futures markets (fapi, dapi).
      fetchMarkets: { types: ['spot'] },
      // Otherwise loadMarkets makes signed /sapi calls (capital/config/getall,
      // margin/allPairs, margin/isolated/allPairs) that a key without wallet or margin
      // permission fails, and that the app does not need.
      fetchCurrencies: false,
      fetchMargins: false,
      // Reconciliation reads every working order at once; ccxt otherwise refuses without a symbol.
      warnOnFetchOpenOrdersWithoutSymbol: false,
    },
  },
  okx: { options: { defaultType: 'spot', fetchMarkets: { types: ['spot', 'swap'] } } },
  bybit: { options: { defaultType: 'spot', fetchMarkets: { types: ['spot', 'linear'] } } },
  kucoin: { options: { defaultType: 'spot' } },
}

const DEFAULT_TIMEOUT_MS = 30_000

type ExchangeClass = new (config: Record<string, unknown>) => Exchange

function exchangeClass(venue: ExchangeVenue): ExchangeClass {
  const found = (ccxt as unknown as Record<string, ExchangeClass | undefined>)[venue]
  if (!EXCHANGE_VENUES.includes(venue) || found === undefined) throw new AppError('INVALID_PARAMS', `The exchange "${String(venue)}" is not supported.`)
  return found
}

export function createExchange(venue: ExchangeVenue, credentials: ExchangeCredentials, options: ExchangeOptions = {}): Exchange {
  const exchange = new (exchangeClass(venue))({
    apiKey: credentials.apiKey,
    secret: credentials.secret,
    ...(credentials.password === undefined ? {} : { password: credentials.password }),
    enableRateLimit: true,
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    ...(options.urls === undefined ? {} : { urls: options.urls }),
    options: CATALOG[venue].options,
  })
  if (options.testnet === true) exchange.setSandboxMode(true)
  return exchange
}

const infos = new Map<ExchangeVenue, ExchangeVenueInfo>()

/** What the settings screen shows of each venue, read from ccxt once (building a client parses its whole API). */
export function venueInfo(venue: ExchangeVenue): ExchangeVenueInfo {
  const known = infos.get(venue)
  if (known !== undefined) return known
  const sample = new (exchangeClass(venue))({})
  const info: ExchangeVenueInfo = {
    venue,
    name: EXCHANGE_VENUE_NAMES[venue],
    needsPassphrase: sample.requiredCredentials['password'] === true,
    hasTestnet: sample.urls['test'] !== undefined,
  }
  infos.set(venue, info)
  return info
}

/**
 * ccxt's own API base URLs (live and testnet) for `venue` with the host swapped for
 * `host`: every API family (api, sapi, fapi, ...) then goes to a local test exchange,
 * never to the network.
 */
export function apiUrlsAt(venue: ExchangeVenue, host: string): { api: Record<string, string>; test?: Record<string, string> } {
  const urls = new (exchangeClass(venue))({}).urls as { api: Record<string, string>; test?: Record<string, string> }
  const moved = (family: Record<string, string>): Record<string, string> =>
    Object.fromEntries(Object.entries(family).map(([name, url]) => [name, url.replace(/^https?:\/\/[^/]+/, host)]))
  return { api: moved(urls.api), ...(urls.test === undefined ? {} : { test: moved(urls.test) }) }
}
