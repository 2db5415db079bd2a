import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { memoryRateLimitStore, type RateLimitStore } from '../src/index';
import { type Harness, startHarness } from './support/harness';
import { expectRefusal } from './support/refusal';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.clear());

describe('rate limit on auth routes', () => {
  it('answers 429 with Retry-After past the limit, before any provider or database call', async () => {
    const { app } = h.app({ rateLimit: { limit: 2, windowMs: 60_000 } });
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

  it('counts per client IP', async () => {
    const { app } = h.app({ rateLimit: { limit: 1, windowMs: 60_000 } });
    await request(app).post('/auth/nonce').set('X-Forwarded-For', '203.0.113.1').expect(200);
    await request(app).post('/auth/nonce').set('X-Forwarded-For', '203.0.113.1').expect(429);
    await request(app).post('/auth/nonce').set('X-Forwarded-For', '203.0.113.2').expect(200);
  });

  it('uses a pluggable store and lets requests through when the store fails', async () => {
    const keys: string[] = [];
    const memory = memoryRateLimitStore();
    const store: RateLimitStore = {
      hit: (key, windowMs) => {
        keys.push(key);
        return memory.hit(key, windowMs);
      },
    };
    await request(h.app({ rateLimit: { limit: 5, store } }).app)
      .post('/auth/nonce')
      .expect(200);
    expect(keys).toHaveLength(1);
    const broken: RateLimitStore = { hit: () => Promise.reject(new Error('redis down')) };
    const { app, errors } = h.app({ rateLimit: { store: broken } });
    await request(app).post('/auth/nonce').expect(200);
    expect(errors).toHaveLength(1);
  });
});
