import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { app, BrowserWindow, dialog, ipcMain, protocol, session } from 'electron'
import { BACKTEST_WORKER, createAppCore, KEYCHAIN_SERVICE, type AppCore } from '../core/app-core'
import { sourceFromSettings } from '../core/data-source'
import { consoleLogger } from '../core/log'
import { KeytarSecretStore, loadKeytar } from '../secrets/keytar-store'
import { SECURITY_HEADERS } from '../headless/security'
import { registerIpc } from './ipc'
import { electronNativeDir, resolveNativeBindings } from './native-bindings'
import {
  allowNavigation,
  allowPermission,
  APP_ENTRY_URL,
  APP_SCHEME,
  rendererFileFor,
  windowOpenDecision,
} from './security'

const log = consoleLogger('main')
const here = fileURLToPath(new URL('.', import.meta.url))
const rendererDir = join(here, '../renderer')
const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
}

let mainWindow: BrowserWindow | undefined
let core: AppCore | undefined

// Data lives in the OS user-data folder; TRADEDESK_DATA_DIR points it elsewhere (tests, portable use).
if (process.env.TRADEDESK_DATA_DIR) app.setPath('userData', process.env.TRADEDESK_DATA_DIR)

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
])

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    if (mainWindow === undefined) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  })
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!allowNavigation(url)) event.preventDefault()
    })
    contents.on('will-redirect', (event) => event.preventDefault())
    contents.on('will-attach-webview', (event) => event.preventDefault())
    contents.setWindowOpenHandler(windowOpenDecision)
  })
  app.whenReady().then(start, (error: unknown) => fatal(error))
}

async function start(): Promise<void> {
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(allowPermission(permission, { url: details.requestingUrl, isMainFrame: details.isMainFrame })),
  )
  session.defaultSession.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    allowPermission(permission, { url: details.requestingUrl ?? requestingOrigin, isMainFrame: details.isMainFrame }),
  )
  protocol.handle(APP_SCHEME, async (request) => {
    const file = rendererFileFor(request.url, rendererDir, process.platform === 'win32' ? '\\' : '/')
    if (file === undefined) return new Response('Not found', { status: 404 })
    try {
      const body = await readFile(file)
      const type = MIME[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream'
      return new Response(body, { headers: { ...SECURITY_HEADERS, 'Content-Type': type } })
    } catch {
      return new Response('Not found', { status: 404 })
    }
  })

  const native = resolveNativeBindings(
    app.isPackaged,
    electronNativeDir(app.getAppPath(), process.versions.electron, process.platform, process.arch),
  )
  core = await createAppCore({
    dataDir: app.getPath('userData'),
    hostKind: 'electron',
    version: app.getVersion(),
    log: consoleLogger('core'),
    openSecrets: () => new KeytarSecretStore(KEYCHAIN_SERVICE, loadKeytar(native.keytar)),
    // TRADEDESK_REPLAY (a folder of recordings), TRADEDESK_REPLAY_CANDLES (a candle set),
    // TRADEDESK_FROM, TRADEDESK_SPEED, TRADEDESK_EXCHANGE and TRADEDESK_SYMBOLS choose another
    // market, as the headless flags do.
    source: sourceFromSettings({
      replay: process.env.TRADEDESK_REPLAY,
      replayCandles: process.env.TRADEDESK_REPLAY_CANDLES,
      from: process.env.TRADEDESK_FROM,
      speed: process.env.TRADEDESK_SPEED,
      exchange: process.env.TRADEDESK_EXCHANGE,
      symbols: process.env.TRADEDESK_SYMBOLS,
    }),
    ...(native.sqlite === undefined ? {} : { sqliteNativeBinding: native.sqlite }),
    backtestWorker: join(here, BACKTEST_WORKER),
  })
  registerIpc(ipcMain, core, () => mainWindow?.webContents, log)
  createWindow()
}

function createWindow(): void {
  mainWindow = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 640,
    backgroundColor: '#0f1318',
    show: false,
    title: 'TradeDesk',
    webPreferences: {
      preload: join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
      spellcheck: false,
    },
  })
  mainWindow.once('ready-to-show', () => mainWindow?.show())
  mainWindow.on('closed', () => {
    mainWindow = undefined
  })
  void mainWindow.loadURL(APP_ENTRY_URL)
}

app.on('window-all-closed', () => app.quit())
// Flush and close the ledger before the process goes away, however it is asked to.
app.on('will-quit', () => core?.close())
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit())

/** A start-up failure (e.g. a ledger from a newer version) is shown, not just logged. */
function fatal(error: unknown): void {
  log.error('TradeDesk could not start', error)
  core?.close()
  dialog.showErrorBox('TradeDesk could not start', error instanceof Error ? error.message : String(error))
  app.exit(1)
}
