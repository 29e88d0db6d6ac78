import { ledgerFileFor } from '../../../electron/core/data-source'
import { describe, expect, it } from 'vitest'
import { parseHeadlessArgs } from '../../../electron/headless/cli'

describe('headless host flags', () => {
  it('default to the simulator on loopback, any free port', () => {
    expect(parseHeadlessArgs([])).toEqual({ host: '127.0.0.1', port: 0, dataDir: undefined, source: { kind: 'simulator' } })
  })

  it('choose a replay folder and a speed', () => {
    expect(parseHeadlessArgs(['--replay', '/data', '--speed', '10']).source).toEqual({ kind: 'replay', folder: '/data', speed: 10 })
    expect(parseHeadlessArgs(['--speed', 'max']).source).toEqual({ kind: 'simulator', speed: Infinity })
  })

  it('choose a candle set of the replay folder, from its start or a UTC date', () => {
    expect(parseHeadlessArgs(['--replay', '/data', '--replay-candles', 'btc-eth-1m-2024-08', '--speed', '100']).source).toEqual({
      kind: 'candles',
      folder: '/data',
      set: 'btc-eth-1m-2024-08',
      speed: 100,
    })
    expect(parseHeadlessArgs(['--replay=/data', '--replay-candles=btc-eth-sol-1h', '--from', '2021-05-19']).source).toEqual({
      kind: 'candles',
      folder: '/data',
      set: 'btc-eth-sol-1h',
      from: Date.UTC(2021, 4, 19),
    })
    expect(parseHeadlessArgs(['--replay', '/data', '--replay-candles', 'btc-eth-5m', '--from', '2025-04-07T13:30Z']).source).toMatchObject({
      from: Date.UTC(2025, 3, 7, 13, 30),
    })
  })

  it('refuse an unknown candle set, a set without a folder, and a bad or stray --from', () => {
    expect(() => parseHeadlessArgs(['--replay', '/data', '--replay-candles', 'btc-1w'])).toThrow(
      'Unknown candle set "btc-1w"; the sets are btc-eth-1m-2024-08, btc-eth-1m-2025-06, btc-eth-5m, btc-eth-sol-1h, btc-eth-sol-1d',
    )
    expect(() => parseHeadlessArgs(['--replay-candles', 'btc-eth-5m'])).toThrow('--replay-candles needs --replay FOLDER, the data folder holding candles/ and funding/')
    expect(() => parseHeadlessArgs(['--replay', '/data', '--replay-candles', 'btc-eth-5m', '--from', '2025-04-07T13:30'])).toThrow(
      '--from must be a UTC date like 2024-08-05 or 2024-08-05T12:00Z, got "2025-04-07T13:30"',
    )
    expect(() => parseHeadlessArgs(['--replay', '/data', '--replay-candles', 'btc-eth-5m', '--from', '2025-02-30'])).toThrow('--from must be a UTC date')
    expect(() => parseHeadlessArgs(['--replay', '/data', '--from', '2025-04-07'])).toThrow('--from only applies to a candle replay (--replay-candles SET)')
  })

  it('choose a load-test market of simulated perpetuals, with its own ledger', () => {
    const { source } = parseHeadlessArgs(['--load-test-markets', '50', '--speed', '10'])
    expect(source).toEqual({ kind: 'simulator', speed: 10, markets: 50 })
    expect(ledgerFileFor(source)).toBe('load-test-50.sqlite')
    expect(() => parseHeadlessArgs(['--load-test-markets', '0'])).toThrow('--load-test-markets must be a whole number from 1 to 500, got "0"')
    expect(() => parseHeadlessArgs(['--load-test-markets', '2.5'])).toThrow(/whole number/)
    expect(() => parseHeadlessArgs(['--load-test-markets', '5', '--replay', 'data'])).toThrow('cannot be combined with a replay')
  })

  it('refuse bad values with a readable message', () => {
    expect(() => parseHeadlessArgs(['--port', '99999'])).toThrow('--port must be a whole number from 0 to 65535, got "99999"')
    expect(() => parseHeadlessArgs(['--speed=-2'])).toThrow('--speed must be a number from 0.1 to 1000, or "max", got "-2"')
    expect(() => parseHeadlessArgs(['--unknown'])).toThrow()
  })
})
