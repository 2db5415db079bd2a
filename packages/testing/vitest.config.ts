import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

// The README's Express example imports @socialkit/express. A devDependency on it would make the
// workspace cyclic (the express package tests with this kit), so the example gets it from source.
const express = fileURLToPath(new URL('../server-middleware/src/index.ts', import.meta.url));

export default defineProject({
  resolve: { conditions: ['source'], alias: { '@socialkit/express': express } },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
