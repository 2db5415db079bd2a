import { startTestMongo } from '@socialkit/testing';
import mongoose, { type Connection } from 'mongoose';

/** The demo's MongoDB connection, and the one line saying which database it is. */
export interface DemoDatabase {
  connection: Connection;
  description: string;
  close(): Promise<void>;
}

const redact = (uri: string) => uri.replace(/\/\/([^@/]+)@/, '//***@');

async function embeddedDatabase(): Promise<{ uri: string; description: string; stop(): Promise<void> }> {
  let line = '';
  const mongo = await startTestMongo({ dbName: 'socialkit-demo', log: (text) => (line = text) });
  const which = line.replace(/^socialkit test MongoDB:\s*/, '') || mongo.kind;
  const description =
    mongo.kind === 'external' ? `MongoDB: ${which}` : `MongoDB (in memory, data is lost on exit): ${which}`;
  return { uri: mongo.uri, description, stop: mongo.stop };
}

/**
 * `MONGODB_URI` when given; otherwise the same fallback the tests use (mongodb-memory-server with
 * a local `mongod`, else the in-process MongoDB wire-protocol test server), which keeps data in memory.
 *
 * @example
 * const db = await openDemoDatabase(process.env.MONGODB_URI);
 * console.log(db.description);
 */
export async function openDemoDatabase(uri: string | undefined): Promise<DemoDatabase> {
  const target = uri
    ? { uri, description: `MongoDB: ${redact(uri)}`, stop: async () => {} }
    : await embeddedDatabase();
  const connection = mongoose.createConnection(target.uri, { serverSelectionTimeoutMS: 5000 });
  try {
    await connection.asPromise();
  } catch (err) {
    await target.stop();
    throw err;
  }
  return {
    connection,
    description: target.description,
    async close() {
      await connection.close();
      await target.stop();
    },
  };
}
