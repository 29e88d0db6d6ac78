/**
 * Where API keys and other credentials live. Only the main process holds a SecretStore;
 * the renderer may set or delete a secret and ask whether one exists, never read it.
 * Accounts are opaque names such as "exchange:binance:main".
 */
export interface SecretStore {
  set(account: string, secret: string): Promise<void>
  /** For the core's own use (signing requests); never forwarded to a transport. */
  get(account: string): Promise<string | undefined>
  has(account: string): Promise<boolean>
  /** Returns whether a secret was there to delete. */
  delete(account: string): Promise<boolean>
}

/** A secret store for unit tests of code that needs one but is not about the keychain. */
export class InMemorySecretStore implements SecretStore {
  private readonly secrets = new Map<string, string>()
  async set(account: string, secret: string): Promise<void> {
    this.secrets.set(account, secret)
  }
  async get(account: string): Promise<string | undefined> {
    return this.secrets.get(account)
  }
  async has(account: string): Promise<boolean> {
    return this.secrets.has(account)
  }
  async delete(account: string): Promise<boolean> {
    return this.secrets.delete(account)
  }
}
