import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { oidc } from '../../src/index';
import { type Harness, startHarness } from '../support/harness';
import { expectRefusal } from '../support/refusal';
import { APP_HOST, callbackUrl, nonceOf, pkce, post, providerApp, users } from './support/provider-app';
import { authorizeAtIssuer, type RealIssuer, redeemAtIssuer, startRealIssuer } from './support/real-issuer';

// The generic OIDC provider against a real, OpenID Certified authorization server (oidc-provider).
const WEB = {
  clientId: 'corp-web',
  clientSecret: 'corp-web-secret-0123456789',
  redirectUris: [callbackUrl('corp')],
};
const SPA = { clientId: 'corp-spa', redirectUris: [callbackUrl('corp-spa')] };

let h: Harness;
let issuer: RealIssuer;

beforeAll(async () => {
  h = await startHarness();
  issuer = await startRealIssuer([WEB, SPA]);
});
afterAll(async () => {
  await issuer.close();
  await h.close();
});
beforeEach(async () => {
  issuer.signInAs = 'ada';
  await h.clear();
});
afterEach(() => {
  vi.useRealTimers();
});

const corp = () =>
  oidc({
    id: 'corp',
    issuer: issuer.issuer,
    clientId: WEB.clientId,
    clientSecret: WEB.clientSecret,
    name: 'Corp SSO',
  });
const corpSpa = () => oidc({ id: 'corp-spa', issuer: issuer.issuer, clientId: SPA.clientId });

/** The popup flow: authorize at the issuer with PKCE, state and the server nonce; the callback's query. */
async function popup(app: Parameters<typeof nonceOf>[0], id: string, clientId: string) {
  const { verifier, challenge } = pkce();
  const state = randomBytes(16).toString('base64url');
  const nonce = await nonceOf(app);
  const callback = await authorizeAtIssuer(issuer, {
    client_id: clientId,
    redirect_uri: callbackUrl(id),
    response_type: 'code',
    scope: 'openid email profile',
    state,
    nonce,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  expect(callback.get('state')).toBe(state);
  // RFC 9207: oidc-provider names itself in the authorization response.
  expect(callback.get('iss')).toBe(issuer.issuer);
  return { code: callback.get('code') as string, iss: callback.get('iss') as string, verifier, nonce };
}

describe('oidc() against oidc-provider', () => {
  it('signs in through the popup code flow with PKCE, end to end (confidential client)', async () => {
    const { app } = providerApp(h, [corp()]);
    const { code, iss, verifier } = await popup(app, 'corp', WEB.clientId);
    // The popup lands on the router's callback page, which hands the code to the waiting tab.
    await request(app).get(`/auth/callback/corp?code=${code}&state=s`).set('Host', APP_HOST).expect(200);
    const res = await post(app, 'corp', {
      code,
      codeVerifier: verifier,
      redirectUri: callbackUrl('corp'),
      iss,
    }).expect(200);
    expect(res.body).toMatchObject({
      isNewUser: true,
      user: { email: 'ada@corp.example', emailVerified: true, name: 'Ada Lovelace', providers: ['corp'] },
    });
    const [stored] = await users(h);
    expect(stored?.identities).toEqual([expect.objectContaining({ provider: 'corp', subject: 'ada' })]);

    // The code is single use at the issuer: a replay is refused and writes nothing.
    const before = await h.snapshot();
    const replay = await post(app, 'corp', {
      code,
      codeVerifier: verifier,
      redirectUri: callbackUrl('corp'),
    });
    await expectRefusal(h, before, replay, 401, 'invalid_token');
  });

  it('redeems as a public client (no secret, PKCE only) beside a second oidc() provider', async () => {
    const { app } = providerApp(h, [corp(), corpSpa()]);
    const { code, verifier } = await popup(app, 'corp-spa', SPA.clientId);
    const res = await post(app, 'corp-spa', {
      code,
      codeVerifier: verifier,
      redirectUri: callbackUrl('corp-spa'),
    });
    expect(res.status).toBe(200);
    expect(res.body.user.providers).toEqual(['corp-spa']);
    const providers = await request(app).get('/auth/providers').expect(200);
    expect(providers.body.providers.map((p: { id: string }) => p.id)).toEqual(['corp', 'corp-spa']);
  });

  it('accepts an ID token carrying our server nonce, once', async () => {
    const { app } = providerApp(h, [corpSpa()]);
    const { code, verifier, nonce } = await popup(app, 'corp-spa', SPA.clientId);
    const tokens = await redeemAtIssuer(issuer, {
      client_id: SPA.clientId,
      code,
      code_verifier: verifier,
      redirect_uri: callbackUrl('corp-spa'),
    });
    const idToken = tokens.id_token as string;
    expect(JSON.parse(Buffer.from(idToken.split('.')[1] as string, 'base64url').toString()).nonce).toBe(
      nonce,
    );
    await post(app, 'corp-spa', { idToken }).expect(200);
    const before = await h.snapshot();
    await expectRefusal(h, before, await post(app, 'corp-spa', { idToken }), 401, 'invalid_token');
  });

  it('treats an absent email_verified as unverified', async () => {
    issuer.signInAs = 'grace';
    const { app } = providerApp(h, [corp()]);
    const { code, verifier } = await popup(app, 'corp', WEB.clientId);
    const res = await post(app, 'corp', {
      code,
      codeVerifier: verifier,
      redirectUri: callbackUrl('corp'),
    }).expect(200);
    expect(res.body.user).toMatchObject({ emailVerified: false });
    expect((await users(h))[0]?.email ?? null).toBeNull();
  });

  it('refuses a code flow without PKCE (401) and a wrong verifier (401), nothing written', async () => {
    const { app } = providerApp(h, [corp()]);
    const { code } = await popup(app, 'corp', WEB.clientId);
    const before = await h.snapshot();
    await expectRefusal(
      h,
      before,
      await post(app, 'corp', { code, redirectUri: callbackUrl('corp') }),
      401,
      'invalid_token',
    );
    const wrong = await post(app, 'corp', {
      code,
      codeVerifier: pkce().verifier,
      redirectUri: callbackUrl('corp'),
    });
    await expectRefusal(h, before, wrong, 401, 'invalid_token');
  });

  it('refuses an authorization response from another issuer (RFC 9207 mix-up)', async () => {
    const { app } = providerApp(h, [corp()]);
    const { code, verifier } = await popup(app, 'corp', WEB.clientId);
    const before = await h.snapshot();
    const res = await post(app, 'corp', {
      code,
      codeVerifier: verifier,
      redirectUri: callbackUrl('corp'),
      iss: 'https://evil.example',
    });
    await expectRefusal(h, before, res, 401, 'invalid_token');
  });

  it('keeps working when the issuer rotates its signing key: new kid → one JWKS refetch', async () => {
    const { app } = providerApp(h, [corpSpa()]);
    const signIn = async () => {
      const { code, verifier } = await popup(app, 'corp-spa', SPA.clientId);
      return post(app, 'corp-spa', { code, codeVerifier: verifier, redirectUri: callbackUrl('corp-spa') });
    };
    expect((await signIn()).status).toBe(200);
    const jwksFetches = () => issuer.requests.filter((path) => path === '/jwks').length;
    const fetchedBefore = jwksFetches();

    await issuer.rotateKeys();
    // Past the JWKS cache's refetch cooldown, as a rotation in production would be.
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    vi.setSystemTime(Date.now() + 31_000);
    const res = await signIn();
    expect(res.status).toBe(200);
    expect(jwksFetches()).toBe(fetchedBefore + 1);
  });

  it('refuses a discovery document that names a different issuer (503, cause to onError)', async () => {
    // Same server, other spelling: its discovery document says `http://127.0.0.1:…`.
    const lookAlike = `http://localhost:${issuer.port}`;
    const { app, errors } = providerApp(h, [oidc({ id: 'corp', issuer: lookAlike, clientId: WEB.clientId })]);
    const idToken = 'eyJhbGciOiJSUzI1NiJ9.e30.c2ln';
    const before = await h.snapshot();
    await expectRefusal(h, before, await post(app, 'corp', { idToken }), 503, 'provider_unavailable');
    expect(String((errors.at(-1) as Error).cause)).toMatch(
      /discovery issuer .* differs from the configured issuer/,
    );
  });
});
