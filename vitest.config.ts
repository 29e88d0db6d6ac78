import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    environment: 'node',
    // Native modules (better-sqlite3, keytar) are happiest in child processes.
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
})
