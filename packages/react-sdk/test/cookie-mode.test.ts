// @vitest-environment node
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FetchLike } from '../src/core/api';
import { createSocialAuthClient } from '../src/core/client';
import { memoryStorage, type StorageAdapter } from '../src/core/storage';
import type { SocialAuthClient } from '../src/core/types';
import { type AuthServer, startAuthServer } from './support/auth-server';

// Cookie mode through the real router, with a browser's cookie rules played by a small jar:
// the refresh cookie goes back only to its own origin and path, and page script never sees it.
let server: AuthServer;
const clients: SocialAuthClient[] = [];

beforeAll(async () => {
  server = await startAuthServer();
});
afterAll(() => server?.close());
afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
  server.resetCounts();
});

interface StoredCookie {
  value: string;
  path: string;
  attributes: string;
}

/** A fetch with one origin's cookie jar, as a browser tab sees it. */
function browserFetch() {
  const jar = new Map<string, StoredCookie>();
  const bodies: unknown[] = [];
  const fetch: FetchLike = async (input, init) => {
    const url = new URL(String(input));
    const headers = new Headers(init?.headers);
    const cookies = [...jar].filter(([, cookie]) => url.pathname.startsWith(cookie.path));
    if (url.origin === server.origin && cookies.length > 0)
      headers.set('cookie', cookies.map(([name, cookie]) => `${name}=${cookie.value}`).join('; '));
    const response = await globalThis.fetch(url, { ...init, headers });
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
      const [name = '', value = ''] = pair.split('=');
      const path = attributes.find((a) => /^path=/i.test(a))?.slice(5) ?? '/';
      const expired = attributes.some((a) => /^max-age=0$/i.test(a) || /^expires=Thu, 01 Jan 1970/i.test(a));
      if (expired || value === '') jar.delete(name);
      else jar.set(name, { value, path, attributes: attributes.join('; ') });
    }
    if (response.headers.get('content-type')?.includes('json')) bodies.push(await response.clone().json());
    return response;
  };
  return { fetch, jar, bodies };
}

function makeTab(fetch: FetchLike, storage: StorageAdapter, extra = {}) {
  const client = createSocialAuthClient({
    apiUrl: server.apiUrl,
    refreshMode: 'cookie',
    storage,
    fetch,
    ...extra,
  });
  clients.push(client);
  return client;
}

let userCount = 0;
async function signInWithGoogle(client: SocialAuthClient) {
  userCount += 1;
  const nonce = await client.getNonce();
  const claims = { nonce, sub: `cookie-${userCount}`, email: `cookie${userCount}@example.com` };
  return client.signIn('google', { idToken: await server.google.mintIdToken(claims) });
}

const storedText = async (storage: StorageAdapter) => String(await storage.getItem('socialkit.session'));

describe('cookie mode against @socialkit/express', () => {
  it('keeps the refresh token in an HttpOnly, SameSite=Strict cookie scoped to the router, never in a body or storage', async () => {
    const browser = browserFetch();
    const storage = memoryStorage();
    const tab = makeTab(browser.fetch, storage);
    await signInWithGoogle(tab);

    const cookie = browser.jar.get('socialkit_rt');
    expect(cookie?.path).toBe('/auth');
    expect(cookie?.attributes).toMatch(/HttpOnly/i);
    expect(cookie?.attributes).toMatch(/SameSite=Strict/i);
    expect(JSON.stringify(browser.bodies)).not.toContain('refreshToken');
    expect(await storedText(storage)).not.toContain(tab.getState().token as string);
    expect(await storedText(storage)).not.toContain(cookie?.value as string);
  });

  it('a reload restores the session with exactly one refresh, and the API accepts the new token', async () => {
    const browser = browserFetch();
    const storage = memoryStorage();
    const { user } = await signInWithGoogle(makeTab(browser.fetch, storage));
    server.resetCounts();

    const reloaded = makeTab(browser.fetch, storage);
    await reloaded.ready();
    expect(reloaded.getState()).toMatchObject({ status: 'signedIn', user: { id: user.id } });
    expect(server.count('POST /auth/refresh')).toBe(1);
    const me = await reloaded.authFetch(`${server.origin}/api/me`);
    expect(await me.json()).toEqual({ userId: user.id });
  });

  it('two tabs restoring at once each refresh in turn, and the family survives', async () => {
    const browser = browserFetch();
    const storage = memoryStorage();
    await signInWithGoogle(makeTab(browser.fetch, storage));
    server.resetCounts();
    const a = makeTab(browser.fetch, storage, { locks: null });
    const b = makeTab(browser.fetch, storage, { locks: null });
    await Promise.all([a.ready(), b.ready()]);
    expect([a.getState().status, b.getState().status]).toEqual(['signedIn', 'signedIn']);
    expect(server.count('POST /auth/refresh')).toBe(2);
    expect((await a.authFetch(`${server.origin}/api/me`)).status).toBe(200);
    expect((await b.authFetch(`${server.origin}/api/me`)).status).toBe(200);
    expect(await a.refresh()).toEqual(expect.any(String));
  });

  it('refuses a refresh by cookie without the header, and leaves the session working', async () => {
    const browser = browserFetch();
    const tab = makeTab(browser.fetch, memoryStorage());
    await signInWithGoogle(tab);
    const forged = await browser.fetch(`${server.apiUrl}/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(forged.status).toBeGreaterThanOrEqual(400);
    expect(await tab.refresh()).toEqual(expect.any(String));
  });

  it('sign-out clears the cookie, and a reload then stays signed out without asking', async () => {
    const browser = browserFetch();
    const storage = memoryStorage();
    const tab = makeTab(browser.fetch, storage);
    await signInWithGoogle(tab);
    await tab.signOut();
    expect(browser.jar.has('socialkit_rt')).toBe(false);
    server.resetCounts();
    const reloaded = makeTab(browser.fetch, storage);
    await reloaded.ready();
    expect(reloaded.getState().status).toBe('signedOut');
    expect(server.count('POST /auth/refresh')).toBe(0);
  });
});
