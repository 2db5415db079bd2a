import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { resolveMongoBackend } from '../../src/mongo/backend/resolve-backend';
import { TEST_MONGO_URI_ENV } from '../../src/mongo/backend/start-test-mongo';
import { startTestMongo } from '../../src/mongo/index';

const { MongoClient } = mongoose.mongo;

async function withClient<T>(uri: string, use: (client: InstanceType<typeof MongoClient>) => Promise<T>) {
  const client = await new MongoClient(uri, { serverSelectionTimeoutMS: 2000 }).connect();
  try {
    return await use(client);
  } finally {
    await client.close();
  }
}

describe('startTestMongo', () => {
  it('gives every call its own database and drops it on stop', async () => {
    const first = await startTestMongo({ dbName: 'iso' });
    const second = await startTestMongo({ dbName: 'iso' });
    expect(first.uri).not.toBe(second.uri);
    await withClient(first.uri, (client) => client.db().collection('things').insertOne({ from: 'first' }));
    expect(await withClient(second.uri, (client) => client.db().collection('things').countDocuments())).toBe(
      0,
    );
    const firstName = new URL(first.uri).pathname.slice(1);
    await first.stop();
    const names = await withClient(second.uri, async (client) =>
      (await client.db().admin().listDatabases({ nameOnly: true })).databases.map((db) => db.name),
    );
    expect(names).not.toContain(firstName);
    await second.stop();
  });

  it('starts, announces and stops its own server when no shared one is set', async () => {
    const shared = process.env[TEST_MONGO_URI_ENV];
    delete process.env[TEST_MONGO_URI_ENV];
    const lines: string[] = [];
    try {
      const mongo = await startTestMongo({ log: (line) => lines.push(line) });
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^socialkit test MongoDB: /);
      await withClient(mongo.uri, (client) => client.db().command({ ping: 1 }));
      await mongo.stop();
      if (mongo.kind === 'wire-server') {
        await expect(withClient(mongo.uri, (client) => client.db().command({ ping: 1 }))).rejects.toThrow();
      }
    } finally {
      if (shared) process.env[TEST_MONGO_URI_ENV] = shared;
    }
  });
});

describe('resolveMongoBackend', () => {
  it('prefers MONGODB_URI and never prints its password', async () => {
    const backend = await resolveMongoBackend({ MONGODB_URI: 'mongodb://app:hunter2@db.example.com/app' });
    expect(backend.kind).toBe('external');
    expect(backend.description).toContain('mongodb://app:***@db.example.com/app');
    expect(backend.description).not.toContain('hunter2');
  });

  it('falls back to the wire-protocol test server and says why', async () => {
    const backend = await resolveMongoBackend({ MONGOMS_SYSTEM_BINARY: '/nonexistent/mongod', PATH: '' });
    try {
      expect(backend.kind).toBe('wire-server');
      expect(backend.description).toMatch(
        /^socialkit test MongoDB: wire-protocol test server at mongodb:\/\/127\.0\.0\.1:\d+ \(no MONGODB_URI, .*not executable\)$/,
      );
    } finally {
      await backend.stop();
    }
  });
});
