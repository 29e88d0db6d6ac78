import type { ParamsOf, RequestName, Result, ResultOf } from '../../shared/contract'
import type { HeadlessHost } from './headless-process'
import { openProbe, type Probe } from './ws-client'

/**
 * A second client of the headless host, Node-side: it creates accounts and places orders
 * the way a bot would, while the page under test (or a benchmark) watches the events arrive.
 */
export class EngineClient {
  private nextId = 1

  private constructor(private readonly probe: Probe) {}

  static async connect(host: Pick<HeadlessHost, 'url' | 'port'>): Promise<EngineClient> {
    const token = new URL(host.url).hash.replace(/^#token=/, '')
    return new EngineClient(await openProbe(host.port, { token }))
  }

  /** The engine's answer, a refusal included. */
  async request<K extends RequestName>(method: K, params: ParamsOf<K>): Promise<Result<ResultOf<K>>> {
    const id = this.nextId++
    const reply = this.probe.next((m) => m.type === 'reply' && m.id === id, 15_000)
    this.probe.ws.send(JSON.stringify({ id, method, params }))
    const message = await reply
    // The probe keeps every message; dropping them keeps hundreds of requests cheap to match.
    this.probe.messages.length = 0
    return (message as { result: Result<ResultOf<K>> }).result
  }

  /** The request's value; a refusal throws with the engine's message. */
  async must<K extends RequestName>(method: K, params: ParamsOf<K>): Promise<ResultOf<K>> {
    const result = await this.request(method, params)
    if (!result.ok) throw new Error(`${method} refused: ${result.error.message}`)
    return result.value
  }

  close(): void {
    this.probe.ws.close()
  }
}
