import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    // Tests spawn real ffmpeg, render real files and open real SQLite files: give them room on a
    // 2-core CI box (a timeout only matters when something hangs).
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
  },
});
