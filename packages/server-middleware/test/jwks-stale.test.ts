import request from 'supertest';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Harness, serverNonce, startHarness } from './support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(async () => {
  await h.clear();
  // Only the clock moves, so the fake Google's JWKS really is fetched (and really fails).
  vi.useFakeTimers({ toFake: ['Date'] });
});
afterEach(() => vi.useRealTimers());

const HOUR = 3600_000;
const certFetches = () => h.fakes.google.requests.filter((r) => r.path.endsWith('/certs')).length;

type App = ReturnType<Harness['app']>['app'];

async function signIn(app: App, n: number) {
  const idToken = await h.fakes.google.mintIdToken({
    nonce: await serverNonce(app),
    sub: `user-${n}`,
    email: `user-${n}@example.com`,
  });
  return request(app).post('/auth/google').send({ idToken });
}

describe('Google JWKS outage after the cache went stale', () => {
  it('50 sign-ins succeed with the last good keys and cost a handful of fetches, not 50', async () => {
    const { app } = h.app();
    await signIn(app, 0).then((res) => expect(res.status).toBe(200));
    expect(certFetches()).toBe(1);

    h.fakes.google.faults.set({ status: 503, only: '/certs' });
    // The fake sends `max-age=21600, must-revalidate`: seven hours later the keys are stale.
    vi.setSystemTime(Date.now() + 7 * HOUR);
    const burst = await Promise.all(Array.from({ length: 25 }, (_, i) => signIn(app, i + 1)));
    const after: number[] = [];
    for (let i = 26; i <= 50; i += 1) after.push((await signIn(app, i)).status);
    expect(burst.map((res) => res.status)).toEqual(Array(25).fill(200));
    expect(after).toEqual(Array(25).fill(200));
    expect(certFetches()).toBeLessThanOrEqual(3);
    expect(await h.connection.collection('users').countDocuments()).toBe(51);
  });

  it('refuses with 503 once the last good keys are more than 24 hours past their freshness', async () => {
    const { app } = h.app();
    await signIn(app, 0).then((res) => expect(res.status).toBe(200));
    h.fakes.google.faults.set({ status: 500, only: '/certs' });
    vi.setSystemTime(Date.now() + 6 * HOUR + 25 * HOUR);
    const res = await signIn(app, 1);
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('provider_unavailable');
    expect(await h.connection.collection('users').countDocuments()).toBe(1);
  });
});
