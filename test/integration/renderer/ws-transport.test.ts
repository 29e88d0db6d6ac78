import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import WebSocket from 'ws'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { webSocketConnection } from '../../../renderer/src/api/ws-transport'
import type { ConnectionState } from '../../../renderer/src/api/connection'
import { silentLogger } from '../../../electron/core/log'
import type { AppCore } from '../../../electron/core/app-core'
import { startHeadlessServer, type HeadlessServer } from '../../../electron/headless/server'
import { testCore } from '../../support/core'
import { useTempDirs } from '../../support/temp-dir'

const tempDir = useTempDirs()
const TOKEN = 'renderer-transport-token'
let cleanup: Array<() => Promise<void> | void> = []

afterEach(async () => {
  for (const step of cleanup.reverse()) await step()
  cleanup = []
  vi.unstubAllGlobals()
})

/** The renderer's client runs here as in a browser: a WebSocket that sends our page's Origin. */
function browserLikeWebSocket(port: number) {
  return class extends WebSocket {
    constructor(url: string, protocols: string[]) {
      super(url, protocols, { origin: `http://127.0.0.1:${port}` })
    }
  }
}

async function host(core: AppCore, port = 0): Promise<HeadlessServer> {
  const rendererDir = join(tempDir(), 'renderer')
  mkdirSync(rendererDir)
  writeFileSync(join(rendererDir, 'index.html'), '')
  return startHeadlessServer({ core, rendererDir, host: '127.0.0.1', port, token: TOKEN, log: silentLogger })
}

/** Opens the renderer's connection and records every state it goes through. */
function connect(port: number, token: string) {
  const connection = webSocketConnection(`ws://127.0.0.1:${port}/ws`, token)
  // Before the WebSocket global is unstubbed: a reconnect timer left behind would find none.
  cleanup.push(() => connection.close())
  const states: ConnectionState[] = []
  connection.onStateChange((s) => states.push(s))
  return { connection, states }
}

function waitFor(connection: ReturnType<typeof webSocketConnection>, target: ConnectionState) {
  return new Promise<void>((resolve) => {
    if (connection.state() === target) return resolve()
    const off = connection.onStateChange((s) => {
      if (s === target) {
        off()
        resolve()
      }
    })
  })
}

describe('the renderer WebSocket transport against the headless host', () => {
  it('requests, receives events, survives a host restart and reconnects by itself', async () => {
    const core = await testCore(tempDir())
    cleanup.push(() => core.close())
    let server = await host(core)
    const port = server.port
    vi.stubGlobal('WebSocket', browserLikeWebSocket(port))

    const { connection, states } = connect(port, TOKEN)
    await waitFor(connection, 'open')
    const info = await connection.api.request('app.info', {})
    expect(info.ok && info.value.appName).toBe('TradeDesk')

    const ticked = new Promise<void>((resolve) => {
      const off = connection.api.subscribe((name) => {
        if (name === 'market.ticked') {
          off()
          resolve()
        }
      })
    })
    await ticked

    // The host goes away: the transport says so, and a request made meanwhile waits.
    await server.close()
    await waitFor(connection, 'reconnecting')
    const queued = connection.api.request('markets.list', {})

    server = await host(core, port)
    await waitFor(connection, 'open')
    const markets = await queued
    expect(markets.ok && markets.value.length).toBe(6)
    expect(states).toEqual(['open', 'reconnecting', 'open'])
    await server.close()
  }, 30_000)

  it('never reaches the host with a wrong token, and keeps trying without crashing', async () => {
    const core = await testCore(tempDir())
    cleanup.push(() => core.close())
    const server = await host(core)
    cleanup.push(() => server.close())
    vi.stubGlobal('WebSocket', browserLikeWebSocket(server.port))
    const { connection, states } = connect(server.port, 'wrong-token')
    await waitFor(connection, 'reconnecting')
    const result = await Promise.race([
      connection.api.request('app.info', {}),
      new Promise((resolve) => setTimeout(() => resolve('still waiting'), 1_500)),
    ])
    expect(result).toBe('still waiting')
    expect(states).not.toContain('open')
  })
})
