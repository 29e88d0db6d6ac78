// Fetches Electron's binary after `npm install`. Electron's own install script is not
// allowed to run (package.json allowScripts) because its failure would fail the whole
// install; here a machine that cannot download it still gets a working install, and
// `npm start` then runs the app in the browser instead.
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { electronBinary } from './electron-binary.mjs'

if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
  console.log('Electron download skipped (ELECTRON_SKIP_BINARY_DOWNLOAD is set); `npm start` will use the browser.')
} else if (electronBinary() === undefined) {
  const installer = join(dirname(createRequire(import.meta.url).resolve('electron/package.json')), 'install.js')
  const result = spawnSync(process.execPath, [installer], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 10 * 60_000 })
  if (result.status === 0 && electronBinary() !== undefined) {
    console.log('Electron downloaded; `npm start` opens the desktop app.')
  } else {
    console.log('Electron could not be downloaded on this machine; `npm start` will run TradeDesk in your browser instead.')
  }
}
