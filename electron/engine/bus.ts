import type { EventName, PayloadOf } from '../../shared/contract'
import type { Logger } from '../core/log'

export type BusListener = (name: EventName, payload: unknown) => void

/**
 * The core's outbound event stream. Hosts subscribe once and forward to their transport;
 * a failing listener is logged and never stops delivery to the others.
 */
export class EventBus {
  private readonly listeners = new Set<BusListener>()

  constructor(private readonly log: Logger) {}

  publish<E extends EventName>(name: E, payload: PayloadOf<E>): void {
    for (const listener of this.listeners) {
      try {
        listener(name, payload)
      } catch (error) {
        this.log.error(`event listener failed on ${name}`, error)
      }
    }
  }

  subscribe(listener: BusListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
