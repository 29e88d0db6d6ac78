import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test as base, chromium, _electron as electron, type Browser, type Page } from '@playwright/test'
import { electronBinary } from '../../scripts/electron-binary.mjs'
import { startHeadlessHost, type HeadlessHost } from '../support/headless-process'
import { SHARED_DATA_DIR } from '../support/shared-data'
import { CHROMIUM_LAUNCH } from './browser'

interface Fixtures {
  /** The market `appPage` trades on (default: the simulator in real time); set with test.use. */
  market: AppMarket | undefined
  dataDir: string
  /** Debian's Chromium, launched only by tests that use it. */
  chromiumBrowser: Browser
  /** The running headless host (headless project only). */
  host: HeadlessHost
  /** A page showing the app: the headless host in Chromium, or the desktop window in Electron. */
  appPage: Page
}

export const isElectron = (projectName: string): boolean => projectName === 'electron'

/** A recorded candle set of the team's data, from a UTC date, at a speed ("60" = a minute a second). */
export interface AppMarket {
  candles: string
  from: string
  speed: string
}

/** The headless host's flags for `market`. */
function marketFlags(market: AppMarket | undefined): string[] {
  return market === undefined ? [] : ['--replay', SHARED_DATA_DIR, '--replay-candles', market.candles, '--from', market.from, '--speed', market.speed]
}

/** The desktop app's environment for `market` (the same settings as the flags). */
function marketEnvironment(market: AppMarket | undefined): Record<string, string> {
  return market === undefined
    ? {}
    : { TRADEDESK_REPLAY: SHARED_DATA_DIR, TRADEDESK_REPLAY_CANDLES: market.candles, TRADEDESK_FROM: market.from, TRADEDESK_SPEED: market.speed }
}

export const test = base.extend<Fixtures>({
  market: [undefined, { option: true }],
  // eslint-disable-next-line no-empty-pattern
  dataDir: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'tradedesk-e2e-'))
    await use(dir)
    rmSync(dir, { recursive: true, force: true })
  },
  // eslint-disable-next-line no-empty-pattern
  chromiumBrowser: async ({}, use) => {
    const browser = await chromium.launch(CHROMIUM_LAUNCH)
    await use(browser)
    await browser.close()
  },
  host: async ({ dataDir }, use) => {
    const host = await startHeadlessHost(dataDir)
    await use(host)
    await host.stop()
  },
  appPage: async ({ dataDir, market }, use, testInfo) => {
    if (isElectron(testInfo.project.name)) {
      const executablePath = electronBinary()
      test.skip(executablePath === undefined, 'No Electron binary is installed on this machine')
      const app = await electron.launch({
        executablePath: executablePath as string,
        args: ['.'],
        env: { ...process.env, TRADEDESK_DATA_DIR: dataDir, ...marketEnvironment(market) },
      })
      await use(await app.firstWindow())
      await app.close()
      return
    }
    const host = await startHeadlessHost(dataDir, marketFlags(market))
    const browser = await chromium.launch(CHROMIUM_LAUNCH)
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    await page.goto(host.url)
    await use(page)
    await browser.close()
    await host.stop()
  },
})

export const expect = test.expect
