import { describe, expect, it, vi } from 'vitest'
import { IPC_EVENT_CHANNEL, IPC_REQUEST_CHANNEL } from '../../../shared/contract'
import { createBridge } from '../../../electron/preload/bridge'

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn() },
}))

function fakeIpc() {
  const listeners = new Map<string, (...args: unknown[]) => void>()
  return {
    listeners,
    invoke: vi.fn(async () => ({ ok: true, value: 'answer' })),
    on: vi.fn((channel: string, listener: (...args: unknown[]) => void) => {
      listeners.set(channel, listener)
    }),
    removeListener: vi.fn((channel: string) => {
      listeners.delete(channel)
    }),
  }
}

describe('the preload bridge', () => {
  it('sends declared requests over the one request channel', async () => {
    const ipc = fakeIpc()
    const bridge = createBridge(ipc as never)
    expect(await bridge.request('markets.list', {})).toEqual({ ok: true, value: 'answer' })
    expect(ipc.invoke).toHaveBeenCalledWith(IPC_REQUEST_CHANNEL, 'markets.list', {})
  })

  it('never puts an undeclared request on IPC', async () => {
    const ipc = fakeIpc()
    const bridge = createBridge(ipc as never)
    const result = await bridge.request('secrets.read' as never, {} as never)
    expect(!result.ok && result.error.code).toBe('UNKNOWN_METHOD')
    expect(ipc.invoke).not.toHaveBeenCalled()
  })

  it('forwards only declared events, and unsubscribes', () => {
    const ipc = fakeIpc()
    const bridge = createBridge(ipc as never)
    const received: unknown[] = []
    const unsubscribe = bridge.subscribe((name, payload) => received.push([name, payload]))
    const deliver = ipc.listeners.get(IPC_EVENT_CHANNEL)!
    deliver({}, 'market.ticked', { ticks: [] })
    deliver({}, 'not.declared', { x: 1 })
    expect(received).toEqual([['market.ticked', { ticks: [] }]])
    unsubscribe()
    expect(ipc.listeners.has(IPC_EVENT_CHANNEL)).toBe(false)
  })

  it('exposes exactly the contract to the page, as window.tradeDesk', async () => {
    const electron = await import('electron')
    await import('../../../electron/preload/index')
    const expose = vi.mocked(electron.contextBridge.exposeInMainWorld)
    expect(expose).toHaveBeenCalledOnce()
    const [key, api] = expose.mock.calls[0]!
    expect(key).toBe('tradeDesk')
    expect(Object.keys(api as object).sort()).toEqual(['request', 'subscribe'])
  })
})
