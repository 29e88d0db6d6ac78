import { homedir } from 'node:os'
import { join } from 'node:path'
import { APP_NAME } from './app-core'

/**
 * The per-user data folder, the same one Electron's `app.getPath('userData')` gives, so the
 * headless host and the desktop app share one ledger.
 */
export function defaultDataDir(platform: NodeJS.Platform = process.platform, env = process.env): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_NAME)
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_NAME)
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_NAME)
}
