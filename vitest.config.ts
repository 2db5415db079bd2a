import { defineConfig } from 'vitest/config';

const jsonReport = process.env.SOCIALKIT_TEST_REPORT;

export default defineConfig({
  test: {
    projects: ['packages/*', 'demo'],
    passWithNoTests: false,
    ...(jsonReport ? { reporters: ['default', 'json'], outputFile: { json: jsonReport } } : {}),
  },
});
