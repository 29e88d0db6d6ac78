import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { BACKTEST_WORKER, createAppCore, KEYCHAIN_SERVICE } from '../core/app-core'
import { describeSource } from '../core/data-source'
import { consoleLogger } from '../core/log'
import { KeytarSecretStore, loadKeytar } from '../secrets/keytar-store'
import { defaultDataDir } from '../core/paths'
import { isLoopback, parseHeadlessArgs, USAGE } from './cli'
import { startHeadlessServer } from './server'

/** `npm run serve`: the same core in plain Node, the renderer in any browser. */
async function main(): Promise<void> {
  const log = consoleLogger('headless')
  let args
  try {
    args = parseHeadlessArgs(process.argv.slice(2))
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`)
    process.exit(2)
  }
  if (!isLoopback(args.host)) {
    log.warn(
      `listening on ${args.host}: other machines that can reach it may open the app. ` +
        'They still need the session token, but traffic is unencrypted; prefer the default 127.0.0.1.',
    )
  }
  const here = dirname(fileURLToPath(import.meta.url))
  const dataDir = resolve(args.dataDir ?? defaultDataDir())
  const core = await createAppCore({
    dataDir,
    hostKind: 'headless',
    version: __APP_VERSION__,
    log,
    openSecrets: () => new KeytarSecretStore(KEYCHAIN_SERVICE, loadKeytar()),
    source: args.source,
    backtestWorker: join(here, BACKTEST_WORKER),
    // End-to-end tests send exchange requests to a local test exchange.
    ...(process.env.TRADEDESK_EXCHANGE_API_HOST === undefined ? {} : { exchangeApiHost: process.env.TRADEDESK_EXCHANGE_API_HOST }),
  })
  const server = await startHeadlessServer({
    core,
    rendererDir: join(here, '../renderer'),
    host: args.host,
    port: args.port,
    log,
  }).catch((error: unknown) => {
    core.close()
    throw error
  })
  console.log(`\nTradeDesk is running headless (paper trading on ${describeSource(args.source)}).`)
  console.log(`Open this address in your browser (it carries this session's access token):\n\n  ${server.url}\n`)
  console.log('Press Ctrl+C to stop.')

  let stopping = false
  const stop = (signal: string): void => {
    if (stopping) return
    stopping = true
    log.info(`${signal}: closing the ledger and stopping`)
    void server.close().finally(() => {
      core.close()
      process.exit(0)
    })
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}

main().catch((error: unknown) => {
  console.error(`TradeDesk could not start: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
})
