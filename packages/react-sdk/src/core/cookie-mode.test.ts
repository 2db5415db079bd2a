import { afterEach, describe, expect, it, vi } from 'vitest';
import { createContractFetch } from '../../test/support/contract-fetch';
import { createSocialAuthClient } from './client';
import { memoryStorage, type StorageAdapter } from './storage';
import type { SocialAuthClient } from './types';

// jsdom's page is http://localhost:3000; the contract fetch answers any origin.
const SAME_ORIGIN_API = '/auth';
const clients: SocialAuthClient[] = [];

function makeTab(server: ReturnType<typeof createContractFetch>, storage: StorageAdapter, extra = {}) {
  const client = createSocialAuthClient({ apiUrl: SAME_ORIGIN_API, storage, fetch: server.fetch, ...extra });
  clients.push(client);
  return client;
}

/** Every value the page could read from storage. */
function readable(storage: ReturnType<typeof memoryStorage>, key = 'socialkit.session') {
  return String(storage.getItem(key));
}

afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});

describe('refresh mode', () => {
  it('is cookie for an apiUrl on the page origin, body for another origin, and the option wins', () => {
    const fetch = createContractFetch().fetch;
    expect(createSocialAuthClient({ apiUrl: '/auth', fetch }).refreshMode).toBe('cookie');
    expect(createSocialAuthClient({ apiUrl: 'http://localhost:3000/auth', fetch }).refreshMode).toBe(
      'cookie',
    );
    expect(createSocialAuthClient({ apiUrl: 'http://localhost:4000/auth', fetch }).refreshMode).toBe('body');
    expect(createSocialAuthClient({ apiUrl: 'https://api.example/auth', fetch }).refreshMode).toBe('body');
    expect(createSocialAuthClient({ apiUrl: '/auth', fetch, refreshMode: 'body' }).refreshMode).toBe('body');
  });
});

describe('cookie mode', () => {
  it('signs in with the refresh header and same-origin credentials, and keeps no token where script can read it', async () => {
    const server = createContractFetch();
    const storage = memoryStorage();
    const tab = makeTab(server, storage);
    await tab.signIn('acme', { idToken: 'good' });

    const signIn = server.requests.find((request) => request.path === '/auth/acme');
    expect(signIn?.headers.get('socialkit-refresh')).toBe('cookie');
    expect(signIn?.credentials).toBe('same-origin');
    expect(server.cookie()).toMatch(/^rt-/);
    expect(tab.getState()).toMatchObject({ status: 'signedIn', token: 'at-1', user: { id: 'ada' } });
    expect(readable(storage)).toBe('{"userId":"ada"}');
    expect(readable(storage)).not.toMatch(/at-|rt-/);
  });

  it('a reload restores the session with exactly one refresh; a visitor who never signed in sends none', async () => {
    const server = createContractFetch();
    const storage = memoryStorage();
    await makeTab(server, storage).signIn('acme', { idToken: 'good' });

    const reloaded = makeTab(server, storage);
    await reloaded.ready();
    expect(reloaded.getState()).toMatchObject({ status: 'signedIn', user: { id: 'ada' } });
    expect(server.count('/auth/refresh')).toBe(1);
    expect(server.requests.at(-1)?.headers.get('socialkit-refresh')).toBe('cookie');
    expect((await reloaded.authFetch('http://localhost:3000/api/me')).status).toBe(200);

    const visitor = makeTab(createContractFetch(), memoryStorage());
    await visitor.ready();
    expect(visitor.getState().status).toBe('signedOut');
  });

  it('without a persistent hint (memory storage) it asks the cookie once at start', async () => {
    const server = createContractFetch();
    await makeTab(server, memoryStorage()).signIn('acme', { idToken: 'good' });
    const tab = makeTab(server, 'memory' as never);
    await tab.ready();
    expect(tab.getState().status).toBe('signedIn');
    expect(server.count('/auth/refresh')).toBe(1);
  });

  it('two tabs restoring at once refresh one after the other, so the rotated cookie is never replayed', async () => {
    const server = createContractFetch();
    const storage = memoryStorage();
    await makeTab(server, storage).signIn('acme', { idToken: 'good' });
    const [a, b] = [makeTab(server, storage, { locks: null }), makeTab(server, storage, { locks: null })];
    await Promise.all([a.ready(), b.ready()]);
    expect(a.getState()).toMatchObject({ status: 'signedIn', error: null });
    expect(b.getState()).toMatchObject({ status: 'signedIn', error: null });
    expect(a.getState().token).not.toBe(b.getState().token);
    expect(server.count('/auth/refresh')).toBe(2);
  });

  it('a tab learns of a sign-in elsewhere and refreshes itself; a sign-out elsewhere ends it everywhere', async () => {
    const server = createContractFetch();
    const storage = memoryStorage();
    const a = makeTab(server, storage);
    const b = makeTab(server, storage);
    const unsubscribe = b.subscribe(() => undefined);
    await Promise.all([a.ready(), b.ready()]);
    expect(b.getState().status).toBe('signedOut');

    await a.signIn('acme', { idToken: 'good' });
    await vi.waitFor(() => expect(b.getState().status).toBe('signedIn'));
    expect(b.getState().token).not.toBe(a.getState().token);

    await a.signOut();
    await vi.waitFor(() => expect(b.getState().status).toBe('signedOut'));
    expect(server.cookie()).toBeNull();
    const logout = server.requests.find((request) => request.path === '/auth/logout');
    expect(logout?.headers.get('socialkit-refresh')).toBe('cookie');
    expect(server.lastBody('/auth/logout')).toEqual({});
    unsubscribe();
  });

  it('a restore that cannot reach the server is tried again, and then restores the session', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const server = createContractFetch();
      const storage = memoryStorage();
      const signer = makeTab(server, storage);
      const signedIn = signer.signIn('acme', { idToken: 'good' });
      await vi.advanceTimersByTimeAsync(100);
      await signedIn;
      server.setDown(true);
      const tab = makeTab(server, storage);
      const unsubscribe = tab.subscribe(() => undefined);
      await vi.advanceTimersByTimeAsync(100);
      expect(tab.getState()).toMatchObject({ status: 'signedOut', error: { code: 'network_error' } });
      server.setDown(false);
      await vi.advanceTimersByTimeAsync(15_000);
      expect(tab.getState()).toMatchObject({ status: 'signedIn', error: null, user: { id: 'ada' } });
      unsubscribe();
    } finally {
      vi.useRealTimers();
    }
  });

  it('a refused cookie signs out and forgets the hint', async () => {
    const server = createContractFetch();
    const storage = memoryStorage();
    await makeTab(server, storage).signIn('acme', { idToken: 'good' });
    server.revokeAllRefreshTokens();
    const tab = makeTab(server, storage);
    await tab.ready();
    expect(tab.getState()).toMatchObject({ status: 'signedOut', error: { code: 'invalid_refresh_token' } });
    expect(storage.getItem('socialkit.session')).toBeNull();
  });
});
