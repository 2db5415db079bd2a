import { afterEach, describe, expect, it, vi } from 'vitest';
import { createContractFetch } from '../../test/support/contract-fetch';
import type { FetchLike } from './api';
import { createSocialAuthClient } from './client';
import type { SocialAuthClient } from './types';

const API = 'http://auth.test/auth';
const clients: SocialAuthClient[] = [];

function makeClient(fetch: FetchLike, extra = {}) {
  const client = createSocialAuthClient({ apiUrl: API, storage: 'memory', fetch, locks: null, ...extra });
  clients.push(client);
  return client;
}

afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
  vi.useRealTimers();
});

describe('pending link', () => {
  it('account_exists leaves a pending link; signing in with a proving provider sends the link token and links', async () => {
    const server = createContractFetch();
    const client = makeClient(server.fetch);
    const refused = await client.signIn('beta', { accessToken: 'beta-ada' }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'account_exists', status: 409, providers: ['acme'] });
    expect(client.getState()).toMatchObject({
      status: 'signedOut',
      pendingLink: { providers: ['acme'], provider: 'beta', expiresAt: expect.any(Number) },
    });
    expect(JSON.stringify(client.getState())).not.toContain('lt-1');

    const result = await client.signIn('acme', { idToken: 'good' });
    expect(server.lastBody('/auth/acme')).toEqual({ idToken: 'good', linkToken: 'lt-1' });
    expect(result).toMatchObject({ linked: { provider: 'beta', subject: 'beta-1' } });
    expect(client.getState()).toMatchObject({ status: 'signedIn', pendingLink: null });
    expect(client.getState().user?.providers).toEqual(['acme', 'beta']);
  });

  it('expires after 10 minutes, and a later sign-in sends no link token', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const server = createContractFetch();
    const client = makeClient(server.fetch);
    const refused = client.signIn('beta', { accessToken: 'beta-ada' }).catch(() => undefined);
    await vi.advanceTimersByTimeAsync(10);
    await refused;
    vi.advanceTimersByTime(9 * 60_000);
    expect(client.getState().pendingLink).not.toBeNull();
    vi.advanceTimersByTime(60_000);
    expect(client.getState().pendingLink).toBeNull();
    vi.useRealTimers();
    await client.signIn('acme', { idToken: 'good' });
    expect(server.lastBody('/auth/acme')).toEqual({ idToken: 'good' });
  });

  it('a refused link token drops the pending link; sign-out drops it too', async () => {
    const server = createContractFetch();
    const client = makeClient(server.fetch);
    await client.signIn('beta', { accessToken: 'beta-ada' }).catch(() => undefined);
    server.expireLinkTokens();
    await expect(client.signIn('acme', { idToken: 'good' })).rejects.toMatchObject({
      code: 'invalid_request',
    });
    expect(server.lastBody('/auth/acme')).toEqual({ idToken: 'good', linkToken: 'lt-1' });
    expect(client.getState()).toMatchObject({ status: 'signedOut', pendingLink: null });

    await client.signIn('beta', { accessToken: 'beta-ada' }).catch(() => undefined);
    expect(client.getState().pendingLink).not.toBeNull();
    await client.signOut();
    expect(client.getState().pendingLink).toBeNull();
  });
});

describe('link, unlink and sessions', () => {
  it('link and unlink update the user; the last identity cannot go; signed out they send nothing', async () => {
    const server = createContractFetch();
    const client = makeClient(server.fetch);
    await expect(client.link('beta', { accessToken: 'x' })).rejects.toMatchObject({ code: 'invalid_token' });
    expect(server.count('/auth/link/beta')).toBe(0);

    await client.signIn('acme', { idToken: 'good' });
    const linked = await client.link('beta', { accessToken: 'beta-ada' });
    expect(linked.providers).toEqual(['acme', 'beta']);
    expect(client.getState().user?.providers).toEqual(['acme', 'beta']);
    const link = server.requests.find((request) => request.path === '/auth/link/beta');
    expect(link?.headers.get('authorization')).toBe(`Bearer ${client.getState().token}`);

    await client.unlink('beta', 'beta-1');
    expect(client.getState().user?.providers).toEqual(['acme']);
    await expect(client.unlink('acme', 'ada-1')).rejects.toMatchObject({
      code: 'last_identity',
      status: 409,
    });
    expect(client.getState().user?.providers).toEqual(['acme']);
  });

  it('lists sessions, ends another device, and ending this one signs out here', async () => {
    const server = createContractFetch();
    const laptop = makeClient(server.fetch);
    const phone = makeClient(server.fetch);
    await laptop.signIn('acme', { idToken: 'good' });
    await phone.signIn('acme', { idToken: 'good' });

    const listed = await laptop.sessions.load();
    expect(listed.map((session) => session.current)).toEqual([true, false]);
    expect(laptop.sessions.getState()).toMatchObject({ status: 'ready', sessions: listed });

    const other = listed.find((session) => !session.current)?.id as string;
    await laptop.sessions.revoke(other);
    expect(laptop.sessions.getState().sessions.map((session) => session.id)).toEqual([listed[0]?.id]);
    expect((await phone.authFetch('http://auth.test/api/me')).status).toBe(401);
    expect(phone.getState().status).toBe('signedOut');

    await laptop.sessions.revoke(listed[0]?.id as string);
    expect(laptop.getState().status).toBe('signedOut');
  });

  it('revokeAll ends every session of the user with a Bearer logout', async () => {
    const server = createContractFetch();
    const laptop = makeClient(server.fetch);
    const phone = makeClient(server.fetch);
    await laptop.signIn('acme', { idToken: 'good' });
    await phone.signIn('acme', { idToken: 'good' });
    const { token } = laptop.getState();
    await laptop.sessions.revokeAll();
    expect(server.lastBody('/auth/logout')).toMatchObject({ all: true });
    const logout = server.requests.findLast((request) => request.path === '/auth/logout');
    expect(logout?.headers.get('authorization')).toBe(`Bearer ${token}`);
    expect(laptop.getState().status).toBe('signedOut');
    expect((await phone.authFetch('http://auth.test/api/me')).status).toBe(401);
  });
});

describe('authFetch origins', () => {
  it('sends the token to the API origin and allowed origins only; a third-party 401 changes nothing', async () => {
    const server = createContractFetch();
    const seen: { url: string; authorization: string | null }[] = [];
    const fetch: FetchLike = async (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      seen.push({ url, authorization: new Headers(init?.headers).get('authorization') });
      if (url.startsWith('https://widgets.example')) return new Response('{}', { status: 401 });
      return server.fetch(input, init);
    };
    const client = makeClient(fetch, { allowedOrigins: ['https://files.example'] });
    await client.signIn('acme', { idToken: 'good' });
    const bearer = `Bearer ${client.getState().token}`;
    seen.length = 0;

    await client.authFetch('http://auth.test/api/me');
    await client.authFetch(new URL('https://files.example/upload'));
    expect((await client.authFetch('https://widgets.example/api')).status).toBe(401);
    await client.authFetch('http://auth.test.evil.example/api/me');
    expect(seen).toEqual([
      { url: 'http://auth.test/api/me', authorization: bearer },
      { url: 'https://files.example/upload', authorization: bearer },
      { url: 'https://widgets.example/api', authorization: null },
      { url: 'http://auth.test.evil.example/api/me', authorization: null },
    ]);
    expect(server.count('/auth/refresh')).toBe(0);
    expect(client.getState().status).toBe('signedIn');
  });
});
