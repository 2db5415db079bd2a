import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { createFakeApple, type FakeApple } from '@socialkit/testing';
import { jwtVerify } from 'jose';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { apple, google, SocialAuthConfigError } from '../../src/index';
import { type Harness, startHarness } from '../support/harness';
import { expectRefusal } from '../support/refusal';
import { errorText } from './support/error-text';
import {
  callbackUrl,
  LISTED_REDIRECT,
  nonceOf,
  pkce,
  post,
  providerApp,
  users,
} from './support/provider-app';

const BUNDLE_ID = 'com.example.socialkit.ios';
let h: Harness;
let fake: FakeApple;

beforeAll(async () => {
  h = await startHarness();
  fake = createFakeApple({ extraClientIds: [BUNDLE_ID] });
  await fake.listen();
});
afterAll(async () => {
  await fake.close();
  await h.close();
});
beforeEach(async () => {
  fake.reset();
  await h.clear();
});

const appleApp = (options: Partial<Parameters<typeof apple>[0]> = {}) =>
  providerApp(h, [
    apple({
      ...fake.options,
      clientId: [fake.clientId, BUNDLE_ID],
      redirectUris: [LISTED_REDIRECT],
      ...options,
    }),
    google(h.fakes.google.options),
  ]);

describe('apple(): ID token from Apple JS', () => {
  it('signs in with a server nonce; Apple’s string "true" counts as verified', async () => {
    const { app } = appleApp();
    const idToken = await fake.mintIdToken({ nonce: await nonceOf(app) });
    const res = await post(app, 'apple', { idToken }).expect(200);
    expect(res.body).toMatchObject({
      isNewUser: true,
      user: { email: 'ada@example.com', emailVerified: true, providers: ['apple'] },
    });
    const [stored] = await users(h);
    expect(stored?.identities).toEqual([
      expect.objectContaining({ provider: 'apple', subject: fake.accounts[0]?.id }),
    ]);
  });

  it('accepts boolean claims and private relay addresses as real verified addresses', async () => {
    const booleans = createFakeApple({ booleanClaims: 'boolean' });
    await booleans.listen();
    try {
      const { app } = providerApp(h, [apple(booleans.options)]);
      const grace = booleans.accounts[1];
      const idToken = await booleans.mintIdToken({
        nonce: await nonceOf(app),
        sub: grace?.id,
        email: grace?.email,
        is_private_email: true,
      });
      const res = await post(app, 'apple', { idToken }).expect(200);
      expect(res.body.user).toMatchObject({ email: grace?.email, emailVerified: true });
    } finally {
      await booleans.close();
    }
  });

  it('accepts every configured client id as audience (Services ID and bundle ID)', async () => {
    const { app } = appleApp();
    const idToken = await fake.mintIdToken({ nonce: await nonceOf(app), aud: BUNDLE_ID });
    await post(app, 'apple', { idToken }).expect(200);
  });

  it('fills the name from the first-consent `user` JSON on creation only, never its email', async () => {
    const { app } = appleApp();
    const user = JSON.stringify({
      name: { firstName: ' Ada ', lastName: 'Byron' },
      email: 'victim@example.com',
    });
    const first = await post(app, 'apple', {
      idToken: await fake.mintIdToken({ nonce: await nonceOf(app) }),
      user,
    }).expect(200);
    expect(first.body.user).toMatchObject({ name: 'Ada Byron', email: 'ada@example.com' });

    const renamed = JSON.stringify({ name: { firstName: 'Mallory' } });
    const second = await post(app, 'apple', {
      idToken: await fake.mintIdToken({ nonce: await nonceOf(app) }),
      user: renamed,
    }).expect(200);
    expect(second.body.user).toMatchObject({ id: first.body.user.id, name: 'Ada Byron' });
    expect(JSON.stringify(await users(h))).not.toContain('victim@example.com');
  });

  it('refuses a `user` field that is not Apple’s JSON object, before any provider call', async () => {
    const { app } = appleApp();
    const idToken = await fake.mintIdToken({ nonce: await nonceOf(app) });
    const before = await h.snapshot();
    const requests = fake.requests.length;
    await expectRefusal(
      h,
      before,
      await post(app, 'apple', { idToken, user: '{not json' }),
      400,
      'invalid_request',
    );
    expect(fake.requests.length).toBe(requests);
  });

  it('never links through an unverified Apple email ("false"): the Google user keeps it', async () => {
    const { app } = appleApp();
    const googleUser = await post(app, 'google', {
      idToken: await h.fakes.google.mintIdToken({ nonce: await nonceOf(app) }),
    }).expect(200);
    const idToken = await fake.bad.unverifiedEmail({ nonce: await nonceOf(app), email: 'ada@example.com' });
    const res = await post(app, 'apple', { idToken });
    expect(res.body.user?.id).not.toBe(googleUser.body.user.id);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('account_exists');
    const owner = (await users(h)).find((u) => u.email === 'ada@example.com');
    expect(owner?.identities.map((i: { provider: string }) => i.provider)).toEqual(['google']);
  });

  const bad = () => fake.bad;
  it.each([
    ['aud of another Services ID', (nonce: string) => bad().wrongAudience({ nonce })],
    ['a foreign issuer', (nonce: string) => bad().wrongIssuer({ nonce })],
    [
      'the account.apple.com issuer',
      (nonce: string) => fake.mintIdToken({ nonce, iss: 'https://account.apple.com' }),
    ],
    ['an expired token', (nonce: string) => bad().expired({ nonce })],
    ['iat/nbf in the future', (nonce: string) => bad().notYetValid({ nonce })],
    ['no exp', (nonce: string) => bad().noExpiry({ nonce })],
    ['alg none', async (nonce: string) => bad().algNone({ nonce })],
    ['HS256 keyed with the public key', (nonce: string) => bad().hs256WithPublicKey({ nonce })],
    ['ES256 (Apple signs RS256 only)', (nonce: string) => bad().es256({ nonce })],
    ['an unknown kid', (nonce: string) => bad().unknownKid({ nonce })],
    ['an unpublished key', (nonce: string) => bad().wrongKey({ nonce })],
    ['a tampered signature', (nonce: string) => bad().tamperedSignature({ nonce })],
    ['a tampered payload', (nonce: string) => bad().tamperedPayload({ nonce })],
    ['a jku header', (nonce: string) => bad().jkuHeader({ nonce })],
    [
      'an extra untrusted audience',
      (nonce: string) => fake.mintIdToken({ nonce, aud: [fake.clientId, 'com.evil.web'] }),
    ],
    ['no nonce', async () => fake.mintIdToken()],
    ['a nonce the server never issued', async () => fake.mintIdToken({ nonce: 'chosen-by-the-client' })],
  ])('refuses %s with 401', async (_name, mint) => {
    const { app } = appleApp();
    const idToken = await mint(await nonceOf(app));
    const before = await h.snapshot();
    await expectRefusal(h, before, await post(app, 'apple', { idToken }), 401, 'invalid_token');
  });

  it('refuses type confusion: our own API token, or an access token, posted as an Apple ID token', async () => {
    const { app } = appleApp();
    const session = await post(app, 'google', {
      idToken: await h.fakes.google.mintIdToken({ nonce: await nonceOf(app) }),
    }).expect(200);
    for (const idToken of [session.body.token as string, 'gho_16C7e42F292c6912E7710c838347Ae178B4a']) {
      const before = await h.snapshot();
      await expectRefusal(h, before, await post(app, 'apple', { idToken }), 401, 'invalid_token');
    }
  });

  it('refuses a replayed ID token: its nonce is consumed once', async () => {
    const { app } = appleApp();
    const idToken = await fake.mintIdToken({ nonce: await nonceOf(app) });
    await post(app, 'apple', { idToken }).expect(200);
    const before = await h.snapshot();
    await expectRefusal(h, before, await post(app, 'apple', { idToken }), 401, 'invalid_token');
  });
});

describe('apple(): authorization code', () => {
  it('redeems a code with an ES256 client secret the fake verifies, and consumes the nonce it carries', async () => {
    const { app } = appleApp();
    const nonce = await nonceOf(app);
    const code = fake.issueAuthCode({ redirectUri: callbackUrl('apple'), nonce });
    const res = await post(app, 'apple', { code, redirectUri: callbackUrl('apple') }).expect(200);
    expect(res.body.user).toMatchObject({ email: 'ada@example.com', emailVerified: true });
    expect(fake.requests.filter((r) => r.path === '/auth/token')).toHaveLength(1);

    const replayedNonce = fake.issueAuthCode({ redirectUri: callbackUrl('apple'), nonce });
    const before = await h.snapshot();
    await expectRefusal(
      h,
      before,
      await post(app, 'apple', { code: replayedNonce, redirectUri: callbackUrl('apple') }),
      401,
      'invalid_token',
    );
  });

  it('redeems a PKCE code issued for a redirect URI listed in `redirectUris`', async () => {
    const { app } = appleApp();
    const { verifier, challenge } = pkce();
    const code = fake.issueAuthCode({ redirectUri: LISTED_REDIRECT, codeChallenge: challenge });
    await post(app, 'apple', { code, codeVerifier: verifier, redirectUri: LISTED_REDIRECT }).expect(200);
  });

  it('refuses a redirect URI that is neither the callback nor listed (400), before calling Apple', async () => {
    const { app } = appleApp();
    const code = fake.issueAuthCode({ redirectUri: 'https://evil.example/cb' });
    const before = await h.snapshot();
    await expectRefusal(
      h,
      before,
      await post(app, 'apple', { code, redirectUri: 'https://evil.example/cb' }),
      400,
      'invalid_request',
    );
    expect(fake.requests.filter((r) => r.path === '/auth/token')).toHaveLength(0);
  });

  it('refuses a code without PKCE whose ID token carries no server nonce (nothing binds it to this browser)', async () => {
    const { app } = appleApp();
    const code = fake.issueAuthCode({ redirectUri: callbackUrl('apple') });
    const before = await h.snapshot();
    const res = await post(app, 'apple', { code, redirectUri: callbackUrl('apple') });
    await expectRefusal(h, before, res, 401, 'invalid_token');
  });

  it.each([
    ['a code Apple does not know', () => 'c-made-up'],
    ['a code issued for another redirect URI', () => fake.issueAuthCode({ redirectUri: LISTED_REDIRECT })],
  ])('answers 401 for %s', async (_name, codeOf) => {
    const { app } = appleApp();
    const before = await h.snapshot();
    const res = await post(app, 'apple', { code: codeOf(), redirectUri: callbackUrl('apple') });
    await expectRefusal(h, before, res, 401, 'invalid_token');
  });

  it('never hands the code, the client secret or Apple’s answer to onError', async () => {
    const { app, errors } = appleApp();
    const code = fake.issueAuthCode({ redirectUri: LISTED_REDIRECT });
    await post(app, 'apple', { code, redirectUri: callbackUrl('apple') }).expect(401);
    expect(errors.length).toBe(1);
    const text = errorText(errors);
    expect(text).toContain('invalid_grant');
    expect(text).not.toContain(code);
    expect(text).not.toMatch(/eyJ/);
    expect(text).not.toContain('PRIVATE KEY');
  });

  it('answers 503 when the token endpoint is down', async () => {
    const { app } = appleApp();
    fake.faults.set({ status: 500, only: '/auth/token' });
    const code = fake.issueAuthCode({ redirectUri: callbackUrl('apple'), nonce: await nonceOf(app) });
    const before = await h.snapshot();
    const res = await post(app, 'apple', { code, redirectUri: callbackUrl('apple') });
    await expectRefusal(h, before, res, 503, 'provider_unavailable');
  });

  it('refuses `code` with 400 when no signing key is configured', async () => {
    const { app } = providerApp(h, [apple({ clientId: fake.clientId, jwksUri: fake.options.jwksUri })]);
    const before = await h.snapshot();
    const res = await post(app, 'apple', { code: 'c-anything', redirectUri: callbackUrl('apple') });
    await expectRefusal(h, before, res, 400, 'invalid_request');
  });
});

describe('apple(): the ES256 client secret', () => {
  /** Calls `verify` directly with a token endpoint that records each form and refuses the code. */
  async function secretsSent(provider: ReturnType<typeof apple>, times: number, advanceMs = 0) {
    const forms: Record<string, string>[] = [];
    const context = {
      timeoutMs: 5000,
      callbackUrl: callbackUrl('apple'),
      http: {
        fetch: globalThis.fetch,
        close: async () => {},
        json: async (_url: string, init?: { form?: Record<string, string> }) => {
          forms.push(init?.form ?? {});
          return { status: 400, body: { error: 'invalid_grant' } };
        },
      },
    };
    for (let i = 0; i < times; i++) {
      if (i > 0 && advanceMs) vi.setSystemTime(Date.now() + advanceMs);
      await expect(
        provider.verify({ code: `c${i}`, redirectUri: callbackUrl('apple') }, context),
      ).rejects.toThrow(/rejected/);
    }
    return forms.map((form) => form.client_secret as string);
  }

  afterEach(() => {
    vi.useRealTimers();
  });

  it('is signed once with the .p8 key (kid, team, client id, Apple as audience) and reused', async () => {
    const provider = apple(fake.options);
    const [first, second] = await secretsSent(provider, 2);
    expect(second).toBe(first);
    const publicKey = createPublicKey(createPrivateKey(fake.options.privateKey));
    const { payload, protectedHeader } = await jwtVerify(first as string, publicKey, {
      issuer: fake.teamId,
      audience: 'https://appleid.apple.com',
      subject: fake.clientId,
      algorithms: ['ES256'],
    });
    expect(protectedHeader.kid).toBe(fake.options.keyId);
    expect((payload.exp as number) - (payload.iat as number)).toBeLessThanOrEqual(15_777_000);
  });

  it('is renewed in the last minutes before it expires (1 h life)', async () => {
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    const provider = apple(fake.options);
    const [first, second] = await secretsSent(provider, 2, 3400_000);
    expect(second).not.toBe(first);
  });
});

describe('apple() options', () => {
  it.each([
    ['no client id', {}, /apple\.clientId/],
    ['an unknown option', { clientId: 'x', teamID: 'T' }, /did you mean `teamId`/],
    ['half of the signing key', { clientId: 'x', teamId: 'T' }, /go together/],
    [
      'an RSA key',
      {
        clientId: 'x',
        teamId: 'T',
        keyId: 'K',
        privateKey: generateKeyPairSync('rsa', { modulusLength: 2048 })
          .privateKey.export({ format: 'pem', type: 'pkcs8' })
          .toString(),
      },
      /P-256/,
    ],
    ['a key that is not PEM', { clientId: 'x', teamId: 'T', keyId: 'K', privateKey: 'abc' }, /\.p8/],
    ['the code flow without a key', { clientId: 'x', flows: ['code'] }, /needs `apple.teamId`/],
    ['a plain-http endpoint', { clientId: 'x', authUrl: 'http://apple.example' }, /https/],
  ])('refuses %s at startup', (_name, options, message) => {
    expect(() => apple(options as never)).toThrow(SocialAuthConfigError);
    expect(() => apple(options as never)).toThrow(message);
  });

  it('publishes the Services ID and flows, never the key', () => {
    const provider = apple({ ...fake.options });
    expect(provider.publicConfig()).toEqual({
      clientId: fake.clientId,
      authorizationEndpoint: `${fake.options.authUrl}/auth/authorize`,
      flows: ['idToken', 'code'],
    });
    expect(JSON.stringify(provider.publicConfig())).not.toContain('PRIVATE');
  });
});
