import { parseArgs } from 'node:util'

import { sourceFromSettings, type DataSourceChoice } from '../core/data-source'
import { CANDLE_SET_IDS } from '../venues/replay/candle-sets'

export interface HeadlessArgs {
  host: string
  port: number
  dataDir: string | undefined
  source: DataSourceChoice
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost'])

export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host)
}

export const USAGE = `Usage: npm run serve -- [--port N] [--host ADDRESS] [--data-dir PATH] [--replay FOLDER [--replay-candles SET [--from DATE]]] [--speed N|max] [--load-test-markets N] [--exchange VENUE [--symbols A/B,C/D]]
  --port            port to listen on (default 0: any free port)
  --host            interface to listen on (default 127.0.0.1; anything else exposes the app to your network)
  --data-dir        folder holding the ledger (default: the desktop app's data folder)
  --replay          paper-trade a recorded day: a folder of recordings (candles/, ticks/), with its own ledger
  --replay-candles  instead replay a candle set of that folder (candles/, funding/), with its own ledger:
                    ${CANDLE_SET_IDS.join(', ')}
  --from            where the candle replay starts, a UTC date: 2024-08-05 or 2024-08-05T12:00Z (default: the set's start)
  --speed           market speed: 1 (real time, default), 10, ... or max
  --load-test-markets  simulate N perpetuals ticking 20 times a second instead of the built-in market
  --exchange        paper-trade on an exchange's live public prices (binance, okx, bybit, kucoin; no key), with its own ledger
  --symbols         the exchange's spot markets, comma-separated (default BTC/USDT,ETH/USDT)
                    (load tests and benchmarks), with their own ledger`

/** Parses the headless host's flags; throws an Error with a readable message on bad input. */
export function parseHeadlessArgs(argv: string[]): HeadlessArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      'data-dir': { type: 'string' },
      replay: { type: 'string' },
      'replay-candles': { type: 'string' },
      from: { type: 'string' },
      speed: { type: 'string' },
      'load-test-markets': { type: 'string' },
      exchange: { type: 'string' },
      symbols: { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  })
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`--port must be a whole number from 0 to 65535, got "${values.port}"`)
  }
  const host = values.host === 'localhost' ? '127.0.0.1' : values.host
  const source = sourceFromSettings({
    replay: values.replay,
    replayCandles: values['replay-candles'],
    from: values.from,
    speed: values.speed,
    loadTestMarkets: values['load-test-markets'],
    exchange: values.exchange,
    symbols: values.symbols,
  })
  return { host, port, dataDir: values['data-dir'], source }
}
