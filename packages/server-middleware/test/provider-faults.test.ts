import type { Fault } from '@socialkit/testing';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './support/harness';
import { expectRefusal } from './support/refusal';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.clear());

const faults: [string, Fault][] = [
  ['a 500', { status: 500, body: '{"error":"backend"}' }],
  ['a 502 HTML page', { status: 502, body: '<html>Bad gateway</html>' }],
  ['HTML with 200', { status: 200, body: '<html>captive portal</html>' }],
  ['an empty object', { status: 200, body: '{}' }],
  ['a 429', { rateLimit: true }],
  ['no answer', { hang: true }],
  ['a slow answer', { latencyMs: 3000 }],
];
const TIMEOUT = 800;
const app = () =>
  h.app({
    providerTimeoutMs: TIMEOUT,
    google: { ...h.fakes.google.options, nonce: 'optional', flows: ['idToken', 'code', 'accessToken'] },
  }).app;

describe.each(faults)('provider answering %s', (_name, fault) => {
  async function expectUnavailable(send: () => Promise<request.Response>) {
    const before = await h.snapshot();
    const started = Date.now();
    const res = await send();
    expect(Date.now() - started).toBeLessThan(TIMEOUT * 2 + 500);
    await expectRefusal(h, before, res, 503, 'provider_unavailable');
  }

  it('Google ID token (JWKS) → 503', async () => {
    const a = app();
    const idToken = await h.fakes.google.mintIdToken();
    h.fakes.google.faults.set(fault);
    await expectUnavailable(() => request(a).post('/auth/google').send({ idToken }));
  });

  it('Google access token (tokeninfo) → 503', async () => {
    const a = app();
    const accessToken = h.fakes.google.issueAccessToken();
    h.fakes.google.faults.set(fault);
    await expectUnavailable(() => request(a).post('/auth/google').send({ accessToken }));
  });

  it('Google userinfo → 503', async () => {
    const a = app();
    const accessToken = h.fakes.google.issueAccessToken();
    h.fakes.google.faults.set({ ...fault, only: 'userinfo' });
    await expectUnavailable(() => request(a).post('/auth/google').send({ accessToken }));
  });

  it('Google code exchange → 503', async () => {
    const a = app();
    const code = h.fakes.google.issueAuthCode({}, { redirectUri: 'postmessage' });
    h.fakes.google.faults.set({ ...fault, only: '/token' });
    await expectUnavailable(() => request(a).post('/auth/google').send({ code }));
  });

  it('Facebook Graph → 503', async () => {
    const a = app();
    const accessToken = h.fakes.facebook.issueUserToken();
    h.fakes.facebook.faults.set(fault);
    await expectUnavailable(() => request(a).post('/auth/facebook').send({ accessToken }));
  });
});

describe('JWKS cache', () => {
  it('keeps verifying with cached keys while the JWKS endpoint is down', async () => {
    const a = app();
    await request(a)
      .post('/auth/google')
      .send({ idToken: await h.fakes.google.mintIdToken() })
      .expect(200);
    h.fakes.google.faults.set({ status: 500 });
    const idToken = await h.fakes.google.mintIdToken({ sub: 'second-user', email: 'second@example.com' });
    await request(a).post('/auth/google').send({ idToken }).expect(200);
    expect(h.fakes.google.requests.filter((r) => r.path.endsWith('/certs'))).toHaveLength(1);
  });

  it('does not refetch for a flood of unknown kids within the cooldown', async () => {
    const a = app();
    await request(a)
      .post('/auth/google')
      .send({ idToken: await h.fakes.google.mintIdToken() })
      .expect(200);
    const flood = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const idToken = await h.fakes.google.mintIdToken({}, { key: 'other', kid: `random-${i}` });
        return request(a).post('/auth/google').send({ idToken });
      }),
    );
    expect(flood.map((r) => r.status)).toEqual(Array(10).fill(401));
    expect(h.fakes.google.requests.filter((r) => r.path.endsWith('/certs'))).toHaveLength(1);
  });
});
