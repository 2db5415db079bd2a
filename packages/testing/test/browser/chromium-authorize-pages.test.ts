import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt } from 'jose';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { installProviderStandIns } from '../../src/browser/index';
import { createPkcePair, type FakeProviders, startFakeProviders } from '../../src/kit/index';
import { launchChromium } from './chromium';

let fakes: FakeProviders;
let browser: Browser;
let page: Page;
let app: Server;
let appUrl: string;
/** What reached the app's callback: method and fields (query for GET, form for POST). */
const callbacks: { method: string; fields: Record<string, string> }[] = [];

beforeAll(async () => {
  app = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://app.invalid');
    if (url.pathname === '/page') {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>app</title><p>app</p>');
      return;
    }
    if (!url.pathname.startsWith('/auth/callback/')) {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      callbacks.push({
        method: req.method ?? '',
        fields: req.method === 'POST' ? form : Object.fromEntries(url.searchParams),
      });
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end('<!doctype html><title>signed in</title><p>callback</p>');
    });
  });
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  [fakes, browser] = await Promise.all([startFakeProviders(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await fakes?.close();
  app.closeAllConnections();
  await new Promise<void>((resolve) => app.close(() => resolve()));
});
beforeEach(async () => {
  callbacks.length = 0;
  page = await browser.newPage();
});
afterEach(() => page.close());

const choose = async (heading: string, account: RegExp) => {
  await page.getByRole('heading', { name: heading }).waitFor();
  await page.getByRole('button', { name: account }).click();
  await page.getByText('callback').waitFor();
  return callbacks.at(-1);
};

describe('authorize pages in Chromium', () => {
  it('Apple form_posts code, id_token, state and user to the redirect URI', async () => {
    const redirectUri = `${appUrl}/auth/callback/apple`;
    await page.goto(
      `${fakes.apple.url}/auth/authorize?${new URLSearchParams({
        client_id: fakes.apple.clientId,
        redirect_uri: redirectUri,
        response_type: 'code id_token',
        response_mode: 'form_post',
        scope: 'name email',
        state: 'apple-state',
        nonce: 'apple-nonce',
      })}`,
    );
    const received = await choose('Sign in with Apple', /Ada Lovelace/);
    expect(received?.method).toBe('POST');
    expect(received?.fields).toMatchObject({ state: 'apple-state', code: expect.stringMatching(/^c/) });
    expect(JSON.parse(received?.fields.user ?? '{}')).toMatchObject({ name: { firstName: 'Ada' } });
    expect(decodeJwt(received?.fields.id_token ?? '')).toMatchObject({
      nonce: 'apple-nonce',
      aud: fakes.apple.clientId,
    });
  });

  it('Microsoft, GitHub and OIDC redirect back with code and state, and the codes exchange', async () => {
    const pkce = createPkcePair();
    const common = {
      response_type: 'code',
      state: 'st-42',
      code_challenge: pkce.challenge,
      code_challenge_method: 'S256',
    };

    const msRedirect = `${appUrl}/auth/callback/microsoft`;
    await page.goto(
      `${fakes.microsoft.url}/consumers/oauth2/v2.0/authorize?${new URLSearchParams({ ...common, client_id: fakes.microsoft.clientId, redirect_uri: msRedirect, scope: 'openid profile email', nonce: 'ms-nonce' })}`,
    );
    const ms = await choose('Sign in to your Microsoft account', /Grace Hopper/);
    expect(ms).toMatchObject({ method: 'GET', fields: { state: 'st-42' } });
    const msToken = await fetch(`${fakes.microsoft.url}/consumers/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: fakes.microsoft.clientId,
        client_secret: fakes.microsoft.clientSecret,
        code: ms?.fields.code ?? '',
        redirect_uri: msRedirect,
        code_verifier: pkce.verifier,
      }),
    });
    const { id_token } = (await msToken.json()) as { id_token: string };
    expect(decodeJwt(id_token)).toMatchObject({
      nonce: 'ms-nonce',
      tid: '9188040d-6c67-4c5b-b112-36a304b66dad',
    });

    await page.goto(
      `${fakes.github.url}/login/oauth/authorize?${new URLSearchParams({ ...common, client_id: fakes.github.clientId, redirect_uri: `${appUrl}/auth/callback/github`, scope: 'read:user user:email' })}`,
    );
    expect(await choose('Sign in to GitHub', /Alan Turing/)).toMatchObject({
      method: 'GET',
      fields: { state: 'st-42' },
    });

    await page.goto(
      `${fakes.oidc.url}/authorize?${new URLSearchParams({ ...common, client_id: fakes.oidc.clientId, redirect_uri: `${appUrl}/auth/callback/oidc`, scope: 'openid email' })}`,
    );
    expect(await choose('Sign in to Sandbox OIDC', /Ada Lovelace/)).toMatchObject({
      method: 'GET',
      fields: { state: 'st-42', iss: fakes.oidc.issuer },
    });
  });

  it('Apple JS stand-in resolves a popup sign-in on a page that loads appleid.auth.js', async () => {
    await installProviderStandIns(page, { apple: fakes.apple });
    await page.goto(`${appUrl}/page`);
    await page.addScriptTag({
      url: 'https://appleid.cdn-apple.com/appleauth/static/jsapi/appleid/1/en_US/appleid.auth.js',
    });
    const result = page.evaluate(
      ([clientId, redirectURI]) => {
        const auth = (
          window as unknown as { AppleID: { auth: { init(c: object): void; signIn(): Promise<unknown> } } }
        ).AppleID.auth;
        auth.init({
          clientId,
          redirectURI,
          scope: 'email',
          state: 'js-state',
          nonce: 'js-nonce',
          usePopup: true,
        });
        return auth.signIn();
      },
      [fakes.apple.clientId, `${appUrl}/auth/callback/apple`],
    );
    await page
      .getByRole('dialog', { name: 'Sign in with Apple' })
      .getByRole('button', { name: /Grace Hopper/ })
      .click();
    const { authorization, user } = (await result) as {
      authorization: { id_token: string; state: string };
      user: unknown;
    };
    expect(authorization.state).toBe('js-state');
    expect(decodeJwt(authorization.id_token)).toMatchObject({ nonce: 'js-nonce', is_private_email: 'true' });
    expect(user).toEqual({ email: 'x7q2kd9p4m@privaterelay.appleid.com' });
  });
});
