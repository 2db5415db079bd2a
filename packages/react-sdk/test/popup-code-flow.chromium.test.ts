// @vitest-environment node
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { type SocialProvider, socialAuth } from '@socialkit/express';
import { launchChromium, startTestMongo } from '@socialkit/testing';
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

describe.each([
  { coop: false, label: 'window.opener' },
  { coop: true, label: 'the BroadcastChannel (COOP cut the popup off)' },
])('popup code flow in Chromium via $label', ({ coop }) => {
  let appOrigin = '';
  let provider: ReturnType<typeof startAcmeProvider>;
  let appServer: Server;
  let mongo: Awaited<ReturnType<typeof startTestMongo>>;
  let connection: mongoose.Connection;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let auth: ReturnType<typeof socialAuth>;
  const signIns: unknown[] = [];

  beforeAll(async () => {
    const script = await bundleApp();
    provider = startAcmeProvider({ coop });
    const providerOrigin = await listen(provider.server);
    mongo = await startTestMongo();
    connection = await mongoose.createConnection(mongo.uri).asPromise();
    auth = socialAuth({
      connection,
      providers: [acme(providerOrigin)],
      tokens: { secret: 'react-popup-chromium-secret-of-32-bytes!' },
      rateLimit: false,
      onError: (err: unknown) => {
        if (process.env.DEBUG_AUTH) console.error(err);
      },
    });
    const app = express();
    app.use('/auth/acme', express.json(), (req, _res, next) => {
      signIns.push(req.body);
      next();
    });
    app.use('/auth', auth.router);
    app.get('/api/me', auth.requireAuth(), (req, res) => {
      res.json({ userId: (req as unknown as { auth: { userId: string } }).auth.userId });
    });
    app.get('/app.js', (_req, res) => void res.type('js').send(script));
    app.get(
      '/',
      (_req, res) =>
        void res.type('html').send('<!doctype html><div id="root"></div><script src="/app.js"></script>'),
    );
    appServer = createServer(app);
    appOrigin = await listen(appServer);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    appServer?.closeAllConnections();
    await new Promise((resolve) => appServer?.close(resolve));
    provider?.server.closeAllConnections();
    await new Promise((resolve) => provider?.server.close(resolve));
    await auth?.close?.();
    await connection?.close();
    await mongo?.stop();
  });

  async function openApp() {
    const context = await browser.newContext();
    // Nothing leaves the machine: only the app and Acme answer.
    await context.route(
      (url) => !['127.0.0.1'].includes(url.hostname) && url.protocol !== 'about:',
      (route) => route.abort('blockedbyclient'),
    );
    const page = await context.newPage();
    await page.goto(`${appOrigin}/${coop ? '?trustClosed=false' : ''}`);
    return { context, page };
  }

  it('signs the user in through the real popup, callback page and PKCE', async () => {
    signIns.length = 0;
    const { context, page } = await openApp();
    const button = page.getByRole('button', { name: 'Continue with Acme' });
    await button.waitFor();
    const popupOpened = context.waitForEvent('page');
    await button.click();
    const popup = await popupOpened;
    await popup.getByRole('button', { name: 'Allow' }).waitFor();
    // With COOP the provider's page has no way back to the app but the callback page's channel.
    expect(await popup.evaluate(() => window.opener === null)).toBe(coop);
    // The callback page closes the window itself, possibly before `click()` returns.
    const closed = popup.waitForEvent('close');
    await popup.getByRole('button', { name: 'Allow' }).click();
    await closed;

    await expect.poll(() => page.getByTestId('email').textContent(), { timeout: 10_000 }).toBe(ACCOUNT.email);
    const apiUser = await page.getByTestId('api-user');
    await expect.poll(() => apiUser.textContent(), { timeout: 10_000 }).toMatch(/^[a-f0-9]{24}$/);
    expect(signIns).toEqual([
      {
        code: expect.stringMatching(/^[a-f0-9]{32}$/),
        codeVerifier: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        redirectUri: `${appOrigin}/auth/callback/acme`,
      },
    ]);
    // The code was redeemed once, and it carried a nonce the server issued and consumed.
    expect(provider.grants.size).toBe(0);
    expect(provider.log.filter((line) => line === 'POST /token')).toHaveLength(1);
    await context.close();
  });

  it('reports access_denied when the user declines, and posts nothing', async () => {
    signIns.length = 0;
    const { context, page } = await openApp();
    const button = page.getByRole('button', { name: 'Continue with Acme' });
    await button.waitFor();
    const popupOpened = context.waitForEvent('page');
    await button.click();
    const popup = await popupOpened;
    await popup.getByRole('button', { name: 'Deny' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.getAttribute('data-error-code')).toBe('access_denied');
    expect(signIns).toEqual([]);
    await context.close();
  });
});
