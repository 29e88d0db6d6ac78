import type { ContractApi } from '../../../shared/contract/api'

export type ConnectionState = 'connecting' | 'open' | 'reconnecting'

/** A transport plus its link state; feature code only ever sees `api`. */
export interface Connection {
  readonly api: ContractApi
  readonly transport: 'ipc' | 'websocket'
  state(): ConnectionState
  /** Notified on every state change; returns the unsubscribe function. */
  onStateChange(listener: (state: ConnectionState) => void): () => void
}
