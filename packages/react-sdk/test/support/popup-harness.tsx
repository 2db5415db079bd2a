import type { CallbackMessage } from '@socialkit/contract';
import { type RenderResult, render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { expect, vi } from 'vitest';
import type { SocialButton } from '../../src/buttons/registry';
import { createSocialAuthClient } from '../../src/core/client';
import type { ProvidersConfig, SocialAuthClient } from '../../src/core/types';
import { SocialAuthProvider } from '../../src/SocialAuthProvider';

/** A window as `window.open` returns it, recording where the flow sends it. */
export class FakePopup {
  closed = false;
  readonly visited: string[] = [];
  readonly location = { replace: (url: string) => void this.visited.push(url) };
  close() {
    this.closed = true;
  }
  async authorizeUrl(): Promise<URL> {
    await vi.waitFor(() => expect(this.visited).toHaveLength(1));
    return new URL(this.visited[0] as string);
  }
  /** What the router's callback page posts to its opener. */
  answer(fields: Omit<CallbackMessage, 'type'>) {
    const event = new Event('message');
    Object.defineProperties(event, {
      data: { value: { type: 'socialkit:callback', ...fields } },
      origin: { value: window.location.origin },
      source: { value: this },
    });
    window.dispatchEvent(event);
  }
}

/** `window.open` answering with a fresh {@link FakePopup} (or `null`, a blocked popup). */
export function stubWindowOpen(blocked = false) {
  const popups: FakePopup[] = [];
  const open = vi.spyOn(window, 'open').mockImplementation(() => {
    if (blocked) return null;
    const popup = new FakePopup();
    popups.push(popup);
    return popup as unknown as Window;
  });
  return { open, popups };
}

/**
 * The socialkit routes the buttons call, in memory: `GET /providers` from `providers`, one-time
 * nonces, and a session for any sign-in; every sign-in body is kept per path.
 */
export function fakeAuthServer(providers: ProvidersConfig) {
  const bodies = new Map<string, Record<string, unknown>>();
  let nonces = 0;
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const path = new URL(String(input), window.location.href).pathname;
    if (path === '/auth/providers')
      return json(200, { providers: Object.entries(providers).map(([id, config]) => ({ id, ...config })) });
    if (path === '/auth/nonce') return json(200, { nonce: `server-nonce-${++nonces}`, expiresIn: 300 });
    if (path === '/auth/refresh')
      return json(401, { error: { code: 'invalid_refresh_token', message: 'none' } });
    const body = JSON.parse(String(init?.body ?? '{}')) as Record<string, unknown>;
    bodies.set(path, body);
    const user = {
      id: 'u1',
      email: 'ada@example.com',
      emailVerified: true,
      name: 'Ada',
      picture: null,
      providers: [path.slice(6)],
    };
    if (path.startsWith('/auth/link/')) return json(200, { user });
    return json(200, {
      token: 'at-1',
      tokenType: 'Bearer',
      expiresIn: 900,
      refreshToken: 'rt-1',
      user,
      isNewUser: true,
    });
  });
  return { fetch, bodies, nonceCount: () => nonces };
}

/** Renders `ui` under a provider whose config comes from the fake server's `GET /providers`. */
export function renderWithAuth(
  server: ReturnType<typeof fakeAuthServer>,
  buttons: SocialButton[],
  ui: ReactNode,
): RenderResult & { client: SocialAuthClient } {
  const client = createSocialAuthClient({
    apiUrl: '/auth',
    fetch: server.fetch,
    storage: 'memory',
    locks: null,
  });
  const view = render(
    <SocialAuthProvider client={client} buttons={buttons}>
      {ui}
    </SocialAuthProvider>,
  );
  return { ...view, client };
}
