import { createFakeMicrosoft, type FakeMicrosoft, MICROSOFT_TENANTS } from '@socialkit/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { google, type MicrosoftOptions, microsoft, SocialAuthConfigError } from '../../src/index';
import { type Harness, startHarness } from '../support/harness';
import { expectRefusal } from '../support/refusal';
import { callbackUrl, nonceOf, pkce, post, providerApp, users } from './support/provider-app';

const { contoso, fabrikam, attacker, consumers } = MICROSOFT_TENANTS;
let h: Harness;
let fake: FakeMicrosoft;

beforeAll(async () => {
  h = await startHarness();
  fake = createFakeMicrosoft();
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

const msApp = (options: Partial<MicrosoftOptions> = {}) =>
  providerApp(h, [microsoft({ ...fake.options, ...options }), google(h.fakes.google.options)]);
const ada = () => fake.accounts[0];

describe('microsoft(): ID token with a server nonce', () => {
  it('signs in; the subject is tenant + object id; the email is not verified by default', async () => {
    const { app } = msApp();
    const idToken = await fake.mintIdToken({ nonce: await nonceOf(app) });
    const res = await post(app, 'microsoft', { idToken }).expect(200);
    expect(res.body.user).toMatchObject({ emailVerified: false, providers: ['microsoft'] });
    const [stored] = await users(h);
    expect(stored?.identities).toEqual([
      expect.objectContaining({ provider: 'microsoft', subject: `${contoso}:${ada()?.id}` }),
    ]);
    // users.email only ever holds a verified address.
    expect(stored?.email ?? null).toBeNull();
  });

  it('treats the email of a tenant listed in `trustedTenants` as verified', async () => {
    const { app } = msApp({ trustedTenants: [contoso] });
    const idToken = await fake.mintIdToken({ nonce: await nonceOf(app) });
    const res = await post(app, 'microsoft', { idToken }).expect(200);
    expect(res.body.user).toMatchObject({ email: 'ada@example.com', emailVerified: true });
  });

  it('signs in a personal account (consumer tenant) under `common`', async () => {
    const { app } = msApp();
    const idToken = await fake.mintIdTokenFor('grace@example.com', { nonce: await nonceOf(app) });
    const res = await post(app, 'microsoft', { idToken }).expect(200);
    expect(res.body.user).toMatchObject({ emailVerified: false, providers: ['microsoft'] });
    const [stored] = await users(h);
    expect(stored?.identities[0]?.subject).toMatch(new RegExp(`^${consumers}:`));
  });

  it('nOAuth: another tenant’s user claiming a Google user’s email never reaches that user', async () => {
    const { app } = msApp();
    const googleUser = await post(app, 'google', {
      idToken: await h.fakes.google.mintIdToken({ nonce: await nonceOf(app) }),
    }).expect(200);
    const mallory = fake.accounts.find((account) => account.tenantId === attacker);
    const idToken = await fake.mintIdTokenFor(mallory as NonNullable<typeof mallory>, {
      nonce: await nonceOf(app),
      xms_edov: true,
    });
    const res = await post(app, 'microsoft', { idToken });
    expect(res.body.user?.id).not.toBe(googleUser.body.user.id);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('account_exists');
    const owner = (await users(h)).find((user) => user.email === 'ada@example.com');
    expect(owner?.identities.map((identity: { provider: string }) => identity.provider)).toEqual(['google']);
  });

  const bad = () => fake.bad;
  it.each([
    ['an issuer naming another tenant than tid', (nonce: string) => bad().issuerTenantMismatch({ nonce })],
    ['the literal {tenantid} issuer template', (nonce: string) => bad().templatedIssuer({ nonce })],
    ['a v1.0 issuer', (nonce: string) => bad().v1Issuer({ nonce })],
    ['a tid that is not a GUID', (nonce: string) => bad().tidNotGuid({ nonce })],
    ['no oid', (nonce: string) => bad().missingOid({ nonce })],
    [
      'a personal-account token signed by a directory key',
      (nonce: string) => bad().consumerSignedWithOrgKey({ nonce }),
    ],
    [
      'a directory token signed by a personal-account key',
      (nonce: string) => bad().orgSignedWithConsumerKey({ nonce }),
    ],
    ['aud of another app', (nonce: string) => bad().wrongAudience({ nonce })],
    ['a foreign issuer', (nonce: string) => bad().wrongIssuer({ nonce })],
    ['an expired token', (nonce: string) => bad().expired({ nonce })],
    ['alg none', async (nonce: string) => bad().algNone({ nonce })],
    ['HS256 keyed with the public key', (nonce: string) => bad().hs256WithPublicKey({ nonce })],
    ['an unpublished key', (nonce: string) => bad().wrongKey({ nonce })],
    ['a tampered payload', (nonce: string) => bad().tamperedPayload({ nonce })],
    ['no nonce', async () => fake.mintIdToken()],
    ['a nonce the server never issued', async () => fake.mintIdToken({ nonce: 'from-the-client' })],
  ])('refuses %s with 401', async (_name, mint) => {
    const { app } = msApp();
    const idToken = await mint(await nonceOf(app));
    const before = await h.snapshot();
    await expectRefusal(h, before, await post(app, 'microsoft', { idToken }), 401, 'invalid_token');
  });
});

describe('microsoft(): tenant modes', () => {
  const cases: [string, Partial<MicrosoftOptions>, string, boolean][] = [
    ['one tenant GUID: its own user', { tenant: contoso }, 'ada@example.com', true],
    ['one tenant GUID: another tenant', { tenant: contoso }, 'alan@example.com', false],
    ['organizations: a work account', { tenant: 'organizations' }, 'alan@example.com', true],
    ['organizations: a personal account', { tenant: 'organizations' }, 'grace@example.com', false],
    ['consumers: a personal account', { tenant: 'consumers' }, 'grace@example.com', true],
    ['consumers: a work account', { tenant: 'consumers' }, 'ada@example.com', false],
    ['common + allowedTenants: listed', { allowedTenants: [contoso, fabrikam] }, 'alan@example.com', true],
    ['common + allowedTenants: not listed', { allowedTenants: [contoso] }, 'grace@example.com', false],
  ];
  it.each(cases)('%s', async (_name, options, who, allowed) => {
    const { app } = msApp(options);
    const idToken = await fake.mintIdTokenFor(who, { nonce: await nonceOf(app) });
    const before = await h.snapshot();
    const res = await post(app, 'microsoft', { idToken });
    if (allowed) expect(res.status).toBe(200);
    else await expectRefusal(h, before, res, 401, 'invalid_token');
  });
});

describe('microsoft(): code + codeVerifier + redirectUri', () => {
  it('redeems a PKCE code with the client secret and consumes the nonce it carries', async () => {
    const { app } = msApp();
    const { verifier, challenge } = pkce();
    const nonce = await nonceOf(app);
    const code = fake.issueAuthCode({
      redirectUri: callbackUrl('microsoft'),
      codeChallenge: challenge,
      nonce,
    });
    const res = await post(app, 'microsoft', {
      code,
      codeVerifier: verifier,
      redirectUri: callbackUrl('microsoft'),
    }).expect(200);
    expect(res.body.user).toMatchObject({ emailVerified: false, providers: ['microsoft'] });
    const token = fake.requests.filter((r) => r.path.endsWith('/oauth2/v2.0/token'));
    expect(token).toHaveLength(1);
  });

  it.each([
    ['without codeVerifier (no PKCE)', 401, 'invalid_token', (_v: string) => ({})],
    ['with a wrong codeVerifier', 401, 'invalid_token', (_v: string) => ({ codeVerifier: pkce().verifier })],
    [
      'with a redirectUri that is neither the callback nor listed',
      400,
      'invalid_request',
      (v: string) => ({ codeVerifier: v, redirectUri: 'https://evil.example/cb' }),
    ],
  ])('refuses a code %s', async (_name, status, code, fields) => {
    const { app } = msApp();
    const { verifier, challenge } = pkce();
    const authCode = fake.issueAuthCode({ redirectUri: callbackUrl('microsoft'), codeChallenge: challenge });
    const before = await h.snapshot();
    const res = await post(app, 'microsoft', {
      code: authCode,
      redirectUri: callbackUrl('microsoft'),
      ...fields(verifier),
    });
    await expectRefusal(h, before, res, status, code);
  });

  it('refuses `code` (400) when no client secret is configured', async () => {
    const { app } = msApp({ clientSecret: undefined });
    const before = await h.snapshot();
    const res = await post(app, 'microsoft', {
      code: 'x',
      codeVerifier: pkce().verifier,
      redirectUri: callbackUrl('microsoft'),
    });
    await expectRefusal(h, before, res, 400, 'invalid_request');
  });
});

describe('microsoft() options', () => {
  const clientId = '6f1c2b3a-5d4e-4f70-8a9b-0c1d2e3f4a5b';
  it.each([
    ['no client id', {}, /microsoft\.clientId/],
    ['a tenant domain name', { clientId, tenant: 'contoso.onmicrosoft.com' }, /tenant ID GUID/],
    [
      'allowedTenants with one tenant',
      { clientId, tenant: contoso, allowedTenants: [contoso] },
      /needs `tenant: 'common'`/,
    ],
    ['allowedTenants that are not GUIDs', { clientId, allowedTenants: ['contoso'] }, /GUIDs/],
    [
      'the consumer tenant under organizations',
      { clientId, tenant: 'organizations', allowedTenants: [consumers] },
      /personal-account/,
    ],
    ['the code flow without a secret', { clientId, flows: ['code'] }, /clientSecret/],
    ['a typo', { clientId, trustedTenant: [contoso] }, /did you mean `trustedTenants`/],
  ])('refuses %s at startup', (_name, options, message) => {
    expect(() => microsoft(options as never)).toThrow(SocialAuthConfigError);
    expect(() => microsoft(options as never)).toThrow(message);
  });

  it('publishes client id, tenant and authorize endpoint, never the secret', () => {
    const provider = microsoft({ ...fake.options, tenant: 'organizations' });
    expect(provider.publicConfig()).toMatchObject({
      clientId: fake.clientId,
      tenant: 'organizations',
      authorizationEndpoint: `${fake.options.authority}/organizations/oauth2/v2.0/authorize`,
    });
    expect(JSON.stringify(provider.publicConfig())).not.toContain(fake.clientSecret);
  });
});
