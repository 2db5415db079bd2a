import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createFakeApple, createFakeGitHub, createFakeMicrosoft, createFakeOidc } from '@socialkit/testing';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastErrorHandler } from '../server/errors';
import { startTestDemo } from './support/demo';

const LIVE = {
  PROVIDERS: 'google,facebook',
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

/** The config the server inlined into the page, before the app bundle. */
function inlineConfig(html: string): { sandbox: Record<string, boolean>; providers: unknown[] } {
  const match = /window\.__SOCIALKIT_DEMO__=(\{.*?\});<\/script>/.exec(html);
  if (!match?.[1]) throw new Error('no inline demo config');
  return JSON.parse(match[1]);
}

describe('web app serving', () => {
  it('inlines the sandbox config and the script rewriter before the app bundle', async () => {
    const { status, type, html } = await page(sandbox.origin);
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/html/);
    const config = html.indexOf('window.__SOCIALKIT_DEMO__=');
    expect(inlineConfig(html)).toEqual({
      sandbox: { google: true, apple: true, microsoft: true, github: true, facebook: true, oidc: true },
      providers: [
        { id: 'google', key: 'google', name: 'Google' },
        { id: 'apple', key: 'apple', name: 'Apple' },
        { id: 'microsoft', key: 'microsoft', name: 'Microsoft' },
        { id: 'github', key: 'github', name: 'GitHub' },
        { id: 'facebook', key: 'facebook', name: 'Facebook' },
        { id: 'oidc', key: 'oidc', name: 'Sandbox SSO' },
      ],
    });
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
    expect(inlineConfig(html).sandbox).toEqual({ google: false, facebook: false });
    expect(html).not.toContain('HTMLScriptElement');
    for (const path of ['/sandbox/facebook/sdk.js', '/sandbox/google/oauth2/v3/certs']) {
      const response = await fetch(`${live.origin}${path}`);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    }
  });

  it('offers every provider in the sandbox, each with its authorization page on this server', async () => {
    const { providers } = (await (await fetch(`${sandbox.origin}/auth/providers`)).json()) as {
      providers: { id: string; authorizationEndpoint?: string }[];
    };
    expect(providers.map((provider) => provider.id)).toEqual([
      'google',
      'apple',
      'microsoft',
      'github',
      'facebook',
      'oidc',
    ]);
    for (const id of ['apple', 'microsoft', 'github', 'oidc']) {
      const endpoint = providers.find((provider) => provider.id === id)?.authorizationEndpoint ?? '';
      expect(endpoint.startsWith(`${sandbox.origin}/sandbox/${id}/`), `${id}: ${endpoint}`).toBe(true);
      // The account chooser is served by the fake itself.
      const chooser = await fetch(endpoint, { headers: { Accept: 'text/html' } });
      expect(chooser.status, id).toBeLessThan(500);
    }
  });

  it('answers /demo-config.json and hands the live client IDs to the SDK', async () => {
    expect(await (await fetch(`${live.origin}/demo-config.json`)).json()).toEqual({
      sandbox: { google: false, facebook: false },
      providers: [
        { id: 'google', key: 'google', name: 'Google' },
        { id: 'facebook', key: 'facebook', name: 'Facebook' },
      ],
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

/** A stack frame, this checkout's absolute path, or a node_modules path anywhere in the answer. */
const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const LEAK = new RegExp(`\\n\\s+at |\\bat [\\w.<>]+ \\(|${REPO_ROOT}|/node_modules/|file://`);

async function answer(response: Response) {
  const text = await response.text();
  return { status: response.status, type: response.headers.get('content-type'), text };
}

describe('last error handler', () => {
  it('answers a malformed URL (/%E0) with invalid_request, no stack and no file path', async () => {
    for (const [path, code] of [
      ['/%E0', 'invalid_request'],
      ['/notes/%E0%A4%A', 'invalid_request'],
      ['/api/%E0', 'not_found'],
    ] as const) {
      const { status, type, text } = await answer(
        await fetch(`${sandbox.origin}${path}`, { headers: { Accept: 'text/html' } }),
      );
      expect(status, path).toBe(code === 'invalid_request' ? 400 : 404);
      expect(type).toMatch(/^application\/json/);
      expect(JSON.parse(text)).toEqual({ error: { code, message: expect.any(String) } });
      expect(text).not.toMatch(LEAK);
      expect(text).not.toMatch(/URIError|Failed to decode/);
    }
  });

  it('answers a missing asset with not_found, no stack and no file path', async () => {
    for (const accept of ['text/html', '*/*']) {
      const { status, text } = await answer(
        await fetch(`${sandbox.origin}/assets/missing-${accept.length}.js`, { headers: { Accept: accept } }),
      );
      expect(status).toBe(404);
      expect(JSON.parse(text)).toEqual({ error: { code: 'not_found', message: 'Not found.' } });
      expect(text).not.toMatch(LEAK);
      expect(text).not.toMatch(/ENOENT|dist/);
    }
    const unknown = await answer(
      await fetch(`${sandbox.origin}/nothing-here.json`, { headers: { Accept: 'application/json' } }),
    );
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.text)).toMatchObject({ error: { code: 'not_found' } });
  });

  it('answers a route that throws with internal_error and logs the cause', async () => {
    const logged: unknown[] = [];
    const app = express();
    app.get('/boom', () => {
      throw new Error(`cannot read ${import.meta.filename}`);
    });
    app.use(lastErrorHandler((err) => logged.push(err)));
    const server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const { port } = server.address() as AddressInfo;
      const { status, text } = await answer(await fetch(`http://127.0.0.1:${port}/boom`));
      expect(status).toBe(500);
      expect(JSON.parse(text)).toEqual({ error: { code: 'internal_error', message: expect.any(String) } });
      expect(text).not.toMatch(LEAK);
      expect(text).not.toContain('cannot read');
      expect(logged).toHaveLength(1);
      expect(((logged[0] as Error).cause as Error).message).toContain(import.meta.filename);
    } finally {
      server.close();
    }
  });
});

describe('live providers', () => {
  it('switches Apple, Microsoft, GitHub and OIDC to live with their variables (here pointed at local fakes)', async () => {
    const fakes = {
      apple: createFakeApple(),
      microsoft: createFakeMicrosoft(),
      github: createFakeGitHub(),
      oidc: createFakeOidc({ issuerPath: '/realms/notes' }),
    };
    await Promise.all(Object.values(fakes).map((fake) => fake.listen()));
    const { apple, microsoft, github, oidc } = {
      apple: fakes.apple.options,
      microsoft: fakes.microsoft.options,
      github: fakes.github.options,
      oidc: fakes.oidc.options,
    };
    const demo = await startTestDemo({
      PROVIDERS: 'apple,microsoft,github,oidc',
      APPLE_CLIENT_ID: apple.clientId,
      APPLE_TEAM_ID: apple.teamId,
      APPLE_KEY_ID: apple.keyId,
      APPLE_PRIVATE_KEY: apple.privateKey.replace(/\n/g, '\\n'),
      APPLE_AUTH_URL: apple.authUrl,
      MICROSOFT_CLIENT_ID: microsoft.clientId,
      MICROSOFT_CLIENT_SECRET: microsoft.clientSecret,
      MICROSOFT_AUTHORITY_URL: microsoft.authority,
      MICROSOFT_JWKS_URI: microsoft.jwksUri,
      GITHUB_CLIENT_ID: github.clientId,
      GITHUB_CLIENT_SECRET: github.clientSecret,
      GITHUB_OAUTH_URL: github.oauthUrl,
      GITHUB_API_URL: github.apiUrl,
      OIDC_ISSUER: oidc.issuer,
      OIDC_CLIENT_ID: oidc.clientId,
      OIDC_CLIENT_SECRET: oidc.clientSecret ?? '',
      OIDC_ID: 'keycloak',
      OIDC_NAME: 'Acme SSO',
    });
    try {
      expect(demo.sandbox).toEqual({ apple: false, microsoft: false, github: false, keycloak: false });
      const { providers } = (await (await fetch(`${demo.origin}/auth/providers`)).json()) as {
        providers: { id: string; clientId?: string; name?: string; authorizationEndpoint?: string }[];
      };
      const byId = Object.fromEntries(providers.map((provider) => [provider.id, provider]));
      expect(byId.apple?.authorizationEndpoint).toBe(`${apple.authUrl}/auth/authorize`);
      expect(byId.microsoft?.authorizationEndpoint?.startsWith(microsoft.authority)).toBe(true);
      expect(byId.github).toMatchObject({
        clientId: github.clientId,
        authorizationEndpoint: `${github.oauthUrl}/login/oauth/authorize`,
      });
      // The OIDC issuer was discovered: its authorization endpoint came from the discovery document.
      expect(byId.keycloak).toMatchObject({ name: 'Acme SSO', clientId: oidc.clientId });
      expect(byId.keycloak?.authorizationEndpoint?.startsWith(oidc.issuer)).toBe(true);
      expect(JSON.stringify(providers)).not.toContain(github.clientSecret);
      expect(
        (await fetch(`${demo.origin}/sandbox/github/login/oauth/authorize`)).headers.get('content-type'),
      ).toMatch(/^text\/html/);
    } finally {
      await demo.close();
      await Promise.all(Object.values(fakes).map((fake) => fake.close()));
    }
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
