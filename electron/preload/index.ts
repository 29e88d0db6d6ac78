import { contextBridge, ipcRenderer } from 'electron'
import { createBridge } from './bridge'

/** Exposed as `window.tradeDesk`; the renderer picks this transport when it is present. */
contextBridge.exposeInMainWorld('tradeDesk', createBridge(ipcRenderer))
