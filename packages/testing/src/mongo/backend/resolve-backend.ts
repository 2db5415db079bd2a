import { startMongoTestServer } from '../server';
import { redactUri } from './database-uri';
import { findMongod, startMemoryServer } from './memory-server';

export type TestMongoKind = 'external' | 'memory-server' | 'wire-server';

/** A MongoDB server for a test run, with the one line that says which one it is. */
export interface MongoBackend {
  uri: string;
  kind: TestMongoKind;
  description: string;
  stop(): Promise<void>;
}

const PREFIX = 'socialkit test MongoDB:';

/** `MONGODB_URI` → mongodb-memory-server with a real mongod → the wire-protocol test server. */
export async function resolveMongoBackend(env: NodeJS.ProcessEnv = process.env): Promise<MongoBackend> {
  if (env.MONGODB_URI) {
    return {
      uri: env.MONGODB_URI,
      kind: 'external',
      description: `${PREFIX} external server from MONGODB_URI (${redactUri(env.MONGODB_URI)})`,
      stop: async () => {},
    };
  }
  const lookup = await findMongod(env);
  let why = lookup.found ? '' : lookup.reason;
  if (lookup.found || env.SOCIALKIT_MONGO_DOWNLOAD === '1') {
    const binary = lookup.found ? lookup.binary : undefined;
    try {
      const server = await startMemoryServer(binary);
      return {
        ...server,
        kind: 'memory-server',
        description: `${PREFIX} mongodb-memory-server at ${server.uri} (mongod ${binary ?? 'downloaded'})`,
      };
    } catch (error) {
      why = `mongod failed to start: ${(error as Error).message.split('\n')[0]}`;
    }
  }
  const server = await startMongoTestServer();
  return {
    ...server,
    kind: 'wire-server',
    description: `${PREFIX} wire-protocol test server at ${server.uri} (no MONGODB_URI, ${why})`,
  };
}
