import { randomUUID } from 'node:crypto'
import { AppError } from '../../shared/contract'
import type { Bot } from '../../shared/domain/bots'
import { signalPath, type SignalChannel, type SignalTarget } from '../../shared/domain/signals'
import type { Account } from '../../shared/domain/trading'
import type { Logger } from '../core/log'
import type { EventBus } from '../engine/bus'
import type { Clock } from '../engine/clock'
import type { SignalRepo, ChannelRow } from '../ledger/repos/signal-repo'
import type { SecretStore } from '../secrets/secret-store'

/** What channels need to know of accounts and bots. */
export interface SignalTargets {
  account(id: number): Account | undefined
  bot(id: number): Bot | undefined
}

const keychainName = (ref: string) => `signal:${ref}`

/**
 * Signal channels: each sends to an account or a bot, with a secret that lives only in the
 * OS keychain (the ledger keeps the entry's name). Secrets are read once and kept in memory
 * for checking requests; they never leave this module except into a comparison.
 */
export class SignalChannels {
  private readonly cache = new Map<number, string>()

  constructor(
    private readonly repo: SignalRepo,
    private readonly secrets: SecretStore | undefined,
    private readonly targets: SignalTargets,
    private readonly bus: EventBus,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {
    // A deleted bot's channels go with it.
    bus.subscribe((name, payload) => {
      if (name !== 'bot.deleted') return
      for (const channel of this.repo.botChannels((payload as { id: number }).id)) void this.delete(channel.id)
    })
  }

  list(): SignalChannel[] {
    return this.repo.channels().map((row) => this.view(row))
  }

  find(id: number): ChannelRow | undefined {
    return this.repo.channel(id)
  }

  async create(name: string, target: SignalTarget, secret: string): Promise<SignalChannel> {
    const accountId = this.targetAccount(target)
    const ref = randomUUID()
    await this.keychainCall((store) => store.set(keychainName(ref), secret))
    const row = this.repo.insertChannel({ name, accountId, botId: target.kind === 'bot' ? target.botId : undefined, secretRef: ref, createdAt: this.clock.now() })
    this.cache.set(row.id, secret)
    this.bus.publish('signals.channelsChanged', { reason: 'created' })
    return this.view(row)
  }

  async rotate(id: number, secret: string): Promise<SignalChannel> {
    const row = this.existing(id)
    await this.keychainCall((store) => store.set(keychainName(row.secretRef), secret))
    this.cache.set(id, secret)
    this.repo.rotated(id, this.clock.now())
    this.bus.publish('signals.channelsChanged', { reason: 'rotated' })
    return this.view(this.existing(id))
  }

  async delete(id: number): Promise<{ deleted: boolean }> {
    const row = this.repo.channel(id)
    if (row === undefined) return { deleted: false }
    this.repo.deleteChannel(id, this.clock.now())
    this.cache.delete(id)
    this.bus.publish('signals.channelsChanged', { reason: 'deleted' })
    // The channel is closed once its row is; a secret left behind in the keychain opens nothing.
    try {
      await this.secrets?.delete(keychainName(row.secretRef))
    } catch (error) {
      this.log.warn(`could not remove signal channel ${id}'s secret from the keychain: ${error instanceof Error ? error.message : String(error)}`)
    }
    return { deleted: true }
  }

  /** The channel's secret, for checking a request (UNAVAILABLE when the keychain cannot be read). */
  async secret(channel: ChannelRow): Promise<string> {
    const cached = this.cache.get(channel.id)
    if (cached !== undefined) return cached
    const secret = await this.keychainCall((store) => store.get(keychainName(channel.secretRef)))
    if (secret === undefined) throw new AppError('UNAVAILABLE', 'This channel’s secret is missing from the OS keychain; give the channel a new secret.')
    this.cache.set(channel.id, secret)
    return secret
  }

  view(row: ChannelRow): SignalChannel {
    const bot = row.botId === undefined ? undefined : this.targets.bot(row.botId)
    const account = this.targets.account(row.accountId)
    return {
      id: row.id,
      name: row.name,
      target: row.botId === undefined ? { kind: 'account', accountId: row.accountId } : { kind: 'bot', botId: row.botId },
      accountId: row.accountId,
      targetName: row.botId === undefined ? (account?.name ?? `account ${row.accountId}`) : `${bot?.name ?? `bot ${row.botId}`} (${account?.name ?? `account ${row.accountId}`})`,
      secretSetAt: row.secretSetAt,
      createdAt: row.createdAt,
      path: signalPath(row.id),
    }
  }

  private targetAccount(target: SignalTarget): number {
    if (target.kind === 'bot') {
      const bot = this.targets.bot(target.botId)
      if (bot === undefined) throw new AppError('NOT_FOUND', `There is no bot ${target.botId}.`)
      return bot.accountId
    }
    const account = this.targets.account(target.accountId)
    if (account === undefined) throw new AppError('NOT_FOUND', `There is no account with id ${target.accountId}.`)
    if (account.status !== 'active') throw new AppError('REJECTED', `"${account.name}" is archived; signals need an account that trades.`)
    return account.id
  }

  private existing(id: number): ChannelRow {
    const row = this.repo.channel(id)
    if (row === undefined) throw new AppError('NOT_FOUND', `There is no signal channel ${id}.`)
    return row
  }

  private async keychainCall<T>(call: (store: SecretStore) => Promise<T>): Promise<T> {
    if (this.secrets === undefined) throw new AppError('UNAVAILABLE', 'The OS keychain is not available, so signal secrets cannot be kept; signals are off until it is.')
    try {
      return await call(this.secrets)
    } catch (error) {
      this.log.warn(`keychain call for a signal secret failed: ${error instanceof Error ? error.message : String(error)}`)
      throw new AppError('UNAVAILABLE', 'The OS keychain refused the request; unlock it and try again.')
    }
  }
}
