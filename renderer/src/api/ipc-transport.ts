import type { ContractApi } from '../../../shared/contract/api'
import type { Connection } from './connection'

/** The desktop app: the preload bridge is always connected for the window's lifetime. */
export function ipcConnection(bridge: ContractApi): Connection {
  return {
    api: bridge,
    transport: 'ipc',
    state: () => 'open',
    onStateChange: () => () => {},
  }
}
