import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFakeGitHub } from '../../src/github/index';
import { createPkcePair } from '../../src/kit/codes';
import { chooserButtons, jsonOf, postForm, redirectParams } from '../support/oauth';

const github = createFakeGitHub({ callbackUrl: 'http://127.0.0.1:5173/auth/callback' });
const REDIRECT = 'http://127.0.0.1:5173/auth/callback/github';
beforeAll(() => github.listen());
afterAll(() => github.close());
beforeEach(() => github.reset());

const exchange = (fields: Record<string, string>, accept = 'application/json') =>
  postForm(
    `${github.options.oauthUrl}/login/oauth/access_token`,
    { client_id: github.clientId, client_secret: github.clientSecret, redirect_uri: REDIRECT, ...fields },
    { accept },
  );
const api = (path: string, token: string, headers: Record<string, string> = {}) =>
  fetch(`${github.options.apiUrl}${path}`, {
    headers: { authorization: `Bearer ${token}`, 'user-agent': 'socialkit-test', ...headers },
  });
const checkToken = (
  accessToken: string,
  auth = `${github.clientId}:${github.clientSecret}`,
  clientId = github.clientId,
) =>
  fetch(`${github.options.apiUrl}/applications/${clientId}/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(auth).toString('base64')}`,
      'content-type': 'application/json',
      'user-agent': 'x',
    },
    body: JSON.stringify({ access_token: accessToken }),
  });

describe('fake GitHub OAuth', () => {
  const authorizeUrl = (params: Record<string, string> = {}) =>
    `${github.options.oauthUrl}/login/oauth/authorize?${new URLSearchParams({
      client_id: github.clientId,
      redirect_uri: REDIRECT,
      scope: 'read:user user:email',
      state: 'gh-state',
      ...params,
    })}`;

  it('shows the chooser, redirects with code and state, and exchanges the code with secret and PKCE', async () => {
    const page = await (await fetch(authorizeUrl())).text();
    expect(chooserButtons(page)).toEqual([
      'Ada Lovelace ada@example.com',
      'Grace Hopper grace@example.com',
      'Alan Turing alan@example.com',
    ]);
    const pkce = createPkcePair();
    const url = authorizeUrl({ code_challenge: pkce.challenge, code_challenge_method: 'S256' });
    const back = redirectParams(await postForm(url, { account: 'grace-hopper' }), REDIRECT);
    expect(back.state).toBe('gh-state');

    const badSecret = await exchange({
      code: back.code ?? '',
      client_secret: 'nope',
      code_verifier: pkce.verifier,
    });
    expect(badSecret.status).toBe(200);
    expect(await jsonOf(badSecret)).toMatchObject({ error: 'incorrect_client_credentials' });

    const again = redirectParams(await postForm(url, { account: 'grace-hopper' }), REDIRECT);
    expect(
      await jsonOf(await exchange({ code: again.code ?? '', code_verifier: createPkcePair().verifier })),
    ).toMatchObject({
      error: 'bad_verification_code',
    });

    const third = redirectParams(await postForm(url, { account: 'grace-hopper' }), REDIRECT);
    const ok = await jsonOf(await exchange({ code: third.code ?? '', code_verifier: pkce.verifier }));
    expect(ok).toMatchObject({ token_type: 'bearer', scope: 'read:user,user:email' });
    expect(ok.access_token).toMatch(/^gho_[A-Za-z0-9]{36}$/);
    const me = await jsonOf(await api('/user', ok.access_token as string));
    expect(me).toMatchObject({ id: 583232, login: 'grace-hopper', email: null });
    expect(
      await jsonOf(await exchange({ code: third.code ?? '', code_verifier: pkce.verifier })),
    ).toMatchObject({
      error: 'bad_verification_code',
    });
  });

  it('answers form-encoded unless JSON is asked for, and checks redirect_uri', async () => {
    const code = github.issueAuthCode({ redirectUri: REDIRECT });
    const form = await exchange({ code, redirect_uri: 'http://127.0.0.1:5173/auth/callback/other' }, '*/*');
    expect(new URLSearchParams(await form.text()).get('error')).toBe('redirect_uri_mismatch');
    const good = github.issueAuthCode({ redirectUri: REDIRECT });
    const body = new URLSearchParams(await (await exchange({ code: good }, '*/*')).text());
    expect(body.get('access_token')).toMatch(/^gho_/);
  });

  it('refuses redirect URIs outside the registered callback, and redirects a cancel', async () => {
    expect((await fetch(authorizeUrl({ redirect_uri: 'http://evil.example/auth/callback' }))).status).toBe(
      400,
    );
    expect((await fetch(authorizeUrl({ redirect_uri: 'http://127.0.0.1:5173/elsewhere' }))).status).toBe(400);
    expect(redirectParams(await postForm(authorizeUrl(), { cancel: '1' }), REDIRECT)).toMatchObject({
      error: 'access_denied',
      state: 'gh-state',
    });
  });
});

describe('fake GitHub API', () => {
  it('serves /user with a numeric id and /user/emails with primary and verified flags', async () => {
    const token = github.issueAccessToken({ account: 'alan@example.com' });
    const user = await api('/user', token);
    expect(user.headers.get('x-oauth-scopes')).toBe('read:user, user:email');
    expect(await jsonOf(user)).toMatchObject({ id: 583233, login: 'alan-turing' });
    expect(await (await api('/user/emails', token)).json()).toEqual([
      { email: 'alan@example.com', primary: true, verified: false, visibility: 'private' },
      { email: 'alan@bletchley.example', primary: false, verified: true, visibility: null },
    ]);
    const noEmailScope = github.issueAccessToken({ scopes: ['read:user'] });
    expect((await api('/user/emails', noEmailScope)).status).toBe(404);
  });

  it('wants a token and a User-Agent', async () => {
    expect(await jsonOf(await api('/user', 'gho_unknown'))).toMatchObject({ message: 'Bad credentials' });
    const token = github.issueAccessToken();
    const res = await fetch(`${github.options.apiUrl}/user`, {
      headers: { authorization: `token ${token}`, 'user-agent': '' },
    });
    expect(res.status).toBe(403);
  });

  it('checks a token for this app only (404 for other apps’ tokens, 401 for a wrong secret)', async () => {
    const ours = github.issueAccessToken();
    const check = await checkToken(ours);
    expect(check.status).toBe(200);
    expect(await jsonOf(check)).toMatchObject({
      app: { client_id: github.clientId },
      user: { id: 583231 },
      token: ours,
    });
    const foreign = github.issueOtherAppToken();
    expect((await api('/user', foreign)).status).toBe(200);
    expect((await checkToken(foreign)).status).toBe(404);
    expect((await checkToken(ours, `${github.clientId}:wrong`)).status).toBe(401);
    github.revoke(ours);
    expect((await checkToken(ours)).status).toBe(404);
  });

  it('plays faults: 5xx, 429 with rate-limit headers, garbage, hang', async () => {
    const token = github.issueAccessToken();
    github.faults.set({ status: 500, body: '{"message":"Server Error"}' });
    expect((await api('/user', token)).status).toBe(500);
    github.faults.set({ rateLimit: true });
    const limited = await api('/user', token);
    expect([limited.status, limited.headers.get('x-ratelimit-remaining')]).toEqual([429, '0']);
    github.faults.set({ body: '<html>', contentType: 'application/json' });
    expect(await (await api('/user', token)).text()).toBe('<html>');
    github.faults.set({ hang: true, only: '/user/emails' });
    const hung = await fetch(`${github.options.apiUrl}/user/emails`, {
      headers: { authorization: `Bearer ${token}`, 'user-agent': 'x' },
      signal: AbortSignal.timeout(200),
    }).catch((e) => e);
    expect(hung).toHaveProperty('name', 'TimeoutError');
    expect((await api('/user', token)).status).toBe(200);
  });
});
