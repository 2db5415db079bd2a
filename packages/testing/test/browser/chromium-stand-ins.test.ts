import { createRemoteJWKSet, jwtVerify } from 'jose';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  fbStandInScript,
  gisStandInScript,
  installProviderStandIns,
  sandboxScriptRewriter,
} from '../../src/browser/index';
import { type FakeProviders, startFakeProviders } from '../../src/kit/index';
import { launchChromium, servePages } from './chromium';

let fakes: FakeProviders;
let browser: Browser;
let site: Awaited<ReturnType<typeof servePages>>;
let page: Page;
const external: string[] = [];

const html = (body: string) => ({
  type: 'text/html; charset=utf-8',
  body: () => `<!doctype html><html><body>${body}</body></html>`,
});

beforeAll(async () => {
  [fakes, browser] = await Promise.all([startFakeProviders(), launchChromium()]);
  const google = fakes.google;
  site = await servePages({
    '/google.html': html(`
      <div id="button"></div>
      <script>
        function start() {
          google.accounts.id.initialize({
            client_id: ${JSON.stringify(google.clientId)},
            nonce: 'page-nonce-42',
            callback: function (response) { window.result = response; },
          });
          google.accounts.id.renderButton(document.getElementById('button'), { theme: 'outline' });
        }
      </script>
      <script src="https://accounts.google.com/gsi/client" async onload="start()"></script>`),
    '/facebook.html': html(`
      <button id="login" onclick="FB.login(function (r) { window.result = r; }, { scope: 'email' })">Log in</button>
      <script>
        window.fbAsyncInit = function () {
          FB.init({ appId: ${JSON.stringify(fakes.facebook.appId)}, version: 'v23.0' });
          window.fbReady = true;
        };
      </script>
      <script async src="https://connect.facebook.net/en_US/sdk.js"></script>`),
    '/rewritten.html': html(`
      <script>${sandboxScriptRewriter({
        'https://accounts.google.com/gsi/client': '/local/gsi-client.js',
        'https://connect.facebook.net/*/sdk.js': '/local/fb-sdk.js',
      })}</script>
      <script>
        window.loadedFrom = [];
        var gis = document.createElement('script');
        gis.src = 'https://accounts.google.com/gsi/client';
        gis.onload = function () { window.loadedFrom.push(gis.src); };
        document.body.appendChild(gis);
        var fb = document.createElement('script');
        fb.setAttribute('src', 'https://connect.facebook.net/en_US/sdk.js');
        fb.onload = function () { window.loadedFrom.push(fb.src); };
        document.body.appendChild(fb);
      </script>`),
    '/local/fb-sdk.js': {
      type: 'text/javascript',
      body: () => fbStandInScript({ loginEndpoint: `${fakes.facebook.baseUrl}/sandbox/login` }),
    },
    '/local/gsi-client.js': {
      type: 'text/javascript',
      body: () => gisStandInScript({ tokenEndpoint: `${google.baseUrl}/sandbox/id-token` }),
    },
  });
});
afterAll(async () => {
  await Promise.all([browser?.close(), site?.close(), fakes?.close()]);
});
beforeEach(async () => {
  page = await browser.newPage();
  external.length = 0;
  // Anything that is not answered by a stand-in route would leave the machine: record and refuse it.
  await page.route(/^https:\/\//, (route) => {
    external.push(route.request().url());
    return route.abort();
  });
});
afterEach(() => page.close());

describe('stand-ins in Chromium', () => {
  it('GIS: the rendered button and account chooser yield a credential with the page nonce', async () => {
    await installProviderStandIns(page, { google: fakes.google });
    await page.goto(`${site.url}/google.html`);
    await page.getByRole('button', { name: 'Sign in with Google' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sign in with Google' });
    await dialog.getByRole('button', { name: /Ada Lovelace/ }).click();
    await page.waitForFunction(() => 'result' in window);
    const result = await page.evaluate(
      () => (window as unknown as { result: Record<string, string> }).result,
    );
    expect(result).toMatchObject({ select_by: 'btn', clientId: fakes.google.clientId });
    const jwks = createRemoteJWKSet(new URL(fakes.google.options.jwksUri));
    const { payload } = await jwtVerify(String(result.credential), jwks, { audience: fakes.google.clientId });
    expect(payload).toMatchObject({
      email: 'ada@example.com',
      nonce: 'page-nonce-42',
      iss: 'https://accounts.google.com',
    });
    await expect(dialog.count()).resolves.toBe(0);
    expect(external).toEqual([]);
  });

  it('FB: fbAsyncInit runs, FB.login with auto-select answers connected', async () => {
    await installProviderStandIns(page, { facebook: fakes.facebook, autoSelect: 'grace@example.com' });
    await page.goto(`${site.url}/facebook.html`);
    await page.waitForFunction(() => 'fbReady' in window);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForFunction(() => 'result' in window);
    const result = await page.evaluate(
      () =>
        (
          window as unknown as {
            result: {
              status: string;
              authResponse: { accessToken: string; userID: string; expiresIn: number };
            };
          }
        ).result,
    );
    expect(result.status).toBe('connected');
    expect(result.authResponse).toMatchObject({ userID: '10000000002', expiresIn: expect.any(Number) });
    const debug = await fetch(
      `${fakes.facebook.options.graphUrl}/debug_token?input_token=${result.authResponse.accessToken}&access_token=${encodeURIComponent(fakes.facebook.appToken)}`,
    );
    expect(await debug.json()).toMatchObject({ data: { is_valid: true, user_id: '10000000002' } });
    expect(external).toEqual([]);
  });

  it('FB: cancelling the chooser answers unknown with no authResponse', async () => {
    await installProviderStandIns(page, { facebook: fakes.facebook });
    await page.goto(`${site.url}/facebook.html`);
    await page.waitForFunction(() => 'fbReady' in window);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page
      .getByRole('dialog', { name: 'Log in with Facebook' })
      .getByRole('button', { name: 'Cancel' })
      .click();
    await page.waitForFunction(() => 'result' in window);
    expect(await page.evaluate(() => (window as unknown as { result: unknown }).result)).toEqual({
      status: 'unknown',
      authResponse: null,
    });
  });

  it('sandboxScriptRewriter sends both SDK script tags to local URLs', async () => {
    await page.goto(`${site.url}/rewritten.html`);
    await page.waitForFunction(() => (window as unknown as { loadedFrom: string[] }).loadedFrom.length === 2);
    const loaded = await page.evaluate(() => (window as unknown as { loadedFrom: string[] }).loadedFrom);
    expect(loaded.sort()).toEqual([`${site.url}/local/fb-sdk.js`, `${site.url}/local/gsi-client.js`]);
    const globals = await page.evaluate(() => {
      const w = window as unknown as { google?: { accounts?: { id?: object } }; FB?: { login?: unknown } };
      return { google: typeof w.google?.accounts?.id, fb: typeof w.FB?.login };
    });
    expect(globals).toEqual({ google: 'object', fb: 'function' });
    expect(external).toEqual([]);
  });
});
