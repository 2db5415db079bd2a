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

  it('shares the global ceiling across instances too', async () => {
    const options = { rateLimit: { limit: 100, globalLimit: { nonce: 2 } } };
    const [a, b] = [h.app(options).app, h.app(options).app];
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
