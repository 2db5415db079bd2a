import { SignJWT } from 'jose';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { google, type OidcOptions, oidc, SocialAuthConfigError } from '../../src/index';
import { type Harness, startHarness } from '../support/harness';
import { expectRefusal } from '../support/refusal';
import { callbackUrl, nonceOf, pkce, post, providerApp, users } from './support/provider-app';
import { authorizeAtIssuer, type RealIssuer, startRealIssuer } from './support/real-issuer';

// OIDC Core §3.1.3.7 and Discovery rules, one refusal at a time. The issuer is oidc-provider; the
// wrong tokens are signed with its own published key, since it never issues one itself.
const CLIENT = {
  clientId: 'acme-web',
  clientSecret: 'acme-web-secret-0123456789',
  redirectUris: [callbackUrl('acme')],
};

let h: Harness;
let issuer: RealIssuer;

beforeAll(async () => {
  h = await startHarness();
  issuer = await startRealIssuer([CLIENT]);
});
afterAll(async () => {
  await issuer.close();
  await h.close();
});
beforeEach(async () => {
  issuer.discoveryOverrides = {};
  issuer.down = false;
  await h.clear();
});
afterEach(() => {
  vi.useRealTimers();
});

const acme = (options: Partial<OidcOptions> = {}) =>
  oidc({
    id: 'acme',
    issuer: issuer.issuer,
    clientId: CLIENT.clientId,
    clientSecret: CLIENT.clientSecret,
    ...options,
  });
const acmeApp = (options: Partial<OidcOptions> = {}) =>
  providerApp(h, [acme(options), google(h.fakes.google.options)]);
const claims = (nonce: string, extra: Record<string, unknown> = {}) => ({
  sub: 'user-1',
  aud: CLIENT.clientId,
  nonce,
  email: 'ada@example.com',
  email_verified: true,
  ...extra,
});

describe('oidc(): ID tokens (OIDC Core §3.1.3.7)', () => {
  it('signs in with an ID token carrying the server nonce', async () => {
    const { app } = acmeApp();
    const idToken = await issuer.mint(claims(await nonceOf(app), { name: 'Ada' }));
    const res = await post(app, 'acme', { idToken }).expect(200);
    expect(res.body.user).toMatchObject({
      email: 'ada@example.com',
      emailVerified: true,
      name: 'Ada',
      providers: ['acme'],
    });
    expect((await users(h))[0]?.identities).toEqual([
      expect.objectContaining({ provider: 'acme', subject: 'user-1' }),
    ]);
  });

  it.each([
    [true, true],
    ['true', true],
    [undefined, false],
    [false, false],
    ['false', false],
    [1, false],
    ['1', false],
  ])('email_verified %j → verified %s', async (value, verified) => {
    const { app } = acmeApp();
    const idToken = await issuer.mint(claims(await nonceOf(app), { email_verified: value }));
    const res = await post(app, 'acme', { idToken }).expect(200);
    expect(res.body.user.emailVerified).toBe(verified);
  });

  it('never links through an unverified email: the Google user who holds it is not joined', async () => {
    const { app } = acmeApp();
    const googleUser = await post(app, 'google', {
      idToken: await h.fakes.google.mintIdToken({ nonce: await nonceOf(app) }),
    }).expect(200);
    const idToken = await issuer.mint(claims(await nonceOf(app), { email_verified: 'false' }));
    const res = await post(app, 'acme', { idToken });
    expect(res.body.user?.id).not.toBe(googleUser.body.user.id);
    expect(res.status).toBe(409);
    const owner = (await users(h)).find((user) => user.email === 'ada@example.com');
    expect(owner?.identities.map((identity: { provider: string }) => identity.provider)).toEqual(['google']);
  });

  const now = () => Math.floor(Date.now() / 1000);
  it.each<[string, (nonce: string) => Promise<string> | string]>([
    ['another issuer', (n) => issuer.mint(claims(n, { iss: 'https://evil.example' }))],
    ['the issuer with a trailing slash', (n) => issuer.mint(claims(n, { iss: `${issuer.issuer}/` }))],
    ['aud of another client', (n) => issuer.mint(claims(n, { aud: 'other-client' }))],
    [
      'an extra untrusted audience',
      (n) => issuer.mint(claims(n, { aud: [CLIENT.clientId, 'other'], azp: CLIENT.clientId })),
    ],
    ['azp of another client', (n) => issuer.mint(claims(n, { azp: 'other-client' }))],
    ['expired beyond the skew', (n) => issuer.mint(claims(n, { iat: now() - 4000, exp: now() - 600 }))],
    ['iat in the future', (n) => issuer.mint(claims(n, { iat: now() + 600, exp: now() + 4000 }))],
    ['no exp', (n) => issuer.mint(claims(n, { exp: undefined }))],
    ['no sub', (n) => issuer.mint(claims(n, { sub: undefined }))],
    ['an unknown kid', (n) => issuer.mint(claims(n), { kid: 'unknown-kid' })],
    ['a jku header', (n) => issuer.mint(claims(n), { jku: 'https://evil.example/jwks' })],
    [
      'alg none',
      (n) =>
        `${Buffer.from(JSON.stringify({ alg: 'none', kid: issuer.kids()[0] })).toString('base64url')}.${Buffer.from(
          JSON.stringify({ iss: issuer.issuer, iat: now(), exp: now() + 600, ...claims(n) }),
        ).toString('base64url')}.`,
    ],
    [
      'HS256 keyed with the client secret',
      (n) =>
        new SignJWT({ iss: issuer.issuer, iat: now(), exp: now() + 600, ...claims(n) })
          .setProtectedHeader({ alg: 'HS256' })
          .sign(new TextEncoder().encode(CLIENT.clientSecret)),
    ],
    ['an encrypted (5-part) token', async () => 'eyJhbGciOiJSU0EtT0FFUCJ9.a.b.c.d'],
    ['no nonce', () => issuer.mint(claims('', { nonce: undefined }))],
    ['a nonce the server never issued', () => issuer.mint(claims('client-made-nonce'))],
  ])('refuses %s with 401', async (_name, mint) => {
    const { app } = acmeApp();
    const idToken = await mint(await nonceOf(app));
    const before = await h.snapshot();
    await expectRefusal(h, before, await post(app, 'acme', { idToken }), 401, 'invalid_token');
  });

  it('refuses HS256 and none even when the discovery document advertises them', async () => {
    issuer.discoveryOverrides = { id_token_signing_alg_values_supported: ['none', 'HS256', 'RS256'] };
    const { app } = acmeApp();
    const hs = await new SignJWT({
      iss: issuer.issuer,
      iat: now(),
      exp: now() + 600,
      ...claims(await nonceOf(app)),
    })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode(CLIENT.clientSecret));
    const before = await h.snapshot();
    await expectRefusal(h, before, await post(app, 'acme', { idToken: hs }), 401, 'invalid_token');
    const rs = await issuer.mint(claims(await nonceOf(app)));
    await post(app, 'acme', { idToken: rs }).expect(200);
  });

  it('accepts a token signed with another algorithm only if discovery lists it', async () => {
    issuer.discoveryOverrides = { id_token_signing_alg_values_supported: ['ES256'] };
    const { app } = acmeApp();
    const idToken = await issuer.mint(claims(await nonceOf(app)));
    const before = await h.snapshot();
    await expectRefusal(h, before, await post(app, 'acme', { idToken }), 401, 'invalid_token');
  });
});

describe('oidc(): discovery', () => {
  it('needs no network at startup: discovery happens on first use, once', async () => {
    const provider = acme();
    const fetched = () =>
      issuer.requests.filter((path) => path === '/.well-known/openid-configuration').length;
    const before = fetched();
    const { app } = providerApp(h, [provider]);
    expect(fetched()).toBe(before);
    await post(app, 'acme', { idToken: await issuer.mint(claims(await nonceOf(app))) }).expect(200);
    await post(app, 'acme', { idToken: await issuer.mint(claims(await nonceOf(app))) }).expect(200);
    expect(fetched()).toBe(before + 1);
  });

  it('ready() fetches discovery and publishes the authorization endpoint', async () => {
    const provider = acme();
    await provider.ready();
    expect(provider.publicConfig()).toMatchObject({
      issuer: issuer.issuer,
      clientId: CLIENT.clientId,
      authorizationEndpoint: `${issuer.issuer}/auth`,
    });
    expect(JSON.stringify(provider.publicConfig())).not.toContain(CLIENT.clientSecret);
  });

  it('GET /providers names the discovered authorization endpoint from the first call on', async () => {
    const { app } = providerApp(h, [acme({ name: 'Acme SSO' })]);
    const res = await request(app).get('/auth/providers').expect(200);
    expect(res.body.providers).toEqual([
      {
        id: 'acme',
        name: 'Acme SSO',
        issuer: issuer.issuer,
        clientId: CLIENT.clientId,
        scope: 'openid email profile',
        flows: ['idToken', 'code'],
        authorizationEndpoint: `${issuer.issuer}/auth`,
      },
    ]);
  });

  it('GET /providers still answers while the issuer is down, without the endpoint', async () => {
    issuer.down = true;
    const { app } = providerApp(h, [acme()]);
    const res = await request(app).get('/auth/providers').expect(200);
    expect(res.body.providers[0]).toMatchObject({ id: 'acme', issuer: issuer.issuer });
    expect(res.body.providers[0].authorizationEndpoint).toBeUndefined();
  });

  it('refuses a document naming another issuer, even after a good one (503, cause to onError)', async () => {
    const { app, errors } = acmeApp();
    await post(app, 'acme', { idToken: await issuer.mint(claims(await nonceOf(app))) }).expect(200);
    issuer.discoveryOverrides = { issuer: 'https://evil.example' };
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    vi.setSystemTime(Date.now() + 2 * 3600_000);
    const idToken = await issuer.mint(claims(await nonceOf(app)));
    const before = await h.snapshot();
    await expectRefusal(h, before, await post(app, 'acme', { idToken }), 503, 'provider_unavailable');
    expect(String((errors.at(-1) as Error).cause)).toMatch(/differs from the configured issuer/);
  });

  it('answers 503 when the issuer is down before any discovery', async () => {
    issuer.down = true;
    const { app } = acmeApp();
    const before = await h.snapshot();
    const res = await post(app, 'acme', { idToken: 'eyJhbGciOiJSUzI1NiJ9.e30.c2ln' });
    await expectRefusal(h, before, res, 503, 'provider_unavailable');
  });

  it('keeps signing in on the last good discovery and keys while the issuer is down (stale-if-error)', async () => {
    const { app } = acmeApp();
    await post(app, 'acme', { idToken: await issuer.mint(claims(await nonceOf(app))) }).expect(200);
    issuer.down = true;
    const requestsBefore = issuer.requests.length;
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    vi.setSystemTime(Date.now() + 2 * 3600_000);
    for (let i = 0; i < 5; i++) {
      const idToken = await issuer.mint(claims(await nonceOf(app)));
      await post(app, 'acme', { idToken }).expect(200);
    }
    // Failed refetches are rate limited: one try for discovery and one for the keys, not one per sign-in.
    expect(issuer.requests.length - requestsBefore).toBeLessThanOrEqual(2);
  });

  it('offers no code flow when the issuer does not support S256 PKCE', async () => {
    issuer.discoveryOverrides = { code_challenge_methods_supported: ['plain'] };
    const { app } = acmeApp();
    const before = await h.snapshot();
    const res = await post(app, 'acme', {
      code: 'x',
      codeVerifier: pkce().verifier,
      redirectUri: callbackUrl('acme'),
    });
    await expectRefusal(h, before, res, 503, 'provider_unavailable');
    expect(issuer.requests).not.toContain('/token');
  });
});

describe('oidc(): code flow checks before the token endpoint', () => {
  it.each([
    // JSON drops `undefined`: the body carries no verifier at all.
    ['without codeVerifier (no PKCE)', 401, 'invalid_token', { codeVerifier: undefined }],
    ['with a malformed codeVerifier', 401, 'invalid_token', { codeVerifier: 'short' }],
    ['with a foreign redirectUri', 400, 'invalid_request', { redirectUri: 'https://evil.example/cb' }],
  ])('refuses a code %s, with no call to the issuer', async (_name, status, code, fields) => {
    const { app } = acmeApp();
    const { verifier, challenge } = pkce();
    const nonce = await nonceOf(app);
    const callback = await authorizeAtIssuer(issuer, {
      client_id: CLIENT.clientId,
      redirect_uri: callbackUrl('acme'),
      response_type: 'code',
      scope: 'openid email',
      state: 's',
      nonce,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const tokenCalls = issuer.requests.filter((path) => path === '/token').length;
    const before = await h.snapshot();
    const body = {
      code: callback.get('code'),
      codeVerifier: verifier,
      redirectUri: callbackUrl('acme'),
      ...fields,
    };
    await expectRefusal(h, before, await post(app, 'acme', body), status, code);
    expect(issuer.requests.filter((path) => path === '/token').length).toBe(tokenCalls);
  });
});

describe('oidc() options', () => {
  const base = { id: 'acme', issuer: 'https://sso.example.com/realms/main', clientId: 'web' };
  it.each([
    ['an http issuer that is not loopback', { ...base, issuer: 'http://sso.example.com' }, /https/],
    ['an issuer with a query', { ...base, issuer: 'https://sso.example.com/?tenant=1' }, /query/],
    ['no issuer', { ...base, issuer: undefined }, /issuer` is required/],
    ['no client id', { ...base, clientId: '' }, /clientId` is required/],
    ['an id the router uses itself', { ...base, id: 'refresh' }, /serves that path/],
    ['an id with capitals', { ...base, id: 'Acme' }, /lower-case/],
    ['a typo', { ...base, clientSecert: 'x' }, /did you mean `clientSecret`/],
    ['an unknown flow', { ...base, flows: ['implicit'] }, /flows/],
  ])('refuses %s at startup', (_name, options, message) => {
    expect(() => oidc(options as never)).toThrow(SocialAuthConfigError);
    expect(() => oidc(options as never)).toThrow(message);
  });

  it('allows http for loopback issuers (tests, local development)', () => {
    for (const host of ['http://localhost:8080', 'http://127.0.0.1:9000/realms/x', 'http://[::1]:8080']) {
      expect(oidc({ ...base, issuer: host }).id).toBe('acme');
    }
  });
});
