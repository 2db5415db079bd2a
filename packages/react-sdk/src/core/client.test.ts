import { afterEach, describe, expect, it, vi } from 'vitest';
import { createContractFetch } from '../../test/support/contract-fetch';
import type { FetchLike } from './api';
import { createSocialAuthClient } from './client';
import { SocialAuthError } from './errors';
import { memoryStorage, type StorageAdapter } from './storage';
import type { SocialAuthClient } from './types';

const API = 'http://auth.test/auth';
const clients: SocialAuthClient[] = [];

function makeClient(server: ReturnType<typeof createContractFetch>, storage: StorageAdapter, extra = {}) {
  const client = createSocialAuthClient({ apiUrl: API, storage, fetch: server.fetch, locks: null, ...extra });
  clients.push(client);
  return client;
}

afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});

describe('createSocialAuthClient', () => {
  it('starts loading, signs in, and a new client on the same storage restores the session', async () => {
    const server = createContractFetch();
    const storage = memoryStorage();
    const first = makeClient(server, storage);
    expect(first.getState().status).toBe('loading');
    await first.ready();
    expect(first.getState().status).toBe('signedOut');

    const { user } = await first.signIn('acme', { idToken: 'good' });
    expect(user.id).toBe('ada');
    expect(first.getState()).toMatchObject({ status: 'signedIn', token: 'at-1', error: null });

    const second = makeClient(server, storage);
    await second.ready();
    expect(second.getState()).toMatchObject({ status: 'signedIn', token: 'at-1', user: { id: 'ada' } });
  });

  it('surfaces the server error code on a refused sign-in and stays signed out', async () => {
    const server = createContractFetch();
    const client = makeClient(server, memoryStorage());
    const error = await client.signIn('acme', { idToken: 'forged' }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(SocialAuthError);
    expect(error).toMatchObject({ code: 'invalid_token', status: 401 });
    expect(client.getState()).toMatchObject({ status: 'signedOut', error: { code: 'invalid_token' } });
  });

  it('reports network_error when the server cannot be reached', async () => {
    const server = createContractFetch();
    server.setDown(true);
    const client = makeClient(server, memoryStorage());
    await expect(client.signIn('acme', { idToken: 'good' })).rejects.toMatchObject({
      code: 'network_error',
    });
  });

  it('loads provider config once and a fresh nonce per call', async () => {
    const server = createContractFetch();
    const client = makeClient(server, memoryStorage());
    const [a, b] = await Promise.all([client.getProviders(), client.getProviders()]);
    expect(a.acme?.clientId).toBe('acme-client');
    expect(b).toBe(a);
    expect(server.count('/auth/providers')).toBe(1);
    expect(await client.getNonce()).not.toBe(await client.getNonce());
  });

  it('authFetch sends the bearer token, and on token_expired refreshes once and retries', async () => {
    const server = createContractFetch();
    const client = makeClient(server, memoryStorage());
    await client.signIn('acme', { idToken: 'good' });
    expect((await client.authFetch('http://auth.test/api/me')).status).toBe(200);

    server.expire('at-1');
    const response = await client.authFetch('http://auth.test/api/me');
    expect(response.status).toBe(200);
    expect(server.count('/auth/refresh')).toBe(1);
    expect(server.count('/api/me')).toBe(3);
    expect(client.getState().token).toBe('at-2');
  });

  it('signs out locally when the refresh token is refused', async () => {
    const server = createContractFetch();
    const client = makeClient(server, memoryStorage());
    await client.signIn('acme', { idToken: 'good' });
    server.expire('at-1');
    server.revokeAllRefreshTokens();
    const response = await client.authFetch('http://auth.test/api/me');
    expect(response.status).toBe(401);
    expect(client.getState()).toMatchObject({
      status: 'signedOut',
      token: null,
      error: { code: 'invalid_refresh_token' },
    });
  });

  it('refreshes on its own before the access token expires', async () => {
    const server = createContractFetch({ accessTokenTtlSeconds: 1 });
    const client = makeClient(server, memoryStorage());
    await client.signIn('acme', { idToken: 'good' });
    await vi.waitFor(() => expect(client.getState().token).toBe('at-2'), { timeout: 2000 });
    expect(server.count('/auth/refresh')).toBe(1);
  });

  it('two clients sharing storage refreshing at once send exactly one refresh request', async () => {
    const server = createContractFetch();
    const storage = memoryStorage();
    const a = makeClient(server, storage);
    const b = makeClient(server, storage);
    await a.signIn('acme', { idToken: 'good' });
    await b.ready();
    const [tokenA, tokenB] = await Promise.all([a.refresh(), b.refresh(), a.refresh()]);
    expect(server.count('/auth/refresh')).toBe(1);
    expect(tokenA).toBe('at-2');
    expect(tokenB).toBe('at-2');
  });

  it('sign-out clears every client on the storage and the server session, even with the server down', async () => {
    const server = createContractFetch();
    const storage = memoryStorage();
    const logoutAuthorization: (string | null)[] = [];
    const fetch: FetchLike = (input, init) => {
      if (String(input).endsWith('/auth/logout')) {
        logoutAuthorization.push(new Headers(init?.headers).get('authorization'));
      }
      return server.fetch(input, init);
    };
    const a = makeClient(server, storage, { fetch });
    const b = makeClient(server, storage);
    await a.signIn('acme', { idToken: 'good' });
    await b.ready();
    expect(b.getState().status).toBe('signedIn');
    const { token } = a.getState();

    await a.signOut();
    expect(server.count('/auth/logout')).toBe(1);
    expect(logoutAuthorization).toEqual([`Bearer ${token}`]);
    expect(a.getState().status).toBe('signedOut');
    await vi.waitFor(() => expect(b.getState().status).toBe('signedOut'));
    expect(await storage.getItem('socialkit.session')).toBeNull();

    await a.signIn('acme', { idToken: 'good' });
    server.setDown(true);
    await a.signOut();
    expect(a.getState().status).toBe('signedOut');
    expect(await storage.getItem('socialkit.session')).toBeNull();
  });

  it('reads tampered storage as signed out', async () => {
    const server = createContractFetch();
    const storage = memoryStorage();
    storage.setItem('socialkit.session', '{"token":1}');
    const client = makeClient(server, storage);
    await client.ready();
    expect(client.getState().status).toBe('signedOut');
  });

  it('rejects unusable options with a hint', () => {
    expect(() => createSocialAuthClient({ apiUrl: '' })).toThrow(/apiUrl/);
    expect(() => createSocialAuthClient({ apiUrl: '/auth', refreshMode: 'header' as never })).toThrow(
      /'cookie' or 'body'/,
    );
    expect(() =>
      createSocialAuthClient({ apiUrl: '/auth', allowedOrigins: ['https://api.test/v1'] }),
    ).toThrow(/origins like "https:\/\/api.example.com"/);
    const providers = { acme: 'acme-client' } as never;
    expect(() => createSocialAuthClient({ apiUrl: '/auth', providers })).toThrow(/providers.acme/);
  });
});
