import { createHash } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { facebook, google } from '../src/index';
import { type Harness, startHarness } from './support/harness';
import { expectRefusal } from './support/refusal';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.clear());

async function signIn(overrides: Parameters<Harness['app']>[0] = {}) {
  const { app, auth } = h.app({
    providers: [google({ ...h.fakes.google.options, nonce: 'optional' }), facebook(h.fakes.facebook.options)],
    ...overrides,
  });
  const idToken = await h.fakes.google.mintIdToken();
  const res = await request(app).post('/auth/google').send({ idToken }).expect(200);
  return { app, auth, session: res.body };
}
const refresh = (app: Parameters<typeof request>[0], refreshToken: unknown) =>
  request(app).post('/auth/refresh').send({ refreshToken });

describe('refresh tokens', () => {
  it('rotates on every use and answers a new session', async () => {
    const { app, session } = await signIn();
    const next = await refresh(app, session.refreshToken).expect(200);
    expect(next.body).toMatchObject({ tokenType: 'Bearer', isNewUser: false, user: session.user });
    expect(next.body.refreshToken).not.toBe(session.refreshToken);
    await request(app).get('/auth/me').set('Authorization', `Bearer ${next.body.token}`).expect(200);
  });

  it('revokes the whole family when a rotated token is reused after the grace window', async () => {
    const { app, session } = await signIn({ tokens: { secret: 'x'.repeat(32), reuseGraceSeconds: 0 } });
    const r2 = (await refresh(app, session.refreshToken).expect(200)).body.refreshToken;
    await new Promise((resolve) => setTimeout(resolve, 20));
    const before = await h.snapshot();
    const reuse = await refresh(app, session.refreshToken);
    expect(reuse.status).toBe(401);
    expect(reuse.body.error.code).toBe('invalid_refresh_token');
    expect(await h.snapshot()).not.toBe(before);
    const after = await h.snapshot();
    await expectRefusal(h, after, await refresh(app, r2), 401, 'invalid_refresh_token');
  });

  it('gives a concurrent refresh within the grace window the same successor', async () => {
    const { app, session } = await signIn();
    const results = await Promise.all([1, 2, 3].map(() => refresh(app, session.refreshToken)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(new Set(results.map((r) => r.body.refreshToken)).size).toBe(1);
    await refresh(app, results[0]?.body.refreshToken).expect(200);
  });

  it('refuses after logout; logout is idempotent and answers 204', async () => {
    const { app, session } = await signIn();
    await request(app).post('/auth/logout').send({ refreshToken: session.refreshToken }).expect(204);
    await request(app).post('/auth/logout').send({ refreshToken: session.refreshToken }).expect(204);
    await request(app).post('/auth/logout').send({ refreshToken: 'never-issued' }).expect(204);
    const before = await h.snapshot();
    await expectRefusal(h, before, await refresh(app, session.refreshToken), 401, 'invalid_refresh_token');
  });

  it('refuses past the absolute lifetime, even right after a rotation', async () => {
    const { app, session } = await signIn({ tokens: { secret: 'x'.repeat(32), refreshTokenTtlSeconds: 30 } });
    const r2 = (await refresh(app, session.refreshToken).expect(200)).body.refreshToken;
    // The clock moves past the family's lifetime; TTL cleanup has not run, so the check itself must refuse.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 31_000 });
    try {
      const before = await h.snapshot();
      await expectRefusal(h, before, await refresh(app, r2), 401, 'invalid_refresh_token');
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses a refresh for a disabled user', async () => {
    const { app, session } = await signIn();
    await h.connection.collection('users').updateMany({}, { $set: { disabled: true } });
    const res = await refresh(app, session.refreshToken);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('invalid_refresh_token');
  });

  it('stores only hashes: a database dump yields no usable token', async () => {
    const { session } = await signIn();
    const dump = await h.snapshot();
    expect(dump).not.toContain(session.refreshToken);
    const hash = createHash('sha256').update(session.refreshToken).digest('base64url');
    expect(dump).toContain(hash);
    const ttl = await h.connection.collection('socialauth_refresh_tokens').indexes();
    expect(ttl).toContainEqual(expect.objectContaining({ key: { expiresAt: 1 }, expireAfterSeconds: 0 }));
  });

  it.each([[undefined], [42], [{ $gt: '' }], [['a']], [null]])(
    'answers 400 for refreshToken %j',
    async (value) => {
      const { app } = await signIn();
      const before = await h.snapshot();
      await expectRefusal(h, before, await refresh(app, value), 400, 'invalid_request');
    },
  );
});
