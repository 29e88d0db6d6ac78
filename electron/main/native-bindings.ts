import { existsSync } from 'node:fs'
import { join } from 'node:path'

/** Where the Electron-ABI builds of our native modules live during development. */
export function electronNativeDir(projectRoot: string, electronVersion: string, platform: string, arch: string): string {
  return join(projectRoot, '.native-cache', `electron-${electronVersion}-${platform}-${arch}`)
}

export interface NativeBindings {
  sqlite?: string
  keytar?: string
}

/**
 * node_modules holds Node-ABI builds (for tests); `npm start` builds Electron-ABI copies
 * into .native-cache (scripts/native-modules.mjs) and the unpackaged app loads those. A
 * packaged app has Electron builds in place, so it uses the normal resolution. keytar is
 * optional: without its build the keychain is reported unavailable.
 */
export function resolveNativeBindings(isPackaged: boolean, dir: string): NativeBindings {
  if (isPackaged) return {}
  const sqlite = join(dir, 'better_sqlite3.node')
  if (!existsSync(sqlite)) {
    throw new Error(`Native modules for this Electron version are missing from ${dir}; run "npm start" to build them.`)
  }
  const keytar = join(dir, 'keytar.node')
  return existsSync(keytar) ? { sqlite, keytar } : { sqlite }
}
