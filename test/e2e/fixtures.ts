import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test as base, chromium, _electron as electron, type Browser, type Page } from '@playwright/test'
import { electronBinary } from '../../scripts/electron-binary.mjs'
import { startHeadlessHost, type HeadlessHost } from '../support/headless-process'
import { CHROMIUM_LAUNCH } from './browser'

interface Fixtures {
  /** The simulated market's speed for `appPage` ("10" = ten times real time); set with test.use. */
  marketSpeed: string | undefined
  dataDir: string
  /** Debian's Chromium, launched only by tests that use it. */
  chromiumBrowser: Browser
  /** The running headless host (headless project only). */
  host: HeadlessHost
  /** A page showing the app: the headless host in Chromium, or the desktop window in Electron. */
  appPage: Page
}

export const isElectron = (projectName: string): boolean => projectName === 'electron'

export const test = base.extend<Fixtures>({
  marketSpeed: [undefined, { option: true }],
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
  appPage: async ({ dataDir, marketSpeed }, use, testInfo) => {
    if (isElectron(testInfo.project.name)) {
      const executablePath = electronBinary()
      test.skip(executablePath === undefined, 'No Electron binary is installed on this machine')
      const app = await electron.launch({
        executablePath: executablePath as string,
        args: ['.'],
        env: { ...process.env, TRADEDESK_DATA_DIR: dataDir, ...(marketSpeed === undefined ? {} : { TRADEDESK_SPEED: marketSpeed }) },
      })
      await use(await app.firstWindow())
      await app.close()
      return
    }
    const host = await startHeadlessHost(dataDir, marketSpeed === undefined ? [] : ['--speed', marketSpeed])
    const browser = await chromium.launch(CHROMIUM_LAUNCH)
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    await page.goto(host.url)
    await use(page)
    await browser.close()
    await host.stop()
  },
})

export const expect = test.expect
