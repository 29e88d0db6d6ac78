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

  it('refuse bad values with a readable message', () => {
    expect(() => parseHeadlessArgs(['--port', '99999'])).toThrow('--port must be a whole number from 0 to 65535, got "99999"')
    expect(() => parseHeadlessArgs(['--speed=-2'])).toThrow('--speed must be a number from 0.1 to 1000, or "max", got "-2"')
    expect(() => parseHeadlessArgs(['--unknown'])).toThrow()
  })
})
