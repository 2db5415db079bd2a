import type { FetchLike } from '../../src/core/api';

interface IssuedToken {
  userId: string;
  expiresAt: number;
}

/**
 * The socialkit HTTP contract in memory, for unit tests of the core: it issues opaque tokens,
 * rotates refresh tokens and counts calls per route. Integration tests use the real server.
 */
export function createContractFetch(options: { accessTokenTtlSeconds?: number } = {}) {
  const ttl = options.accessTokenTtlSeconds ?? 900;
  const accessTokens = new Map<string, IssuedToken>();
  const refreshTokens = new Map<string, string>();
  const calls: string[] = [];
  let counter = 0;
  let down = false;
  let gate: Promise<void> | null = null;
  const bodies = new Map<string, Record<string, string>>();

  const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json', ...headers },
    });
  const fail = (status: number, code: string, headers: Record<string, string> = {}) =>
    json(status, { error: { code, message: `failed: ${code}` } }, headers);

  function session(userId: string) {
    counter += 1;
    const token = `at-${counter}`;
    const refreshToken = `rt-${counter}`;
    accessTokens.set(token, { userId, expiresAt: Date.now() + ttl * 1000 });
    refreshTokens.set(refreshToken, userId);
    const user = {
      id: userId,
      email: `${userId}@example.com`,
      emailVerified: true,
      name: userId,
      picture: null,
      providers: ['google'],
    };
    return json(200, { token, tokenType: 'Bearer', expiresIn: ttl, refreshToken, user, isNewUser: false });
  }

  const fetch: FetchLike = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const path = url.pathname;
    calls.push(path);
    if (down) throw new TypeError('fetch failed');
    const body = init?.body ? (JSON.parse(String(init.body)) as Record<string, string>) : {};
    if (path === '/auth/providers')
      return json(200, { providers: [{ id: 'google', clientId: 'g-client', flows: ['idToken'] }] });
    if (path === '/auth/nonce') return json(200, { nonce: `nonce-${calls.length}`, expiresIn: 300 });
    bodies.set(path, body);
    if (gate) await gate;
    if (path === '/auth/google') {
      return body.idToken === 'good' || body.code === 'good-code'
        ? session('ada')
        : fail(401, 'invalid_token');
    }
    if (path === '/auth/facebook') {
      return body.accessToken === 'fb-good' && body.userID === '42'
        ? session('fb-42')
        : fail(401, 'invalid_token');
    }
    if (path === '/auth/refresh') {
      const userId = refreshTokens.get(body.refreshToken ?? '');
      if (!userId) return fail(401, 'invalid_refresh_token');
      refreshTokens.delete(body.refreshToken ?? '');
      return session(userId);
    }
    if (path === '/auth/logout') {
      refreshTokens.delete(body.refreshToken ?? '');
      return new Response(null, { status: 204 });
    }
    if (path === '/api/me') {
      const header = new Headers(init?.headers).get('authorization') ?? '';
      const issued = accessTokens.get(header.replace(/^Bearer /, ''));
      const challenge = { 'www-authenticate': 'Bearer error="invalid_token"' };
      if (!issued) return fail(401, 'invalid_token', challenge);
      if (issued.expiresAt <= Date.now()) return fail(401, 'token_expired', challenge);
      return json(200, { user: { id: issued.userId } });
    }
    return fail(404, 'unknown_provider');
  };

  return {
    fetch,
    count: (path: string) => calls.filter((call) => call === path).length,
    lastBody: (path: string) => bodies.get(path),
    /** Holds every request until the returned release function runs. */
    hold: () => {
      let release = () => {};
      gate = new Promise<void>((resolve) => {
        release = () => {
          gate = null;
          resolve();
        };
      });
      return release;
    },
    /** Makes an access token look expired to the server, as after clock skew or a short TTL. */
    expire: (token: string) => {
      const issued = accessTokens.get(token);
      if (issued) issued.expiresAt = 0;
    },
    revokeAllRefreshTokens: () => refreshTokens.clear(),
    setDown: (value: boolean) => {
      down = value;
    },
  };
}
