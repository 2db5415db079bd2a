import { createFakeGitHub, type FakeGitHub } from '@socialkit/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type GitHubOptions, github, google, SocialAuthConfigError } from '../../src/index';
import { type Harness, startHarness } from '../support/harness';
import { expectRefusal } from '../support/refusal';
import { errorText } from './support/error-text';
import { callbackUrl, nonceOf, pkce, post, providerApp, users } from './support/provider-app';

let h: Harness;
let fake: FakeGitHub;

beforeAll(async () => {
  h = await startHarness();
  fake = createFakeGitHub();
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

const githubApp = (options: Partial<GitHubOptions> = {}, gh: FakeGitHub = fake) =>
  providerApp(h, [github({ ...gh.options, ...options }), google(h.fakes.google.options)]);
/** `METHOD path` of every request the fake saw, API paths relative to `apiUrl` as on api.github.com. */
const paths = (gh: FakeGitHub = fake) => {
  const apiPrefix = new URL(gh.options.apiUrl).pathname.replace(/\/$/, '');
  return gh.requests.map(
    (r) =>
      `${r.method} ${apiPrefix && r.path.startsWith(apiPrefix) ? r.path.slice(apiPrefix.length) : r.path}`,
  );
};
const checkTokenPath = (gh: FakeGitHub = fake) => `POST /applications/${gh.clientId}/token`;

describe('github(): code + codeVerifier + redirectUri', () => {
  it('redeems a PKCE code with the client secret; subject = numeric id; email = primary verified', async () => {
    const { app } = githubApp();
    const { verifier, challenge } = pkce();
    const code = fake.issueAuthCode({ redirectUri: callbackUrl('github'), codeChallenge: challenge });
    const res = await post(app, 'github', {
      code,
      codeVerifier: verifier,
      redirectUri: callbackUrl('github'),
    }).expect(200);
    const ada = fake.accounts[0];
    expect(res.body.user).toMatchObject({ email: ada?.email, emailVerified: true, providers: ['github'] });
    const [stored] = await users(h);
    expect(stored?.identities).toEqual([expect.objectContaining({ provider: 'github', subject: ada?.id })]);
    expect(ada?.id).toMatch(/^\d+$/);
    expect(paths()).toEqual(
      expect.arrayContaining(['POST /login/oauth/access_token', 'GET /user', 'GET /user/emails']),
    );
  });

  it.each([
    [
      'an unknown code (GitHub answers 200 with `error`)',
      401,
      'invalid_token',
      (v: string) => ({ codeVerifier: v, code: 'made-up' }),
    ],
    ['no codeVerifier (no PKCE)', 401, 'invalid_token', () => ({ codeVerifier: undefined })],
    ['a wrong codeVerifier', 401, 'invalid_token', () => ({ codeVerifier: pkce().verifier })],
    [
      'a foreign redirectUri',
      400,
      'invalid_request',
      (v: string) => ({ codeVerifier: v, redirectUri: 'https://evil.example/cb' }),
    ],
  ])('refuses %s', async (_name, status, code, fields) => {
    const { app } = githubApp();
    const { verifier, challenge } = pkce();
    const authCode = fake.issueAuthCode({ redirectUri: callbackUrl('github'), codeChallenge: challenge });
    const before = await h.snapshot();
    const res = await post(app, 'github', {
      code: authCode,
      redirectUri: callbackUrl('github'),
      ...fields(verifier),
    });
    await expectRefusal(h, before, res, status, code);
    expect(paths()).not.toContain('GET /user');
  });

  it.each([
    ['429', { rateLimit: true }],
    [
      '403 with a rate-limit message',
      { status: 403, body: '{"message":"API rate limit exceeded for user ID 1."}' },
    ],
  ])('answers 503 when GitHub’s API is rate limited (%s)', async (_name, fault) => {
    const { app } = githubApp();
    fake.faults.set({ ...fault, only: '/user' });
    const before = await h.snapshot();
    const res = await post(app, 'github', { accessToken: fake.issueAccessToken() });
    await expectRefusal(h, before, res, 503, 'provider_unavailable');
  });

  it('answers 503 when GitHub’s API fails, writing nothing', async () => {
    const { app } = githubApp();
    const { verifier, challenge } = pkce();
    const code = fake.issueAuthCode({ redirectUri: callbackUrl('github'), codeChallenge: challenge });
    fake.faults.set({ status: 502, only: '/user' });
    const before = await h.snapshot();
    const res = await post(app, 'github', {
      code,
      codeVerifier: verifier,
      redirectUri: callbackUrl('github'),
    });
    await expectRefusal(h, before, res, 503, 'provider_unavailable');
  });
});

describe('github(): accessToken', () => {
  it('accepts a token check-a-token confirms for our client id', async () => {
    const { app } = githubApp();
    const res = await post(app, 'github', { accessToken: fake.issueAccessToken() }).expect(200);
    expect(res.body.user.providers).toEqual(['github']);
    expect(paths()).toContain(checkTokenPath());
  });

  it('refuses a token the user granted to another OAuth app (401), before reading the profile', async () => {
    const { app } = githubApp();
    const before = await h.snapshot();
    const res = await post(app, 'github', { accessToken: fake.issueOtherAppToken() });
    await expectRefusal(h, before, res, 401, 'invalid_token');
    expect(paths()).toContain(checkTokenPath());
    expect(paths()).not.toContain('GET /user');
  });

  it('never hands a token or the client secret to onError', async () => {
    const { app, errors } = githubApp();
    const accessToken = fake.issueOtherAppToken();
    await post(app, 'github', { accessToken }).expect(401);
    fake.faults.set({ status: 500, only: '/applications/' });
    const live = fake.issueAccessToken();
    await post(app, 'github', { accessToken: live }).expect(503);
    expect(errors.length).toBe(2);
    const text = errorText(errors);
    for (const secret of [accessToken, live, fake.clientSecret]) expect(text).not.toContain(secret);
  });

  it('refuses a revoked token', async () => {
    const { app } = githubApp();
    const accessToken = fake.issueAccessToken();
    fake.revoke(accessToken);
    const before = await h.snapshot();
    await expectRefusal(h, before, await post(app, 'github', { accessToken }), 401, 'invalid_token');
  });

  it('refuses `accessToken` with 400 when the flow is not enabled', async () => {
    const { app } = githubApp({ flows: ['code'] });
    const before = await h.snapshot();
    const res = await post(app, 'github', { accessToken: fake.issueAccessToken() });
    await expectRefusal(h, before, res, 400, 'invalid_request');
    expect(fake.requests).toHaveLength(0);
  });
});

describe('github(): email', () => {
  it('has no email without the user:email scope', async () => {
    const { app } = githubApp();
    const res = await post(app, 'github', {
      accessToken: fake.issueAccessToken({ scopes: ['read:user'] }),
    }).expect(200);
    expect(res.body.user).toMatchObject({ email: null, emailVerified: false });
  });

  it('a GitHub login whose only address is unverified never links to the verified owner', async () => {
    const gh = createFakeGitHub({
      accounts: [
        { id: '9001', login: 'octo-ada', name: 'Not Ada', email: 'ada@example.com', emailVerified: false },
      ],
    });
    await gh.listen();
    try {
      const { app } = githubApp({}, gh);
      const googleUser = await post(app, 'google', {
        idToken: await h.fakes.google.mintIdToken({ nonce: await nonceOf(app) }),
      }).expect(200);
      const res = await post(app, 'github', { accessToken: gh.issueAccessToken() }).expect(200);
      expect(res.body.user.id).not.toBe(googleUser.body.user.id);
      expect(res.body.user).toMatchObject({ email: null, emailVerified: false });
      const owner = (await users(h)).find((user) => user.email === 'ada@example.com');
      expect(owner?.identities.map((identity: { provider: string }) => identity.provider)).toEqual([
        'google',
      ]);
    } finally {
      await gh.close();
    }
  });
});

describe('github() options', () => {
  it.each([
    ['no client secret', { clientId: 'Ov23li' }, /clientSecret` is required/],
    ['no client id', { clientSecret: 'secret-0123456789' }, /clientId` is required/],
    [
      'a plain-http API',
      { clientId: 'a', clientSecret: 'secret-0123456789', apiUrl: 'http://api.example' },
      /https/,
    ],
    [
      'a typo',
      { clientId: 'a', clientSecret: 'secret-0123456789', clientSecert: 'x' },
      /did you mean `clientSecret`/,
    ],
    ['an unknown flow', { clientId: 'a', clientSecret: 'secret-0123456789', flows: ['idToken'] }, /flows/],
  ])('refuses %s at startup', (_name, options, message) => {
    expect(() => github(options as never)).toThrow(SocialAuthConfigError);
    expect(() => github(options as never)).toThrow(message);
  });

  it('publishes the client id and authorize endpoint, never the secret', () => {
    const provider = github(fake.options);
    expect(provider.publicConfig()).toEqual({
      clientId: fake.clientId,
      authorizationEndpoint: `${fake.options.oauthUrl}/login/oauth/authorize`,
      flows: ['code', 'accessToken'],
    });
    expect(JSON.stringify(provider.publicConfig())).not.toContain(fake.clientSecret);
  });
});
