// `npm run bench`: runs test/bench/run.ts through Vite's module runner, so benchmarks load
// the code exactly as the app build and Vitest do (SQL migrations included).
import { runnerImport } from 'vite'

const { module } = await runnerImport('/test/bench/run.ts', { configFile: false, logLevel: 'error' })
await module.main()
