import type { IpcRenderer, IpcRendererEvent } from 'electron'
import {
  fail,
  IPC_EVENT_CHANNEL,
  IPC_REQUEST_CHANNEL,
  isEventName,
  isRequestName,
  type Result,
} from '../../shared/contract'
import type { ContractApi, EventListener } from '../../shared/contract/api'

/**
 * The renderer's whole view of the main process: the contract's requests and events over
 * two fixed channels. Undeclared names never reach IPC; raw ipcRenderer is never exposed.
 */
export function createBridge(ipc: Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>): ContractApi {
  return {
    request: (method, params) => {
      if (!isRequestName(method)) {
        return Promise.resolve(fail('UNKNOWN_METHOD', 'The app has no such request.')) as Promise<Result<never>>
      }
      return ipc.invoke(IPC_REQUEST_CHANNEL, method, params)
    },
    subscribe: (listener: EventListener) => {
      const forward = (_event: IpcRendererEvent, name: unknown, payload: unknown): void => {
        if (isEventName(name)) listener(name, payload as never)
      }
      ipc.on(IPC_EVENT_CHANNEL, forward)
      return () => {
        ipc.removeListener(IPC_EVENT_CHANNEL, forward)
      }
    },
  }
}
