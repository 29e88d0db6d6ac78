import { spawnSync } from 'node:child_process'
import { electronBinary } from '../../scripts/electron-binary.mjs'
import { packageBin } from '../../scripts/package-bin.mjs'

/** The suite always runs against a fresh build of the app (about two seconds). */
export default async function globalSetup(): Promise<void> {
  const build = spawnSync(process.execPath, [packageBin('electron-vite', 'electron-vite'), 'build'], { stdio: 'inherit' })
  if (build.status !== 0) throw new Error('electron-vite build failed')
  if (electronBinary() !== undefined) {
    const { ensureNativeModules } = await import('../../scripts/native-modules.mjs')
    await ensureNativeModules({ runtime: 'electron' })
  }
}
