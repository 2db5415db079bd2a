import { afterEach, describe, expect, it, vi } from 'vitest';
import { createContractFetch } from '../../test/support/contract-fetch';
import { createSocialAuthClient } from './client';
import { createNonceObserver } from './nonce';
import { createSignInAttempt } from './sign-in-attempt';
import type { SocialAuthClient } from './types';

// What a Vue or Svelte adapter would wrap: every state machine is `subscribe` + `getState`.
const clients: SocialAuthClient[] = [];
function makeClient(server = createContractFetch(), extra = {}) {
  const client = createSocialAuthClient({
    apiUrl: 'http://auth.test/auth',
    storage: 'memory',
    fetch: server.fetch,
    ...extra,
  });
  clients.push(client);
  return { client, server };
}
afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});

describe('provider config observer', () => {
  it('loads GET /providers once, on the first subscriber, and notifies', async () => {
    const { client, server } = makeClient();
    expect(client.providers.getState()).toEqual({ status: 'loading', config: null, error: null });
    expect(server.count('/auth/providers')).toBe(0);
    const seen: string[] = [];
    const stop = [1, 2].map(() =>
      client.providers.subscribe(() => seen.push(client.providers.getState().status)),
    );
    await vi.waitFor(() => expect(client.providers.getState().status).toBe('ready'));
    expect(client.providers.getState().config?.acme).toEqual({ id: 'acme', clientId: 'acme-client' });
    expect(server.count('/auth/providers')).toBe(1);
    expect(seen).toEqual(['ready', 'ready']);
    for (const unsubscribe of stop) unsubscribe();
  });

  it('is ready at once with given config, and a failed load is retried by the next load()', async () => {
    const given = makeClient(undefined, { providers: { acme: { clientId: 'x' } } }).client;
    expect(given.providers.getState()).toMatchObject({
      status: 'ready',
      config: { acme: { clientId: 'x' } },
    });

    const { client, server } = makeClient();
    server.setDown(true);
    await expect(client.providers.load()).rejects.toMatchObject({ code: 'network_error' });
    expect(client.providers.getState()).toMatchObject({ status: 'error', error: { code: 'network_error' } });
    server.setDown(false);
    await client.providers.load();
    expect(client.providers.getState().status).toBe('ready');
  });
});

describe('nonce observer', () => {
  it('fetches a nonce for the first subscriber and a different one on renew, dropping superseded answers', async () => {
    const { client, server } = makeClient();
    const nonce = createNonceObserver(client);
    const unsubscribe = nonce.subscribe(() => undefined);
    await vi.waitFor(() => expect(nonce.getState().nonce).toEqual(expect.any(String)));
    const first = nonce.getState().nonce;

    const release = server.hold();
    nonce.renew();
    nonce.renew();
    expect(nonce.getState().nonce).toBeNull();
    release();
    await vi.waitFor(() => expect(nonce.getState().nonce).toEqual(expect.any(String)));
    expect(nonce.getState().nonce).not.toBe(first);
    expect(server.count('/auth/nonce')).toBe(3);
    unsubscribe();
  });
});

describe('sign-in attempt', () => {
  it('is busy from begin to the answer, then calls onSuccess; a refusal is kept and reported', async () => {
    const { client, server } = makeClient();
    const onSuccess = vi.fn();
    const onError = vi.fn();
    const attempt = createSignInAttempt(client, 'acme', { onSuccess, onError });
    const states: boolean[] = [];
    attempt.subscribe(() => states.push(attempt.getState().busy));

    attempt.begin();
    const release = server.hold();
    const done = attempt.complete({ idToken: 'good' });
    expect(attempt.getState()).toEqual({ busy: true, error: null });
    release();
    await done;
    expect(onSuccess).toHaveBeenCalledWith({
      user: expect.objectContaining({ id: 'ada' }),
      isNewUser: false,
    });
    expect(attempt.getState()).toEqual({ busy: false, error: null });
    expect(states).toEqual([true, false]);

    await attempt.complete({ idToken: 'forged' });
    expect(attempt.getState()).toMatchObject({ busy: false, error: { code: 'invalid_token' } });
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'invalid_token' }));
  });

  it('with intent "link" posts to the link route for the signed-in user', async () => {
    const { client, server } = makeClient();
    await client.signIn('acme', { idToken: 'good' });
    const onSuccess = vi.fn();
    await createSignInAttempt(client, 'beta', { intent: 'link', onSuccess }).complete({
      accessToken: 'beta-ada',
    });
    expect(server.count('/auth/link/beta')).toBe(1);
    expect(onSuccess).toHaveBeenCalledWith({
      user: expect.objectContaining({ providers: ['acme', 'beta'] }),
      isNewUser: false,
    });
  });
});
