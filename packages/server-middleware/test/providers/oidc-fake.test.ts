import { createFakeOidc, type FakeOidc, type FakeOidcOptions } from '@socialkit/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { oidc } from '../../src/index';
import { type Harness, startHarness } from '../support/harness';
import { expectRefusal } from '../support/refusal';
import { callbackUrl, nonceOf, pkce, post, providerApp } from './support/provider-app';

// oidc() against the kit's fake issuer — the one the demo's sandbox runs — in the shapes real
// issuers come in: Keycloak-style paths, Auth0-style trailing slashes, ES256 keys, public clients.
let h: Harness;
const fakes: FakeOidc[] = [];

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await Promise.all(fakes.map((fake) => fake.close()));
  await h.close();
});
beforeEach(() => h.clear());
afterEach(() => {
  vi.useRealTimers();
});

async function issuerWith(options: FakeOidcOptions = {}): Promise<FakeOidc> {
  const fake = createFakeOidc({ redirectUris: [callbackUrl('sandbox')], ...options });
  fakes.push(fake);
  await fake.listen();
  return fake;
}

const appFor = (fake: FakeOidc, withSecret = true) =>
  providerApp(h, [
    oidc({ ...fake.options, id: 'sandbox', clientSecret: withSecret ? fake.clientSecret : undefined }),
  ]);

describe('oidc() with the kit’s fake issuer', () => {
  it.each<[string, FakeOidcOptions]>([
    ['a Keycloak-style issuer path', { issuerPath: '/realms/acme' }],
    ['an Auth0-style trailing slash', { trailingSlash: true }],
    ['ES256 keys', { alg: 'ES256' }],
  ])('signs in with an ID token from %s', async (_name, options) => {
    const fake = await issuerWith(options);
    const { app } = appFor(fake);
    const idToken = await fake.mintIdToken({ nonce: await nonceOf(app) });
    const res = await post(app, 'sandbox', { idToken });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ emailVerified: true, providers: ['sandbox'] });
  });

  it.each<[string, FakeOidcOptions, boolean]>([
    ['client_secret_basic', { clientAuth: ['client_secret_basic'] }, true],
    ['client_secret_post', { clientAuth: ['client_secret_post'] }, true],
    ['a public client (PKCE only)', { clientAuth: ['none'] }, false],
  ])('redeems a PKCE code with %s', async (_name, options, secret) => {
    const fake = await issuerWith(options);
    const { app } = appFor(fake, secret);
    const { verifier, challenge } = pkce();
    const code = fake.issueAuthCode({
      redirectUri: callbackUrl('sandbox'),
      codeChallenge: challenge,
      nonce: await nonceOf(app),
    });
    const res = await post(app, 'sandbox', {
      code,
      codeVerifier: verifier,
      redirectUri: callbackUrl('sandbox'),
    });
    expect(res.status).toBe(200);
  });

  it('follows a key rotation: a new kid past the refetch cooldown loads the new keys', async () => {
    const fake = await issuerWith();
    const { app } = appFor(fake);
    await post(app, 'sandbox', { idToken: await fake.mintIdToken({ nonce: await nonceOf(app) }) }).expect(
      200,
    );
    await fake.rotateKeys();
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    vi.setSystemTime(Date.now() + 31_000);
    const idToken = await fake.mintIdToken({ nonce: await nonceOf(app) });
    await post(app, 'sandbox', { idToken }).expect(200);
  });

  it.each<[string, (fake: FakeOidc, nonce: string) => Promise<string> | string]>([
    ['HS256 keyed with the client secret', (fake, nonce) => fake.bad.hs256WithClientSecret({ nonce })],
    ['an extra untrusted audience', (fake, nonce) => fake.bad.extraAudience({ nonce })],
    ['an encrypted token', (fake) => fake.bad.encrypted()],
    ['alg none', (fake, nonce) => fake.bad.algNone({ nonce })],
    ['HS256 keyed with the public key', (fake, nonce) => fake.bad.hs256WithPublicKey({ nonce })],
    ['aud of another client', (fake, nonce) => fake.bad.wrongAudience({ nonce })],
    ['another issuer', (fake, nonce) => fake.bad.wrongIssuer({ nonce })],
    ['an expired token', (fake, nonce) => fake.bad.expired({ nonce })],
    ['no exp', (fake, nonce) => fake.bad.noExpiry({ nonce })],
    ['an unknown kid', (fake, nonce) => fake.bad.unknownKid({ nonce })],
    ['a tampered payload', (fake, nonce) => fake.bad.tamperedPayload({ nonce })],
    ['a jku header', (fake, nonce) => fake.bad.jkuHeader({ nonce })],
  ])('refuses %s with 401', async (_name, mint) => {
    const fake = await issuerWith();
    const { app } = appFor(fake);
    const idToken = await mint(fake, await nonceOf(app));
    const before = await h.snapshot();
    await expectRefusal(h, before, await post(app, 'sandbox', { idToken }), 401, 'invalid_token');
  });

  it('refuses every token of an issuer whose discovery names another issuer', async () => {
    const fake = await issuerWith({ discovery: { issuer: 'https://evil.example' } });
    const { app } = appFor(fake);
    const idToken = await fake.mintIdToken({ nonce: await nonceOf(app) });
    const before = await h.snapshot();
    await expectRefusal(h, before, await post(app, 'sandbox', { idToken }), 503, 'provider_unavailable');
  });
});
