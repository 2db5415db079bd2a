import { resolveMongoBackend } from './backend/resolve-backend';
import { TEST_MONGO_KIND_ENV, TEST_MONGO_URI_ENV } from './backend/start-test-mongo';

/**
 * Vitest globalSetup: picks the test MongoDB once per run, prints which, and shares its URI with
 * the workers through `SOCIALKIT_TEST_MONGO_URI`; `startTestMongo()` then hands each test file its
 * own database on that server.
 *
 * @example
 * ```ts
 * // vitest.config.ts
 * test: { globalSetup: ['@socialkit/testing/vitest-global-setup'] }
 * ```
 */
export default async function setup(): Promise<() => Promise<void>> {
  if (process.env[TEST_MONGO_URI_ENV]) return async () => {};
  const backend = await resolveMongoBackend();
  console.info(backend.description);
  process.env[TEST_MONGO_URI_ENV] = backend.uri;
  process.env[TEST_MONGO_KIND_ENV] = backend.kind;
  return async () => {
    delete process.env[TEST_MONGO_URI_ENV];
    delete process.env[TEST_MONGO_KIND_ENV];
    await backend.stop();
  };
}
