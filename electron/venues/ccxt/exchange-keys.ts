import type { Exchange } from 'ccxt'
import { AppError } from '../../../shared/contract'
import type { ExchangeKeyInfo, ExchangeVenue, KeyCheck } from '../../../shared/domain/exchanges'
import type { MetaRepo } from '../../ledger/repos/meta-repo'
import type { SecretStore } from '../../secrets/secret-store'
import { checkKey } from './key-check'
import { venueInfo, type ExchangeCredentials } from './venues'

const LIST_KEY = 'exchanges.keys'
/** A trader waits for a key check: fail it sooner than a background request would. */
const CHECK_TIMEOUT_MS = 15_000

/** Builds a ccxt client for a key (the host decides where its requests go). */
export type ConnectExchange = (venue: ExchangeVenue, credentials: ExchangeCredentials, options: { testnet: boolean; timeoutMs?: number }) => Exchange

export interface NewKey {
  venue: ExchangeVenue
  label: string
  apiKey: string
  secret: string
  passphrase?: string | undefined
  testnet?: boolean | undefined
}

/**
 * Exchange API keys: key, secret and passphrase live only in the OS keychain; the ledger
 * keeps the list of names with a hint of the public key and the last check's outcome, so
 * the screen can show them masked. The secret is read back only here, to sign requests.
 */
export class ExchangeKeys {
  constructor(
    private readonly secrets: SecretStore | undefined,
    private readonly meta: MetaRepo,
    private readonly connect: ConnectExchange,
    private readonly now: () => number = Date.now,
  ) {}

  list(): ExchangeKeyInfo[] {
    // Keys stored before testnets and passphrases existed read as live, without one.
    return (JSON.parse(this.meta.get(LIST_KEY) ?? '[]') as ExchangeKeyInfo[]).map((k) => ({ ...k, testnet: k.testnet ?? false, hasPassphrase: k.hasPassphrase ?? false }))
  }

  /** Checks the key against the exchange first: a key it refuses is not stored, and the refusal says why. */
  async set(key: NewKey): Promise<ExchangeKeyInfo> {
    const venue = venueInfo(key.venue)
    if (venue.needsPassphrase && key.passphrase === undefined) {
      throw new AppError('INVALID_PARAMS', `${venue.name} keys have a passphrase: enter the one you chose when you created the key.`)
    }
    if (key.testnet === true && !venue.hasTestnet) throw new AppError('INVALID_PARAMS', `${venue.name} has no testnet the app can use; use a live key.`)
    const credentials: ExchangeCredentials = {
      apiKey: key.apiKey,
      secret: key.secret,
      ...(venue.needsPassphrase && key.passphrase !== undefined ? { password: key.passphrase } : {}),
    }
    const testnet = key.testnet ?? false
    const check = await checkKey(this.connect(key.venue, credentials, { testnet, timeoutMs: CHECK_TIMEOUT_MS }), key.venue, this.now)
    await keychainCall(() => this.keychain().set(account(key.venue, key.label), JSON.stringify({ ...credentials, testnet })))
    const info: ExchangeKeyInfo = {
      venue: key.venue,
      label: key.label,
      apiKeyHint: `${key.apiKey.slice(0, 4)}…${key.apiKey.slice(-4)}`,
      testnet,
      hasPassphrase: credentials.password !== undefined,
      check,
    }
    this.save([...this.list().filter((k) => !same(k, key.venue, key.label)), info])
    return info
  }

  /** Checks a stored key again; a refusal is an outcome kept with the key, not an error. */
  async test(venue: ExchangeVenue, label: string): Promise<ExchangeKeyInfo> {
    const info = this.find(venue, label)
    let check: KeyCheck
    try {
      check = await checkKey(await this.open(venue, label, CHECK_TIMEOUT_MS), venue, this.now)
    } catch (error) {
      if (!(error instanceof AppError) || error.code === 'NOT_FOUND') throw error
      check = { at: this.now(), ok: false, message: error.message, warnings: [] }
    }
    const checked = { ...info, check }
    this.save(this.list().map((k) => (same(k, venue, label) ? checked : k)))
    return checked
  }

  async delete(venue: ExchangeVenue, label: string): Promise<{ deleted: boolean }> {
    const deleted = await keychainCall(() => this.keychain().delete(account(venue, label)))
    this.save(this.list().filter((k) => !same(k, venue, label)))
    return { deleted }
  }

  /** A ccxt client signing with the stored key: the secret goes to ccxt only, never to a transport, a log or an error. */
  async open(venue: ExchangeVenue, label: string, timeoutMs?: number): Promise<Exchange> {
    const stored = await keychainCall(() => this.keychain().get(account(venue, label)))
    if (stored === undefined) throw new AppError('NOT_FOUND', `There is no ${venue} key named "${label}" in the keychain; add it first.`)
    const { testnet, ...credentials } = JSON.parse(stored) as ExchangeCredentials & { testnet?: boolean }
    return this.connect(venue, credentials, { testnet: testnet ?? false, ...(timeoutMs === undefined ? {} : { timeoutMs }) })
  }

  private find(venue: ExchangeVenue, label: string): ExchangeKeyInfo {
    const info = this.list().find((k) => same(k, venue, label))
    if (info === undefined) throw new AppError('NOT_FOUND', `There is no ${venue} key named "${label}"; add it first.`)
    return info
  }

  private keychain(): SecretStore {
    if (this.secrets === undefined) throw new AppError('UNAVAILABLE', 'The OS keychain is not available, so exchange keys cannot be stored or used.')
    return this.secrets
  }

  private save(keys: ExchangeKeyInfo[]): void {
    this.meta.set(LIST_KEY, JSON.stringify(keys))
  }
}

const account = (venue: string, label: string): string => `exchange:${venue}:${label}`
const same = (k: ExchangeKeyInfo, venue: string, label: string): boolean => k.venue === venue && k.label === label

/** A keychain that fails (locked, no Secret Service) is said in words; its errors never carry the secret. */
async function keychainCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (error) {
    if (error instanceof AppError) throw error
    const reason = error instanceof Error ? (error.message.split('\n')[0] ?? '') : ''
    throw new AppError('UNAVAILABLE', `The OS keychain did not answer${reason === '' ? '' : ` (${reason.slice(0, 120)})`}; unlock it and try again.`)
  }
}
