import { randomUUID } from 'node:crypto'
import { AppError } from '../../shared/contract'
import type { AiEndpoint } from '../../shared/domain/ai'
import type { EventBus } from '../engine/bus'
import type { MetaRepo } from '../ledger/repos/meta-repo'
import type { SecretStore } from '../secrets/secret-store'

const LIST_KEY = 'ai.endpoints'
const keychainName = (id: string) => `ai:${id}`

export interface EndpointChange {
  id?: string | undefined
  name: string
  baseUrl: string
  model: string
  apiKey?: string | undefined
  inputPricePerMTok?: string | undefined
  outputPricePerMTok?: string | undefined
}

/** An endpoint with its key, for the client only. */
export interface OpenEndpoint extends AiEndpoint {
  apiKey: string | undefined
}

/**
 * The trader's AI endpoints: the list in the ledger's settings, each API key only in the
 * OS keychain (read back here, to authorise requests, never to a transport).
 */
export class AiEndpoints {
  constructor(
    private readonly meta: MetaRepo,
    private readonly secrets: SecretStore | undefined,
    private readonly bus: EventBus,
  ) {}

  list(): AiEndpoint[] {
    return JSON.parse(this.meta.get(LIST_KEY) ?? '[]') as AiEndpoint[]
  }

  async set(change: EndpointChange): Promise<AiEndpoint> {
    const existing = change.id === undefined ? undefined : this.list().find((e) => e.id === change.id)
    if (change.id !== undefined && existing === undefined) throw new AppError('NOT_FOUND', 'That AI endpoint was removed; add it again.')
    const id = existing?.id ?? randomUUID().slice(0, 8)
    if (change.apiKey !== undefined) {
      if (this.secrets === undefined) throw new AppError('UNAVAILABLE', 'The OS keychain is not available, so an API key cannot be kept.')
      await this.secrets.set(keychainName(id), change.apiKey)
    }
    const endpoint: AiEndpoint = {
      id,
      name: change.name,
      baseUrl: change.baseUrl.replace(/\/+$/, ''),
      model: change.model,
      hasKey: change.apiKey !== undefined || (existing?.hasKey ?? false),
      ...(change.inputPricePerMTok === undefined ? {} : { inputPricePerMTok: change.inputPricePerMTok }),
      ...(change.outputPricePerMTok === undefined ? {} : { outputPricePerMTok: change.outputPricePerMTok }),
    }
    this.save([...this.list().filter((e) => e.id !== id), endpoint])
    this.bus.publish('ai.endpointsChanged', { reason: 'saved' })
    return endpoint
  }

  async delete(id: string): Promise<{ deleted: boolean }> {
    const list = this.list()
    if (!list.some((e) => e.id === id)) return { deleted: false }
    this.save(list.filter((e) => e.id !== id))
    await this.secrets?.delete(keychainName(id)).catch(() => false)
    this.bus.publish('ai.endpointsChanged', { reason: 'deleted' })
    return { deleted: true }
  }

  /** Every endpoint with its key read from the keychain (a local model may need none). */
  async open(): Promise<OpenEndpoint[]> {
    return Promise.all(this.list().map(async (e) => ({ ...e, apiKey: e.hasKey ? await this.secrets?.get(keychainName(e.id)).catch(() => undefined) : undefined })))
  }

  private save(list: AiEndpoint[]): void {
    this.meta.set(LIST_KEY, JSON.stringify(list))
  }
}
