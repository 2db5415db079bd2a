import { startTestMongo, type TestMongo } from '@socialkit/testing';
import mongoose, { type Connection } from 'mongoose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mongoRateLimitStore } from './mongo-store';

let mongo: TestMongo;
let a: Connection;
let b: Connection;
beforeAll(async () => {
  mongo = await startTestMongo({ log: () => {} });
  const connect = () => mongoose.createConnection(mongo.uri, { serverSelectionTimeoutMS: 3000 }).asPromise();
  a = await connect();
  b = await connect();
});
afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
  await mongo?.stop();
});
beforeEach(async () => {
  await a.collection('socialauth_rate_limits').deleteMany({});
});

describe('mongoRateLimitStore', () => {
  it('counts atomically across two connections to one database', async () => {
    const stores = [mongoRateLimitStore({ connection: a }), mongoRateLimitStore({ connection: b })];
    const hits = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (stores[i % 2] as (typeof stores)[0]).hit('ip:1', 60_000)),
    );
    expect(hits.map((hit) => hit.count).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    const resetAt = Math.floor(Date.now() / 60_000) * 60_000 + 60_000;
    expect(new Set(hits.map((hit) => hit.resetAt))).toEqual(new Set([resetAt]));
    expect((await stores[1]?.hit('ip:2', 60_000))?.count).toBe(1);
    const docs = await a.collection('socialauth_rate_limits').find({}).toArray();
    expect(docs).toHaveLength(2);
    expect(docs.find((doc) => String(doc._id).startsWith('ip:1|'))).toMatchObject({
      count: 20,
      expiresAt: new Date(resetAt),
    });
  });

  it('opens a new window at the next window start', async () => {
    const store = mongoRateLimitStore({ connection: a });
    await store.hit('k', 200);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect((await store.hit('k', 200)).count).toBe(1);
  });

  it('creates a TTL index on the window end', async () => {
    await mongoRateLimitStore({ connection: a, collection: 'rl_ttl_check' }).hit('k', 60_000);
    let ttl: Record<string, unknown> | undefined;
    for (let i = 0; i < 50 && !ttl; i += 1) {
      const indexes = await a.collection('rl_ttl_check').indexes();
      ttl = indexes.find((index) => index.key.expiresAt === 1);
      if (!ttl) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(ttl).toMatchObject({ expireAfterSeconds: 0 });
  });

  it('rejects within its timeout when MongoDB cannot be reached', async () => {
    const down = mongoose.createConnection('mongodb://127.0.0.1:9/none', { serverSelectionTimeoutMS: 1000 });
    down.on('error', () => {});
    const store = mongoRateLimitStore({ connection: down, timeoutMs: 300, onStoreError: 'closed' });
    expect(store.onStoreError).toBe('closed');
    const started = Date.now();
    await expect(store.hit('k', 60_000)).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(1500);
    await down.close().catch(() => {});
  });

  it('refuses a missing connection and a bad policy at construction', () => {
    expect(() => mongoRateLimitStore({} as never)).toThrow(/connection/);
    expect(() => mongoRateLimitStore({ connection: a, onStoreError: 'half' as never })).toThrow(
      /'open' or 'closed'/,
    );
  });
});
