import { describe, expect, it, vi } from 'vitest'
import { IPC_EVENT_CHANNEL, IPC_REQUEST_CHANNEL } from '../../../shared/contract'
import { registerIpc } from '../../../electron/main/ipc'
import type { BusListener } from '../../../electron/engine/bus'
import { silentLogger } from '../../../electron/core/log'

function setup() {
  let handler: ((event: unknown, method: unknown, params: unknown) => Promise<unknown>) | undefined
  const ipcMain = {
    handle: vi.fn((_channel: string, h: typeof handler) => {
      handler = h
    }),
    removeHandler: vi.fn(),
  }
  let publish: BusListener | undefined
  const core = {
    dispatch: vi.fn(async () => ({ ok: true, value: 1 })),
    subscribe: vi.fn((listener: BusListener) => {
      publish = listener
      return () => {}
    }),
  }
  const mainFrame = { url: 'app://renderer/index.html' }
  const contents = { id: 1, send: vi.fn(), isDestroyed: () => false, mainFrame }
  registerIpc(ipcMain as never, core as never, () => contents as never, silentLogger)
  const call = (sender: object, frame: object | null) =>
    handler!({ sender, senderFrame: frame }, 'markets.list', {})
  return { ipcMain, core, contents, mainFrame, call, publish: () => publish! }
}

describe('IPC registration', () => {
  it('listens on the one request channel', () => {
    const { ipcMain } = setup()
    expect(ipcMain.handle).toHaveBeenCalledWith(IPC_REQUEST_CHANNEL, expect.any(Function))
  })

  it('dispatches requests from the app window top frame', async () => {
    const { core, contents, mainFrame, call } = setup()
    expect(await call(contents, mainFrame)).toEqual({ ok: true, value: 1 })
    expect(core.dispatch).toHaveBeenCalledWith('markets.list', {})
  })

  it('refuses other senders before dispatch', async () => {
    const { core, contents, mainFrame, call } = setup()
    const iframe = { url: 'app://renderer/index.html' }
    const foreignFrame = { url: 'https://evil.example/' }
    for (const [sender, frame] of [
      [{ ...contents, id: 2, mainFrame }, mainFrame],
      [contents, iframe],
      [{ ...contents, mainFrame: foreignFrame }, foreignFrame],
      [contents, null],
    ] as const) {
      const result = (await call(sender, frame)) as { ok: boolean; error: { code: string } }
      expect(result.ok).toBe(false)
      expect(result.error.code).toBe('BAD_REQUEST')
    }
    expect(core.dispatch).not.toHaveBeenCalled()
  })

  it('forwards core events to the window', () => {
    const { contents, publish } = setup()
    publish()('market.ticked', { ticks: [] })
    expect(contents.send).toHaveBeenCalledWith(IPC_EVENT_CHANNEL, 'market.ticked', { ticks: [] })
  })
})
