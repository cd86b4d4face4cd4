import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/setup/corpus-notice.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Polls watch a browser page or a child process on 2 shared cores: give them time, not luck.
    expect: { poll: { timeout: 15_000 } },
    pool: 'forks',
  },
});
