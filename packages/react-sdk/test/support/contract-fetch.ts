import type { FetchLike } from '../../src/core/api';

interface IssuedToken {
  userId: string;
  sessionId: string;
  expiresAt: number;
}

interface FakeUser {
  id: string;
  providers: string[];
}

const REFRESH_COOKIE = 'socialkit_rt';

/**
 * The socialkit HTTP contract in memory, for unit tests of the core: it issues opaque tokens,
 * rotates refresh tokens (in the body, or in a cookie when asked with `SocialKit-Refresh: cookie`),
 * answers `account_exists` with a link token, links, unlinks and lists sessions, and counts calls
 * per route. Two providers: `acme` (`{ idToken: 'good' }` is Ada) and `beta` (`{ accessToken:
 * 'beta-ada' }` is a new identity whose email Ada's account holds: 409 with a link token).
 * Integration tests use the real server.
 */
export function createContractFetch(options: { accessTokenTtlSeconds?: number } = {}) {
  const ttl = options.accessTokenTtlSeconds ?? 900;
  const accessTokens = new Map<string, IssuedToken>();
  const refreshTokens = new Map<string, { userId: string; sessionId: string }>();
  const users = new Map<string, FakeUser>([['ada', { id: 'ada', providers: ['acme'] }]]);
  const linkTokens = new Map<string, { userId: string; provider: string; subject: string }>();
  const sessions = new Map<string, { userId: string; createdAt: string }>();
  const calls: string[] = [];
  const requests: { path: string; method: string; headers: Headers; credentials?: RequestCredentials }[] = [];
  let counter = 0;
  let down = false;
  let gate: Promise<void> | null = null;
  /** The browser's cookie jar for the API origin, as an `HttpOnly` cookie: page script never sees it. */
  let cookie: string | null = null;
  const bodies = new Map<string, Record<string, unknown>>();

  const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json', ...headers },
    });
  const fail = (status: number, code: string, extra: Record<string, unknown> = {}, headers = {}) =>
    json(status, { error: { code, message: `failed: ${code}`, ...extra } }, headers);
  const publicUser = (user: FakeUser) => ({
    id: user.id,
    email: `${user.id}@example.com`,
    emailVerified: true,
    name: user.id,
    picture: null,
    providers: [...user.providers],
  });

  function issue(
    userId: string,
    sessionId: string,
    cookieMode: boolean,
    extra: Record<string, unknown> = {},
  ) {
    counter += 1;
    const token = `at-${counter}`;
    const refreshToken = `rt-${counter}`;
    accessTokens.set(token, { userId, sessionId, expiresAt: Date.now() + ttl * 1000 });
    refreshTokens.set(refreshToken, { userId, sessionId });
    if (cookieMode) cookie = refreshToken;
    const user = publicUser(users.get(userId) as FakeUser);
    const body = { token, tokenType: 'Bearer', expiresIn: ttl, user, isNewUser: false, ...extra };
    return json(200, cookieMode ? body : { ...body, refreshToken });
  }

  function newSession(userId: string) {
    const sessionId = `s-${sessions.size + 1}`;
    sessions.set(sessionId, { userId, createdAt: new Date().toISOString() });
    return sessionId;
  }

  function bearer(headers: Headers): IssuedToken | null {
    const issued = accessTokens.get((headers.get('authorization') ?? '').replace(/^Bearer /, ''));
    return issued && issued.expiresAt > Date.now() && sessions.has(issued.sessionId) ? issued : null;
  }

  function endSession(sessionId: string) {
    sessions.delete(sessionId);
    for (const [token, entry] of refreshTokens)
      if (entry.sessionId === sessionId) refreshTokens.delete(token);
  }

  const fetch: FetchLike = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input), 'http://localhost:3000');
    const path = url.pathname;
    const method = init?.method ?? 'GET';
    const headers = new Headers(init?.headers);
    calls.push(path);
    requests.push({ path, method, headers, credentials: init?.credentials });
    if (down) throw new TypeError('fetch failed');
    const body = init?.body ? (JSON.parse(String(init.body)) as Record<string, unknown>) : {};
    const cookieMode = headers.get('socialkit-refresh') === 'cookie';
    // The browser attaches the cookie when the request leaves; the answer comes a moment later.
    const sentCookie = cookie;
    await new Promise((resolve) => setTimeout(resolve, 2));
    if (path === '/auth/providers')
      return json(200, {
        providers: [
          { id: 'acme', clientId: 'acme-client' },
          { id: 'beta', appId: 'beta-app' },
        ],
      });
    if (path === '/auth/nonce') return json(200, { nonce: `nonce-${calls.length}`, expiresIn: 300 });
    bodies.set(path, body);
    if (gate) await gate;
    if (path === '/auth/acme' || path === '/auth/beta') {
      const provider = path.slice('/auth/'.length);
      const known = provider === 'acme' ? body.idToken === 'good' : false;
      const pendingBeta = provider === 'beta' && body.accessToken === 'beta-ada';
      if (!known && !pendingBeta) return fail(401, 'invalid_token');
      const user = users.get('ada') as FakeUser;
      if (pendingBeta && !user.providers.includes('beta')) {
        const linkToken = `lt-${linkTokens.size + 1}`;
        linkTokens.set(linkToken, { userId: 'ada', provider: 'beta', subject: 'beta-1' });
        return fail(409, 'account_exists', { providers: [...user.providers], linkToken });
      }
      let linked: Record<string, unknown> = {};
      if (typeof body.linkToken === 'string') {
        const pending = linkTokens.get(body.linkToken);
        linkTokens.delete(body.linkToken);
        if (!pending || pending.provider === provider) return fail(400, 'invalid_request');
        user.providers.push(pending.provider);
        linked = { linked: { provider: pending.provider, subject: pending.subject } };
      }
      return issue('ada', newSession('ada'), cookieMode, linked);
    }
    if (path === '/auth/refresh') {
      const presented = cookieMode ? sentCookie : body.refreshToken;
      const entry = typeof presented === 'string' ? refreshTokens.get(presented) : undefined;
      if (!entry || typeof presented !== 'string') return fail(401, 'invalid_refresh_token');
      refreshTokens.delete(presented);
      return issue(entry.userId, entry.sessionId, cookieMode);
    }
    if (path === '/auth/logout') {
      const presented = cookieMode ? sentCookie : body.refreshToken;
      const entry = typeof presented === 'string' ? refreshTokens.get(presented) : undefined;
      const caller = bearer(headers);
      if (body.all === true && caller) {
        for (const [id, session] of sessions) if (session.userId === caller.userId) endSession(id);
      }
      if (entry) endSession(entry.sessionId);
      if (cookieMode) cookie = null;
      return new Response(null, { status: 204 });
    }
    const caller = bearer(headers);
    if (path.startsWith('/auth/link/')) {
      if (!caller) return fail(401, 'invalid_token');
      const user = users.get(caller.userId) as FakeUser;
      user.providers.push(decodeURIComponent(path.slice('/auth/link/'.length)));
      return json(200, { user: publicUser(user) });
    }
    if (path.startsWith('/auth/identities/') && method === 'DELETE') {
      if (!caller) return fail(401, 'invalid_token');
      const user = users.get(caller.userId) as FakeUser;
      const provider = decodeURIComponent(path.split('/')[3] ?? '');
      if (user.providers.length === 1) return fail(409, 'last_identity');
      user.providers = user.providers.filter((p) => p !== provider);
      return json(200, { user: publicUser(user) });
    }
    if (path === '/auth/sessions') {
      if (!caller) return fail(401, 'invalid_token');
      const mine = [...sessions].filter(([, session]) => session.userId === caller.userId);
      return json(200, {
        sessions: mine.map(([id, session]) => ({
          id,
          createdAt: session.createdAt,
          lastUsedAt: session.createdAt,
          userAgent: 'Chrome on Linux',
          current: id === caller.sessionId,
        })),
      });
    }
    if (path.startsWith('/auth/sessions/') && method === 'DELETE') {
      if (!caller) return fail(401, 'invalid_token');
      endSession(decodeURIComponent(path.slice('/auth/sessions/'.length)));
      return new Response(null, { status: 204 });
    }
    if (path === '/api/me') {
      const header = headers.get('authorization') ?? '';
      const issued = accessTokens.get(header.replace(/^Bearer /, ''));
      const challenge = { 'www-authenticate': 'Bearer error="invalid_token"' };
      if (!issued || !sessions.has(issued.sessionId)) return fail(401, 'invalid_token', {}, challenge);
      if (issued.expiresAt <= Date.now()) return fail(401, 'token_expired', {}, challenge);
      return json(200, { user: { id: issued.userId } });
    }
    return fail(404, 'unknown_provider');
  };

  return {
    fetch,
    count: (path: string) => calls.filter((call) => call === path).length,
    /** Every request seen, with its headers and `credentials` mode. */
    requests,
    lastBody: (path: string) => bodies.get(path),
    /** The refresh-token cookie the browser would hold (page script cannot read it). */
    cookie: () => cookie,
    cookieName: REFRESH_COOKIE,
    /** Providers of Ada's account. */
    providersOf: (userId: string) => users.get(userId)?.providers ?? [],
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
    /** Forgets every link token, as after their 10 minutes or a use elsewhere. */
    expireLinkTokens: () => linkTokens.clear(),
    setDown: (value: boolean) => {
      down = value;
    },
  };
}
