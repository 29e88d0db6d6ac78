import { AppError } from '../../../shared/contract'
import type { ExchangeKeyInfo } from '../../../shared/contract/exchanges'
import type { MetaRepo } from '../../ledger/repos/meta-repo'
import type { SecretStore } from '../../secrets/secret-store'

const LIST_KEY = 'exchanges.keys'

export interface ExchangeCredentialsInKeychain {
  apiKey: string
  secret: string
}

/**
 * Exchange API keys: the key and secret live only in the OS keychain; the ledger keeps the
 * list of names with a hint of the public key, so the screen can show them masked. The
 * secret is read back only here, for the core to sign requests with.
 */
export class ExchangeKeys {
  constructor(
    private readonly secrets: SecretStore | undefined,
    private readonly meta: MetaRepo,
  ) {}

  list(): ExchangeKeyInfo[] {
    return JSON.parse(this.meta.get(LIST_KEY) ?? '[]') as ExchangeKeyInfo[]
  }

  async set(venue: ExchangeKeyInfo['venue'], label: string, credentials: ExchangeCredentialsInKeychain): Promise<ExchangeKeyInfo> {
    await keychainCall(() => this.keychain().set(account(venue, label), JSON.stringify(credentials)))
    const info: ExchangeKeyInfo = { venue, label, apiKeyHint: `${credentials.apiKey.slice(0, 4)}…${credentials.apiKey.slice(-4)}` }
    this.save([...this.list().filter((k) => !(k.venue === venue && k.label === label)), info])
    return info
  }

  async delete(venue: ExchangeKeyInfo['venue'], label: string): Promise<{ deleted: boolean }> {
    const deleted = await keychainCall(() => this.keychain().delete(account(venue, label)))
    this.save(this.list().filter((k) => !(k.venue === venue && k.label === label)))
    return { deleted }
  }

  /** For signing only: never handed to a transport, a log or an error. */
  async credentials(venue: ExchangeKeyInfo['venue'], label: string): Promise<ExchangeCredentialsInKeychain> {
    const stored = await keychainCall(() => this.keychain().get(account(venue, label)))
    if (stored === undefined) throw new AppError('NOT_FOUND', `There is no ${venue} key named "${label}" in the keychain; add it first.`)
    return JSON.parse(stored) as ExchangeCredentialsInKeychain
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
