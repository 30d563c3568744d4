import { defineConfig } from 'vitest/config';

// Kept apart from vite.config.ts, whose root is src-renderer.
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Tests use real files, real watchers and real sockets; two cores are shared by all of it.
    pool: 'forks',
    // electron-store imports `electron`; inlining it lets the tests' vi.mock('electron') reach it.
    server: { deps: { inline: ['electron-store'] } },
  },
});
