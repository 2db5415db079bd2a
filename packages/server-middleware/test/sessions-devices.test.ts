import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { facebook, google } from '../src/index';
import { type Harness, startHarness } from './support/harness';
import { expectRefusal } from './support/refusal';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.clear());

type App = Parameters<typeof request>[0];
const CHROME_LINUX =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const FIREFOX_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';
const sessionsCollection = () => h.connection.collection('socialauth_sessions');

function makeApp() {
  return h.app({
    providers: [google({ ...h.fakes.google.options, nonce: 'optional' }), facebook(h.fakes.facebook.options)],
  }).app;
}
async function signIn(app: App, userAgent: string, claims: Record<string, unknown> = {}) {
  const idToken = await h.fakes.google.mintIdToken(claims);
  const res = await request(app)
    .post('/auth/google')
    .set('User-Agent', userAgent)
    .set('X-Forwarded-For', '203.0.113.9')
    .send({ idToken });
  expect(res.status).toBe(200);
  return res.body as { token: string; refreshToken: string; user: { id: string } };
}
const get = (app: App, path: string, token: string) =>
  request(app).get(path).set('Authorization', `Bearer ${token}`);
const endSession = (app: App, token: string, id: string) =>
  request(app).delete(`/auth/sessions/${id}`).set('Authorization', `Bearer ${token}`);
const refresh = (app: App, refreshToken: string) => request(app).post('/auth/refresh').send({ refreshToken });

describe('GET /sessions', () => {
  it('lists the signed-in devices with a short label, marking the current one; no raw header or address is stored', async () => {
    const app = makeApp();
    const laptop = await signIn(app, CHROME_LINUX);
    const desktop = await signIn(app, FIREFOX_WINDOWS);
    const res = await get(app, '/auth/sessions', laptop.token);
    expect(res.status).toBe(200);
    expect(res.body.sessions).toHaveLength(2);
    expect(res.body.sessions).toEqual(
      expect.arrayContaining([
        {
          id: expect.any(String),
          createdAt: expect.any(String),
          lastUsedAt: expect.any(String),
          userAgent: 'Chrome on Linux',
          current: true,
        },
        expect.objectContaining({ userAgent: 'Firefox on Windows', current: false }),
      ]),
    );
    const fromDesktop = await get(app, '/auth/sessions', desktop.token);
    expect(fromDesktop.body.sessions.find((s: { current: boolean }) => s.current).userAgent).toBe(
      'Firefox on Windows',
    );
    const records = await sessionsCollection().find({}).toArray();
    const stored = JSON.stringify(records);
    // The record outlives the family by the access-token lifetime, so no access token outlives it.
    for (const record of records) {
      expect(record.expiresAt.getTime() - record.familyExpiresAt.getTime()).toBe(900_000);
    }
    expect(await sessionsCollection().indexes()).toContainEqual(
      expect.objectContaining({ key: { expiresAt: 1 }, expireAfterSeconds: 0 }),
    );
    expect(stored).not.toContain('Mozilla');
    expect(stored).not.toContain('203.0.113.9');
    expect(stored).not.toContain('127.0.0.1');
  });

  it('moves lastUsedAt on refresh and keeps the session id', async () => {
    const app = makeApp();
    const laptop = await signIn(app, CHROME_LINUX);
    const [first] = (await get(app, '/auth/sessions', laptop.token)).body.sessions;
    await new Promise((resolve) => setTimeout(resolve, 20));
    const next = (await refresh(app, laptop.refreshToken).expect(200)).body;
    const [after] = (await get(app, '/auth/sessions', next.token)).body.sessions;
    expect(after).toMatchObject({ id: first.id, createdAt: first.createdAt, current: true });
    expect(Date.parse(after.lastUsedAt)).toBeGreaterThan(Date.parse(first.lastUsedAt));
  });

  it('shows only the caller’s own sessions and requires a bearer', async () => {
    const app = makeApp();
    const ada = await signIn(app, CHROME_LINUX);
    await signIn(app, FIREFOX_WINDOWS, { sub: '1234567891', email: 'grace@example.com' });
    expect((await get(app, '/auth/sessions', ada.token)).body.sessions).toHaveLength(1);
    const res = await request(app).get('/auth/sessions');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('invalid_token');
  });
});

describe('DELETE /sessions/:id', () => {
  it('ends that session: 204, its refresh token and its access tokens are refused, the others keep working', async () => {
    const app = makeApp();
    const laptop = await signIn(app, CHROME_LINUX);
    const desktop = await signIn(app, FIREFOX_WINDOWS);
    const { sessions } = (await get(app, '/auth/sessions', laptop.token)).body;
    const other = sessions.find((s: { current: boolean }) => !s.current);
    const res = await endSession(app, laptop.token, other.id);
    expect(res.status).toBe(204);
    expect(res.text).toBe('');

    for (const path of ['/api/revocable', '/api/strict', '/auth/me']) {
      const refused = await get(app, path, desktop.token);
      expect(refused.status).toBe(401);
      expect(refused.body.error.code).toBe('invalid_token');
    }
    expect((await refresh(app, desktop.refreshToken)).status).toBe(401);
    await get(app, '/api/revocable', laptop.token).expect(200);
    await refresh(app, laptop.refreshToken).expect(200);
    expect((await get(app, '/auth/sessions', laptop.token)).body.sessions).toHaveLength(1);
  });

  it("answers 404 not_found for another user's session and leaves it alone", async () => {
    const app = makeApp();
    const ada = await signIn(app, CHROME_LINUX);
    const grace = await signIn(app, FIREFOX_WINDOWS, { sub: '1234567891', email: 'grace@example.com' });
    const [graceSession] = (await get(app, '/auth/sessions', grace.token)).body.sessions;
    const before = await h.snapshot();
    await expectRefusal(h, before, await endSession(app, ada.token, graceSession.id), 404, 'not_found');
    await expectRefusal(h, before, await endSession(app, ada.token, 'not-a-session'), 404, 'not_found');
    await get(app, '/api/revocable', grace.token).expect(200);
    await refresh(app, grace.refreshToken).expect(200);
  });
});

describe('POST /logout {all:true}', () => {
  it('with a bearer ends every session of the user, access tokens included', async () => {
    const app = makeApp();
    const laptop = await signIn(app, CHROME_LINUX);
    const desktop = await signIn(app, FIREFOX_WINDOWS);
    const grace = await signIn(app, FIREFOX_WINDOWS, { sub: '1234567891', email: 'grace@example.com' });
    await request(app)
      .post('/auth/logout')
      .set('Authorization', `Bearer ${laptop.token}`)
      .send({ all: true })
      .expect(204);
    for (const session of [laptop, desktop]) {
      expect((await get(app, '/api/revocable', session.token)).status).toBe(401);
      expect((await refresh(app, session.refreshToken)).status).toBe(401);
    }
    await get(app, '/api/revocable', grace.token).expect(200);
    expect(await sessionsCollection().countDocuments({ revokedAt: { $exists: false } })).toBe(1);
  });

  it('without a valid bearer ends nothing', async () => {
    const app = makeApp();
    const laptop = await signIn(app, CHROME_LINUX);
    const before = await h.snapshot();
    const res = await request(app).post('/auth/logout').send({ all: true });
    expect(res.status).toBe(401);
    expect(await h.snapshot()).toBe(before);
    await get(app, '/api/revocable', laptop.token).expect(200);
  });
});
