import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

/**
 * The installed Electron executable, or undefined. Reads the electron package's own record
 * instead of requiring it, because requiring it tries to download a missing binary.
 */
export function electronBinary() {
  let dir
  try {
    dir = dirname(require.resolve('electron/package.json'))
  } catch {
    return undefined
  }
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const file = join(process.env.ELECTRON_OVERRIDE_DIST_PATH, process.platform === 'win32' ? 'electron.exe' : 'electron')
    return existsSync(file) ? file : undefined
  }
  const pathFile = join(dir, 'path.txt')
  if (!existsSync(pathFile)) return undefined
  const file = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(file) ? file : undefined
}

export function electronVersion() {
  return JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version
}
