import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

// The workspace's import aliases live in one place, tsconfig.base.json; vitest reads them from there.
const { paths } = JSON.parse(readFileSync('tsconfig.base.json', 'utf8')).compilerOptions as {
  paths: Record<string, [string]>;
};

export default defineConfig({
  resolve: {
    alias: Object.fromEntries(Object.entries(paths).map(([name, [file]]) => [name, resolve(file)])),
  },
  test: {
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**', 'dist/**', 'tmp/**'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
