import { createLocalJWKSet, createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPkcePair } from '../../src/kit/codes';
import { createFakeOidc } from '../../src/oidc/index';
import { chooserButtons, jsonOf, postForm, redirectParams } from '../support/oauth';

const issuer = createFakeOidc({ issuerPath: '/realms/acme' });
const es256 = createFakeOidc({ alg: 'ES256', trailingSlash: true, clientAuth: ['client_secret_post'] });
const REDIRECT = 'http://127.0.0.1:5173/auth/callback/oidc';
beforeAll(() => Promise.all([issuer.listen(), es256.listen()]));
afterAll(() => Promise.all([issuer.close(), es256.close()]));
beforeEach(() => {
  issuer.reset();
  issuer.discoveryOverrides = {};
});

const discover = async (fake = issuer) =>
  jsonOf(await fetch(`${fake.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`));

describe('fake OIDC discovery and keys', () => {
  it('serves a discovery document whose issuer is the URL it was fetched under', async () => {
    const doc = await discover();
    expect(doc.issuer).toBe(`${issuer.url}/realms/acme`);
    expect(doc).toMatchObject({
      authorization_endpoint: `${issuer.url}/realms/acme/authorize`,
      jwks_uri: `${issuer.url}/realms/acme/jwks`,
      id_token_signing_alg_values_supported: ['RS256'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    });
    expect((await discover(es256)).issuer).toBe(`${es256.url}/`);
    issuer.discoveryOverrides = {
      issuer: 'https://evil.example',
      id_token_signing_alg_values_supported: ['none', 'HS256', 'RS256'],
    };
    expect(await discover()).toMatchObject({
      issuer: 'https://evil.example',
      id_token_signing_alg_values_supported: ['none', 'HS256', 'RS256'],
    });
  });

  it('signs with the chosen algorithm and rotates keys with overlap', async () => {
    const jwks = createRemoteJWKSet(new URL(`${es256.url}/jwks`));
    const ecToken = await es256.mintIdToken({ nonce: 'n' });
    expect(decodeProtectedHeader(ecToken).alg).toBe('ES256');
    expect(
      (await jwtVerify(ecToken, jwks, { issuer: es256.issuer, audience: es256.clientId })).payload.nonce,
    ).toBe('n');

    const before = await issuer.mintIdToken();
    await issuer.rotateKeys();
    const after = await issuer.mintIdToken();
    const keys = () =>
      fetch(`${issuer.url}/realms/acme/jwks`).then((r) => r.json() as Promise<{ keys: { kid: string }[] }>);
    expect((await keys()).keys).toHaveLength(2);
    for (const token of [before, after])
      await jwtVerify(token, createLocalJWKSet(await keys()), { issuer: issuer.issuer });
    issuer.retireOldKeys();
    await expect(jwtVerify(before, createLocalJWKSet(await keys()))).rejects.toThrow();
  });

  it('has bad tokens of every §3.1.3.7 kind', async () => {
    const local = createLocalJWKSet(issuer.jwks());
    const opts = { issuer: issuer.issuer, audience: issuer.clientId, algorithms: ['RS256'] };
    await expect(jwtVerify(issuer.bad.algNone(), local, opts)).rejects.toThrow();
    await expect(jwtVerify(issuer.bad.hs256WithClientSecret(), local, opts)).rejects.toThrow();
    await expect(jwtVerify(await issuer.bad.wrongIssuer(), local, opts)).rejects.toThrow();
    await expect(jwtVerify(await issuer.bad.expired(), local, opts)).rejects.toThrow();
    const extra = await jwtVerify(await issuer.bad.extraAudience(), local, opts);
    expect(extra.payload.aud).toEqual([issuer.clientId, 'untrusted-client']);
    expect(issuer.bad.encrypted().split('.')).toHaveLength(5);
  });
});

describe('fake OIDC authorize and token', () => {
  const authorizeUrl = (params: Record<string, string>) =>
    `${issuer.url}/realms/acme/authorize?${new URLSearchParams({
      client_id: issuer.clientId,
      redirect_uri: REDIRECT,
      response_type: 'code',
      scope: 'openid email profile',
      state: 'o-state',
      nonce: 'o-nonce',
      ...params,
    })}`;
  const token = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
    postForm(
      `${issuer.url}/realms/acme/token`,
      { grant_type: 'authorization_code', redirect_uri: REDIRECT, ...fields },
      headers,
    );
  const basic = (secret = issuer.clientSecret) => ({
    authorization: `Basic ${Buffer.from(`${issuer.clientId}:${secret}`).toString('base64')}`,
  });

  it('requires PKCE S256 on the authorize page', async () => {
    const res = await fetch(authorizeUrl({}), { redirect: 'manual' });
    expect(redirectParams(res, REDIRECT)).toMatchObject({
      error: 'invalid_request',
      state: 'o-state',
      iss: issuer.issuer,
    });
  });

  it('runs the code flow: chooser, redirect with code, state and iss, token with nonce, userinfo', async () => {
    const pkce = createPkcePair();
    const url = authorizeUrl({ code_challenge: pkce.challenge, code_challenge_method: 'S256' });
    expect(chooserButtons(await (await fetch(url)).text())).toHaveLength(3);
    const back = redirectParams(await postForm(url, { account: 'alan@example.com' }), REDIRECT);
    expect(back).toMatchObject({ state: 'o-state', iss: issuer.issuer });

    expect(
      (await token({ code: back.code ?? '', code_verifier: pkce.verifier }, basic('wrong'))).status,
    ).toBe(401);
    expect((await token({ code: back.code ?? '', code_verifier: pkce.verifier })).status).toBe(401);

    const wrong = await token({ code: back.code ?? '', code_verifier: createPkcePair().verifier }, basic());
    expect(await jsonOf(wrong)).toMatchObject({ error: 'invalid_grant' });

    const again = redirectParams(await postForm(url, { account: 'alan@example.com' }), REDIRECT);
    const ok = await token({
      code: again.code ?? '',
      code_verifier: pkce.verifier,
      client_id: issuer.clientId,
      client_secret: issuer.clientSecret,
    });
    expect(ok.status).toBe(200);
    const body = await jsonOf(ok);
    const { payload } = await jwtVerify(body.id_token as string, createLocalJWKSet(issuer.jwks()), {
      issuer: issuer.issuer,
      audience: issuer.clientId,
    });
    expect(payload).toMatchObject({ nonce: 'o-nonce', email: 'alan@example.com', email_verified: false });
    const info = await jsonOf(
      await fetch(`${issuer.url}/realms/acme/userinfo`, {
        headers: { authorization: `Bearer ${body.access_token}` },
      }),
    );
    expect(info.sub).toBe(payload.sub);
  });

  it('enforces the configured client authentication method', async () => {
    const pkce = createPkcePair();
    const code = es256.issueAuthCode({ redirectUri: REDIRECT, codeChallenge: pkce.challenge });
    const viaBasic = await postForm(
      `${es256.url}/token`,
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: pkce.verifier },
      { authorization: `Basic ${Buffer.from(`${es256.clientId}:${es256.clientSecret}`).toString('base64')}` },
    );
    expect(viaBasic.status).toBe(401);
  });

  it('plays faults on discovery, spares the authorize page', async () => {
    issuer.faults.set({ status: 500, body: 'oops' });
    expect((await fetch(`${issuer.url}/realms/acme/.well-known/openid-configuration`)).status).toBe(500);
    expect((await fetch(authorizeUrl({}), { redirect: 'manual' })).status).toBe(302);
    issuer.faults.set({ rateLimit: true });
    expect((await fetch(`${issuer.url}/realms/acme/jwks`)).status).toBe(429);
    issuer.faults.set({ hang: true, only: '/jwks' });
    const hung = await fetch(`${issuer.url}/realms/acme/jwks`, { signal: AbortSignal.timeout(200) }).catch(
      (e) => e,
    );
    expect(hung).toHaveProperty('name', 'TimeoutError');
  });
});
