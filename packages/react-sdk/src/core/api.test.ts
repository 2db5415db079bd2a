import { describe, expect, it } from 'vitest';
import { createAuthApi } from './accounts';
import type { FetchLike } from './api';

interface Seen {
  url: string;
  method: string;
  authorization: string | null;
  body: unknown;
}

function recordingFetch(answer: () => Response) {
  const seen: Seen[] = [];
  const fetch: FetchLike = async (input, init) => {
    const headers = new Headers(init?.headers);
    seen.push({
      url: String(input),
      method: init?.method ?? 'GET',
      authorization: headers.get('authorization'),
      body: init?.body ? JSON.parse(String(init.body)) : undefined,
    });
    return answer();
  };
  return { fetch, seen };
}

describe('createAuthApi', () => {
  it('keys the public provider config by id, keeping each provider’s own fields and dropping entries without an id', async () => {
    const body = {
      providers: [
        { id: 'acme', clientId: 'a', flows: ['idToken', 'code'] },
        { id: 'corp', name: 'Corp', issuer: 'https://id.corp.test' },
        { clientId: 'no-id' },
        null,
      ],
    };
    const { fetch, seen } = recordingFetch(() => Response.json(body));
    expect(await createAuthApi('/auth', fetch).providers()).toEqual({
      acme: { id: 'acme', clientId: 'a', flows: ['idToken', 'code'] },
      corp: { id: 'corp', name: 'Corp', issuer: 'https://id.corp.test' },
    });
    expect(seen.map((call) => `${call.method} ${call.url}`)).toEqual(['GET /auth/providers']);
  });

  it('cookie mode sends the refresh header with same-origin credentials and never a refresh token', async () => {
    const calls: { url: string; init: RequestInit | undefined }[] = [];
    const api = createAuthApi(
      '/auth',
      async (input, init) => {
        calls.push({ url: String(input), init });
        return new Response(null, { status: 204 });
      },
      'cookie',
    );
    await api.logout(undefined, 'at-1');
    await api.logout('rt-should-not-be-sent', 'at-1', true);
    for (const { init } of calls) {
      expect(init?.credentials).toBe('same-origin');
      expect(new Headers(init?.headers).get('socialkit-refresh')).toBe('cookie');
    }
    expect(calls.map(({ init }) => JSON.parse(String(init?.body)))).toEqual([{}, { all: true }]);
  });

  it('cookie mode chosen for an API on another origin of the site sends the cookie there too', async () => {
    const calls: RequestInit[] = [];
    const api = createAuthApi(
      'https://api.localhost:3000/auth',
      async (_input, init) => {
        calls.push(init ?? {});
        return new Response(null, { status: 204 });
      },
      'cookie',
    );
    await api.logout(undefined);
    expect(calls[0]?.credentials).toBe('include');
  });

  it('body mode omits cookies and sends no refresh header', async () => {
    const calls: RequestInit[] = [];
    const api = createAuthApi('/auth', async (_input, init) => {
      calls.push(init ?? {});
      return new Response(null, { status: 204 });
    });
    await api.logout('rt-1');
    expect(calls[0]?.credentials).toBe('omit');
    expect(new Headers(calls[0]?.headers).has('socialkit-refresh')).toBe(false);
  });

  it('logout posts the refresh token, with the access token as Bearer when given', async () => {
    const { fetch, seen } = recordingFetch(() => new Response(null, { status: 204 }));
    const api = createAuthApi('https://api.example/auth/', fetch);
    await api.logout('rt-1', 'at-1');
    await api.logout('rt-2');
    expect(seen).toEqual([
      {
        url: 'https://api.example/auth/logout',
        method: 'POST',
        authorization: 'Bearer at-1',
        body: { refreshToken: 'rt-1' },
      },
      {
        url: 'https://api.example/auth/logout',
        method: 'POST',
        authorization: null,
        body: { refreshToken: 'rt-2' },
      },
    ]);
  });
});
