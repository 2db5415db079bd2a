import { defineConfig } from 'vitest/config';

const jsonReport = process.env.SOCIALKIT_TEST_REPORT;

export default defineConfig({
  test: {
    projects: ['packages/*', 'demo', 'bench'],
    // One test MongoDB for the whole run (MONGODB_URI, a real mongod, or the wire-protocol test server).
    globalSetup: ['packages/testing/src/mongo/vitest-global-setup.ts'],
    passWithNoTests: false,
    ...(jsonReport ? { reporters: ['default', 'json'], outputFile: { json: jsonReport } } : {}),
  },
});
