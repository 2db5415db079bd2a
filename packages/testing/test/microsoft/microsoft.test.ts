import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPkcePair } from '../../src/kit/codes';
import { createFakeMicrosoft, MICROSOFT_CONSUMER_TENANT, MICROSOFT_TENANTS } from '../../src/microsoft/index';
import { chooserButtons, jsonOf, postForm, redirectParams } from '../support/oauth';

const microsoft = createFakeMicrosoft();
const REDIRECT = 'http://127.0.0.1:5173/auth/callback/microsoft';
beforeAll(() => microsoft.listen());
afterAll(() => microsoft.close());
beforeEach(() => microsoft.reset());

type Jwk = { kid: string; issuer: string; alg?: string; x5t: string };
const keysOf = async () =>
  (await jsonOf(await fetch(`${microsoft.url}/common/discovery/v2.0/keys`))) as unknown as { keys: Jwk[] };

/** Verifies as Microsoft documents: key by kid, the key's issuer with `{tenantid}` = tid must equal iss. */
async function verify(token: string) {
  const { keys } = await keysOf();
  const { kid } = decodeProtectedHeader(token);
  const jwk = keys.find((key) => key.kid === kid);
  const { payload } = await jwtVerify(
    token,
    createLocalJWKSet({ keys: keys.map((key) => ({ ...key, alg: 'RS256' })) as never }),
    { audience: microsoft.clientId, algorithms: ['RS256'] },
  );
  expect(payload.iss).toBe(`${microsoft.url}/${payload.tid}/v2.0`);
  expect(jwk?.issuer.replace('{tenantid}', String(payload.tid))).toBe(payload.iss);
  return payload;
}

const token = (tenant: string, fields: Record<string, string>) =>
  postForm(`${microsoft.url}/${tenant}/oauth2/v2.0/token`, {
    grant_type: 'authorization_code',
    client_id: microsoft.clientId,
    client_secret: microsoft.clientSecret,
    redirect_uri: REDIRECT,
    ...fields,
  });

describe('fake Microsoft discovery and keys', () => {
  it('serves the templated issuer for common/organizations and concrete ones otherwise', async () => {
    const issuer = async (tenant: string) =>
      (await jsonOf(await fetch(`${microsoft.url}/${tenant}/v2.0/.well-known/openid-configuration`))).issuer;
    expect(await issuer('common')).toBe(`${microsoft.url}/{tenantid}/v2.0`);
    expect(await issuer('organizations')).toBe(`${microsoft.url}/{tenantid}/v2.0`);
    expect(await issuer('consumers')).toBe(`${microsoft.url}/${MICROSOFT_CONSUMER_TENANT}/v2.0`);
    expect(await issuer(MICROSOFT_TENANTS.contoso)).toBe(
      `${microsoft.url}/${MICROSOFT_TENANTS.contoso}/v2.0`,
    );
    const doc = await jsonOf(await fetch(`${microsoft.url}/common/v2.0/.well-known/openid-configuration`));
    expect(doc).toMatchObject({
      authorization_endpoint: `${microsoft.url}/common/oauth2/v2.0/authorize`,
      token_endpoint: `${microsoft.url}/common/oauth2/v2.0/token`,
      jwks_uri: `${microsoft.url}/common/discovery/v2.0/keys`,
      id_token_signing_alg_values_supported: ['RS256'],
    });
    expect((await fetch(`${microsoft.url}/not-a-tenant/v2.0/.well-known/openid-configuration`)).status).toBe(
      400,
    );
  });

  it('publishes keys without alg, each with the issuer it signs for', async () => {
    const { keys } = await keysOf();
    expect(keys).toHaveLength(2);
    expect(keys.every((key) => key.alg === undefined && key.x5t === key.kid)).toBe(true);
    expect(keys.map((key) => key.issuer)).toEqual([
      `${microsoft.url}/{tenantid}/v2.0`,
      `${microsoft.url}/${MICROSOFT_CONSUMER_TENANT}/v2.0`,
    ]);
  });

  it('signs tokens of several tenants, incl. the consumer tenant, with one common key set', async () => {
    const ada = await verify(await microsoft.mintIdToken({ nonce: 'n' }));
    expect(ada).toMatchObject({
      tid: MICROSOFT_TENANTS.contoso,
      ver: '2.0',
      email: 'ada@example.com',
      xms_edov: true,
      nonce: 'n',
    });
    const grace = await verify(await microsoft.mintIdTokenFor('grace@example.com'));
    expect(grace.tid).toBe(MICROSOFT_CONSUMER_TENANT);
    const alan = await verify(await microsoft.mintIdTokenFor('alan@example.com'));
    expect(alan).toMatchObject({ tid: MICROSOFT_TENANTS.fabrikam, oid: microsoft.accounts[2]?.id });
    expect(alan.xms_edov).toBeUndefined();
    expect(alan.sub).not.toBe(alan.oid);
  });

  it('has bad tokens that break the documented checks', async () => {
    const mismatch = decodeJwt(await microsoft.bad.issuerTenantMismatch());
    expect(mismatch.iss).not.toBe(`${microsoft.url}/${mismatch.tid}/v2.0`);
    expect(decodeJwt(await microsoft.bad.templatedIssuer()).iss).toContain('{tenantid}');
    expect(decodeJwt(await microsoft.bad.missingOid()).oid).toBeUndefined();
    // The templated key passes the substitution rule for the consumer tid too; a verifier that wants
    // to refuse this one must bind the consumer tenant to the keys whose issuer names it.
    const crossed = await microsoft.bad.consumerSignedWithOrgKey();
    const { keys } = await keysOf();
    expect(keys.find((key) => key.kid === decodeProtectedHeader(crossed).kid)?.issuer).toContain(
      '{tenantid}',
    );
    expect(decodeJwt(crossed).tid).toBe(MICROSOFT_CONSUMER_TENANT);
    await expect(verify(await microsoft.bad.orgSignedWithConsumerKey())).rejects.toThrow();
    await expect(verify(await microsoft.bad.wrongKey())).rejects.toThrow();
  });
});

describe('fake Microsoft authorize page and token endpoint', () => {
  const authorizeUrl = (tenant: string, params: Record<string, string> = {}) =>
    `${microsoft.url}/${tenant}/oauth2/v2.0/authorize?${new URLSearchParams({
      client_id: microsoft.clientId,
      redirect_uri: REDIRECT,
      response_type: 'code',
      scope: 'openid profile email',
      state: 'st',
      nonce: 'nonce-ms',
      ...params,
    })}`;

  it('lists the accounts the tenant segment allows', async () => {
    expect(chooserButtons(await (await fetch(authorizeUrl('common'))).text())).toHaveLength(4);
    expect(chooserButtons(await (await fetch(authorizeUrl('consumers'))).text())).toEqual([
      'Grace Hopper grace@example.com',
    ]);
    expect(chooserButtons(await (await fetch(authorizeUrl('organizations'))).text())).not.toContain(
      'Grace Hopper grace@example.com',
    );
    expect(chooserButtons(await (await fetch(authorizeUrl(MICROSOFT_TENANTS.fabrikam))).text())).toEqual([
      'Alan Turing alan@example.com',
    ]);
  });

  it('redirects with code and state, and the code exchange checks secret, redirect_uri and PKCE', async () => {
    const pkce = createPkcePair();
    const url = authorizeUrl('common', { code_challenge: pkce.challenge, code_challenge_method: 'S256' });
    const back = redirectParams(await postForm(url, { account: 'grace@example.com' }), REDIRECT);
    expect(back.state).toBe('st');

    const badSecret = await token('common', {
      code: back.code ?? '',
      client_secret: 'wrong',
      code_verifier: pkce.verifier,
    });
    expect(badSecret.status).toBe(401);
    expect(await jsonOf(badSecret)).toMatchObject({ error: 'invalid_client', error_codes: [7000215] });

    const wrongVerifier = await token('common', {
      code: back.code ?? '',
      code_verifier: createPkcePair().verifier,
    });
    expect(await jsonOf(wrongVerifier)).toMatchObject({ error: 'invalid_grant' });

    const again = redirectParams(await postForm(url, { account: 'grace@example.com' }), REDIRECT);
    const wrongRedirect = await token('common', {
      code: again.code ?? '',
      code_verifier: pkce.verifier,
      redirect_uri: 'http://127.0.0.1:5173/other',
    });
    expect(await jsonOf(wrongRedirect)).toMatchObject({ error: 'invalid_grant', error_codes: [50011] });

    const third = redirectParams(await postForm(url, { account: 'grace@example.com' }), REDIRECT);
    const ok = await token('common', { code: third.code ?? '', code_verifier: pkce.verifier });
    expect(ok.status).toBe(200);
    const body = await jsonOf(ok);
    expect(await verify(body.id_token as string)).toMatchObject({
      tid: MICROSOFT_CONSUMER_TENANT,
      nonce: 'nonce-ms',
    });
    const reused = await token('common', { code: third.code ?? '', code_verifier: pkce.verifier });
    expect(await jsonOf(reused)).toMatchObject({ error: 'invalid_grant' });
  });

  it('accepts client_secret_basic and refuses a code without its verifier', async () => {
    const pkce = createPkcePair();
    const code = microsoft.issueAuthCode({ redirectUri: REDIRECT, codeChallenge: pkce.challenge });
    const basic = `Basic ${Buffer.from(`${microsoft.clientId}:${microsoft.clientSecret}`).toString('base64')}`;
    const missing = await postForm(
      `${microsoft.url}/common/oauth2/v2.0/token`,
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT },
      { authorization: basic },
    );
    expect(await jsonOf(missing)).toMatchObject({ error: 'invalid_grant' });
    const code2 = microsoft.issueAuthCode({ redirectUri: REDIRECT, codeChallenge: pkce.challenge });
    const ok = await postForm(
      `${microsoft.url}/common/oauth2/v2.0/token`,
      { grant_type: 'authorization_code', code: code2, redirect_uri: REDIRECT, code_verifier: pkce.verifier },
      { authorization: basic },
    );
    expect(ok.status).toBe(200);
  });

  it('redirects errors: cancel, missing openid scope; refuses an unknown client on the page', async () => {
    expect(redirectParams(await postForm(authorizeUrl('common'), { cancel: '1' }), REDIRECT)).toMatchObject({
      error: 'access_denied',
      state: 'st',
    });
    expect(
      redirectParams(
        await fetch(authorizeUrl('common', { scope: 'User.Read' }), { redirect: 'manual' }),
        REDIRECT,
      ),
    ).toMatchObject({
      error: 'invalid_scope',
    });
    expect((await fetch(authorizeUrl('common', { client_id: 'nope' }))).status).toBe(400);
  });

  it('plays faults on the token endpoint and keys, sparing the authorize page', async () => {
    microsoft.faults.set({ status: 503, body: '<html>down</html>' });
    expect((await fetch(microsoft.options.jwksUri)).status).toBe(503);
    expect((await fetch(authorizeUrl('common'))).status).toBe(200);
    microsoft.faults.set({ rateLimit: true });
    const limited = await token('common', { code: 'x' });
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '30']);
    microsoft.faults.set({ hang: true, only: '/discovery/' });
    const hung = await fetch(microsoft.options.jwksUri, { signal: AbortSignal.timeout(200) }).catch((e) => e);
    expect(hung).toHaveProperty('name', 'TimeoutError');
  });
});
