import { mkdirSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { startHeadlessServer, type HeadlessServer } from '../../../electron/headless/server'
import { silentLogger } from '../../../electron/core/log'
import type { AppCore } from '../../../electron/core/app-core'
import { testCore } from '../../support/core'
import { useTempDirs } from '../../support/temp-dir'
import { openProbe } from '../../support/ws-client'

const tempDir = useTempDirs()
const TOKEN = 'test-token-0123456789abcdef'
const running: Array<{ server: HeadlessServer; core: AppCore }> = []

afterEach(async () => {
  for (const { server, core } of running.splice(0)) {
    await server.close()
    core.close()
  }
})

async function start() {
  const dir = tempDir()
  const rendererDir = join(dir, 'renderer')
  mkdirSync(rendererDir)
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>TradeDesk</title>')
  const core = await testCore(join(dir, 'data'))
  const dispatch = vi.fn(core.dispatch)
  const server = await startHeadlessServer({
    core: { dispatch, subscribe: core.subscribe, health: core.health, metrics: core.metrics },
    rendererDir,
    host: '127.0.0.1',
    port: 0,
    token: TOKEN,
    log: silentLogger,
  })
  running.push({ server, core })
  return { server, dispatch }
}

function httpGet(port: number, path: string, host = `127.0.0.1:${port}`, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { Host: host, ...headers } }, (res) => {
      let body = ''
      res.on('data', (chunk: Buffer) => (body += chunk.toString()))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

describe('the headless host', () => {
  it('prints an address that carries the token only in its fragment', async () => {
    const { server } = await start()
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/#token=${TOKEN}`)
  })

  it('serves the renderer with a strict CSP, and nothing outside it', async () => {
    const { server } = await start()
    const page = await httpGet(server.port, '/')
    expect(page.status).toBe(200)
    expect(page.body).toContain('TradeDesk')
    expect(page.headers['content-security-policy']).toContain("script-src 'self'")
    expect(page.headers['x-frame-options']).toBe('DENY')
    expect((await httpGet(server.port, '/../../../etc/passwd')).status).toBe(404)
    expect((await httpGet(server.port, '/%2e%2e/%2e%2e/etc/passwd')).status).toBe(404)
  })

  it('serves /health to anyone (states only) and /metrics only with the token', async () => {
    const { server } = await start()
    const health = await httpGet(server.port, '/health')
    expect(health.status).toBe(200)
    const body = JSON.parse(health.body) as { status: string; uptimeSeconds: number; components: Record<string, string> }
    expect(body).toMatchObject({ status: 'ok', components: { feed: 'ok', venues: 'off', ledger: 'ok', keychain: 'ok', bots: 'ok', signals: 'off', ai: 'off', requests: 'ok' } })
    expect(Object.keys(body).sort()).toEqual(['components', 'status', 'uptimeSeconds'])
    expect(health.body).not.toContain(TOKEN)

    expect((await httpGet(server.port, '/metrics')).status).toBe(401)
    expect((await httpGet(server.port, '/metrics', undefined, { Authorization: 'Bearer wrong-token-0123456789abcd' })).status).toBe(401)
    const probe = await openProbe(server.port, { token: TOKEN })
    probe.ws.send(JSON.stringify({ id: 1, method: 'app.info', params: {} }))
    probe.ws.send(JSON.stringify({ id: 2, method: 'orders.place', params: { accountId: 'one' } }))
    await probe.next((m) => m.type === 'reply' && m.id === 2)
    probe.ws.close()
    const metrics = await httpGet(server.port, '/metrics', undefined, { Authorization: `Bearer ${TOKEN}` })
    expect(metrics.status).toBe(200)
    expect(metrics.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/)
    expect(metrics.body).toContain('tradedesk_up 1\n')
    expect(metrics.body).toContain('tradedesk_component_state{component="signals"} 1\n')
    expect(metrics.body).toContain('tradedesk_requests_total{method="app.info"} 1\n')
    // A refused request is the sender's mistake, not the app's failure.
    expect(metrics.body).toContain('tradedesk_requests_total{method="orders.place"} 1\n')
    expect(metrics.body).toContain('tradedesk_request_failures_total{method="orders.place"} 0\n')
  })

  it('refuses a Host it does not serve (DNS rebinding)', async () => {
    const { server } = await start()
    expect((await httpGet(server.port, '/', `attacker.example:${server.port}`)).status).toBe(403)
    await expect(openProbe(server.port, { token: TOKEN, host: `attacker.example:${server.port}`, origin: `http://attacker.example:${server.port}` })).rejects.toThrow('HTTP 403')
  })

  it('answers requests and streams ticks to a client with the token', async () => {
    const { server } = await start()
    const probe = await openProbe(server.port, { token: TOKEN })
    probe.ws.send(JSON.stringify({ id: 1, method: 'app.info', params: {} }))
    const reply = await probe.next((m) => m.type === 'reply' && m.id === 1)
    expect(reply).toMatchObject({ type: 'reply', id: 1, result: { ok: true, value: { appName: 'TradeDesk' } } })
    const ticks = await probe.next((m) => m.type === 'event' && m.name === 'market.ticked')
    expect(ticks).toMatchObject({ type: 'event', name: 'market.ticked' })
    probe.ws.close()
  })

  it('serves on IPv6 loopback when asked (--host ::1), with the bracketed Host browsers send', async () => {
    const dir = tempDir()
    mkdirSync(join(dir, 'renderer'))
    writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html><title>TradeDesk</title>')
    const core = await testCore(join(dir, 'data'))
    const server = await startHeadlessServer({ core, rendererDir: join(dir, 'renderer'), host: '::1', port: 0, token: TOKEN, log: silentLogger })
    running.push({ server, core })
    expect(server.url).toBe(`http://[::1]:${server.port}/#token=${TOKEN}`)
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '::1', port: server.port, path: '/', headers: { Host: `[::1]:${server.port}` } }, (res) => {
        res.resume()
        resolve(res.statusCode ?? 0)
      })
      req.on('error', reject)
      req.end()
    })
    expect(status).toBe(200)
  })

  it('accepts localhost as well as 127.0.0.1 for the default interface', async () => {
    const { server } = await start()
    const probe = await openProbe(server.port, { token: TOKEN, host: `localhost:${server.port}`, origin: `http://localhost:${server.port}` })
    probe.ws.close()
  })

  it.each([
    ['no token', { protocols: ['tradedesk.v1'] }, 'HTTP 401'],
    ['a wrong token', { token: 'guess' }, 'HTTP 401'],
    ['a token of the right length but wrong', { token: TOKEN.replace('0', '1') }, 'HTTP 401'],
    ['the token without our protocol', { protocols: [`token.${TOKEN}`] }, 'HTTP 401'],
    ['another site as Origin', { token: TOKEN, origin: 'https://evil.example' }, 'HTTP 403'],
    ['no Origin at all', { token: TOKEN, origin: '' }, 'HTTP 403'],
  ])('refuses a connection with %s', async (_label, options, error) => {
    const { server, dispatch } = await start()
    await expect(openProbe(server.port, options)).rejects.toThrow(error)
    expect(dispatch).not.toHaveBeenCalled()
  })

  it('refuses undeclared methods and malformed params with typed errors, reaching no handler', async () => {
    const { server, dispatch } = await start()
    const probe = await openProbe(server.port, { token: TOKEN })
    probe.ws.send(JSON.stringify({ id: 7, method: 'orders.wipeAll', params: {} }))
    probe.ws.send(JSON.stringify({ id: 8, method: 'candles.history', params: { symbol: 'BTC/USDT', timeframe: '1m', limit: 'lots' } }))
    const unknown = await probe.next((m) => m.type === 'reply' && m.id === 7)
    const invalid = await probe.next((m) => m.type === 'reply' && m.id === 8)
    expect(unknown).toMatchObject({ result: { ok: false, error: { code: 'UNKNOWN_METHOD' } } })
    expect(invalid).toMatchObject({ result: { ok: false, error: { code: 'INVALID_PARAMS' } } })
    probe.ws.close()
    expect(dispatch).toHaveBeenCalledTimes(2) // the boundary refused both before any handler
  })

  it.each([
    ['not JSON', 'hello'],
    ['an envelope without an id', JSON.stringify({ method: 'app.info' })],
    ['an envelope with extra fields', JSON.stringify({ id: 1, method: 'app.info', params: {}, admin: true })],
  ])('closes the socket on %s without dispatching', async (_label, text) => {
    const { server, dispatch } = await start()
    const probe = await openProbe(server.port, { token: TOKEN })
    const closed = new Promise<number>((resolve) => probe.ws.once('close', (code) => resolve(code)))
    probe.ws.send(text)
    expect(await closed).toBe(1008)
    expect(dispatch).not.toHaveBeenCalled()
  })

  it('answers a malformed upgrade request with 400 and keeps running (regression: it crashed the host)', async () => {
    const { server } = await start()
    const { connect } = await import('node:net')
    const reply = await new Promise<string>((resolve) => {
      const socket = connect(server.port, '127.0.0.1', () => {
        socket.write(`GET http://[::1 HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n`)
      })
      let text = ''
      socket.on('data', (chunk) => (text += chunk.toString()))
      socket.on('close', () => resolve(text))
      socket.on('error', () => resolve(text))
    })
    expect(reply).toMatch(/^HTTP\/1\.1 40\d/)
    const probe = await openProbe(server.port, { token: TOKEN })
    probe.ws.close()
  })

  it('drops a client that sends an oversized message', async () => {
    const { server, dispatch } = await start()
    const probe = await openProbe(server.port, { token: TOKEN })
    const closed = new Promise<number>((resolve) => probe.ws.once('close', (code) => resolve(code)))
    probe.ws.send(JSON.stringify({ id: 1, method: 'app.info', params: { pad: 'x'.repeat(300_000) } }))
    expect(await closed).toBe(1009)
    expect(dispatch).not.toHaveBeenCalled()
  })
})
