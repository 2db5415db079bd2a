import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mongoRateLimitStore } from '../src/index';
import { type Harness, startHarness } from './support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(async () => {
  await h.clear();
  await h.connection.collection('socialauth_rate_limits').deleteMany({});
});

describe('rate limits shared through MongoDB', () => {
  it('counts across two socialAuth instances (two apps) on one database by default', async () => {
    const a = h.app({ rateLimit: { limit: 3 } }).app;
    const b = h.app({ rateLimit: { limit: 3 } }).app;
    const statuses: number[] = [];
    for (const app of [a, b, a, b, a]) statuses.push((await request(app).post('/auth/nonce')).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const counters = await h.connection.collection('socialauth_rate_limits').find({}).toArray();
    expect(counters.find((doc) => String(doc._id).startsWith('socialauth:ip:'))).toMatchObject({ count: 5 });
  });

  it('shares the global ceiling across instances too, exactly when synced on every request', async () => {
    const store = () => mongoRateLimitStore({ connection: h.connection, globalSyncMs: false });
    const options = () => ({ rateLimit: { limit: 100, globalLimit: { nonce: 2 }, store: store() } });
    const [a, b] = [h.app(options()).app, h.app(options()).app];
    const statuses: number[] = [];
    for (const [app, address] of [
      [a, '198.51.100.1'],
      [b, '198.51.100.2'],
      [a, '198.51.100.3'],
    ] as const) {
      statuses.push((await request(app).post('/auth/nonce').set('X-Forwarded-For', address)).status);
    }
    expect(statuses).toEqual([200, 200, 429]);
  });

  it('by default counts the global ceiling in process and syncs it across instances within the interval', async () => {
    const options = () => ({
      rateLimit: {
        limit: 100,
        globalLimit: { nonce: 3 },
        store: mongoRateLimitStore({ connection: h.connection, globalSyncMs: 50 }),
      },
    });
    const a = h.app(options());
    const b = h.app(options());
    const nonce = (app: typeof a.app, address: string) =>
      request(app).post('/auth/nonce').set('X-Forwarded-For', address);
    const ceilingDocs = () =>
      h.connection
        .collection('socialauth_rate_limits')
        .find({ _id: { $regex: '^socialauth:all:nonce' } } as never)
        .toArray();
    // One instance alone is exact: its own hits count at once, before any sync.
    expect((await nonce(a.app, '198.51.100.1')).status).toBe(200);
    expect((await nonce(a.app, '198.51.100.2')).status).toBe(200);
    // Within one interval, a's two hits reach the shared count; b learns of them at its own first sync.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await ceilingDocs()).toMatchObject([{ count: 2 }]);
    expect((await nonce(b.app, '198.51.100.3')).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await ceilingDocs()).toMatchObject([{ count: 3 }]);
    // b has seen the shared total (3) reach the ceiling and refuses.
    expect((await nonce(b.app, '198.51.100.4')).status).toBe(429);
    // a last saw 2: it admits one more (the overshoot one interval allows), syncs at once since
    // its last sync is older than the interval, and refuses from then on.
    expect((await nonce(a.app, '198.51.100.5')).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await nonce(a.app, '198.51.100.6')).status).toBe(429);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await ceilingDocs()).toMatchObject([{ count: 6 }]);
    // Every sync succeeded: the only errors reported are the refusals themselves.
    for (const { errors } of [a, b]) {
      expect(errors.map((err) => (err as { code?: string }).code)).toEqual(['rate_limited']);
    }
  });

  it('hands unsynced ceiling counts to the store on close, and stops syncing', async () => {
    const { app, auth } = h.app({
      rateLimit: {
        limit: 100,
        globalLimit: { nonce: 50 },
        store: mongoRateLimitStore({ connection: h.connection, globalSyncMs: 60_000 }),
      },
    });
    const ceiling = () =>
      h.connection
        .collection('socialauth_rate_limits')
        .findOne({ _id: { $regex: '^socialauth:all:nonce' } } as never);
    // The first hit syncs at once; the next ones wait for the interval, off the request path.
    await request(app).post('/auth/nonce').expect(200);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await request(app).post('/auth/nonce').expect(200);
    await request(app).post('/auth/nonce').expect(200);
    expect(await ceiling()).toMatchObject({ count: 1 });
    await auth.close();
    expect(await ceiling()).toMatchObject({ count: 3 });
  });

  it('refuses a malformed globalSyncMs', () => {
    expect(() => mongoRateLimitStore({ connection: h.connection, globalSyncMs: 0 })).toThrow(/globalSyncMs/);
  });

  it('with the database down, lets requests through or refuses them as configured, within the timeout', async () => {
    const mongoose = (await import('mongoose')).default;
    const down = mongoose.createConnection('mongodb://127.0.0.1:9/none', { serverSelectionTimeoutMS: 1000 });
    down.on('error', () => {});
    const open = h.app({ rateLimit: { store: mongoRateLimitStore({ connection: down, timeoutMs: 300 }) } });
    const started = Date.now();
    await request(open.app).get('/auth/providers').expect(200);
    await request(open.app).post('/auth/nonce').expect(200);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(open.errors).toHaveLength(1);

    const closed = h.app({
      rateLimit: { store: mongoRateLimitStore({ connection: down, timeoutMs: 300, onStoreError: 'closed' }) },
    });
    const res = await request(closed.app).post('/auth/nonce');
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('store_unavailable');
    await down.close().catch(() => {});
  });
});
