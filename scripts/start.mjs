// `npm start`: build, then open the desktop app. Without an Electron binary (as on our
// build machines), say so and start the headless host, whose address opens in a browser.
import { spawn, spawnSync } from 'node:child_process'
import { electronBinary } from './electron-binary.mjs'
import { packageBin } from './package-bin.mjs'

function run(args) {
  const result = spawnSync(process.execPath, args, { stdio: 'inherit' })
  if (result.status !== 0) process.exit(result.status ?? 1)
}

/** Runs a long-lived child, forwarding Ctrl+C / termination so the ledger is closed cleanly. */
function handOver(command, args) {
  const child = spawn(command, args, { stdio: 'inherit' })
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
}

run([packageBin('electron-vite', 'electron-vite'), 'build'])

/** Why the desktop app cannot open here, or undefined when it can. */
async function desktopUnavailable(electron) {
  if (electron === undefined) return 'Electron is not installed on this machine'
  try {
    const { ensureNativeModules } = await import('./native-modules.mjs')
    await ensureNativeModules({ runtime: 'electron' })
    return undefined
  } catch (error) {
    return error.message.replace(/\.$/, '')
  }
}

const electron = electronBinary()
const reason = await desktopUnavailable(electron)
if (reason === undefined) {
  handOver(electron, ['.', ...process.argv.slice(2)])
} else {
  console.log(`${reason}, so TradeDesk starts in headless mode: open the address below in your browser.`)
  handOver(process.execPath, ['out/main/headless.js', ...process.argv.slice(2)])
}
