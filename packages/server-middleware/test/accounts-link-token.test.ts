import { createHash } from 'node:crypto';
import mongoose from 'mongoose';
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
const users = () => h.connection.collection('users');
const linkTokens = () => h.connection.collection('socialauth_link_tokens');
const ADA_FACEBOOK = '10000000001';

/** Facebook emails are unverified by default, so Ada's Facebook account cannot join her Google one by email. */
function makeApp() {
  return h.app({
    providers: [google({ ...h.fakes.google.options, nonce: 'optional' }), facebook(h.fakes.facebook.options)],
  }).app;
}
async function googleSignIn(
  app: App,
  claims: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
) {
  const idToken = await h.fakes.google.mintIdToken(claims);
  return request(app)
    .post('/auth/google')
    .send({ idToken, ...extra });
}
function facebookSignIn(app: App, user: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  const accessToken = h.fakes.facebook.issueUserToken(user);
  return request(app)
    .post('/auth/facebook')
    .send({ accessToken, ...extra });
}
/** Ada has a Google account; her Facebook account shows the same address and gets a pending link. */
async function pendingLink(app: App) {
  const owner = await googleSignIn(app);
  expect(owner.status).toBe(200);
  const conflict = await facebookSignIn(app);
  expect(conflict.status).toBe(409);
  return { owner: owner.body, linkToken: conflict.body.error.linkToken as string };
}
async function identitiesOf(userId: string): Promise<string[] | undefined> {
  const user = await users().findOne({ _id: new mongoose.Types.ObjectId(userId) });
  return user?.identities
    .map((identity: { provider: string; subject: string }) => `${identity.provider}:${identity.subject}`)
    .sort();
}

describe('409 account_exists offers a pending link', () => {
  it('carries the providers of the account and a single-use linkToken stored only hashed, with a TTL', async () => {
    const app = makeApp();
    expect((await googleSignIn(app)).status).toBe(200);
    const refreshTokens = h.connection.collection('socialauth_refresh_tokens');
    const usersBefore = JSON.stringify(await users().find({}).toArray());
    const sessionsBefore = await refreshTokens.countDocuments();
    const res = await facebookSignIn(app);
    expect(res.status).toBe(409);
    expect(res.body).toEqual({
      error: {
        code: 'account_exists',
        message: expect.any(String),
        providers: ['google'],
        linkToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      },
    });
    expect(res.body).not.toHaveProperty('token');
    expect(JSON.stringify(await users().find({}).toArray())).toBe(usersBefore);
    expect(await refreshTokens.countDocuments()).toBe(sessionsBefore);

    const [stored] = await linkTokens().find({}).toArray();
    const { linkToken } = res.body.error;
    expect(JSON.stringify(stored)).not.toContain(linkToken);
    expect(stored).toMatchObject({
      hash: createHash('sha256').update(linkToken).digest('base64url'),
      identity: {
        provider: 'facebook',
        subject: ADA_FACEBOOK,
        email: 'ada@example.com',
        emailVerified: false,
      },
    });
    const ttlMs = new Date(stored?.expiresAt).getTime() - Date.now();
    expect(ttlMs).toBeGreaterThan(9 * 60_000);
    expect(ttlMs).toBeLessThanOrEqual(10 * 60_000);
    expect(await linkTokens().indexes()).toContainEqual(
      expect.objectContaining({ key: { expiresAt: 1 }, expireAfterSeconds: 0 }),
    );
  });
});

describe('signing in to the account with linkToken', () => {
  it('links the pending identity, says so, and both providers then sign in to the one account', async () => {
    const app = makeApp();
    const { owner, linkToken } = await pendingLink(app);
    const proof = await googleSignIn(app, {}, { linkToken });
    expect(proof.status).toBe(200);
    expect(proof.body).toMatchObject({
      isNewUser: false,
      linked: { provider: 'facebook', subject: ADA_FACEBOOK },
      user: { id: owner.user.id },
    });
    expect(proof.body.user.providers.sort()).toEqual(['facebook', 'google']);
    expect(await linkTokens().countDocuments()).toBe(0);

    const viaFacebook = await facebookSignIn(app);
    expect(viaFacebook.status).toBe(200);
    expect(viaFacebook.body.user.id).toBe(owner.user.id);
    expect(await users().countDocuments()).toBe(1);
    // The unverified Facebook address still grants nothing: it stays on the identity only.
    const stored = await users().findOne({});
    expect(stored?.email).toBe('ada@example.com');
    expect(stored?.identities.find((i: { provider: string }) => i.provider === 'facebook')).toMatchObject({
      emailVerified: false,
    });
  });

  it('refuses a reused token with 400 and links nothing more', async () => {
    const app = makeApp();
    const { linkToken } = await pendingLink(app);
    expect((await googleSignIn(app, {}, { linkToken })).status).toBe(200);
    await users().updateMany({}, { $pull: { identities: { provider: 'facebook' } } } as never);
    const before = await h.snapshot();
    await expectRefusal(h, before, await googleSignIn(app, {}, { linkToken }), 400, 'invalid_request');
  });

  it('refuses an expired token with 400 and links nothing', async () => {
    const app = makeApp();
    const { owner, linkToken } = await pendingLink(app);
    await linkTokens().updateMany({}, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    // The test server's TTL sweep (every second) may delete the expired token at any moment, so
    // compare what a refusal must leave alone: users, sessions and refresh tokens.
    const lasting = async () =>
      JSON.stringify(
        await Promise.all(
          ['users', 'socialauth_sessions', 'socialauth_refresh_tokens'].map((name) =>
            h.connection.collection(name).find({}).sort({ _id: 1 }).toArray(),
          ),
        ),
      );
    const before = await lasting();
    const res = await googleSignIn(app, {}, { linkToken });
    expect({ status: res.status, body: res.body }).toEqual({
      status: 400,
      body: { error: { code: 'invalid_request', message: expect.any(String) } },
    });
    expect(await lasting()).toBe(before);
    expect(await identitiesOf(owner.user.id)).toEqual(['google:1234567890']);
  });

  it("refuses another user's sign-in with 400 and leaves the token to its owner", async () => {
    const app = makeApp();
    const grace = { sub: '1234567891', email: 'grace@example.com', name: 'Grace Hopper' };
    const graceUser = (await googleSignIn(app, grace)).body.user;
    const { owner, linkToken } = await pendingLink(app);
    const before = await h.snapshot();
    await expectRefusal(h, before, await googleSignIn(app, grace, { linkToken }), 400, 'invalid_request');
    expect(await identitiesOf(graceUser.id)).toEqual(['google:1234567891']);
    expect(await identitiesOf(owner.user.id)).toEqual(['google:1234567890']);
    expect((await googleSignIn(app, {}, { linkToken })).status).toBe(200);
  });

  it('refuses proving with the pending provider itself', async () => {
    const app = makeApp();
    const { owner, linkToken } = await pendingLink(app);
    const before = await h.snapshot();
    await expectRefusal(h, before, await facebookSignIn(app, {}, { linkToken }), 400, 'invalid_request');
    expect(await identitiesOf(owner.user.id)).toEqual(['google:1234567890']);
    expect(await linkTokens().countDocuments()).toBe(1);
  });

  it('links a second account of the same provider once another provider proves the account', async () => {
    const app = makeApp();
    const { owner, linkToken: facebookLink } = await pendingLink(app);
    expect((await googleSignIn(app, {}, { linkToken: facebookLink })).status).toBe(200);
    const second = await googleSignIn(app, { sub: '1234567800' });
    expect(second.status).toBe(409);
    expect(second.body.error.providers.sort()).toEqual(['facebook', 'google']);
    const { linkToken } = second.body.error;
    // Google cannot vouch for a second Google account; Facebook, already on the account, can.
    const before = await h.snapshot();
    await expectRefusal(h, before, await googleSignIn(app, {}, { linkToken }), 400, 'invalid_request');
    const proof = await facebookSignIn(app, {}, { linkToken });
    expect(proof.status).toBe(200);
    expect(proof.body).toMatchObject({
      linked: { provider: 'google', subject: '1234567800' },
      user: { id: owner.user.id },
    });
    expect(await identitiesOf(owner.user.id)).toEqual([
      `facebook:${ADA_FACEBOOK}`,
      'google:1234567800',
      'google:1234567890',
    ]);
  });

  it('links exactly once when one token is used by concurrent sign-ins', async () => {
    const app = makeApp();
    const { owner, linkToken } = await pendingLink(app);
    const idTokens = await Promise.all(Array.from({ length: 6 }, () => h.fakes.google.mintIdToken()));
    const results = await Promise.all(
      idTokens.map((idToken) => request(app).post('/auth/google').send({ idToken, linkToken })),
    );
    const statuses = results.map((res) => res.status).sort();
    expect(statuses).toEqual([200, 400, 400, 400, 400, 400]);
    expect(results.filter((res) => res.body.linked)).toHaveLength(1);
    expect(await identitiesOf(owner.user.id)).toEqual([`facebook:${ADA_FACEBOOK}`, 'google:1234567890']);
  });

  it.each([[42], [{ $gt: '' }], [['x']], ['short'], ['A'.repeat(44)]])(
    'answers 400 for linkToken %j before any write',
    async (linkToken) => {
      const app = makeApp();
      await pendingLink(app);
      const before = await h.snapshot();
      await expectRefusal(h, before, await googleSignIn(app, {}, { linkToken }), 400, 'invalid_request');
    },
  );
});
