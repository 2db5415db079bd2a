import { describe, expect, it, vi } from 'vitest';
import { createAuthFetch } from './auth-fetch';

const refused = (code: string) =>
  new Response(JSON.stringify({ error: { code, message: code } }), {
    status: 401,
    headers: { 'content-type': 'application/json', 'www-authenticate': 'Bearer error="invalid_token"' },
  });

function setup(answers: Response[], refreshTo: string | null = 'fresh') {
  const seen: { url: string; authorization: string | null; method: string }[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    seen.push({
      url,
      authorization: new Headers(init?.headers).get('authorization'),
      method: init?.method ?? 'GET',
    });
    return answers.shift() ?? new Response('{}');
  });
  const refresh = vi.fn(async () => refreshTo);
  const unrecoverable = vi.fn(async () => undefined);
  const mayCarryToken = (url: string) => new URL(url).origin === 'http://api.test';
  const authFetch = createAuthFetch({
    fetch,
    currentToken: async () => 'stale',
    refresh,
    unrecoverable,
    mayCarryToken,
  });
  return { authFetch, seen, refresh, unrecoverable };
}

describe('authFetch', () => {
  it('keeps the caller headers and method, and retries a Request input with the fresh token', async () => {
    const { authFetch, seen, refresh } = setup([refused('token_expired'), new Response('ok')]);
    const request = new Request('http://api.test/notes', { headers: { 'x-trace': '1' } });
    const response = await authFetch(request, { method: 'PUT' });
    expect(await response.text()).toBe('ok');
    expect(refresh).toHaveBeenCalledWith('stale');
    expect(seen.map((call) => call.authorization)).toEqual(['Bearer stale', 'Bearer fresh']);
    expect(seen.every((call) => call.method === 'PUT')).toBe(true);
  });

  it('passes through a 401 that is not a token refusal', async () => {
    const plain = new Response('{}', { status: 401 });
    const { authFetch, refresh } = setup([plain]);
    expect((await authFetch('http://api.test/x')).status).toBe(401);
    expect(refresh).not.toHaveBeenCalled();
  });

  it('gives up and clears the session when the fresh token is refused too', async () => {
    const { authFetch, unrecoverable } = setup([refused('token_expired'), refused('invalid_token')]);
    expect((await authFetch('http://api.test/x')).status).toBe(401);
    expect(unrecoverable).toHaveBeenCalledOnce();
  });

  it('sends no token to another origin, and its 401 neither refreshes nor signs out', async () => {
    const { authFetch, seen, refresh, unrecoverable } = setup([refused('invalid_token')]);
    const request = new Request('https://tracker.example/collect', { headers: { 'x-trace': '1' } });
    expect((await authFetch(request)).status).toBe(401);
    expect(seen).toEqual([{ url: 'https://tracker.example/collect', authorization: null, method: 'GET' }]);
    expect(refresh).not.toHaveBeenCalled();
    expect(unrecoverable).not.toHaveBeenCalled();
  });

  it('does not replay a stream body', async () => {
    const { authFetch, refresh } = setup([refused('token_expired')]);
    const body = new ReadableStream({ start: (controller) => controller.close() });
    expect((await authFetch('http://api.test/x', { method: 'POST', body })).status).toBe(401);
    expect(refresh).not.toHaveBeenCalled();
  });
});
