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

describe('POST /auth/facebook', () => {
  it('signs in with debug_token and /me (appsecret_proof) called in parallel', async () => {
    const { app } = h.app();
    const accessToken = h.fakes.facebook.issueUserToken();
    const res = await request(app)
      .post('/auth/facebook')
      .send({ accessToken, userID: h.fakes.facebook.defaultUser.id })
      .expect(200);
    // Facebook sends no email_verified: its email is unverified unless `trustEmail` is set.
    expect(res.body.user).toMatchObject({ emailVerified: false, providers: ['facebook'] });
    const stored = await h.connection.collection('users').findOne({});
    expect(stored).not.toHaveProperty('email');
    expect(stored?.identities[0]).toMatchObject({ email: 'ada@example.com', emailVerified: false });
    const paths = h.fakes.facebook.requests.map((r) => r.path.replace(/^\/v[\d.]+/, ''));
    expect(paths.sort()).toEqual(['/debug_token', '/me']);
    const me = h.fakes.facebook.requests.find((r) => r.path.endsWith('/me'));
    expect(me?.query.appsecret_proof).toBe(h.fakes.facebook.appSecretProof(accessToken));
    expect(JSON.stringify(h.fakes.facebook.requests)).not.toContain(`"${h.fakes.facebook.appSecret}"`);
  });

  it('treats the email as verified with trustEmail: true', async () => {
    const { app } = h.app({ facebook: { ...h.fakes.facebook.options, trustEmail: true } });
    const accessToken = h.fakes.facebook.issueUserToken();
    const res = await request(app).post('/auth/facebook').send({ accessToken }).expect(200);
    expect(res.body.user).toMatchObject({
      email: 'ada@example.com',
      emailVerified: true,
      providers: ['facebook'],
    });
    const stored = await h.connection.collection('users').findOne({});
    expect(stored).toMatchObject({ email: 'ada@example.com', emailVerified: true });
  });

  it('makes both Graph calls at once', async () => {
    const { app } = h.app();
    h.fakes.facebook.faults.set({ latencyMs: 400 });
    const started = Date.now();
    await request(app)
      .post('/auth/facebook')
      .send({ accessToken: h.fakes.facebook.issueUserToken() })
      .expect(200);
    expect(Date.now() - started).toBeLessThan(780);
  });

  const fb = () => h.fakes.facebook;
  it.each([
    ['a token of another app', () => fb().issueUserToken({}, { appId: '999999999999999' })],
    ['is_valid false', () => fb().issueUserToken({}, { isValid: false })],
    ['an expired token', () => fb().issueUserToken({}, { expiresIn: -60 })],
    ['a PAGE token', () => fb().issueUserToken({}, { type: 'PAGE' })],
    ['an APP token', () => fb().issueUserToken({}, { type: 'APP' })],
    ['an unknown token', () => 'EAAGm0PX4ZCpsBAunknown'],
    ['a Google ID token', () => 'eyJhbGciOiJSUzI1NiJ9.e30.c2ln'],
  ])('refuses %s with 401', async (_name, make) => {
    const { app } = h.app();
    const before = await h.snapshot();
    const res = await request(app).post('/auth/facebook').send({ accessToken: make() });
    await expectRefusal(h, before, res, 401, 'invalid_token');
  });

  it('refuses when userID is not the token owner', async () => {
    const { app } = h.app();
    const before = await h.snapshot();
    const res = await request(app)
      .post('/auth/facebook')
      .send({ accessToken: h.fakes.facebook.issueUserToken(), userID: '10000000999' });
    await expectRefusal(h, before, res, 401, 'invalid_token');
  });
});
