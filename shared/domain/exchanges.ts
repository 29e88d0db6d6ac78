/**
 * Exchange accounts as both sides see them. The venue list is configuration: each id is a
 * ccxt exchange id, and the main process derives everything else (credentials asked for,
 * testnet, markets) from ccxt and its venue catalog.
 */
export const EXCHANGE_VENUES = ['binance', 'okx', 'bybit', 'kucoin'] as const
export type ExchangeVenue = (typeof EXCHANGE_VENUES)[number]

/** Display names, as ccxt spells them (a unit test holds the two equal). */
export const EXCHANGE_VENUE_NAMES: Record<ExchangeVenue, string> = { binance: 'Binance', okx: 'OKX', bybit: 'Bybit', kucoin: 'KuCoin' }

/** The exchanges whose account history the app can import so far. */
export const IMPORT_VENUES = ['binance'] as const satisfies readonly ExchangeVenue[]

export interface ExchangeVenueInfo {
  venue: ExchangeVenue
  /** "Binance", "OKX", ... as ccxt names them. */
  name: string
  /** The exchange asks for the passphrase chosen when the key was created. */
  needsPassphrase: boolean
  /** ccxt knows a testnet or demo environment for it. */
  hasTestnet: boolean
}

/** What a key may do, as the exchange reports it; null where the exchange does not say. */
export interface KeyPermissions {
  trade: boolean | null
  withdraw: boolean | null
  /** The key only works from whitelisted IP addresses. */
  ipRestricted: boolean | null
}

/** The last check of a key: a signed read-only call, and the key's permissions where readable. */
export interface KeyCheck {
  /** When it ran (epoch ms). */
  at: number
  ok: boolean
  /** "Key works: 3 assets with a balance" or the refusal in words. */
  message: string
  permissions?: KeyPermissions
  /** E.g. that the key can withdraw funds. */
  warnings: string[]
}

/** A stored key as the screen may see it: never the secret, only a hint of the public key. */
export interface ExchangeKeyInfo {
  venue: ExchangeVenue
  label: string
  /** The API key's first and last four characters, e.g. "vmPU…A4Xs". */
  apiKeyHint: string
  testnet: boolean
  hasPassphrase: boolean
  check?: KeyCheck
}
