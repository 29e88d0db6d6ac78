// electron-builder afterPack hook (see electron-builder.yml).
//
// npmRebuild is off, so the packaged node_modules still hold the Node-ABI addons from the
// project's node_modules. Overwrite them with the Electron-ABI builds that
// scripts/native-modules.mjs put in .native-cache for this Electron version/platform/arch.
// afterPack runs before code signing, so macOS signs the replaced files.
'use strict'
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS hook, as electron-builder loads it */
const { copyFileSync, existsSync } = require('node:fs')
const { join } = require('node:path')
const { Arch } = require('electron-builder')

/** Package name -> addon file, in .native-cache and in <package>/build/Release. */
const MODULES = { 'better-sqlite3': 'better_sqlite3.node', keytar: 'keytar.node' }

async function afterPack(context) {
  const { packager, appOutDir } = context
  const arch = Arch[context.arch] // enum number -> 'x64', 'arm64', ...
  // Mac App Store builds run on darwin; the cache is named after process.platform.
  const platform = context.electronPlatformName === 'mas' ? 'darwin' : context.electronPlatformName
  const electronVersion = packager.info.framework.version
  if (arch === 'universal') {
    throw new Error('afterPack: universal macOS builds are not supported; build x64 and arm64 separately.')
  }

  // Same folder naming as electronNativeDir() in electron/main/native-bindings.ts.
  const cacheDir = join(packager.info.projectDir, '.native-cache', `electron-${electronVersion}-${platform}-${arch}`)
  const resourcesDir = platform === 'darwin'
    ? join(appOutDir, `${packager.appInfo.productFilename}.app`, 'Contents', 'Resources')
    : join(appOutDir, 'resources')
  const unpacked = join(resourcesDir, 'app.asar.unpacked', 'node_modules')

  // Check everything before copying anything, so a failure never leaves a half-updated app.
  const installed = Object.entries(MODULES).filter(([name]) => existsSync(join(unpacked, name, 'package.json')))
  if (!installed.some(([name]) => name === 'better-sqlite3')) {
    throw new Error(`afterPack: better-sqlite3 is missing from ${unpacked}; check "files" and "asarUnpack" in electron-builder.yml.`)
  }
  // keytar is optional: a build without it ships with the keychain unavailable.
  const copies = installed.map(([name, file]) => {
    const source = join(cacheDir, file)
    const target = join(unpacked, name, 'build', 'Release', file)
    if (!existsSync(source)) {
      throw new Error(`afterPack: ${source} is missing. Run "node scripts/native-modules.mjs" on a ${platform}-${arch} machine first; native modules are not cross-compiled.`)
    }
    if (!existsSync(target)) {
      throw new Error(`afterPack: ${target} is missing from the packaged app; check "files" and "asarUnpack" in electron-builder.yml.`)
    }
    return { name, source, target }
  })
  for (const { name, source, target } of copies) {
    copyFileSync(source, target)
    console.log(`  • afterPack: ${name} now uses the Electron ${electronVersion} ${platform}-${arch} build`)
  }
}

module.exports = afterPack
module.exports.default = afterPack
