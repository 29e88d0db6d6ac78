import { createRequire } from 'node:module'
import type { SecretStore } from './secret-store'

/** The part of keytar's native binding this store uses. */
export interface KeytarBinding {
  getPassword(service: string, account: string): Promise<string | null>
  setPassword(service: string, account: string, password: string): Promise<void>
  deletePassword(service: string, account: string): Promise<boolean>
}

/**
 * Loads keytar. `modulePath` points at a keytar binary built for the running runtime
 * (Electron during development); without it the package resolves normally (Node, or
 * the packaged app whose modules electron-builder rebuilt). The only keytar import.
 */
export function loadKeytar(modulePath?: string): KeytarBinding {
  const require = createRequire(import.meta.url)
  return require(modulePath ?? 'keytar') as KeytarBinding
}

/** Secrets in the OS keychain (macOS Keychain, Windows Credential Manager, Secret Service). */
export class KeytarSecretStore implements SecretStore {
  constructor(
    private readonly service: string,
    private readonly keytar: KeytarBinding,
  ) {}

  async set(account: string, secret: string): Promise<void> {
    if (account.length === 0 || secret.length === 0) throw new Error('Account and secret must not be empty')
    await this.keytar.setPassword(this.service, account, secret)
  }

  async get(account: string): Promise<string | undefined> {
    return (await this.keytar.getPassword(this.service, account)) ?? undefined
  }

  async has(account: string): Promise<boolean> {
    return (await this.get(account)) !== undefined
  }

  async delete(account: string): Promise<boolean> {
    return this.keytar.deletePassword(this.service, account)
  }
}
