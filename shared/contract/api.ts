import type { EventName, ParamsOf, PayloadOf, RequestName, ResultOf } from './index'
import type { Result } from './result'

/** Listener for any contract event; `name` narrows `payload`. */
export type EventListener = <E extends EventName>(name: E, payload: PayloadOf<E>) => void

/**
 * What a transport exposes to the renderer: the preload bridge implements it over IPC,
 * the WebSocket client over the headless host's socket. Feature code sees only this.
 */
export interface ContractApi {
  request<K extends RequestName>(method: K, params: ParamsOf<K>): Promise<Result<ResultOf<K>>>
  /** Subscribes to every contract event; returns the unsubscribe function. */
  subscribe(listener: EventListener): () => void
}
