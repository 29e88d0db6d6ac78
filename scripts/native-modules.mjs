#!/usr/bin/env node
// Builds copies of our native modules (better-sqlite3, keytar) for another runtime's ABI
// without touching node_modules, whose Node-ABI builds Vitest uses.
//
//   node scripts/native-modules.mjs [--runtime electron|node] [--target VERSION] [--out DIR]
//
// Defaults: the Electron version in node_modules/electron, written to
// .native-cache/electron-<version>-<platform>-<arch>/ (see electron/main/native-bindings.ts).
// A .node file that already exists is left alone, so repeat runs are instant.
import { spawn, execFileSync } from 'node:child_process'
import { cpSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, rmdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { homedir } from 'node:os'
import { basename, dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const requireFromProject = createRequire(join(projectRoot, 'package.json'))

/** Package name -> file name of its addon in build/Release. */
const MODULES = { 'better-sqlite3': 'better_sqlite3.node', keytar: 'keytar.node' }
/** keytar is an optional dependency: without it the app runs with the keychain unavailable. */
const OPTIONAL = new Set(['keytar'])

const ELECTRON_HEADERS_URL = 'https://www.electronjs.org/headers'
// Only the headers download gets a time limit; compiling SQLite legitimately takes minutes.
const DOWNLOAD_TIMEOUT_MS = 120_000

const log = (line) => console.log(`native-modules: ${line}`)

export function installedElectronVersion() {
  const file = join(projectRoot, 'node_modules', 'electron', 'package.json')
  if (!existsSync(file)) throw new Error('Electron is not installed (node_modules/electron/package.json is missing); run "npm install" first.')
  return JSON.parse(readFileSync(file, 'utf8')).version
}

/** Same folder naming as electronNativeDir() in electron/main/native-bindings.ts. */
export function defaultOutDir(runtime, target) {
  return join(projectRoot, '.native-cache', `${runtime}-${target}-${process.platform}-${process.arch}`)
}

/**
 * Makes sure `out` holds better_sqlite3.node and keytar.node built for `runtime`/`target`,
 * building whichever is missing. Returns the output folder. Throws an Error whose message is
 * one sentence fit to show a user.
 */
export async function ensureNativeModules({ runtime = 'electron', target, out } = {}) {
  if (runtime !== 'electron' && runtime !== 'node') throw new Error(`Unknown runtime "${runtime}"; use "electron" or "node".`)
  target ??= runtime === 'electron' ? installedElectronVersion() : process.versions.node
  if (!/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(target)) throw new Error(`"${target}" is not a version number like 45.4.1.`)
  out = resolve(out ?? defaultOutDir(runtime, target))
  const label = `${runtime === 'electron' ? 'Electron' : 'Node'} ${target}`

  const missing = Object.entries(MODULES).filter(([name, file]) => {
    if (OPTIONAL.has(name) && !isInstalled(name)) {
      log(`${name} is not installed (optional); skipping it, so the app will run without the OS keychain`)
      return false
    }
    const done = existsSync(join(out, file))
    if (done) log(`${name} for ${label} is up to date (${join(out, file)})`)
    return !done
  })
  if (missing.length === 0) return out
  const sources = Object.fromEntries(missing.map(([name]) => [name, packageDir(name, label)]))

  const gyp = gypOptions(runtime, target)
  if (!gyp.nodedir) {
    // Fetch the headers up front, alone and with a timeout, so an unreachable server fails
    // fast instead of hanging inside "rebuild"; rebuild then finds them in devdir.
    log(`fetching ${label} headers (skipped when already cached)`)
    const res = await nodeGyp(['install', '--ensure', ...gyp.args], projectRoot, gyp.env, DOWNLOAD_TIMEOUT_MS)
    if (res.code !== 0) {
      const reason = res.timedOut ? `no answer from the headers server within ${DOWNLOAD_TIMEOUT_MS / 1000} s` : `downloading the headers failed (${gypReason(res.output)})`
      const hint = runtime === 'electron'
        ? "Electron's headers must be downloadable the first time."
        : "Node's headers must be downloadable, or npm's nodedir config must point at a local Node install."
      throw new Error(`Could not build ${missing[0][0]} for ${label}: ${reason}. ${hint}`)
    }
  }

  // Scratch copies must sit inside the project: keytar's binding.gyp runs
  // `node -p "require('node-addon-api')..."` from its own folder, which has to walk up to the
  // project's node_modules. One folder per process, so concurrent runs (a test build next to
  // `npm start`, two test runs) never share one.
  const buildRoot = join(projectRoot, '.native-cache', 'build')
  removeDeadScratch(buildRoot)
  const scratchRoot = join(buildRoot, `${runtime}-${target}-${process.pid}`)
  for (const [name, file] of missing) {
    const source = sources[name]
    const scratch = join(scratchRoot, name)
    cpSync(source, scratch, {
      recursive: true,
      filter: (path) => relative(source, path).split(sep)[0] !== 'build', // not its Node-ABI build
    })

    log(`building ${name} for ${label} (${process.platform}-${process.arch}); this can take a few minutes`)
    const started = Date.now()
    const res = await nodeGyp(['rebuild', '--release', '--jobs=max', ...gyp.args], scratch, gyp.env)
    const built = join(scratch, 'build', 'Release', file)
    if (res.code !== 0 || !existsSync(built)) {
      process.stderr.write(res.output.split('\n').slice(-40).join('\n') + '\n')
      throw new Error(`Could not build ${name} for ${label}: ${res.code !== 0 ? gypReason(res.output) : `node-gyp produced no ${file}`}. See the node-gyp output above.`)
    }
    // Copy then rename, so an interrupted copy never leaves a file that counts as up to date.
    const dest = join(out, file)
    mkdirSync(out, { recursive: true })
    copyFileSync(built, `${dest}.tmp-${process.pid}`)
    renameSync(`${dest}.tmp-${process.pid}`, dest)
    rmSync(scratch, { recursive: true, force: true })
    log(`wrote ${dest} (${Math.round((Date.now() - started) / 1000)} s)`)
  }
  // Tidy the now-empty scratch parents; rmdir refuses if another build is using them.
  for (const dir of [scratchRoot, buildRoot]) {
    try { rmdirSync(dir) } catch { /* not empty or gone */ }
  }
  return out
}

function isInstalled(name) {
  try {
    requireFromProject.resolve(`${name}/package.json`)
    return true
  } catch {
    return false
  }
}

function packageDir(name, label) {
  try {
    return dirname(requireFromProject.resolve(`${name}/package.json`))
  } catch {
    throw new Error(`Could not build ${name} for ${label}: it is not installed in node_modules; run "npm install" first.`)
  }
}

/** Removes scratch folders (named ...-<pid>) left behind by runs that were killed mid-build. */
function removeDeadScratch(buildRoot) {
  if (!existsSync(buildRoot)) return
  for (const entry of readdirSync(buildRoot)) {
    const pid = Number(entry.split('-').pop())
    if (!Number.isInteger(pid) || pid <= 0) continue
    try {
      process.kill(pid, 0) // signal 0 only asks whether the process exists
    } catch (err) {
      if (err.code === 'ESRCH') rmSync(join(buildRoot, entry), { recursive: true, force: true })
    }
  }
}

/** node-gyp flags and environment for one runtime/target. */
function gypOptions(runtime, target) {
  // Under `npm run`, npm exports its config (nodedir=..., target=...) as npm_config_* variables,
  // which node-gyp would obey; drop them so only our flags decide what is built.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) =>
    !/^npm_config_(nodedir|target|target_arch|arch|runtime|dist_?url|devdir)$/i.test(key)))
  if (runtime === 'electron') {
    return {
      env,
      // ~/.electron-gyp is where @electron/rebuild keeps Electron's headers; sharing it avoids a
      // clash with Node's headers of the same version number in node-gyp's default devdir.
      args: ['--runtime=electron', `--target=${target}`, `--dist-url=${ELECTRON_HEADERS_URL}`, `--devdir=${join(homedir(), '.electron-gyp')}`],
    }
  }
  // npm's nodedir config names the headers of the Node install running us, so it only applies
  // when building for this very Node version; other versions are downloaded.
  const nodedir = target === process.versions.node ? npmNodedir() : undefined
  return { env, nodedir, args: [`--target=${target}`, ...(nodedir ? [`--nodedir=${nodedir}`] : [])] }
}

function npmNodedir() {
  if (process.env.npm_config_nodedir) return process.env.npm_config_nodedir
  try {
    const value = execFileSync('npm', ['config', 'get', 'nodedir'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      shell: process.platform === 'win32', // npm is npm.cmd there
    }).trim()
    return value && value !== 'undefined' && value !== 'null' ? value : undefined
  } catch {
    return undefined
  }
}

/** Runs node-gyp with the current Node, collecting its output instead of echoing it. */
function nodeGyp(args, cwd, env, timeoutMs) {
  const bin = requireFromProject.resolve('node-gyp/bin/node-gyp.js')
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    let timedOut = false
    child.stdout.on('data', (d) => { output += d })
    child.stderr.on('data', (d) => { output += d })
    const timer = timeoutMs && setTimeout(() => { timedOut = true; child.kill() }, timeoutMs)
    child.on('error', (err) => { output += `\n${err.message}`; clearTimeout(timer); resolvePromise({ code: -1, output, timedOut }) })
    child.on('close', (code) => { clearTimeout(timer); resolvePromise({ code: code ?? -1, output, timedOut }) })
  })
}

/** The most telling line of a failed node-gyp run. */
function gypReason(output) {
  const network = [...output.matchAll(/failed with (E[A-Z_]+)/g)].pop() // "attempt 1 failed with ENOTFOUND"
  if (network) return network[1]
  const compiler = output.match(/^(?!gyp).*\berror\b:.*$/im) // "foo.cc:1:2: fatal error: bar.h: No such file"
  const stack = output.match(/gyp ERR! stack \w*Error: (.+)/)
  const reason = compiler?.[0] ?? stack?.[1] ?? 'node-gyp failed'
  return reason.trim().replace(/\.$/, '').slice(0, 300)
}

// CLI entry (the module is also imported by scripts/start.mjs).
// Node gives import.meta.url the real path of the entry script, so compare against that.
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  let values
  try {
    ({ values } = parseArgs({ options: { runtime: { type: 'string' }, target: { type: 'string' }, out: { type: 'string' } } }))
  } catch (err) {
    console.error(`${err.message}\nUsage: node scripts/${basename(process.argv[1])} [--runtime electron|node] [--target VERSION] [--out DIR]`)
    process.exit(2)
  }
  try {
    await ensureNativeModules(values)
  } catch (err) {
    console.error(err.message)
    process.exit(1)
  }
}
