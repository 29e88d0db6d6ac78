import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron'
import { fail, IPC_EVENT_CHANNEL, IPC_REQUEST_CHANNEL } from '../../shared/contract'
import type { AppCore } from '../core/app-core'
import type { Logger } from '../core/log'
import { isTrustedSender } from './security'

/**
 * One IPC gateway: every request goes through the core's dispatch (schema-checked there),
 * and only after the sender has been checked. Events go to the one window we trust.
 */
export function registerIpc(
  ipcMain: IpcMain,
  core: Pick<AppCore, 'dispatch' | 'subscribe'>,
  windowContents: () => WebContents | undefined,
  log: Logger,
): () => void {
  ipcMain.handle(IPC_REQUEST_CHANNEL, async (event: IpcMainInvokeEvent, method: unknown, params: unknown) => {
    const frame = event.senderFrame
    const sender = {
      senderId: event.sender.id,
      frameUrl: frame?.url,
      isMainFrame: frame !== null && frame === event.sender.mainFrame,
    }
    if (!isTrustedSender(sender, windowContents()?.id)) {
      log.warn(`refused IPC from an untrusted frame (${sender.frameUrl ?? 'unknown'})`)
      return fail('BAD_REQUEST', 'This request did not come from the app window.')
    }
    return core.dispatch(method, params)
  })
  const unsubscribe = core.subscribe((name, payload) => {
    const contents = windowContents()
    if (contents !== undefined && !contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, name, payload)
  })
  return () => {
    unsubscribe()
    ipcMain.removeHandler(IPC_REQUEST_CHANNEL)
  }
}
