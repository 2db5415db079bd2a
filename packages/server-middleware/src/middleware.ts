import mongoose from 'mongoose';
import { resolveTokens } from './config/tokens';
import { StoreUnavailableError } from './errors';
import { eventEmitter } from './events';
import { createLinkTokenService } from './flows/link-tokens';
import { logout } from './flows/logout';
import { refresh } from './flows/refresh';
import { endAllSessions, type SessionFlowDeps } from './flows/sessions';
import { signIn, verifiedProfile } from './flows/sign-in';
import { accountRoutes } from './http/account-routes';
import { createGuard, type RequireAuthOptions } from './http/guard';
import { rateLimiter } from './http/rate-limit';
import { safeReporter } from './http/respond';
import { createRouter } from './http/router';
import { resolveOptions, type SocialAuthOptions } from './options';
import { createProviderHttp } from './providers/http';
import { providerRegistry } from './providers/index';
import { mongoRateLimitStore } from './rate-limit/mongo-store';
import {
  linkTokenModel,
  nonceModel,
  refreshTokenModel,
  revokedAccessTokenModel,
  sessionModel,
} from './sessions/models';
import { createNonceService } from './sessions/nonces';
import { createRefreshTokenService, type IssuedRefreshToken } from './sessions/refresh-tokens';
import { revocationCheck } from './sessions/revocation';
import { createRevokedAccessTokenService } from './sessions/revoked-access-tokens';
import { createSessionService, type SessionMeta } from './sessions/sessions';
import { userAgentLabel } from './sessions/user-agent';
import { withStore } from './store/faults';
import { type AccessTokenService, createAccessTokenService } from './tokens/access-tokens';
import type { AccessTokenClaims, SessionBody, VerifiedProfile } from './types';
import { userModel } from './users/model';
import { resolveUser, toPublicUser, type UserRecord } from './users/resolve';

/** What `socialAuth()` returns. */
export interface SocialAuth {
  /** The auth routes of the HTTP contract; mount it, e.g. `app.use('/auth', auth.router)`. */
  router: import('express').Router;
  /**
   * Builds a guard for your own routes: it verifies the `Authorization: Bearer` access token and
   * sets `req.auth = { userId, sessionId, claims }`, else answers 401 with `WWW-Authenticate`.
   * Call it: `app.get('/api/x', auth.requireAuth(), handler)`.
   */
  requireAuth(options?: RequireAuthOptions): import('express').RequestHandler;
  /** Signs and verifies the app's own access tokens outside the router (e.g. a service-to-service test). */
  accessTokens: AccessTokenService;
  /**
   * Ends every session of a user from your own code, e.g. when an admin disables the account:
   * its refresh tokens stop working, and so do its access tokens at every revocation-checking
   * guard on every instance. Each ended session is reported to `onEvent` as `sessionRevoked`.
   *
   * @example
   * await User.updateOne({ _id: userId }, { disabled: true });
   * await auth.revokeSessions(userId);
   */
  revokeSessions(userId: string): Promise<void>;
  /**
   * Creates the indexes socialkit relies on. Called lazily on first use; await it at startup to
   * fail fast when MongoDB is unreachable (rejects with `StoreUnavailableError`).
   */
  ready(): Promise<void>;
  /**
   * Closes the outbound keep-alive pool and whatever the providers hold, and stops the rate
   * limiter's background global-ceiling sync (after handing it its last counts); call it on
   * shutdown, before closing the connection.
   */
  close(): Promise<void>;
}

/**
 * Builds the social sign-in router and guard. Options are checked once, here (each provider's by
 * its factory); a mistake throws `SocialAuthConfigError` with the fix in its message.
 *
 * @example
 * const auth = socialAuth({
 *   providers: [oidc({ id: 'acme', issuer: 'https://sso.acme.example', clientId: 'web' })],
 *   tokens: { secret: process.env.API_TOKEN_SECRET! },
 * });
 * app.use('/auth', auth.router);
 * app.get('/api/notes', auth.requireAuth(), (req, res) => res.json(notesOf(req.auth!.userId)));
 */
export function socialAuth(options: SocialAuthOptions): SocialAuth {
  const config = resolveOptions(options);
  const providers = providerRegistry(config.providers);
  const tokenConfig = resolveTokens(config.tokens);
  const { users, storeTimeoutMs } = config;
  const report = safeReporter(config.onError);
  const emit = eventEmitter(config.onEvent, (err) => report(err, undefined as never));

  const connection = config.connection ?? mongoose.connection;
  const User = userModel(connection, users.model);
  const RefreshToken = refreshTokenModel(connection);
  const Nonce = nonceModel(connection);
  const RevokedAccessToken = revokedAccessTokenModel(connection);
  const Session = sessionModel(connection);
  const LinkToken = linkTokenModel(connection);
  const linkTokens = createLinkTokenService(LinkToken, User);
  const accessTokens = createAccessTokenService(tokenConfig);
  const sessions = createSessionService(Session, tokenConfig);
  const refreshTokens = createRefreshTokenService(RefreshToken, tokenConfig, sessions, emit);
  const nonces = createNonceService(Nonce, config.nonceTtlSeconds);
  const revokedAccessTokens = createRevokedAccessTokenService(RevokedAccessToken);
  const isRevoked = revocationCheck(sessions, revokedAccessTokens);
  const http = createProviderHttp(config.providerTimeoutMs);

  let indexes: Promise<void> | undefined;
  /** Set once the indexes exist, so store calls stop waiting on an already settled promise. */
  let indexesReady = false;
  const ready = (): Promise<void> => {
    const models = [User, RefreshToken, Nonce, RevokedAccessToken, Session, LinkToken] as const;
    indexes ??= Promise.all(models.map((model) => model.createIndexes())).then(
      () => {
        indexesReady = true;
      },
      (err) => {
        indexes = undefined;
        throw err;
      },
    );
    return indexes;
  };
  /** After the indexes exist; the guard bounds its own calls in time. */
  const afterReady = async <T>(operation: () => Promise<T>): Promise<T> => {
    if (!indexesReady) await ready();
    return operation();
  };
  /** One time bound per store call (DESIGN.md: a down MongoDB answers 503 within seconds). */
  const store = <T>(operation: () => Promise<T>): Promise<T> =>
    withStore(storeTimeoutMs, () => afterReady(operation));

  const findUser = (userId: string) =>
    mongoose.isValidObjectId(userId) ? User.findById(userId).lean<UserRecord>() : Promise.resolve(null);

  const sessionBody = (user: UserRecord, issued: IssuedRefreshToken, isNewUser: boolean): SessionBody => {
    const { token, expiresIn } = accessTokens.sign(String(user._id), { sessionId: issued.sessionId });
    return {
      token,
      tokenType: 'Bearer',
      expiresIn,
      refreshToken: issued.refreshToken,
      user: toPublicUser(user),
      isNewUser,
    };
  };

  const requireAuth = createGuard({
    tokens: accessTokens,
    findUser: (userId) => afterReady(() => findUser(userId)),
    isRevoked: (claims) => afterReady(() => isRevoked(claims)),
    storeTimeoutMs,
    report,
  });

  const sessionFlowDeps: SessionFlowDeps = { sessions, refreshTokens, emit };
  const signInDeps = {
    consumeNonce: (nonce: string) => store(() => nonces.consume(nonce)),
    resolveUser: (profile: VerifiedProfile) => store(() => resolveUser(User, users, profile, linkTokens)),
    async redeemLinkToken(linkToken: string, proof: VerifiedProfile) {
      const { userId, linked } = await store(() => linkTokens.redeem(linkToken, proof));
      emit({ type: 'link', userId, ...linked });
      return linked;
    },
    afterLogin: users.afterLogin,
    publicUser: toPublicUser,
    async startSession(user: UserRecord, isNewUser: boolean, meta: SessionMeta) {
      const issued = await store(() => refreshTokens.issue(String(user._id), meta));
      emit({
        type: isNewUser ? 'signUp' : 'signIn',
        userId: String(user._id),
        provider: meta.provider,
        sessionId: issued.sessionId,
        userAgent: userAgentLabel(meta.userAgent),
      });
      return sessionBody(user, issued, isNewUser);
    },
  } satisfies Parameters<typeof signIn>[0];
  const refreshDeps = {
    rotate: (refreshToken: string) => store(() => refreshTokens.rotate(refreshToken)),
    findUser: (userId: string) => store(() => findUser(userId)),
    async revokeUser(userId: string) {
      const ended = await store(() => refreshTokens.revokeUser(userId));
      for (const { _id, userId: owner, userAgent } of ended)
        emit({ type: 'sessionRevoked', userId: owner, sessionId: _id, userAgent });
    },
    sessionBody,
  } satisfies Parameters<typeof refresh>[0];
  const logoutDeps = {
    async revokeRefreshToken(refreshToken: string) {
      const ended = await store(() => refreshTokens.revoke(refreshToken));
      if (ended)
        emit({ type: 'signOut', userId: ended.userId, sessionId: ended._id, userAgent: ended.userAgent });
    },
    genuineClaims(accessToken: string) {
      try {
        return accessTokens.verify(accessToken, { ignoreExpiration: true });
      } catch {
        return undefined;
      }
    },
    revokeAccessToken: (claims: AccessTokenClaims) => store(() => revokedAccessTokens.revoke(claims)),
    async activeUserId(accessToken: string) {
      let claims: AccessTokenClaims;
      try {
        claims = accessTokens.verify(accessToken);
      } catch {
        return undefined;
      }
      return (await store(() => isRevoked(claims))) ? undefined : claims.sub;
    },
    endAllSessions: (userId: string) => store(() => endAllSessions(sessionFlowDeps, userId)),
  } satisfies Parameters<typeof logout>[0];

  const { rateLimit } = config;
  const limiter = rateLimit
    ? rateLimiter({ ...rateLimit, store: rateLimit.store ?? mongoRateLimitStore({ connection }), report })
    : undefined;
  let closing: Promise<void> | undefined;
  const router = createRouter({
    providers,
    rateLimit: limiter,
    requireUser: requireAuth({ loadUser: true }),
    jwks: accessTokens.jwks() ? () => accessTokens.jwks() : undefined,
    allowedOrigins: config.allowedOrigins,
    refreshCookieMaxAgeSeconds: tokenConfig.refreshTokenTtl,
    verifyContext: (req, provider) => ({
      http,
      timeoutMs: config.providerTimeoutMs,
      callbackUrl: `${req.protocol}://${req.get('host')}${req.baseUrl}/callback/${provider.id}`,
    }),
    issueNonce: () => store(() => nonces.issue()),
    signIn: (provider, credential, context, meta, linkToken) =>
      signIn(signInDeps, { provider, credential, context, meta, linkToken }),
    refresh: (refreshToken) => refresh(refreshDeps, refreshToken),
    logout: (request) => logout(logoutDeps, request),
    publicUser: toPublicUser,
    report,
    routes: [
      accountRoutes({
        verify: (provider, credential, context) =>
          verifiedProfile(signInDeps, { provider, credential, context }),
        users: User,
        sessions: sessionFlowDeps,
        store,
        publicUser: toPublicUser,
        emit,
      }),
    ],
  });

  return {
    router,
    requireAuth,
    accessTokens,
    revokeSessions: (userId) => refreshDeps.revokeUser(userId),
    ready: () =>
      withStore(storeTimeoutMs, ready).catch((err) => {
        throw err instanceof StoreUnavailableError ? err : new StoreUnavailableError({ cause: err });
      }),
    // Once: a second call (an app's shutdown hook after its tests' own) waits for the first.
    close: () => {
      closing ??= Promise.all([
        http.close(),
        limiter?.close(),
        ...[...providers.values()].map((provider) => provider.close?.()),
      ]).then(() => undefined);
      return closing;
    },
  };
}
