import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSocialAuthClient } from '../src/core/client';
import { memoryStorage, type StorageAdapter } from '../src/core/storage';
import type { SocialAuthClient, StoredSession } from '../src/core/types';
import { type AuthServer, startAuthServer } from './support/auth-server';

let server: AuthServer;
const clients: SocialAuthClient[] = [];

beforeAll(async () => {
  server = await startAuthServer({ accessTokenTtl: 2 });
});
afterAll(() => server?.close());
afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
  server.facebook.faults.clear();
  server.resetCounts();
});

function makeClient(storage: StorageAdapter, refreshLeewaySeconds?: number) {
  const client = createSocialAuthClient({ apiUrl: server.apiUrl, storage, refreshLeewaySeconds });
  clients.push(client);
  return client;
}

let userCount = 0;
/** A new Google user per call, so each test starts from a first sign-in. */
async function signInWithGoogle(client: SocialAuthClient) {
  userCount += 1;
  const nonce = await client.getNonce();
  const claims = { nonce, sub: `google-${userCount}`, email: `user${userCount}@example.com` };
  return client.signIn('google', { idToken: await server.google.mintIdToken(claims) });
}

const me = (client: SocialAuthClient) => client.authFetch(`${server.origin}/api/me`);

describe('client against @socialkit/express', () => {
  it('loads the public provider config', async () => {
    const config = await makeClient(memoryStorage()).getProviders();
    expect(config.google?.clientId).toBe(server.google.clientId);
    expect(config.facebook?.appId).toBe(server.facebook.appId);
  });

  it('signs in with Google using a server nonce, which cannot be replayed', async () => {
    const client = makeClient(memoryStorage());
    const nonce = await client.getNonce();
    const idToken = await server.google.mintIdToken({ nonce });
    const { user } = await client.signIn('google', { idToken });
    expect(user.email).toBe(server.google.defaultUser.email);
    expect(client.getState()).toMatchObject({ status: 'signedIn', user: { id: user.id } });
    expect((await (await me(client)).json()).userId).toBe(user.id);

    const replay = makeClient(memoryStorage());
    await expect(replay.signIn('google', { idToken })).rejects.toMatchObject({
      code: 'invalid_token',
      status: 401,
    });
    const unknownNonce = await server.google.mintIdToken({ nonce: 'never-issued' });
    await expect(replay.signIn('google', { idToken: unknownNonce })).rejects.toMatchObject({
      code: 'invalid_token',
    });
  });

  it('signs in with Facebook using an access token and user id', async () => {
    const client = makeClient(memoryStorage());
    const accessToken = server.facebook.issueUserToken({ id: '20000000001', email: 'fb-own@example.com' });
    const { user } = await client.signIn('facebook', { accessToken, userID: '20000000001' });
    expect(user.providers).toContain('facebook');
    expect(client.getState().status).toBe('signedIn');
  });

  it('a Facebook sign-in onto a Google account waits as a pending link, and signing in with Google links it', async () => {
    const client = makeClient(memoryStorage());
    const google = await signInWithGoogle(client);
    await client.signOut();
    const email = google.user.email as string;
    const facebookId = `3000000000${userCount}`;
    const accessToken = server.facebook.issueUserToken({ id: facebookId, email });
    const refused = await client
      .signIn('facebook', { accessToken, userID: facebookId })
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'account_exists', status: 409, providers: ['google'] });
    expect(client.getState().pendingLink).toMatchObject({ providers: ['google'], provider: 'facebook' });

    const idToken = await server.google.mintIdToken({
      nonce: await client.getNonce(),
      sub: `google-${userCount}`,
      email,
    });
    const linked = await client.signIn('google', { idToken });
    expect(server.lastBody('/auth/google')).toEqual({ idToken, linkToken: expect.any(String) });
    expect(linked.user.id).toBe(google.user.id);
    expect(linked.user.providers.sort()).toEqual(['facebook', 'google']);
    expect(client.getState().pendingLink).toBeNull();

    // Both providers now sign in to the one account.
    const again = makeClient(memoryStorage());
    const viaFacebook = await again.signIn('facebook', {
      accessToken: server.facebook.issueUserToken({ id: facebookId, email }),
      userID: facebookId,
    });
    expect(viaFacebook.user.id).toBe(google.user.id);
  });

  it('links and unlinks identities and lists and ends sessions, with the Bearer', async () => {
    const laptop = makeClient(memoryStorage());
    const { user } = await signInWithGoogle(laptop);
    const fbId = `4000000000${userCount}`;
    const linkedUser = await laptop.link('facebook', {
      accessToken: server.facebook.issueUserToken({ id: fbId, email: `fb-link-${userCount}@example.com` }),
      userID: fbId,
    });
    expect(linkedUser.providers.sort()).toEqual(['facebook', 'google']);
    expect(laptop.getState().user?.providers.sort()).toEqual(['facebook', 'google']);
    const afterUnlink = await laptop.unlink('facebook', fbId);
    expect(afterUnlink.providers).toEqual(['google']);
    await expect(laptop.unlink('google', `google-${userCount}`)).rejects.toMatchObject({
      code: 'last_identity',
      status: 409,
    });

    const phone = makeClient(memoryStorage());
    const nonce = await phone.getNonce();
    await phone.signIn('google', {
      idToken: await server.google.mintIdToken({
        nonce,
        sub: `google-${userCount}`,
        email: user.email as string,
      }),
    });
    const sessions = await laptop.sessions.load();
    expect(sessions).toHaveLength(2);
    expect(sessions.filter((session) => session.current)).toHaveLength(1);
    const other = sessions.find((session) => !session.current);
    await laptop.sessions.revoke(other?.id as string);
    expect(laptop.sessions.getState().sessions).toHaveLength(1);
    await expect(phone.refresh()).resolves.toBeNull();
    expect(phone.getState().status).toBe('signedOut');

    await laptop.sessions.revokeAll();
    expect(laptop.getState().status).toBe('signedOut');
    expect(server.count('POST /auth/logout')).toBeGreaterThanOrEqual(1);
  });

  it('surfaces server error codes', async () => {
    const client = makeClient(memoryStorage());
    const otherApp = server.facebook.issueUserToken({}, { appId: 'another-app' });
    await expect(client.signIn('facebook', { accessToken: otherApp })).rejects.toMatchObject({
      code: 'invalid_token',
    });
    await expect(client.signIn('twitter' as 'google', { idToken: 'x' })).rejects.toMatchObject({
      code: 'unknown_provider',
      status: 404,
    });
    // Google keys are cached by then, so the provider outage is played by Facebook's Graph API.
    server.facebook.faults.set({ status: 500 });
    const accessToken = server.facebook.issueUserToken({ id: 'fb-outage', email: 'outage@example.com' });
    await expect(client.signIn('facebook', { accessToken })).rejects.toMatchObject({
      code: 'provider_unavailable',
    });
    expect(client.getState()).toMatchObject({ status: 'signedOut', error: { code: 'provider_unavailable' } });
  });

  it('restores the session from storage in a new client', async () => {
    const storage = memoryStorage();
    const { user } = await signInWithGoogle(makeClient(storage));
    const restored = makeClient(storage);
    await restored.ready();
    expect(restored.getState()).toMatchObject({ status: 'signedIn', user: { id: user.id } });
    expect((await me(restored)).status).toBe(200);
  });

  it('refreshes before the access token expires', async () => {
    const client = makeClient(memoryStorage());
    await signInWithGoogle(client);
    const first = client.getState().token;
    await vi.waitFor(() => expect(client.getState().token).not.toBe(first), { timeout: 3000, interval: 50 });
    expect(server.count('POST /auth/refresh')).toBe(1);
    expect((await me(client)).status).toBe(200);
  });

  it('on token_expired from the API refreshes once and retries', async () => {
    const storage = memoryStorage();
    const signer = makeClient(storage);
    await signInWithGoogle(signer);
    signer.destroy();
    await new Promise((resolve) => setTimeout(resolve, 2100));
    // A client whose clock runs behind still believes the token is fresh.
    const stored = JSON.parse((await storage.getItem('socialkit.session')) as string) as StoredSession;
    await storage.setItem(
      'socialkit.session',
      JSON.stringify({ ...stored, expiresAt: Date.now() + 3_600_000 }),
    );

    const skewed = makeClient(storage);
    server.resetCounts();
    const response = await me(skewed);
    expect(response.status).toBe(200);
    expect(server.count('GET /api/me')).toBe(2);
    expect(server.count('POST /auth/refresh')).toBe(1);
    expect(skewed.getState().token).not.toBe(stored.token);
  });

  it('two clients sharing storage refreshing at once send exactly one refresh request', async () => {
    const storage = memoryStorage();
    const a = makeClient(storage);
    const b = makeClient(storage);
    await signInWithGoogle(a);
    await b.ready();
    server.resetCounts();
    const [tokenA, tokenB] = await Promise.all([a.refresh(), b.refresh()]);
    expect(server.count('POST /auth/refresh')).toBe(1);
    expect(tokenA).toBe(tokenB);
    expect((await me(b)).status).toBe(200);
  });

  it('signs out everywhere: other clients observe it and the refresh token is revoked', async () => {
    const storage = memoryStorage();
    const a = makeClient(storage);
    const b = makeClient(storage);
    await signInWithGoogle(a);
    await b.ready();
    const { refreshToken } = JSON.parse(
      (await storage.getItem('socialkit.session')) as string,
    ) as StoredSession;

    await a.signOut();
    expect(server.count('POST /auth/logout')).toBe(1);
    await vi.waitFor(() => expect(b.getState().status).toBe('signedOut'));
    const reuse = await fetch(`${server.apiUrl}/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken }),
    });
    expect(reuse.status).toBe(401);
    expect((await reuse.json()).error.code).toBe('invalid_refresh_token');
  });
});
