// `npm test`: typecheck, lint, build, unit + integration tests (Vitest, with a real OS
// keychain), then end-to-end tests in a real browser (Playwright). Ends with one plain
// summary line: "N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { packageBin } from './package-bin.mjs'

const RESULTS = 'test-results'

function step(title, command, args, options = {}) {
  console.log(`\n=== ${title}`)
  const result = spawnSync(command, args, { stdio: 'inherit', ...options })
  return result.status === 0
}

function has(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0
}

/**
 * keytar needs a Secret Service on Linux. A desktop session has one; elsewhere (CI, SSH)
 * we start a private D-Bus session with a throwaway, unlocked gnome-keyring for the run.
 */
function withKeychain(command) {
  if (process.platform !== 'linux' || process.env.DBUS_SESSION_BUS_ADDRESS) return command
  if (!has('dbus-run-session') || !has('gnome-keyring-daemon')) {
    console.error(
      'The keychain tests need a Secret Service: install the "dbus" and "gnome-keyring" packages ' +
        '(Debian/Ubuntu: apt-get install dbus gnome-keyring), or run inside a desktop session.',
    )
    process.exit(1)
  }
  const quoted = command.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ')
  return [
    'dbus-run-session',
    '--',
    'sh',
    '-c',
    `printf 'throwaway' | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec ${quoted}`,
  ]
}

function readJson(file) {
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined
}

rmSync(RESULTS, { recursive: true, force: true })
mkdirSync(RESULTS, { recursive: true })
const outcomes = []
outcomes.push(step('Typecheck', process.execPath, [packageBin('typescript', 'tsc'), '-b', '--noEmit']))
outcomes.push(step('Lint', process.execPath, [packageBin('eslint', 'eslint'), '--max-warnings', '0', '.']))
outcomes.push(step('Build', process.execPath, [packageBin('electron-vite', 'electron-vite'), 'build']))

const [vitestCommand, ...vitestArgs] = withKeychain([process.execPath, packageBin('vitest', 'vitest'), 'run', '--reporter=default', '--reporter=json', `--outputFile=${RESULTS}/vitest.json`])
outcomes.push(step('Unit and integration tests (Vitest)', vitestCommand, vitestArgs))
// The headless host keeps exchange keys in the keychain too (the exchange-import journey).
const [playwrightCommand, ...playwrightArgs] = withKeychain([process.execPath, packageBin('@playwright/test', 'playwright'), 'test'])
outcomes.push(step('End-to-end tests (Playwright)', playwrightCommand, playwrightArgs))

let passed = 0
let failed = 0
let skipped = 0
const vitest = readJson(`${RESULTS}/vitest.json`)
if (vitest) {
  passed += vitest.numPassedTests
  failed += vitest.numFailedTests
  skipped += vitest.numPendingTests + vitest.numTodoTests
}
const e2e = readJson(`${RESULTS}/e2e.json`)
if (e2e) {
  passed += e2e.stats.expected + e2e.stats.flaky
  failed += e2e.stats.unexpected
  skipped += e2e.stats.skipped
}
const stepFailures = outcomes.filter((ok) => !ok).length
if (stepFailures > 0 && failed === 0) failed = stepFailures
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`)
process.exit(outcomes.every(Boolean) && failed === 0 ? 0 : 1)
