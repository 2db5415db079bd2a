import { CALLBACK_CHANNEL, type CallbackMessage } from '@socialkit/contract';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isSocialAuthError } from '../errors';
import type { CodeCredential, PopupCodeFlowOptions } from './options';
import { base64Url } from './pkce';
import { runPopupAttempt } from './popup-attempt';
import { popupSignIn } from './popup-sign-in';

const OPTIONS: PopupCodeFlowOptions = {
  provider: 'github',
  apiUrl: '/auth',
  authorizationEndpoint: 'https://github.test/login/oauth/authorize?allow_signup=true',
  clientId: 'gh-client',
  scope: 'read:user user:email',
};

/** A stand-in for the window `window.open` returns: records where the flow sends it. */
class FakePopup {
  closed = false;
  readonly visited: string[] = [];
  readonly location = { replace: (url: string) => void this.visited.push(url) };
  close() {
    this.closed = true;
  }
  /** Resolves with the authorization URL once the flow has loaded it. */
  async authorizeUrl(): Promise<URL> {
    await vi.waitFor(() => expect(this.visited).toHaveLength(1));
    return new URL(this.visited[0] as string);
  }
}

function fakeClient() {
  return {
    getNonce: vi.fn(async () => 'server-nonce-1'),
    signIn: vi.fn(async (_provider: string, _credential: CodeCredential) => ({ user: { id: 'u1' } })),
  };
}

function openReturns(popup: FakePopup | null) {
  return vi.spyOn(window, 'open').mockImplementation(() => popup as unknown as Window);
}

/** What the callback page's `postMessage` to its opener looks like to the waiting page. */
function messageFrom(source: unknown, data: unknown, origin = window.location.origin) {
  const event = new Event('message');
  Object.defineProperties(event, {
    data: { value: data },
    origin: { value: origin },
    source: { value: source },
  });
  window.dispatchEvent(event);
}

function callback(state: string, fields: Partial<CallbackMessage> = {}): CallbackMessage {
  return { type: 'socialkit:callback', provider: 'github', state, ...fields };
}

async function s256(verifier: string) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

async function failure(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (cause: unknown) => cause,
  );
  expect(isSocialAuthError(error)).toBe(true);
  return error as { code: string };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('popupSignIn', () => {
  it('sends PKCE S256, a 256-bit state and the callback URL, then posts code, verifier and redirectUri', async () => {
    const popup = new FakePopup();
    const open = openReturns(popup);
    const client = fakeClient();
    const result = popupSignIn(client, { ...OPTIONS, provider: 'oidc', nonce: true });
    expect(open).toHaveBeenCalledTimes(1);
    expect(open.mock.calls[0]?.[0]).toBe('about:blank');

    const url = await popup.authorizeUrl();
    const query = url.searchParams;
    const redirectUri = `${window.location.origin}/auth/callback/oidc`;
    expect(`${url.origin}${url.pathname}`).toBe('https://github.test/login/oauth/authorize');
    expect(Object.fromEntries(query)).toMatchObject({
      allow_signup: 'true',
      response_type: 'code',
      client_id: 'gh-client',
      redirect_uri: redirectUri,
      scope: 'read:user user:email',
      code_challenge_method: 'S256',
      nonce: 'server-nonce-1',
    });
    const state = query.get('state') ?? '';
    expect(state).toMatch(/^[A-Za-z0-9_-]{43}$/);

    messageFrom(popup, { ...callback(state, { code: 'the-code' }), provider: 'oidc' });
    await expect(result).resolves.toEqual({ user: { id: 'u1' } });
    const [provider, credential] = client.signIn.mock.calls[0] ?? [];
    expect(provider).toBe('oidc');
    expect(credential).toEqual({ code: 'the-code', codeVerifier: expect.any(String), redirectUri });
    expect(credential?.codeVerifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await s256(credential?.codeVerifier ?? '')).toBe(query.get('code_challenge'));
    expect(popup.closed).toBe(true);
  });

  it('asks for no nonce unless the provider takes one, and a new state and verifier every attempt', async () => {
    const states: string[] = [];
    const verifiers: string[] = [];
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const popup = new FakePopup();
      openReturns(popup);
      const client = fakeClient();
      const result = popupSignIn(client, OPTIONS);
      const query = (await popup.authorizeUrl()).searchParams;
      expect(query.has('nonce')).toBe(false);
      states.push(query.get('state') ?? '');
      messageFrom(popup, callback(query.get('state') ?? '', { code: 'c' }));
      await result;
      expect(client.getNonce).not.toHaveBeenCalled();
      verifiers.push(client.signIn.mock.calls[0]?.[1].codeVerifier ?? '');
    }
    expect(states[0]).not.toBe(states[1]);
    expect(verifiers[0]).not.toBe(verifiers[1]);
  });

  it('ignores messages from another origin or another window', async () => {
    const popup = new FakePopup();
    openReturns(popup);
    const client = fakeClient();
    const result = popupSignIn(client, OPTIONS);
    const state = (await popup.authorizeUrl()).searchParams.get('state') ?? '';

    messageFrom(popup, callback(state, { code: 'from-evil-origin' }), 'https://evil.example');
    messageFrom(window, callback(state, { code: 'from-another-window' }));
    messageFrom(null, callback(state, { code: 'from-nowhere' }));
    messageFrom(popup, { type: 'something-else', state, code: 'unrelated' });
    messageFrom(popup, callback(state, { code: 'genuine' }));

    await result;
    expect(client.signIn).toHaveBeenCalledTimes(1);
    expect(client.signIn.mock.calls[0]?.[1].code).toBe('genuine');
  });

  it('takes the answer from the BroadcastChannel keyed by state when the popup lost its opener', async () => {
    const popup = new FakePopup();
    openReturns(popup);
    const client = fakeClient();
    // Microsoft's COOP makes the severed window read as closed while the user is still signing in.
    const result = popupSignIn(client, { ...OPTIONS, trustClosed: false });
    const state = (await popup.authorizeUrl()).searchParams.get('state') ?? '';
    popup.closed = true;

    const callbackPage = new BroadcastChannel(CALLBACK_CHANNEL);
    try {
      callbackPage.postMessage(callback('another-tabs-state', { code: 'not-ours' }));
      await new Promise((resolve) => setTimeout(resolve, 1200));
      callbackPage.postMessage(callback(state, { code: 'over-the-channel' }));
      await result;
    } finally {
      callbackPage.close();
    }
    expect(client.signIn).toHaveBeenCalledTimes(1);
    expect(client.signIn.mock.calls[0]?.[1].code).toBe('over-the-channel');
  });

  it('refuses a callback with another state: state_mismatch, nothing posted, window closed', async () => {
    const popup = new FakePopup();
    openReturns(popup);
    const client = fakeClient();
    const result = popupSignIn(client, OPTIONS);
    await popup.authorizeUrl();
    messageFrom(popup, callback('attacker-state', { code: 'injected-code' }));
    expect((await failure(result)).code).toBe('state_mismatch');
    expect(client.signIn).not.toHaveBeenCalled();
    expect(popup.closed).toBe(true);
  });

  it('reports a blocked popup as popup_blocked without asking for a nonce', async () => {
    openReturns(null);
    const client = fakeClient();
    expect((await failure(popupSignIn(client, { ...OPTIONS, nonce: true }))).code).toBe('popup_blocked');
    expect(client.getNonce).not.toHaveBeenCalled();
    expect(client.signIn).not.toHaveBeenCalled();
  });

  it('reports a window the user closed as popup_closed', async () => {
    const popup = new FakePopup();
    openReturns(popup);
    const client = fakeClient();
    const result = popupSignIn(client, OPTIONS);
    await popup.authorizeUrl();
    popup.close();
    expect((await failure(result)).code).toBe('popup_closed');
    expect(client.signIn).not.toHaveBeenCalled();
  });

  it('gives up after timeoutMs with popup_timeout and closes the window', async () => {
    const popup = new FakePopup();
    openReturns(popup);
    const client = fakeClient();
    const result = popupSignIn(client, { ...OPTIONS, timeoutMs: 200 });
    expect((await failure(result)).code).toBe('popup_timeout');
    expect(popup.closed).toBe(true);
    expect(client.signIn).not.toHaveBeenCalled();
  });

  it('maps error=access_denied to access_denied and other provider errors to provider_error', async () => {
    for (const [error, code] of [
      ['access_denied', 'access_denied'],
      ['user_cancelled_authorize', 'access_denied'],
      ['server_error', 'provider_error'],
    ]) {
      const popup = new FakePopup();
      openReturns(popup);
      const client = fakeClient();
      const result = popupSignIn(client, OPTIONS);
      const state = (await popup.authorizeUrl()).searchParams.get('state') ?? '';
      messageFrom(popup, callback(state, { error }));
      expect((await failure(result)).code).toBe(code);
      expect(client.signIn).not.toHaveBeenCalled();
    }
  });

  it('fails with the nonce error and closes the window when POST /nonce fails', async () => {
    const popup = new FakePopup();
    openReturns(popup);
    const client = fakeClient();
    const { SocialAuthError } = await import('../errors');
    client.getNonce.mockRejectedValueOnce(new SocialAuthError('rate_limited', 'slow down'));
    expect((await failure(popupSignIn(client, { ...OPTIONS, nonce: true }))).code).toBe('rate_limited');
    expect(popup.closed).toBe(true);
    expect(popup.visited).toEqual([]);
  });

  it('cancels a waiting attempt when a new one starts, and on abort', async () => {
    const first = new FakePopup();
    openReturns(first);
    const client = fakeClient();
    const earlier = popupSignIn(client, OPTIONS);
    await first.authorizeUrl();
    const second = new FakePopup();
    openReturns(second);
    const controller = new AbortController();
    const later = popupSignIn(client, { ...OPTIONS, signal: controller.signal });
    expect((await failure(earlier)).code).toBe('cancelled');
    expect(first.closed).toBe(true);
    await second.authorizeUrl();
    controller.abort();
    expect((await failure(later)).code).toBe('cancelled');
    expect(client.signIn).not.toHaveBeenCalled();
  });

  it("passes Apple's first-consent user JSON through with the code", async () => {
    const popup = new FakePopup();
    openReturns(popup);
    const client = fakeClient();
    const result = popupSignIn(client, {
      ...OPTIONS,
      provider: 'apple',
      params: { response_mode: 'form_post' },
    });
    const query = (await popup.authorizeUrl()).searchParams;
    expect(query.get('response_mode')).toBe('form_post');
    const user = JSON.stringify({ name: { firstName: 'Ada', lastName: 'Lovelace' } });
    messageFrom(popup, {
      ...callback(query.get('state') ?? '', { code: 'apple-code', user }),
      provider: 'apple',
    });
    await result;
    expect(client.signIn.mock.calls[0]?.[1]).toMatchObject({ code: 'apple-code', user });
  });
});

describe('popupSignIn options', () => {
  it('leaves PKCE out for a provider that ignores it, and can ask for an ID token with the code', async () => {
    const popup = new FakePopup();
    openReturns(popup);
    const client = fakeClient();
    const result = popupSignIn(client, {
      ...OPTIONS,
      provider: 'apple',
      pkce: false,
      nonce: true,
      responseType: 'code id_token',
    });
    const query = (await popup.authorizeUrl()).searchParams;
    expect(query.get('response_type')).toBe('code id_token');
    expect(query.has('code_challenge')).toBe(false);
    expect(query.has('code_challenge_method')).toBe(false);
    messageFrom(popup, {
      ...callback(query.get('state') ?? '', { code: 'c', idToken: 't' }),
      provider: 'apple',
    });
    await result;
    expect(client.signIn.mock.calls[0]?.[1]).toEqual({
      code: 'c',
      redirectUri: `${window.location.origin}/auth/callback/apple`,
    });
  });

  it('refuses an apiUrl on another origin before opening anything: its callback page could not answer', async () => {
    const open = openReturns(new FakePopup());
    const client = fakeClient();
    const error = await failure(
      popupSignIn(client, { ...OPTIONS, apiUrl: 'https://api.elsewhere.test/auth' }),
    );
    expect(error.code).toBe('provider_not_configured');
    expect(open).not.toHaveBeenCalled();
  });

  it('builds the callback URL under an absolute same-origin apiUrl with a trailing slash', async () => {
    const popup = new FakePopup();
    openReturns(popup);
    void popupSignIn(fakeClient(), { ...OPTIONS, apiUrl: `${window.location.origin}/api/auth/` }).catch(
      () => undefined,
    );
    const query = (await popup.authorizeUrl()).searchParams;
    expect(query.get('redirect_uri')).toBe(`${window.location.origin}/api/auth/callback/github`);
    popup.close();
  });
});

describe('runPopupAttempt', () => {
  function recordingAttempt() {
    const events: string[] = [];
    return {
      events,
      begin: () => void events.push('begin'),
      complete: async (credential: Readonly<Record<string, unknown>>) =>
        void events.push(`complete:${String(credential.code)}`),
      fail: (cause: unknown) => void events.push(`fail:${(cause as { code?: string }).code}`),
    };
  }

  it('marks the attempt busy, then completes with the code credential', async () => {
    const popup = new FakePopup();
    openReturns(popup);
    const attempt = recordingAttempt();
    const run = runPopupAttempt(attempt, OPTIONS, async () => 'n');
    expect(attempt.events).toEqual(['begin']);
    messageFrom(
      popup,
      callback((await popup.authorizeUrl()).searchParams.get('state') ?? '', { code: 'abc' }),
    );
    await run;
    expect(attempt.events).toEqual(['begin', 'complete:abc']);
  });

  it('a second click supersedes the first without reporting the first one’s cancellation', async () => {
    const first = new FakePopup();
    openReturns(first);
    const attempt = recordingAttempt();
    const earlier = runPopupAttempt(attempt, OPTIONS, async () => 'n');
    await first.authorizeUrl();
    const second = new FakePopup();
    openReturns(second);
    const later = runPopupAttempt(attempt, OPTIONS, async () => 'n');
    await earlier;
    expect(first.closed).toBe(true);
    messageFrom(
      second,
      callback((await second.authorizeUrl()).searchParams.get('state') ?? '', { code: 'second' }),
    );
    await later;
    expect(attempt.events).toEqual(['begin', 'begin', 'complete:second']);
  });
});

describe('a window closed before the provider loads', () => {
  it('is popup_closed at once, even when closed windows are not trusted later', async () => {
    const popup = new FakePopup();
    openReturns(popup);
    const client = fakeClient();
    let releaseNonce = () => {};
    client.getNonce.mockImplementationOnce(
      () =>
        new Promise<string>((resolve) => {
          releaseNonce = () => resolve('late-nonce');
        }),
    );
    const started = Date.now();
    const result = popupSignIn(client, { ...OPTIONS, nonce: true, trustClosed: false });
    await vi.waitFor(() => expect(client.getNonce).toHaveBeenCalled());
    popup.close();
    releaseNonce();
    expect((await failure(result)).code).toBe('popup_closed');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(popup.visited).toEqual([]);
    expect(client.signIn).not.toHaveBeenCalled();
  });
});

describe('an attempt cancelled while the nonce is on its way', () => {
  it('ends with cancelled and never loads the provider', async () => {
    const popup = new FakePopup();
    openReturns(popup);
    const client = fakeClient();
    let releaseNonce = () => {};
    client.getNonce.mockImplementationOnce(
      () =>
        new Promise<string>((resolve) => {
          releaseNonce = () => resolve('late-nonce');
        }),
    );
    const controller = new AbortController();
    const result = popupSignIn(client, { ...OPTIONS, nonce: true, signal: controller.signal });
    await vi.waitFor(() => expect(client.getNonce).toHaveBeenCalled());
    controller.abort();
    releaseNonce();
    expect((await failure(result)).code).toBe('cancelled');
    expect(popup.visited).toEqual([]);
  });
});
