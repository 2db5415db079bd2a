import { dropDatabase, uniqueDatabaseName, withDatabase } from './database-uri';
import { resolveMongoBackend, type TestMongoKind } from './resolve-backend';

/** Environment variables through which a Vitest globalSetup shares one server with every worker. */
export const TEST_MONGO_URI_ENV = 'SOCIALKIT_TEST_MONGO_URI';
export const TEST_MONGO_KIND_ENV = 'SOCIALKIT_TEST_MONGO_KIND';

/** Options for {@link startTestMongo}. */
export interface StartTestMongoOptions {
  /** Prefix of the generated database name. @default 'test' */
  dbName?: string;
  /** Where the one "which MongoDB" line goes. @default console.info */
  log?: (line: string) => void;
}

/** A database for one test file. */
export interface TestMongo {
  /** Connection string including a database name unique to this call. */
  uri: string;
  kind: TestMongoKind;
  /** Drops this database, and stops the server if this call started it. */
  stop(): Promise<void>;
}

/**
 * A MongoDB database for tests: `MONGODB_URI` if set, else mongodb-memory-server with a local
 * `mongod`, else the in-process wire-protocol test server. Under the package's Vitest globalSetup
 * the server is chosen once per run and shared; each call still gets its own database.
 *
 * @example
 * ```ts
 * const mongo = await startTestMongo();
 * await mongoose.connect(mongo.uri);
 * afterAll(async () => {
 *   await mongoose.disconnect();
 *   await mongo.stop();
 * });
 * ```
 */
export async function startTestMongo(options: StartTestMongoOptions = {}): Promise<TestMongo> {
  const dbName = uniqueDatabaseName(options.dbName);
  const shared = process.env[TEST_MONGO_URI_ENV];
  if (shared) {
    const uri = withDatabase(shared, dbName);
    return { uri, kind: sharedKind(), stop: () => dropDatabase(uri) };
  }
  const backend = await resolveMongoBackend();
  (options.log ?? console.info)(backend.description);
  const uri = withDatabase(backend.uri, dbName);
  return {
    uri,
    kind: backend.kind,
    stop: async () => {
      if (backend.kind !== 'wire-server') await dropDatabase(uri);
      await backend.stop();
    },
  };
}

function sharedKind(): TestMongoKind {
  const kind = process.env[TEST_MONGO_KIND_ENV];
  return kind === 'external' || kind === 'memory-server' ? kind : 'wire-server';
}
