import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: [
      'tests/unit/**/*.test.ts',
      'tests/integration/**/*.test.ts',
      'src/**/*.test.ts',
      // The workspace packages' own tests, so `npm test` runs them too.
      'packages/*/tests/**/*.test.ts'
    ],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // better-sqlite3 and the sandbox's sockets are happier in forked processes than in threads
    pool: 'forks'
  }
})
