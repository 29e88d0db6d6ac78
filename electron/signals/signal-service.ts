import type { Instrument } from '../../shared/domain/market'
import type { SignalChannel, SignalIntakeSettings, SignalIntakeStatus, SignalRecord, SignalTarget } from '../../shared/domain/signals'
import type { Logger } from '../core/log'
import type { EventBus } from '../engine/bus'
import type { Clock } from '../engine/clock'
import type { IntentDesk } from '../engine/paper/intent-desk'
import type { Db } from '../ledger/db'
import { MetaRepo } from '../ledger/repos/meta-repo'
import { SignalRepo, type SignalFilter } from '../ledger/repos/signal-repo'
import type { SecretStore } from '../secrets/secret-store'
import { SignalChannels, type SignalTargets } from './signal-channels'
import { SignalEndpoint } from './signal-endpoint'
import { SignalIntake } from './signal-intake'

export interface SignalServiceOptions {
  db: Db
  secrets: SecretStore | undefined
  desk: IntentDesk
  targets: SignalTargets
  instruments: () => readonly Instrument[]
  bus: EventBus
  clock: Clock
  log: Logger
}

/** External signals as the contract offers them: the endpoint, its channels, and what they received. */
export class SignalService {
  private readonly repo: SignalRepo
  private readonly channelBook: SignalChannels
  private readonly endpoint: SignalEndpoint

  constructor(options: SignalServiceOptions) {
    this.repo = new SignalRepo(options.db)
    this.channelBook = new SignalChannels(this.repo, options.secrets, options.targets, options.bus, options.clock, options.log)
    const intake = new SignalIntake(this.channelBook, options.targets, this.repo, options.desk, options.instruments, options.bus, options.clock)
    this.endpoint = new SignalEndpoint(intake, new MetaRepo(options.db), options.bus, options.log)
  }

  /** Listens if the trader left the endpoint on. */
  start(): Promise<void> {
    return this.endpoint.start()
  }

  status(): SignalIntakeStatus {
    return this.endpoint.status()
  }

  configure(change: Partial<SignalIntakeSettings>): Promise<SignalIntakeStatus> {
    return this.endpoint.configure(change)
  }

  channels(): SignalChannel[] {
    return this.channelBook.list()
  }

  createChannel(name: string, target: SignalTarget, secret: string): Promise<SignalChannel> {
    return this.channelBook.create(name, target, secret)
  }

  rotateSecret(channelId: number, secret: string): Promise<SignalChannel> {
    return this.channelBook.rotate(channelId, secret)
  }

  deleteChannel(channelId: number): Promise<{ deleted: boolean }> {
    return this.channelBook.delete(channelId)
  }

  list(filter: SignalFilter, limit: number): SignalRecord[] {
    return this.repo.list(filter, limit)
  }

  close(): Promise<void> {
    return this.endpoint.close()
  }
}
