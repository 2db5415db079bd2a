import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { memoryRateLimitStore, type RateLimitOptions, type RateLimitStore } from '../src/index';
import { type Harness, startHarness } from './support/harness';
import { expectRefusal } from './support/refusal';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.clear());

/** The auth router in an app of our own, so `trust proxy` is exactly what the test sets. */
function appWith(rateLimit: RateLimitOptions, trustProxy?: number | string) {
  const { auth, errors } = h.app({ rateLimit: { store: memoryRateLimitStore(), ...rateLimit } });
  const app = express();
  if (trustProxy !== undefined) app.set('trust proxy', trustProxy);
  app.use('/auth', auth.router);
  return { app, errors };
}

/** A store that records the keys it counts. */
function recording(): { store: RateLimitStore; keys: string[] } {
  const memory = memoryRateLimitStore();
  const keys: string[] = [];
  return {
    keys,
    store: {
      hit(key, windowMs) {
        keys.push(key);
        return memory.hit(key, windowMs);
      },
    },
  };
}

/** Sends `count` nonce requests over one listening server, `from(i)` naming each one's X-Forwarded-For. */
async function nonceStatuses(app: express.Express, count: number, from: (i: number) => string) {
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  const statuses: number[] = [];
  try {
    for (let start = 0; start < count; start += 50) {
      const batch = Array.from({ length: Math.min(50, count - start) }, async (_, j) => {
        const res = await fetch(`http://127.0.0.1:${port}/auth/nonce`, {
          method: 'POST',
          headers: { 'x-forwarded-for': from(start + j) },
        });
        await res.arrayBuffer();
        return res.status;
      });
      statuses.push(...(await Promise.all(batch)));
    }
  } finally {
    server.closeAllConnections();
    server.close();
  }
  return statuses;
}

const tally = (statuses: number[]) =>
  statuses.reduce<Record<number, number>>((acc, status) => {
    acc[status] = (acc[status] ?? 0) + 1;
    return acc;
  }, {});

describe('rate limit on auth routes', () => {
  it('answers 429 with Retry-After past the limit, before any provider or database call', async () => {
    const { app } = h.app({ rateLimit: { limit: 2, windowMs: 60_000, store: memoryRateLimitStore() } });
    const accessToken = h.fakes.facebook.issueUserToken();
    await request(app).post('/auth/facebook').send({ accessToken }).expect(200);
    await request(app).post('/auth/refresh').send({ refreshToken: 'x' }).expect(401);
    h.fakes.facebook.requests.length = 0;
    const before = await h.snapshot();
    const res = await request(app).post('/auth/facebook').send({ accessToken });
    await expectRefusal(h, before, res, 429, 'rate_limited');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(55);
    expect(h.fakes.facebook.requests).toHaveLength(0);
    await request(app).post('/auth/nonce').expect(429);
    await request(app).get('/auth/providers').expect(200);
  });

  it('ignores X-Forwarded-For when trust proxy is not set: rotating it gets no fresh limit', async () => {
    const { app } = appWith({ limit: 3 });
    const statuses = await nonceStatuses(app, 10, (i) => `198.51.100.${i + 1}`);
    expect(tally(statuses)).toEqual({ 200: 3, 429: 7 });
  });

  it("uses the client address from X-Forwarded-For with app.set('trust proxy', 1)", async () => {
    const { store, keys } = recording();
    const { app } = appWith({ limit: 1, store }, 1);
    const statuses = await nonceStatuses(app, 4, (i) => `10.0.0.9, 198.51.100.${(i % 2) + 1}`);
    expect(tally(statuses)).toEqual({ 200: 2, 429: 2 });
    expect(new Set(keys)).toEqual(new Set(['socialauth:ip:198.51.100.1', 'socialauth:ip:198.51.100.2']));
  });

  it('trusts only the hops trust proxy names: a spoofed leftmost address is not the client', async () => {
    const { store, keys } = recording();
    const { app } = appWith({ limit: 1, store }, 1);
    const statuses = await nonceStatuses(app, 5, (i) => `203.0.113.${i + 1}, 198.51.100.7`);
    expect(tally(statuses)).toEqual({ 200: 1, 429: 4 });
    expect(new Set(keys)).toEqual(new Set(['socialauth:ip:198.51.100.7']));
  });

  it('counts 2,000 addresses of one IPv6 /64 as one client, and IPv4-mapped as IPv4', async () => {
    const { app } = appWith({ limit: 5 }, 1);
    const one64 = await nonceStatuses(
      app,
      2000,
      (i) => `2001:db8:7:8:${((i * 7919) % 0x10000).toString(16)}::${i.toString(16)}`,
    );
    expect(tally(one64)).toEqual({ 200: 5, 429: 1995 });
    expect(await nonceStatuses(app, 1, () => '2001:db8:7:9::1')).toEqual([200]);

    const mixed = await nonceStatuses(app, 6, (i) => (i % 2 ? '::ffff:192.0.2.44' : '192.0.2.44'));
    expect(tally(mixed)).toEqual({ 200: 5, 429: 1 });
  });

  it('stops a spread of addresses at the global ceiling, with Retry-After and no provider call', async () => {
    const { app } = appWith({ limit: 100, globalLimit: { signIn: 3 } }, 1);
    const signIn = (address: string) =>
      request(app)
        .post('/auth/facebook')
        .set('X-Forwarded-For', address)
        .send({ accessToken: h.fakes.facebook.issueUserToken() });
    for (const n of [1, 2, 3]) expect((await signIn(`198.51.100.${n}`)).status).toBe(200);
    h.fakes.facebook.requests.length = 0;
    const before = await h.snapshot();
    const res = await signIn('203.0.113.200');
    await expectRefusal(h, before, res, 429, 'rate_limited');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(h.fakes.facebook.requests).toHaveLength(0);
    // Each group has its own ceiling; nonce has none by default.
    await request(app).post('/auth/nonce').set('X-Forwarded-For', '203.0.113.200').expect(200);
  });

  it('gives each route group its own ceiling, link included', async () => {
    const { app } = appWith({ limit: 100, globalLimit: { link: 1, refresh: 1 } }, 1);
    const link = (address: string) =>
      request(app)
        .post('/auth/link/facebook')
        .set('X-Forwarded-For', address)
        .set('Authorization', 'Bearer not-a-token')
        .send({ accessToken: 'x' });
    // The limiter runs before the guard: the first is counted and then refused as unauthenticated.
    expect((await link('198.51.100.1')).status).toBe(401);
    const limited = await link('198.51.100.2');
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
    const refresh = (address: string) =>
      request(app).post('/auth/refresh').set('X-Forwarded-For', address).send({ refreshToken: 'x' });
    expect((await refresh('198.51.100.3')).status).toBe(401);
    expect((await refresh('198.51.100.4')).status).toBe(429);
    await request(app).post('/auth/nonce').set('X-Forwarded-For', '198.51.100.5').expect(200);
  });

  it('does not let one address over its own limit use up the global ceiling', async () => {
    const { app } = appWith({ limit: 2, globalLimit: 4 }, 1);
    const flood = await nonceStatuses(app, 50, () => '203.0.113.66');
    expect(tally(flood)).toEqual({ 200: 2, 429: 48 });
    const others = await nonceStatuses(app, 3, (i) => `198.51.100.${i + 1}`);
    expect(tally(others)).toEqual({ 200: 2, 429: 1 });
  });

  it('refuses a malformed globalLimit at startup', () => {
    expect(() => h.app({ rateLimit: { globalLimit: { signin: 5 } as never } })).toThrow(
      /globalLimit\.signin/,
    );
    expect(() => h.app({ rateLimit: { globalLimit: 0 } })).toThrow(/globalLimit/);
  });
});

describe('rate-limit store failures', () => {
  const broken: RateLimitStore = { hit: () => Promise.reject(new Error('redis down')) };

  it("lets requests through and reports with onStoreError 'open' (the default)", async () => {
    const { app, errors } = h.app({ rateLimit: { store: broken } });
    await request(app).post('/auth/nonce').expect(200);
    expect(errors).toHaveLength(1);
  });

  it("answers 503 store_unavailable with onStoreError 'closed', before any provider call", async () => {
    const { app, errors } = h.app({ rateLimit: { store: broken, onStoreError: 'closed' } });
    const before = await h.snapshot();
    const res = await request(app)
      .post('/auth/facebook')
      .send({ accessToken: h.fakes.facebook.issueUserToken() });
    await expectRefusal(h, before, res, 503, 'store_unavailable');
    expect(h.fakes.facebook.requests).toHaveLength(0);
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).cause).toMatchObject({ message: 'redis down' });
  });

  it('bounds a store that never answers, then applies the policy', async () => {
    const hanging: RateLimitStore = { hit: () => new Promise(() => {}), onStoreError: 'closed' };
    const { app, errors } = h.app({ rateLimit: { store: hanging } });
    const started = Date.now();
    const res = await request(app).post('/auth/nonce');
    expect(res.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(3500);
    expect((errors[0] as Error).cause).toMatchObject({ message: 'rate-limit store exceeded 2000 ms' });
  });

  it("follows the store's own policy over the option", async () => {
    const closedStore: RateLimitStore = { ...broken, onStoreError: 'closed' };
    const { app } = h.app({ rateLimit: { store: closedStore, onStoreError: 'open' } });
    await request(app).post('/auth/nonce').expect(503);
  });
});
