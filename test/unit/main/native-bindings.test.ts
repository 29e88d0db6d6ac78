import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { electronNativeDir, resolveNativeBindings } from '../../../electron/main/native-bindings'
import { useTempDirs } from '../../support/temp-dir'

const tempDir = useTempDirs()

describe('native bindings for the desktop app', () => {
  it('names one cache folder per Electron version, platform and arch', () => {
    expect(electronNativeDir('/p', '45.4.1', 'linux', 'x64')).toBe(join('/p', '.native-cache', 'electron-45.4.1-linux-x64'))
  })

  it('uses the packaged modules as they are', () => {
    expect(resolveNativeBindings(true, '/nowhere')).toEqual({})
  })

  it('loads the Electron builds from the cache during development', () => {
    const dir = tempDir()
    expect(() => resolveNativeBindings(false, dir)).toThrow(/run "npm start" to build them/)
    writeFileSync(join(dir, 'better_sqlite3.node'), '')
    expect(resolveNativeBindings(false, dir)).toEqual({ sqlite: join(dir, 'better_sqlite3.node') })
    writeFileSync(join(dir, 'keytar.node'), '')
    expect(resolveNativeBindings(false, dir)).toEqual({ sqlite: join(dir, 'better_sqlite3.node'), keytar: join(dir, 'keytar.node') })
  })
})
