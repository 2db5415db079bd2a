import mongoose, { type Connection } from 'mongoose';
import { checkKeys, fail, isObject, positiveInt } from './config/check';
import { resolveFacebook, resolveGoogle } from './config/providers';
import { resolveTokens } from './config/tokens';
import { InvalidRefreshTokenError, StoreUnavailableError } from './errors';
import { createGuard, type RequireAuthOptions } from './http/guard';
import { memoryRateLimitStore, type RateLimitStore, rateLimiter } from './http/rate-limit';
import { safeReporter } from './http/respond';
import { createRouter } from './http/router';
import { createProviderHttp } from './providers/http';
import { type Provider, providerRegistry } from './providers/index';
import { nonceModel, refreshTokenModel, revokedAccessTokenModel } from './sessions/models';
import { createNonceService, type NonceService } from './sessions/nonces';
import { createRefreshTokenService, type RefreshTokenService } from './sessions/refresh-tokens';
import {
  createRevokedAccessTokenService,
  type RevokedAccessTokenService,
} from './sessions/revoked-access-tokens';
import { withStore } from './store/faults';
import { type AccessTokenService, createAccessTokenService } from './tokens/access-tokens';
import type { SessionBody, SocialAuthOptions, UserOptions } from './types';
import { userModel } from './users/model';
import { resolveUser, toPublicUser, type UserRecord } from './users/resolve';

/** What `socialAuth()` returns: mount `router`, guard routes with `requireAuth()`. */
export interface SocialAuth {
  router: import('express').Router;
  requireAuth(options?: RequireAuthOptions): import('express').RequestHandler;
  /** Sign and verify the app's own access tokens outside the router. */
  accessTokens: AccessTokenService;
  /** Issue, rotate and revoke refresh tokens outside the router (e.g. revoke a user's sessions). */
  refreshTokens: RefreshTokenService;
  nonces: NonceService;
  /**
   * The configured providers by id, to verify a credential outside the router (e.g. linking in a
   * route of your own); `verify` applies every rule the router does, nonce included.
   */
  providers: ReadonlyMap<string, Provider>;
  /** The access tokens ended by sign-out, which `requireAuth({ checkRevoked: true })` refuses. */
  revokedAccessTokens: RevokedAccessTokenService;
  /** Creates the indexes socialkit relies on; called lazily on first use, callable at startup. */
  ready(): Promise<void>;
  /** Closes the outbound keep-alive pool. */
  close(): Promise<void>;
}

/**
 * Builds the social sign-in router and guard. Options are checked once, here; a mistake throws
 * `SocialAuthConfigError` with the fix in its message.
 *
 * @example
 * const auth = socialAuth({ google: { clientId }, tokens: { secret: process.env.API_TOKEN_SECRET } });
 * app.use('/auth', auth.router);
 * app.get('/api/notes', auth.requireAuth(), (req, res) => res.json(notesOf(req.auth!.userId)));
 */
export function socialAuth(options: SocialAuthOptions): SocialAuth {
  if (!isObject(options))
    fail('pass an options object, e.g. `socialAuth({ google: { clientId }, tokens: { secret } })`.');
  checkKeys(options, 'root', '');
  const google = resolveGoogle(options.google);
  const facebook = resolveFacebook(options.facebook);
  if (!google && !facebook)
    fail('configure at least one provider: `google: { clientId }` or `facebook: { appId, appSecret }`.');
  const tokenConfig = resolveTokens(options.tokens);
  const users: UserOptions = options.users ?? {};
  if (!isObject(options.users ?? {})) fail('`users` must be an object.');
  checkKeys(users, 'users', 'users.');
  if (users.linkByEmail !== undefined && users.linkByEmail !== 'verified' && users.linkByEmail !== 'never') {
    fail("`users.linkByEmail` must be 'verified' or 'never'.");
  }
  const providerTimeoutMs = positiveInt(options.providerTimeoutMs, 'providerTimeoutMs', 5000, 5000);
  const storeTimeoutMs = positiveInt(options.storeTimeoutMs, 'storeTimeoutMs', 5000, 60_000);
  const nonceTtl = positiveInt(options.nonceTtl, 'nonceTtl', 600, 3600);
  const report = safeReporter(options.onError);

  const connection: Connection = options.connection ?? mongoose.connection;
  const User = userModel(connection, users.model);
  const RefreshToken = refreshTokenModel(connection);
  const Nonce = nonceModel(connection);
  const RevokedAccessToken = revokedAccessTokenModel(connection);
  const accessTokens = createAccessTokenService(tokenConfig);
  const refreshTokens = createRefreshTokenService(RefreshToken, tokenConfig);
  const nonces = createNonceService(Nonce, nonceTtl);
  const revokedAccessTokens = createRevokedAccessTokenService(RevokedAccessToken);
  const http = createProviderHttp(providerTimeoutMs);

  let indexes: Promise<void> | undefined;
  const ready = (): Promise<void> => {
    const models = [User, RefreshToken, Nonce, RevokedAccessToken] as const;
    indexes ??= Promise.all(models.map((model) => model.createIndexes())).then(
      () => undefined,
      (err) => {
        indexes = undefined;
        throw err;
      },
    );
    return indexes;
  };
  const store = <T>(operation: () => Promise<T>): Promise<T> =>
    withStore(storeTimeoutMs, async () => {
      await ready();
      return operation();
    });

  const providers = providerRegistry(
    { google, facebook },
    { http, timeoutMs: providerTimeoutMs, consumeNonce: (nonce) => store(() => nonces.consume(nonce)) },
  );

  // Only a token we signed may be revoked (expired is fine); a forged one must not plant a jti.
  const genuineClaims = (token: string) => {
    try {
      return accessTokens.verify(token, { ignoreExpiration: true });
    } catch {
      return undefined;
    }
  };

  const findUser = (userId: string) =>
    mongoose.isValidObjectId(userId) ? User.findById(userId).lean<UserRecord>() : Promise.resolve(null);

  async function session(user: UserRecord, refreshToken: string, isNewUser: boolean): Promise<SessionBody> {
    const { token, expiresIn } = accessTokens.sign(String(user._id));
    return { token, tokenType: 'Bearer', expiresIn, refreshToken, user: toPublicUser(user), isNewUser };
  }

  const requireAuth = createGuard({
    tokens: accessTokens,
    findUser: (id) => store(() => findUser(id)),
    isRevoked: (claims) => store(() => revokedAccessTokens.isRevoked(claims.jti)),
    storeTimeoutMs,
    report,
  });

  const rateLimit =
    options.rateLimit === false
      ? undefined
      : rateLimiter({
          limit: positiveInt(options.rateLimit?.limit, 'rateLimit.limit', 30),
          windowMs: positiveInt(options.rateLimit?.windowMs, 'rateLimit.windowMs', 60_000),
          store: (options.rateLimit?.store as RateLimitStore | undefined) ?? memoryRateLimitStore(),
          onStoreError: report,
        });
  if (isObject(options.rateLimit)) checkKeys(options.rateLimit, 'rateLimit', 'rateLimit.');

  const router = createRouter({
    providers,
    rateLimit,
    requireUser: requireAuth({ loadUser: true }),
    jwks: tokenConfig.algorithm === 'HS256' ? undefined : () => accessTokens.jwks(),
    issueNonce: () => store(() => nonces.issue()),
    async signIn(provider, credential) {
      const profile = await provider.verify(credential);
      const { user, isNewUser } = await store(() => resolveUser(User, users, profile));
      if (users.afterLogin) {
        await users.afterLogin({ userId: String(user._id), user: toPublicUser(user), profile, isNewUser });
      }
      return session(user, await store(() => refreshTokens.issue(String(user._id))), isNewUser);
    },
    async refresh(token) {
      const { userId, refreshToken } = await store(() => refreshTokens.rotate(token));
      const user = await store(() => findUser(userId));
      if (!user || user.disabled) {
        await store(() => refreshTokens.revokeUser(userId));
        throw new InvalidRefreshTokenError();
      }
      return session(user, refreshToken, false);
    },
    async logout(refreshToken, accessToken) {
      await store(() => refreshTokens.revoke(refreshToken));
      const claims = accessToken ? genuineClaims(accessToken) : undefined;
      if (claims) await store(() => revokedAccessTokens.revoke(claims));
    },
    publicUser: toPublicUser,
    report,
  });

  return {
    router,
    requireAuth,
    accessTokens,
    refreshTokens,
    nonces,
    providers,
    revokedAccessTokens,
    ready: () =>
      withStore(storeTimeoutMs, ready).catch((err) => {
        throw err instanceof StoreUnavailableError ? err : new StoreUnavailableError({ cause: err });
      }),
    close: () => http.close(),
  };
}
