// @vitest-environment node
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { apple, github, microsoft, oidc, type SocialProvider, socialAuth } from '@socialkit/express';
import {
  createFakeApple,
  createFakeGitHub,
  createFakeMicrosoft,
  createFakeOidc,
  installProviderStandIns,
  launchChromium,
  startTestMongo,
} from '@socialkit/testing';
import express from 'express';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The popup code flow in a real Chromium against a real `@socialkit/express` router: the button
 * opens the popup, a provider's authorize page asks the user, the router's callback page hands the
 * code back, and the server redeems it with the PKCE verifier. The provider is a third party's
 * plug-in written against the public interface, with its own authorize and token endpoints.
 */

interface Grant {
  codeChallenge: string;
  redirectUri: string;
  nonce: string | undefined;
}

const CLIENT_ID = 'acme-web';
const ACCOUNT = { sub: 'acme-user-42', email: 'grace@acme.test', name: 'Grace Hopper' };

/** Acme's authorization server: an authorize page with Allow/Deny, and a token endpoint checking PKCE. */
function startAcmeProvider(options: { coop: boolean }) {
  const grants = new Map<string, Grant>();
  const log: string[] = [];
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://acme.invalid');
    log.push(`${req.method} ${url.pathname}`);
    if (options.coop) res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    if (url.pathname === '/authorize') {
      const q = url.searchParams;
      const valid =
        q.get('response_type') === 'code' &&
        q.get('client_id') === CLIENT_ID &&
        q.get('code_challenge_method') === 'S256' &&
        /^[A-Za-z0-9_-]{43}$/.test(q.get('code_challenge') ?? '') &&
        (q.get('state') ?? '').length >= 22;
      if (!valid) {
        res.writeHead(400).end('bad authorization request');
        return;
      }
      const hidden = ['redirect_uri', 'state', 'code_challenge', 'nonce']
        .map((name) => `<input type="hidden" name="${name}" value="${escapeHtml(q.get(name) ?? '')}">`)
        .join('');
      res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><title>Acme sign-in</title>
        <form action="/decide" method="get">${hidden}
          <p>Sign in to the app as ${ACCOUNT.name}?</p>
          <button name="decision" value="allow">Allow</button>
          <button name="decision" value="deny">Deny</button>
        </form>`);
      return;
    }
    if (url.pathname === '/decide') {
      const q = url.searchParams;
      const target = new URL(q.get('redirect_uri') ?? '');
      target.searchParams.set('state', q.get('state') ?? '');
      if (q.get('decision') === 'allow') {
        const code = randomBytes(16).toString('hex');
        grants.set(code, {
          codeChallenge: q.get('code_challenge') ?? '',
          redirectUri: q.get('redirect_uri') ?? '',
          nonce: q.get('nonce') || undefined,
        });
        target.searchParams.set('code', code);
      } else {
        target.searchParams.set('error', 'access_denied');
      }
      res.writeHead(302, { location: target.toString() }).end();
      return;
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      const body = new URLSearchParams(await readBody(req));
      const grant = grants.get(body.get('code') ?? '');
      grants.delete(body.get('code') ?? '');
      const verifier = body.get('code_verifier') ?? '';
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      if (!grant || grant.redirectUri !== body.get('redirect_uri') || grant.codeChallenge !== challenge) {
        res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"invalid_grant"}');
        return;
      }
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ ...ACCOUNT, nonce: grant.nonce }));
      return;
    }
    res.writeHead(404).end();
  });
  return { server, log, grants };
}

/** Acme as a socialkit provider plug-in: the code flow, redeemed at Acme's token endpoint. */
function acme(baseUrl: string): SocialProvider<'acme'> {
  return {
    id: 'acme',
    credentials: {
      oneOf: ['code'],
      fields: {
        codeVerifier: { maxLength: 128, requiredWith: ['code'] },
        redirectUri: { maxLength: 2048, requiredWith: ['code'] },
      },
    },
    publicConfig: () => ({
      name: 'Acme',
      clientId: CLIENT_ID,
      authorizationEndpoint: `${baseUrl}/authorize`,
    }),
    async verify(credential, context) {
      if (credential.redirectUri !== context.callbackUrl) throw new Error('unexpected redirect_uri');
      const response = await fetch(`${baseUrl}/token`, {
        method: 'POST',
        body: new URLSearchParams({
          code: credential.code ?? '',
          code_verifier: credential.codeVerifier ?? '',
          redirect_uri: credential.redirectUri,
        }),
      });
      if (!response.ok)
        throw Object.assign(new Error('Acme refused the code'), { code: 'invalid_token', status: 401 });
      const account = (await response.json()) as typeof ACCOUNT & { nonce?: string };
      return {
        provider: 'acme',
        subject: account.sub,
        email: account.email,
        emailVerified: true,
        name: account.name,
        ...(account.nonce ? { nonce: account.nonce } : {}),
      };
    },
  };
}

function escapeHtml(value: string) {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      data += chunk;
    });
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    );
  });
}

let bundled: Promise<string> | undefined;

/** The test page's script, bundled once for the browser from `support/popup-app.tsx`. */
function bundleApp(): Promise<string> {
  bundled ??= buildApp();
  return bundled;
}

async function buildApp(): Promise<string> {
  const { build } = await import('vite');
  const output = await build({
    configFile: false,
    logLevel: 'silent',
    mode: 'production',
    resolve: { conditions: ['source'] },
    build: {
      write: false,
      minify: false,
      modulePreload: false,
      rollupOptions: {
        input: fileURLToPath(new URL('./support/popup-app.tsx', import.meta.url)),
        output: { format: 'iife', inlineDynamicImports: true, entryFileNames: 'app.js' },
      },
    },
  });
  const result = Array.isArray(output) ? output[0] : output;
  const chunk = (result as { output: { fileName: string; code?: string }[] }).output.find(
    (o) => o.fileName === 'app.js',
  );
  if (!chunk?.code) throw new Error('bundle failed');
  return chunk.code;
}

type Browser = Awaited<ReturnType<typeof launchChromium>>;
type Page = Parameters<typeof installProviderStandIns>[0];

const APPLE_JS_URL = 'https://appleid.cdn-apple.com/appleauth/static/jsapi/appleid/1/en_US/appleid.auth.js';

/**
 * A real `@socialkit/express` app on the test MongoDB serving the test page, `/auth`, and a guarded
 * `GET /api/me`; it keeps the body of every `POST /auth/<provider>`.
 */
async function startPopupApp(providers: SocialProvider[]) {
  const script = await bundleApp();
  const mongo = await startTestMongo();
  const connection = await mongoose.createConnection(mongo.uri).asPromise();
  const auth = socialAuth({
    connection,
    providers,
    tokens: { secret: 'react-popup-chromium-secret-of-32-bytes!' },
    rateLimit: false,
    onError: (err: unknown) => {
      if (process.env.DEBUG_AUTH) console.error(err);
    },
  });
  const signIns: unknown[] = [];
  const app = express();
  for (const provider of providers) {
    app.post(`/auth/${provider.id}`, express.json(), (req, _res, next) => {
      signIns.push(req.body);
      next();
    });
  }
  app.use('/auth', auth.router);
  app.get('/api/me', auth.requireAuth(), (req, res) => {
    res.json({ userId: (req as unknown as { auth: { userId: string } }).auth.userId });
  });
  app.get('/app.js', (_req, res) => void res.type('js').send(script));
  app.get('/', (req, res) => {
    // `?applejs=1` loads Sign in with Apple JS first, as a page using it does.
    const appleJs = req.query.applejs ? `<script src="${APPLE_JS_URL}"></script>` : '';
    res.type('html').send(`<!doctype html><div id="root"></div>${appleJs}<script src="/app.js"></script>`);
  });
  const server = createServer(app);
  const origin = await listen(server);
  return {
    origin,
    signIns,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await auth.close?.();
      await connection.close();
      await mongo.stop();
    },
  };
}

/** A fresh browser context on the app; nothing outside the loopback host is reachable. */
async function openApp(browser: Browser, url: string, prepare?: (page: Page) => Promise<void>) {
  const context = await browser.newContext();
  await context.route(
    (target) => target.hostname !== '127.0.0.1' && target.protocol !== 'about:',
    (route) => route.abort('blockedbyclient'),
  );
  const page = await context.newPage();
  await prepare?.(page);
  await page.goto(url);
  return { context, page };
}

/** Waits until the page shows the signed-in user and the guarded API answers with a user id. */
async function expectSignedIn(page: Awaited<ReturnType<typeof openApp>>['page'], email?: string) {
  const shown = page.getByTestId('email');
  await expect.poll(() => shown.count(), { timeout: 10_000 }).toBe(1);
  if (email) expect(await shown.textContent()).toBe(email);
  await expect
    .poll(() => page.getByTestId('api-user').textContent(), { timeout: 10_000 })
    .toMatch(/^[a-f0-9]{24}$/);
}

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

describe.each([
  { coop: false, label: 'window.opener' },
  { coop: true, label: 'the BroadcastChannel (COOP cut the popup off)' },
])('popup code flow in Chromium via $label', ({ coop }) => {
  let provider: ReturnType<typeof startAcmeProvider>;
  let app: Awaited<ReturnType<typeof startPopupApp>>;

  beforeAll(async () => {
    provider = startAcmeProvider({ coop });
    app = await startPopupApp([acme(await listen(provider.server))]);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    provider?.server.closeAllConnections();
    await new Promise((resolve) => provider?.server.close(resolve));
  });

  // Each mode leaves exactly one path: the channel when COOP cuts the opener, else postMessage.
  const pageUrl = () => `${app.origin}/${coop ? '?trustClosed=false' : '?channel=off'}`;

  it('signs the user in through the real popup, callback page and PKCE', async () => {
    app.signIns.length = 0;
    const { context, page } = await openApp(browser, pageUrl());
    const button = page.getByRole('button', { name: 'Continue with Acme' });
    await button.waitFor();
    const popupOpened = context.waitForEvent('page');
    await button.click();
    const popup = await popupOpened;
    await popup.getByRole('button', { name: 'Allow' }).waitFor();
    // With COOP the provider's page has no way back to the app but the callback page's channel;
    // without it, the app page has no channel and only the popup's postMessage can answer.
    expect(await popup.evaluate(() => window.opener === null)).toBe(coop);
    expect(await page.evaluate(() => typeof BroadcastChannel)).toBe(coop ? 'function' : 'undefined');
    // The callback page closes the window itself, possibly before `click()` returns.
    const closed = popup.waitForEvent('close');
    await popup.getByRole('button', { name: 'Allow' }).click();
    await closed;

    await expectSignedIn(page, ACCOUNT.email);
    expect(app.signIns).toEqual([
      {
        code: expect.stringMatching(/^[a-f0-9]{32}$/),
        codeVerifier: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        redirectUri: `${app.origin}/auth/callback/acme`,
      },
    ]);
    // The code was redeemed once, and it carried a nonce the server issued and consumed.
    expect(provider.grants.size).toBe(0);
    expect(provider.log.filter((line) => line === 'POST /token')).toHaveLength(1);
    await context.close();
  });

  it('reports access_denied when the user declines, and posts nothing', async () => {
    app.signIns.length = 0;
    const { context, page } = await openApp(browser, pageUrl());
    const button = page.getByRole('button', { name: 'Continue with Acme' });
    await button.waitFor();
    const popupOpened = context.waitForEvent('page');
    await button.click();
    const popup = await popupOpened;
    await popup.getByRole('button', { name: 'Deny' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.getAttribute('data-error-code')).toBe('access_denied');
    expect(app.signIns).toEqual([]);
    await context.close();
  });
});

interface KitCase {
  id: string;
  button: string | RegExp;
  fake: () => KitFake;
  provider: (options: unknown) => SocialProvider;
  /** Whether the provider vouches for the first account's email, so the session shows it. */
  showsEmail: boolean;
  /** Apple has no PKCE: its answer comes by form_post, and the server nonce binds the code. */
  pkce: boolean;
}

interface KitFake {
  readonly options: unknown;
  readonly accounts: readonly { name: string; email?: string | null }[];
  listen(): Promise<unknown>;
  close(): Promise<void>;
}

const KIT_CASES: KitCase[] = [
  {
    id: 'apple',
    button: 'Sign in with Apple',
    fake: createFakeApple,
    provider: (options) => apple(options as Parameters<typeof apple>[0]),
    showsEmail: true,
    pkce: false,
  },
  {
    id: 'microsoft',
    button: 'Sign in with Microsoft',
    fake: createFakeMicrosoft,
    provider: (options) => microsoft(options as Parameters<typeof microsoft>[0]),
    // Microsoft's email claim is never verified (nOAuth) unless the app trusts the tenant.
    showsEmail: false,
    pkce: true,
  },
  {
    id: 'github',
    button: 'Continue with GitHub',
    fake: createFakeGitHub,
    provider: (options) => github(options as Parameters<typeof github>[0]),
    showsEmail: true,
    pkce: true,
  },
  {
    id: 'oidc',
    button: /^Continue with /,
    fake: createFakeOidc,
    provider: (options) => oidc(options as Parameters<typeof oidc>[0]),
    showsEmail: true,
    pkce: true,
  },
];

describe.each(KIT_CASES)(
  "$id button in Chromium against the kit's fake and the real server provider",
  (kit) => {
    const fake = kit.fake();
    let app: Awaited<ReturnType<typeof startPopupApp>>;

    beforeAll(async () => {
      await fake.listen();
      app = await startPopupApp([kit.provider(fake.options)]);
    }, 120_000);

    afterAll(async () => {
      await app?.close();
      await fake.close();
    });

    async function openPopup() {
      const { context, page } = await openApp(browser, `${app.origin}/`);
      const button = page.getByRole('button', { name: kit.button });
      await button.waitFor();
      await expect.poll(() => button.isEnabled(), { timeout: 10_000 }).toBe(true);
      const popupOpened = context.waitForEvent('page');
      await button.click();
      return { context, page, popup: await popupOpened };
    }

    it('chooses an account in the popup and lands signed in', async () => {
      app.signIns.length = 0;
      const { context, page, popup } = await openPopup();
      const account = fake.accounts[0];
      if (!account) throw new Error('the fake has no account');
      const choice = popup.getByRole('button', { name: new RegExp(account.name) });
      await choice.waitFor();
      const closed = popup.waitForEvent('close');
      await choice.click();
      await closed;

      await expectSignedIn(page, kit.showsEmail ? (account.email ?? undefined) : undefined);
      const redirectUri = `${app.origin}/auth/callback/${kit.id}`;
      expect(app.signIns).toEqual([
        kit.pkce
          ? {
              code: expect.any(String),
              codeVerifier: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
              redirectUri,
            }
          : {
              code: expect.any(String),
              redirectUri,
              // Apple's first-consent `user` JSON rides along from the form_post callback.
              user: expect.stringContaining(`"firstName":"${account.name.split(' ')[0]}"`),
            },
      ]);
      await context.close();
    });

    it('reports access_denied when the user cancels, and posts nothing', async () => {
      app.signIns.length = 0;
      const { context, page, popup } = await openPopup();
      await popup.getByRole('button', { name: 'Cancel' }).click();
      const alert = page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.getAttribute('data-error-code')).toBe('access_denied');
      expect(app.signIns).toEqual([]);
      await context.close();
    });
  },
);

describe("Apple button in Chromium with Sign in with Apple JS (the kit's stand-in)", () => {
  const fake = createFakeApple();
  let app: Awaited<ReturnType<typeof startPopupApp>>;

  beforeAll(async () => {
    await fake.listen();
    app = await startPopupApp([apple(fake.options)]);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await fake.close();
  });

  it("posts Apple JS's ID token, bound to the server nonce, with the first-consent name", async () => {
    const { context, page } = await openApp(browser, `${app.origin}/?applejs=1`, (target) =>
      installProviderStandIns(target, { apple: fake }),
    );
    const button = page.getByRole('button', { name: 'Sign in with Apple' });
    await button.waitFor();
    await expect
      .poll(() => page.evaluate(() => typeof (window as { AppleID?: unknown }).AppleID))
      .toBe('object');
    await expect.poll(() => button.isEnabled(), { timeout: 10_000 }).toBe(true);
    await button.click();
    const account = fake.accounts[0];
    if (!account) throw new Error('the fake has no account');
    await page.getByRole('button', { name: new RegExp(account.name) }).click();

    await expectSignedIn(page, account.email ?? undefined);
    expect(app.signIns).toEqual([
      {
        idToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
        user: expect.stringContaining(`"firstName":"${account.name.split(' ')[0]}"`),
      },
    ]);
    await context.close();
  });
});
