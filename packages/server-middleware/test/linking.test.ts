import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type AfterLoginContext,
  type FacebookOptions,
  facebook as facebookProvider,
  google as googleProvider,
} from '../src/index';
import { type Harness, startHarness } from './support/harness';
import { expectRefusal } from './support/refusal';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.clear());

/** Google without a nonce requirement; Facebook emails trusted unless a test says otherwise. */
const optionalNonce = (fb: Partial<FacebookOptions> = { trustEmail: true }) => ({
  providers: [
    googleProvider({ ...h.fakes.google.options, nonce: 'optional' }),
    facebookProvider({ ...h.fakes.facebook.options, ...fb }),
  ],
});
const users = () => h.connection.collection('users');
/** Users and sessions, to prove an account_exists wrote neither (its link token is the only write). */
const usersDump = async () =>
  JSON.stringify(
    await Promise.all(
      ['users', 'socialauth_refresh_tokens', 'socialauth_sessions'].map((name) =>
        h.connection.collection(name).find({}).sort({ _id: 1 }).toArray(),
      ),
    ),
  );

/** 409 account_exists naming the account's providers, offering a link, writing no user and no session. */
async function expectAccountExists(
  res: request.Response,
  usersBefore: string,
  providers: string[],
  { linkToken = true } = {},
) {
  expect({ status: res.status, body: res.body }).toEqual({
    status: 409,
    body: {
      error: {
        code: 'account_exists',
        message: expect.any(String),
        providers,
        ...(linkToken ? { linkToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) } : {}),
      },
    },
  });
  expect(res.text).not.toMatch(/eyJ/);
  expect(await usersDump()).toBe(usersBefore);
}

async function google(app: Parameters<typeof request>[0], claims: Record<string, unknown> = {}) {
  const idToken = await h.fakes.google.mintIdToken(claims);
  return request(app).post('/auth/google').send({ idToken });
}
function facebook(app: Parameters<typeof request>[0], user: Record<string, unknown> = {}) {
  const accessToken = h.fakes.facebook.issueUserToken(user);
  return request(app).post('/auth/facebook').send({ accessToken });
}

describe('linking and takeover', () => {
  it.each([false, 'false'])(
    'an email_verified of %j never reaches the user holding that email: 409 account_exists',
    async (flag) => {
      const { app } = h.app(optionalNonce());
      expect((await google(app, { sub: 'owner', email: 'ada@example.com' })).status).toBe(200);
      const before = await usersDump();
      const attacker = await google(app, { sub: 'attacker', email: 'ADA@example.com', email_verified: flag });
      // Its only provider is the one asking: nothing else could prove the account, so no link is offered.
      await expectAccountExists(attacker, before, ['google'], { linkToken: false });
      expect(await users().countDocuments({ 'identities.subject': 'attacker' })).toBe(0);
    },
  );

  it('an unverified email no verified user holds signs up without becoming users.email', async () => {
    const { app } = h.app(optionalNonce());
    const res = await google(app, { sub: 'fresh', email: 'new@example.com', email_verified: false });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ email: null, emailVerified: false });
    const stored = await users().findOne({ 'identities.subject': 'fresh' });
    expect(stored?.email).toBeUndefined();
    expect(stored?.identities[0]).toMatchObject({ email: 'new@example.com', emailVerified: false });
  });

  it('never joins a second account of the same provider through email: 409 account_exists', async () => {
    const { app } = h.app(optionalNonce());
    expect((await google(app, { sub: 'work-account-2019', email: 'dev@corp.example' })).status).toBe(200);
    const before = await usersDump();
    const reassigned = await google(app, { sub: 'work-account-2026', email: 'dev@corp.example' });
    await expectAccountExists(reassigned, before, ['google'], { linkToken: false });
  });

  it('lists every provider of the existing account in account_exists', async () => {
    const { app } = h.app(optionalNonce());
    expect((await google(app)).status).toBe(200);
    await facebook(app).expect(200);
    const before = await usersDump();
    const second = await google(app, { sub: 'another-google-sub' });
    expect(second.body.error.providers.sort()).toEqual(['facebook', 'google']);
    await expectAccountExists(second, before, second.body.error.providers);
  });

  it('links a second provider with the same verified email to the one user', async () => {
    const { app } = h.app(optionalNonce());
    const first = await google(app);
    const second = await facebook(app);
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ isNewUser: false, user: { id: first.body.user.id } });
    expect(second.body.user.providers.sort()).toEqual(['facebook', 'google']);
    expect(await users().countDocuments()).toBe(1);
  });

  it('signs a Google user in again after Facebook was linked to them by email', async () => {
    const { app, errors } = h.app(optionalNonce());
    const first = await google(app, { name: 'Ada' });
    await facebook(app).expect(200);
    const again = await google(app, { name: 'Ada Lovelace' });
    expect(errors).toEqual([]);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({
      isNewUser: false,
      user: { id: first.body.user.id, name: 'Ada Lovelace' },
    });
    expect(again.body.user.providers.sort()).toEqual(['facebook', 'google']);
    const stored = await users().findOne({});
    const [googleIdentity, facebookIdentity] = stored?.identities ?? [];
    expect(googleIdentity).toMatchObject({ provider: 'google', lastLoginAt: stored?.lastLoginAt });
    expect(googleIdentity.lastLoginAt.getTime()).toBeGreaterThan(googleIdentity.linkedAt.getTime());
    expect(facebookIdentity).toMatchObject({ provider: 'facebook', email: 'ada@example.com' });
  });

  it("answers 409 account_exists with linkByEmail 'never' and writes no user", async () => {
    const { app } = h.app({ ...optionalNonce(), users: { linkByEmail: 'never' } });
    await google(app);
    const before = await usersDump();
    await expectAccountExists(await facebook(app), before, ['google']);
  });

  it('treats Facebook emails as unverified by default: 409 account_exists, never that user', async () => {
    const { app } = h.app(optionalNonce({}));
    expect((await google(app)).status).toBe(200);
    const before = await usersDump();
    await expectAccountExists(await facebook(app), before, ['google']);
  });

  it('keeps the same user when the email changes at the provider, and users.email follows it', async () => {
    const { app } = h.app(optionalNonce());
    const first = await google(app, { sub: 's-1', email: 'old@example.com' });
    const second = await google(app, { sub: 's-1', email: 'new@example.com', name: 'Renamed' });
    expect(second.body.user).toMatchObject({
      id: first.body.user.id,
      name: 'Renamed',
      email: 'new@example.com',
      emailVerified: true,
    });
    expect((await users().findOne({}))?.email).toBe('new@example.com');
    // The old address is no link key any more: whoever verifiably owns it now is someone else.
    const newOwner = await facebook(app, { id: '30000000001', email: 'old@example.com' });
    expect(newOwner.status).toBe(200);
    expect(newOwner.body.user.id).not.toBe(first.body.user.id);
    expect(newOwner.body.user.email).toBe('old@example.com');
  });

  it('drops users.email when the provider no longer vouches for it and the new one is taken', async () => {
    const { app } = h.app(optionalNonce());
    const first = await google(app, { sub: 's-1', email: 'old@example.com' });
    expect((await google(app, { sub: 's-2', email: 'taken@example.com' })).status).toBe(200);
    const moved = await google(app, { sub: 's-1', email: 'taken@example.com' });
    expect(moved.body.user).toMatchObject({ id: first.body.user.id, email: null, emailVerified: false });
    expect((await users().findOne({ 'identities.subject': 's-1' }))?.email).toBeUndefined();
    const newOwner = await facebook(app, { id: '30000000001', email: 'old@example.com' });
    expect(newOwner.body.user.id).not.toBe(first.body.user.id);
  });

  it('drops users.email when the provider says the address is no longer verified', async () => {
    const { app } = h.app(optionalNonce());
    const first = await google(app, { sub: 's-1', email: 'old@example.com' });
    const unverified = await google(app, { sub: 's-1', email: 'old@example.com', email_verified: false });
    expect(unverified.body.user).toMatchObject({ id: first.body.user.id, email: null, emailVerified: false });
    expect((await users().findOne({}))?.email).toBeUndefined();
  });

  it('keeps users.email when another verified identity still vouches for it', async () => {
    const { app } = h.app(optionalNonce());
    const first = await google(app, { sub: 's-1', email: 'ada@example.com' });
    await facebook(app).expect(200);
    const again = await google(app, { sub: 's-1', email: 'ada@example.com', email_verified: false });
    expect(again.body.user).toMatchObject({
      id: first.body.user.id,
      email: 'ada@example.com',
      emailVerified: true,
    });
  });

  it('keys identities by (provider, subject): a Facebook id equal to a Google sub is another user', async () => {
    const { app } = h.app(optionalNonce());
    const g = await google(app, { sub: '10000000001', email: 'g@example.com' });
    const f = await facebook(app, { id: '10000000001', email: 'f@example.com' });
    expect(f.body.user.id).not.toBe(g.body.user.id);
  });

  it('never matches anything for a Facebook login without email', async () => {
    const { app } = h.app(optionalNonce());
    await google(app, { sub: 'no-email-google', email: undefined, email_verified: undefined });
    const a = await facebook(app, { id: '20000000001', email: undefined });
    const b = await facebook(app, { id: '20000000002', email: undefined });
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(new Set([a.body.user.id, b.body.user.id]).size).toBe(2);
    expect(await users().countDocuments()).toBe(3);
  });

  it('ignores client fields: role, emailVerified, _id and __proto__ are never stored', async () => {
    const { app } = h.app(optionalNonce());
    const idToken = await h.fakes.google.mintIdToken({ email_verified: false });
    const body = `{"idToken":"${idToken}","role":"admin","emailVerified":true,"_id":"000000000000000000000000","email":"x@evil.example","__proto__":{"isAdmin":true}}`;
    const res = await request(app).post('/auth/google').set('content-type', 'application/json').send(body);
    expect(res.status).toBe(200);
    const stored = await users().findOne({});
    expect(stored).not.toHaveProperty('role');
    expect(stored).not.toHaveProperty('isAdmin');
    expect(stored?.email).toBeUndefined();
    expect(String(stored?._id)).not.toBe('000000000000000000000000');
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it.each([
    ['the same provider', (app: Parameters<typeof request>[0]) => google(app, { name: 'New Name' })],
    ['a second provider to link by verified email', (app: Parameters<typeof request>[0]) => facebook(app)],
  ])('refuses a disabled account through %s without writing to it', async (_name, signIn) => {
    const { app } = h.app(optionalNonce());
    expect((await google(app)).status).toBe(200);
    await users().updateMany({}, { $set: { disabled: true } });
    const before = await h.snapshot();
    await expectRefusal(h, before, await signIn(app), 403, 'signup_not_allowed');
  });

  it('refuses a disabled identity whose verified email moved to another, enabled user', async () => {
    const { app } = h.app(optionalNonce());
    expect((await google(app, { sub: 'moved', email: 'old@example.com' })).status).toBe(200);
    expect((await facebook(app, { id: 'fb-other', email: 'new@example.com' })).status).toBe(200);
    await users().updateOne({ 'identities.subject': 'moved' }, { $set: { disabled: true } });
    const before = await h.snapshot();
    await expectRefusal(
      h,
      before,
      await google(app, { sub: 'moved', email: 'new@example.com' }),
      403,
      'signup_not_allowed',
    );
  });
});

describe('hooks', () => {
  it('refuses new users with allowSignup false but still signs in existing ones', async () => {
    const open = h.app(optionalNonce()).app;
    await google(open, { sub: 'existing' });
    const { app } = h.app({
      ...optionalNonce(),
      users: { allowSignup: (p) => p.email?.endsWith('@corp.example') ?? false },
    });
    expect((await google(app, { sub: 'existing' })).status).toBe(200);
    const before = await h.snapshot();
    await expectRefusal(
      h,
      before,
      await google(app, { sub: 'newcomer', email: 'n@example.com' }),
      403,
      'signup_not_allowed',
    );
  });

  it('stores mapProfile fields except reserved ones and calls afterLogin', async () => {
    const seen: AfterLoginContext[] = [];
    const { app } = h.app({
      ...optionalNonce(),
      users: {
        mapProfile: (p) => ({ plan: 'free', locale: p.provider, email: 'evil@example.com', identities: [] }),
        afterLogin: (ctx) => {
          seen.push(ctx);
        },
      },
    });
    const res = await google(app);
    const stored = await users().findOne({});
    expect(stored).toMatchObject({
      email: 'ada@example.com',
      identities: [expect.objectContaining({ provider: 'google' })],
    });
    expect(seen).toEqual([expect.objectContaining({ userId: res.body.user.id, isNewUser: true })]);
  });
});

describe('concurrency', () => {
  it('20 simultaneous first logins of one identity make exactly one user', async () => {
    const { app } = h.app(optionalNonce());
    const tokens = await Promise.all(Array.from({ length: 20 }, () => h.fakes.google.mintIdToken()));
    const results = await Promise.all(
      tokens.map((idToken) => request(app).post('/auth/google').send({ idToken })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(new Set(results.map((r) => r.body.user.id)).size).toBe(1);
    expect(await users().countDocuments()).toBe(1);
    expect(results.filter((r) => r.body.isNewUser)).toHaveLength(1);
  });

  it('the same verified email through Google and Facebook at once makes one user with two identities', async () => {
    const { app } = h.app(optionalNonce());
    const idToken = await h.fakes.google.mintIdToken();
    const accessToken = h.fakes.facebook.issueUserToken();
    const [g, f] = await Promise.all([
      request(app).post('/auth/google').send({ idToken }),
      request(app).post('/auth/facebook').send({ accessToken }),
    ]);
    expect([g.status, f.status]).toEqual([200, 200]);
    expect(g.body.user.id).toBe(f.body.user.id);
    const [stored] = await users().find({}).toArray();
    expect(await users().countDocuments()).toBe(1);
    expect(stored?.identities.map((i: { provider: string }) => i.provider).sort()).toEqual([
      'facebook',
      'google',
    ]);
  });
});
