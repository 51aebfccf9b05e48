import { defineConfig } from 'vitest/config';
import path from 'node:path';

export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname) } },
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', '.next/**', 'e2e/**', '.data/**'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // server-only throws outside React Server Components; tests import db modules directly.
    alias: { 'server-only': path.resolve(import.meta.dirname, 'test/server-only-stub.ts') },
    pool: 'forks',
    setupFiles: ['test/setup.ts'],
  },
});
