import { describe, expect, it } from 'vitest';
import { createAuthApi, type FetchLike } from './api';

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
  it('reads Google flows under the names the server sends, dropping unknown ones', async () => {
    const body = {
      providers: [
        { id: 'google', clientId: 'g', flows: ['idToken', 'accessToken', 'code', 'id_token', 7] },
        { id: 'facebook', appId: 'f', flows: ['accessToken'] },
      ],
    };
    const { fetch } = recordingFetch(() => Response.json(body));
    expect(await createAuthApi('/auth', fetch).providers()).toEqual({
      google: { clientId: 'g', flows: ['idToken', 'accessToken', 'code'] },
      facebook: { appId: 'f' },
    });
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
