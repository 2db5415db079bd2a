import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDemo } from './support/demo';

const LIVE = {
  GOOGLE_CLIENT_ID: 'live-demo.apps.googleusercontent.com',
  FACEBOOK_APP_ID: '4242424242424242',
  FACEBOOK_APP_SECRET: 'live-demo-facebook-app-secret',
};

let sandbox: Awaited<ReturnType<typeof startTestDemo>>;
let live: Awaited<ReturnType<typeof startTestDemo>>;

beforeAll(async () => {
  [sandbox, live] = await Promise.all([startTestDemo({ AUTH_RATE_LIMIT: '3' }), startTestDemo(LIVE)]);
});

afterAll(async () => {
  await Promise.all([sandbox?.close(), live?.close()]);
});

const page = async (origin: string, path = '/') => {
  const response = await fetch(`${origin}${path}`, { headers: { Accept: 'text/html' } });
  return { status: response.status, type: response.headers.get('content-type'), html: await response.text() };
};

describe('web app serving', () => {
  it('inlines the sandbox config and the script rewriter before the app bundle', async () => {
    const { status, type, html } = await page(sandbox.origin);
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/html/);
    const config = html.indexOf('window.__SOCIALKIT_DEMO__={"sandbox":{"google":true,"facebook":true}}');
    const rewriter = html.indexOf('/sandbox/google/gsi/client.js');
    const bundle = html.search(/<script type="module"[^>]+src="\/assets\//);
    expect(config).toBeGreaterThan(-1);
    expect(rewriter).toBeGreaterThan(config);
    expect(bundle).toBeGreaterThan(rewriter);
  });

  it('serves the stand-in scripts and the fake providers only in the sandbox', async () => {
    const script = await fetch(`${sandbox.origin}/sandbox/facebook/sdk.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    const jwks = (await (await fetch(`${sandbox.origin}/sandbox/google/oauth2/v3/certs`)).json()) as {
      keys: unknown[];
    };
    expect(jwks.keys.length).toBeGreaterThan(0);

    expect(live.sandbox).toEqual({ google: false, facebook: false });
    const { html } = await page(live.origin);
    expect(html).toContain('window.__SOCIALKIT_DEMO__={"sandbox":{"google":false,"facebook":false}}');
    expect(html).not.toContain('HTMLScriptElement');
    for (const path of ['/sandbox/facebook/sdk.js', '/sandbox/google/oauth2/v3/certs']) {
      const response = await fetch(`${live.origin}${path}`);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    }
  });

  it('answers /demo-config.json and hands the live client IDs to the SDK', async () => {
    expect(await (await fetch(`${live.origin}/demo-config.json`)).json()).toEqual({
      sandbox: { google: false, facebook: false },
    });
    const { providers } = (await (await fetch(`${live.origin}/auth/providers`)).json()) as {
      providers: { id: string; clientId?: string; appId?: string }[];
    };
    expect(providers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: 'google', clientId: LIVE.GOOGLE_CLIENT_ID }),
        expect.objectContaining({ id: 'facebook', appId: LIVE.FACEBOOK_APP_ID }),
      ]),
    );
  });

  it('falls back to index.html for client-side routes but not for missing assets', async () => {
    const route = await page(sandbox.origin, '/some/client/route');
    expect(route.status).toBe(200);
    expect(route.html).toContain('<div id="root">');
    expect((await fetch(`${sandbox.origin}/assets/missing.js`)).status).toBe(404);
  });
});

describe('AUTH_RATE_LIMIT', () => {
  it('limits /auth requests per IP per minute with 429 and Retry-After', async () => {
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 4; i += 1) {
      last = await fetch(`${sandbox.origin}/auth/nonce`, { method: 'POST' });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await last?.json()).toMatchObject({ error: { code: 'rate_limited' } });
  });
});
