import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FacebookOptions, facebook, google, memoryRateLimitStore } from '../src/index';
import { type Harness, serverNonce, startHarness } from './support/harness';
import { expectRefusal } from './support/refusal';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.clear());

type App = Parameters<typeof request>[0];
const users = () => h.connection.collection('users');

function makeApp(options: { nonce?: 'required' | 'optional'; facebook?: Partial<FacebookOptions> } = {}) {
  return h.app({
    providers: [
      google({ ...h.fakes.google.options, nonce: options.nonce ?? 'optional' }),
      facebook({ ...h.fakes.facebook.options, ...options.facebook }),
    ],
  }).app;
}
async function googleSession(app: App, claims: Record<string, unknown> = {}) {
  const idToken = await h.fakes.google.mintIdToken(claims);
  return (await request(app).post('/auth/google').send({ idToken }).expect(200)).body;
}
const linkFacebook = (app: App, bearer: string | undefined, user: Record<string, unknown> = {}) => {
  const req = request(app)
    .post('/auth/link/facebook')
    .send({ accessToken: h.fakes.facebook.issueUserToken(user) });
  return bearer ? req.set('Authorization', `Bearer ${bearer}`) : req;
};
const unlink = (app: App, bearer: string, provider: string, subject: string) =>
  request(app).delete(`/auth/identities/${provider}/${subject}`).set('Authorization', `Bearer ${bearer}`);

describe('POST /link/:provider', () => {
  it('adds the identity to the signed-in user; that provider then signs in to the same account', async () => {
    const app = makeApp();
    const ada = await googleSession(app);
    const res = await linkFacebook(app, ada.token, { id: '10000000099', email: 'ada.l@example.com' });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ id: ada.user.id, email: 'ada@example.com', emailVerified: true });
    expect(res.body.user.providers.sort()).toEqual(['facebook', 'google']);
    expect(res.body.user.identities).toContainEqual({
      provider: 'facebook',
      subject: '10000000099',
      email: 'ada.l@example.com',
      emailVerified: false,
      linkedAt: expect.any(String),
    });
    expect(JSON.stringify(res.body)).not.toMatch(/token/i);

    const viaFacebook = h.fakes.facebook.issueUserToken({ id: '10000000099', email: 'ada.l@example.com' });
    const signIn = await request(app).post('/auth/facebook').send({ accessToken: viaFacebook }).expect(200);
    expect(signIn.body.user.id).toBe(ada.user.id);
    expect(await users().countDocuments()).toBe(1);
  });

  it('answers 409 identity_in_use for an identity of another user and moves nothing', async () => {
    const app = makeApp();
    const graceToken = h.fakes.facebook.issueUserToken({ id: '10000000002', email: 'grace@example.com' });
    const grace = (await request(app).post('/auth/facebook').send({ accessToken: graceToken }).expect(200))
      .body;
    const ada = await googleSession(app);
    const before = await h.snapshot();
    await expectRefusal(
      h,
      before,
      await linkFacebook(app, ada.token, { id: '10000000002', email: 'grace@example.com' }),
      409,
      'identity_in_use',
    );
    const again = await request(app)
      .post('/auth/facebook')
      .send({
        accessToken: h.fakes.facebook.issueUserToken({ id: '10000000002', email: 'grace@example.com' }),
      });
    expect(again.body.user.id).toBe(grace.user.id);
  });

  it('requires a bearer access token that is still valid', async () => {
    const app = makeApp();
    const ada = await googleSession(app);
    const before = await h.snapshot();
    await expectRefusal(h, before, await linkFacebook(app, undefined), 401, 'invalid_token');
    await request(app).post('/auth/logout').send({ refreshToken: ada.refreshToken }).expect(204);
    const afterLogout = await h.snapshot();
    await expectRefusal(h, afterLogout, await linkFacebook(app, ada.token), 401, 'invalid_token');
  });

  it('applies the nonce rules of sign-in: none → 401, a server nonce once → 200, replayed → 401', async () => {
    const app = makeApp({ nonce: 'required' });
    const nonce = await serverNonce(app);
    const signInToken = await h.fakes.google.mintIdToken({ nonce });
    const ada = (await request(app).post('/auth/google').send({ idToken: signInToken }).expect(200)).body;
    const link = (idToken: string) =>
      request(app).post('/auth/link/google').set('Authorization', `Bearer ${ada.token}`).send({ idToken });
    const second = { sub: '1234567899', email: 'ada@work.example' };

    const before = await h.snapshot();
    await expectRefusal(
      h,
      before,
      await link(await h.fakes.google.mintIdToken(second)),
      401,
      'invalid_token',
    );
    const withNonce = await h.fakes.google.mintIdToken({ ...second, nonce: await serverNonce(app) });
    const linked = await link(withNonce);
    expect(linked.status).toBe(200);
    expect(linked.body.user.identities.map((i: { subject: string }) => i.subject).sort()).toEqual([
      '1234567890',
      '1234567899',
    ]);
    const replayed = await link(withNonce);
    expect(replayed.status).toBe(401);
    expect(replayed.body.error.code).toBe('invalid_token');
  });

  it('answers 404 unknown_provider and 400 for a malformed credential, with no provider call', async () => {
    const app = makeApp();
    const ada = await googleSession(app);
    h.fakes.reset();
    const before = await h.snapshot();
    const unknown = await request(app)
      .post('/auth/link/__proto__')
      .set('Authorization', `Bearer ${ada.token}`)
      .send({ accessToken: 'x' });
    await expectRefusal(h, before, unknown, 404, 'unknown_provider');
    const malformed = await request(app)
      .post('/auth/link/facebook')
      .set('Authorization', `Bearer ${ada.token}`)
      .send({ accessToken: { $gt: '' } });
    await expectRefusal(h, before, malformed, 400, 'invalid_request');
    expect(h.fakes.facebook.requests).toEqual([]);
  });
});

describe('POST /link/:provider rate limit', () => {
  it('counts links in their own ceiling: over it → 429 with Retry-After, before any provider call', async () => {
    const { app } = h.app({
      providers: [
        google({ ...h.fakes.google.options, nonce: 'optional' }),
        facebook(h.fakes.facebook.options),
      ],
      rateLimit: { globalLimit: { link: 2 }, store: memoryRateLimitStore() },
    });
    const ada = await googleSession(app);
    for (const id of ['10000000091', '10000000092']) {
      expect((await linkFacebook(app, ada.token, { id, email: undefined })).status).toBe(200);
    }
    const accessToken = h.fakes.facebook.issueUserToken({ id: '10000000093', email: undefined });
    h.fakes.facebook.requests.length = 0;
    const before = await h.snapshot();
    const res = await request(app)
      .post('/auth/link/facebook')
      .set('Authorization', `Bearer ${ada.token}`)
      .send({ accessToken });
    await expectRefusal(h, before, res, 429, 'rate_limited');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(h.fakes.facebook.requests).toEqual([]);
  });
});

describe('DELETE /identities/:provider/:subject', () => {
  it('removes one identity; the provider no longer signs in to the account', async () => {
    const app = makeApp();
    const ada = await googleSession(app);
    await linkFacebook(app, ada.token, { id: '10000000099', email: 'ada.l@example.com' }).expect(200);
    const res = await unlink(app, ada.token, 'facebook', '10000000099');
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ id: ada.user.id, providers: ['google'], email: 'ada@example.com' });
    const again = await request(app)
      .post('/auth/facebook')
      .send({
        accessToken: h.fakes.facebook.issueUserToken({ id: '10000000099', email: 'ada.l@example.com' }),
      });
    expect(again.body.user.id).not.toBe(ada.user.id);
  });

  it('refuses to remove the last identity with 409 last_identity', async () => {
    const app = makeApp();
    const ada = await googleSession(app);
    const before = await h.snapshot();
    await expectRefusal(
      h,
      before,
      await unlink(app, ada.token, 'google', '1234567890'),
      409,
      'last_identity',
    );
  });

  it("answers 404 not_found for another user's identity or one that does not exist", async () => {
    const app = makeApp();
    const ada = await googleSession(app);
    await linkFacebook(app, ada.token, { id: '10000000099' }).expect(200);
    await googleSession(app, { sub: '1234567891', email: 'grace@example.com' });
    const before = await h.snapshot();
    await expectRefusal(h, before, await unlink(app, ada.token, 'google', '1234567891'), 404, 'not_found');
    await expectRefusal(h, before, await unlink(app, ada.token, 'github', '1'), 404, 'not_found');
  });

  it('clears users.email when the removed identity was the only one vouching for it', async () => {
    const app = makeApp();
    const ada = await googleSession(app);
    // Facebook shows the same address, unverified by default: it does not vouch for it.
    await linkFacebook(app, ada.token, { id: '10000000099', email: 'ada@example.com' }).expect(200);
    const res = await unlink(app, ada.token, 'google', '1234567890');
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ email: null, emailVerified: false, providers: ['facebook'] });
    const stored = await users().findOne({});
    expect(stored?.email).toBeUndefined();
    // The address is free again for its verified owner.
    const fresh = await googleSession(app, { sub: '1234567800', email: 'ada@example.com' });
    expect(fresh.user).toMatchObject({ email: 'ada@example.com', emailVerified: true });
    expect(fresh.user.id).not.toBe(ada.user.id);
  });

  it('keeps users.email when another verified identity vouches for it', async () => {
    const app = makeApp({ facebook: { trustEmail: true } });
    const ada = await googleSession(app);
    await linkFacebook(app, ada.token, { id: '10000000099', email: 'ada@example.com' }).expect(200);
    const res = await unlink(app, ada.token, 'google', '1234567890');
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({
      email: 'ada@example.com',
      emailVerified: true,
      providers: ['facebook'],
    });
  });
});
