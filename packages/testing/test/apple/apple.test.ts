import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFakeApple, generateAppleClientKey, signAppleClientSecret } from '../../src/apple/index';
import { chooserButtons, formOf, jsonOf, postForm } from '../support/oauth';

const apple = createFakeApple();
const REDIRECT = 'https://app.example.com/auth/callback/apple';
beforeAll(() => apple.listen());
afterAll(() => apple.close());
beforeEach(() => apple.reset());

const verify = (token: string, audience = apple.clientId) =>
  jwtVerify(token, createRemoteJWKSet(new URL(apple.options.jwksUri)), {
    issuer: 'https://appleid.apple.com',
    audience,
    algorithms: ['RS256'],
  });

const exchange = async (fields: Record<string, string>) => {
  const res = await postForm(apple.options.tokenUrl, {
    grant_type: 'authorization_code',
    client_id: apple.clientId,
    client_secret: await apple.clientSecret(),
    redirect_uri: REDIRECT,
    ...fields,
  });
  return { status: res.status, body: await jsonOf(res) };
};

describe('fake Apple ID tokens', () => {
  it('signs RS256 tokens its JWKS verifies, with string booleans by default', async () => {
    const { payload, protectedHeader } = await verify(await apple.mintIdToken({ nonce: 'n-1' }));
    expect(protectedHeader.kid).toMatch(/^[0-9A-F]{10}$/);
    expect(payload).toMatchObject({
      sub: apple.accounts[0]?.id,
      email: 'ada@example.com',
      email_verified: 'true',
      is_private_email: 'false',
      nonce: 'n-1',
    });
    expect((payload.exp as number) - (payload.iat as number)).toBe(600);
  });

  it('sends real booleans when configured, and a relay address as private', async () => {
    const fake = createFakeApple({ booleanClaims: 'boolean' });
    await fake.listen();
    try {
      const res = await fetch(`${fake.url}/sandbox/authorize`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ client_id: fake.clientId, account: fake.accounts[1]?.id }),
      });
      const { authorization } = (await res.json()) as { authorization: { id_token: string } };
      expect(decodeJwt(authorization.id_token)).toMatchObject({
        email: 'x7q2kd9p4m@privaterelay.appleid.com',
        email_verified: true,
        is_private_email: true,
      });
    } finally {
      await fake.close();
    }
  });

  it('has bad tokens a verifier refuses', async () => {
    const keys = createLocalJWKSet(apple.jwks());
    const refuse = async (token: string) =>
      expect(
        jwtVerify(token, keys, {
          issuer: 'https://appleid.apple.com',
          audience: apple.clientId,
          algorithms: ['RS256'],
        }),
      ).rejects.toThrow();
    await refuse(await apple.bad.wrongAudience());
    await refuse(await apple.bad.expired());
    await refuse(await apple.bad.es256());
    await refuse(await apple.bad.wrongKey());
    await refuse(apple.bad.algNone());
    expect(decodeJwt(await apple.bad.unverifiedEmail()).email_verified).toBe('false');
  });
});

describe('fake Apple authorize page', () => {
  const authorizeUrl = (params: Record<string, string>) =>
    `${apple.url}/auth/authorize?${new URLSearchParams({
      client_id: apple.clientId,
      redirect_uri: REDIRECT,
      response_type: 'code id_token',
      response_mode: 'form_post',
      scope: 'name email',
      state: 'st-1',
      nonce: 'nonce-1',
      ...params,
    })}`;

  it('shows an account chooser, then form_posts code, id_token, state and the first-consent user', async () => {
    const page = await (await fetch(authorizeUrl({}))).text();
    expect(page).toContain('<h1>Sign in with Apple</h1>');
    expect(chooserButtons(page)).toEqual([
      'Ada Lovelace ada@example.com',
      'Grace Hopper x7q2kd9p4m@privaterelay.appleid.com',
      'Alan Turing alan@example.com',
    ]);
    const { fields: back } = formOf(page);
    const posted = await postForm(authorizeUrl({}), { ...back, account: 'ada@example.com' });
    const form = formOf(await posted.text());
    expect(form.action).toBe(REDIRECT);
    expect(form.fields.state).toBe('st-1');
    expect(JSON.parse(form.fields.user ?? '')).toEqual({
      name: { firstName: 'Ada', lastName: 'Lovelace' },
      email: 'ada@example.com',
    });
    const { payload } = await verify(form.fields.id_token ?? '');
    expect(payload.nonce).toBe('nonce-1');

    const { status, body } = await exchange({ code: form.fields.code ?? '' });
    expect(status).toBe(200);
    expect(body).toMatchObject({ token_type: 'bearer', expires_in: 3600 });
    expect((await verify(body.id_token as string)).payload).toMatchObject({
      nonce: 'nonce-1',
      sub: payload.sub,
    });

    const again = formOf(await (await postForm(authorizeUrl({}), { account: 'ada@example.com' })).text());
    expect(again.fields.user).toBeUndefined();
  });

  it('redirects with an error when the user cancels, and refuses unknown clients', async () => {
    const cancelled = formOf(await (await postForm(authorizeUrl({}), { cancel: '1' })).text());
    expect(cancelled.fields).toEqual({ error: 'user_cancelled_authorize', state: 'st-1' });
    const unknown = await fetch(authorizeUrl({ client_id: 'com.example.other' }));
    expect(unknown.status).toBe(400);
    const queryWithScope = await fetch(authorizeUrl({ response_mode: 'query' }));
    expect(queryWithScope.status).toBe(400);
  });

  it('skips the chooser for the auto-selected account and answers a query-mode request with a 302', async () => {
    apple.autoSelect = 'x7q2kd9p4m@privaterelay.appleid.com';
    const res = await fetch(authorizeUrl({ scope: '', response_mode: 'query', response_type: 'code' }), {
      redirect: 'manual',
    });
    apple.autoSelect = undefined;
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
    expect(location.searchParams.get('state')).toBe('st-1');
    expect(location.searchParams.get('id_token')).toBeNull();
    const { body } = await exchange({ code: location.searchParams.get('code') ?? '' });
    expect(decodeJwt(body.id_token as string).sub).toBe(apple.accounts[1]?.id);
  });
});

describe('fake Apple token endpoint', () => {
  it('exchanges a code once, for the same redirect_uri and client', async () => {
    const code = apple.issueAuthCode({ redirectUri: REDIRECT, nonce: 'abc' });
    expect((await exchange({ code, redirect_uri: 'https://evil.example/cb' })).body).toMatchObject({
      error: 'invalid_grant',
    });
    const other = apple.issueAuthCode({ redirectUri: REDIRECT });
    const ok = await exchange({ code: other });
    expect(ok.status).toBe(200);
    expect(typeof ok.body.refresh_token).toBe('string');
    const reused = await exchange({ code: other });
    expect(reused).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    const refreshed = await exchange({
      grant_type: 'refresh_token',
      refresh_token: ok.body.refresh_token as string,
    });
    expect(refreshed.status).toBe(200);
  });

  it.each([
    ['another team', { claims: { iss: 'OTHERTEAM1' } }],
    ['another client as sub', { claims: { sub: 'com.example.other' } }],
    ['the wrong audience', { claims: { aud: 'https://apple.com' } }],
    ['an expiry beyond six months', { expiresInSeconds: 15_777_000 + 120 }],
    ['an expired secret', { claims: { exp: Math.floor(Date.now() / 1000) - 60 } }],
    ['an unregistered key id', { header: { kid: 'NOTAKEY000' } }],
  ])('refuses a client secret with %s as invalid_client', async (_, opts) => {
    const code = apple.issueAuthCode({ redirectUri: REDIRECT });
    const result = await exchange({ code, client_secret: await apple.clientSecret(opts) });
    expect(result).toEqual({ status: 400, body: { error: 'invalid_client' } });
  });

  it('refuses a secret signed by another key under the registered kid, and accepts a registered key', async () => {
    const stranger = generateAppleClientKey(apple.clientKey.keyId);
    const forged = await signAppleClientSecret({
      ...stranger,
      teamId: apple.teamId,
      clientId: apple.clientId,
    });
    const code = apple.issueAuthCode({ redirectUri: REDIRECT });
    expect((await exchange({ code, client_secret: forged })).body).toEqual({ error: 'invalid_client' });

    const extra = generateAppleClientKey();
    apple.registerClientKey({ keyId: extra.keyId, publicKey: extra.publicKey, teamId: 'TEAM000002' });
    const secret = await signAppleClientSecret({ ...extra, teamId: 'TEAM000002', clientId: apple.clientId });
    expect((await exchange({ code, client_secret: secret })).status).toBe(200);
  });

  it('checks a PKCE verifier when the code carries a challenge', async () => {
    const code = apple.issueAuthCode({
      redirectUri: REDIRECT,
      codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    });
    expect((await exchange({ code, code_verifier: 'x'.repeat(43) })).body).toMatchObject({
      error: 'invalid_grant',
    });
    const good = apple.issueAuthCode({
      redirectUri: REDIRECT,
      codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    });
    expect(
      (await exchange({ code: good, code_verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk' })).status,
    ).toBe(200);
  });
});

describe('fake Apple faults and the JS stand-in endpoint', () => {
  it('plays 5xx, 429, garbage and hangs on the token endpoint but spares the authorize page', async () => {
    apple.faults.set({ status: 502, body: '<html>bad gateway</html>' });
    expect((await fetch(apple.options.jwksUri)).status).toBe(502);
    expect((await fetch(`${apple.url}/auth/authorize?client_id=${apple.clientId}`)).status).toBe(400);
    apple.faults.set({ rateLimit: true });
    const limited = await fetch(apple.options.jwksUri);
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '60']);
    apple.faults.set({ body: 'garbage', contentType: 'application/json' });
    expect(await (await fetch(apple.options.jwksUri)).text()).toBe('garbage');
    apple.faults.set({ hang: true, only: '/auth/token' });
    const hung = await fetch(apple.options.tokenUrl, {
      method: 'POST',
      signal: AbortSignal.timeout(200),
    }).catch((e) => e);
    expect(hung).toHaveProperty('name', 'TimeoutError');
  });

  it('answers the Apple JS stand-in with authorization and user', async () => {
    const res = await fetch(`${apple.url}/sandbox/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_id: apple.clientId,
        state: 's',
        nonce: 'n',
        scope: 'name',
        account: 'alan@example.com',
      }),
    });
    const body = (await res.json()) as { authorization: Record<string, string>; user?: unknown };
    expect(body.user).toEqual({ name: { firstName: 'Alan', lastName: 'Turing' } });
    expect(body.authorization.state).toBe('s');
    expect((await verify(body.authorization.id_token ?? '')).payload).toMatchObject({
      nonce: 'n',
      email_verified: 'false',
    });
  });
});
