import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'
import pkg from './package.json' with { type: 'json' }

// One build for both hosts: the main section emits the Electron entry and the
// headless (plain Node) entry side by side; they share the core's chunks.
export default defineConfig({
  main: {
    define: { __APP_VERSION__: JSON.stringify(pkg.version) },
    build: {
      outDir: 'out/main',
      rolldownOptions: {
        input: {
          index: resolve('electron/main/index.ts'),
          headless: resolve('electron/headless/index.ts'),
          // Parameter sweeps run backtests on worker threads of this file.
          'backtest-worker': resolve('electron/backtest/worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload must be a single CommonJS file.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve('electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    base: './',
    build: {
      outDir: 'out/renderer',
      rolldownOptions: { input: { index: resolve('renderer/index.html') } },
    },
    plugins: [react()],
  },
})
