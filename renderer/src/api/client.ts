import type { ContractApi } from '../../../shared/contract/api'
import { WS_PATH } from '../../../shared/contract/wire'
import type { Connection } from './connection'
import { ipcConnection } from './ipc-transport'
import { webSocketConnection } from './ws-transport'

declare global {
  interface Window {
    /** Present only inside the desktop app (exposed by the preload script). */
    tradeDesk?: ContractApi
  }
}

const TOKEN_KEY = 'tradedesk.sessionToken'

/**
 * Takes the session token from the address the headless host printed (`#token=...`),
 * keeps it for this tab only, and removes it from the address bar.
 */
function sessionToken(): string {
  const fromHash = new URLSearchParams(window.location.hash.slice(1)).get('token')
  if (fromHash !== null) {
    sessionStorage.setItem(TOKEN_KEY, fromHash)
    history.replaceState(null, '', window.location.pathname + window.location.search)
    return fromHash
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? ''
}

/** Chooses the transport once, at start-up: the preload bridge if present, else the WebSocket. */
export function openConnection(): Connection {
  if (window.tradeDesk !== undefined) return ipcConnection(window.tradeDesk)
  const url = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}${WS_PATH}`
  return webSocketConnection(url, sessionToken())
}
