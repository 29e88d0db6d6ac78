import { defineConfig } from '@playwright/test'
import { electronBinary } from './scripts/electron-binary.mjs'
import { CHROMIUM_LAUNCH } from './test/e2e/browser'

if (electronBinary() === undefined) {
  console.log(
    '[e2e] The Electron project is skipped: no Electron binary is installed (installed with ELECTRON_SKIP_BINARY_DOWNLOAD). ' +
      'Where `npm install` could download Electron, the same specs run against the desktop app.',
  )
}

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results/e2e',
  globalSetup: './test/e2e/global-setup.ts',
  timeout: 45_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  use: {
    viewport: { width: 1280, height: 800 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: CHROMIUM_LAUNCH,
  },
  // @browser tests exercise the WebSocket transport; @desktop tests the Electron window.
  projects: [
    { name: 'headless-chromium', grepInvert: /@desktop/ },
    { name: 'electron', grepInvert: /@browser/ },
  ],
})
