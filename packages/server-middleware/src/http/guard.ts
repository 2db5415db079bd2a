import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { InvalidTokenError, SocialAuthError } from '../errors';
import { withStore } from '../store/faults';
import type { AccessTokenService } from '../tokens/access-tokens';
import type { AccessTokenClaims, AuthInfo } from '../types';
import type { UserRecord } from '../users/resolve';
import { readBearerToken } from './credential';
import { type ErrorReporter, sendError } from './respond';

declare global {
  namespace Express {
    interface Request {
      /** Set by `requireAuth()`: the verified caller. */
      auth?: AuthInfo;
    }
  }
}

export interface GuardDeps {
  tokens: AccessTokenService;
  findUser(userId: string): Promise<UserRecord | null>;
  /**
   * Whether these claims were revoked: by `jti` (sign-out of one token) or by `sid` (the whole
   * session ended), so the check sees every claim it may key on.
   */
  isRevoked(claims: AccessTokenClaims): Promise<boolean>;
  storeTimeoutMs: number;
  report: ErrorReporter;
}

export interface RequireAuthOptions {
  /**
   * Also load the user and refuse deleted or disabled ones (one indexed read); implies
   * `checkRevoked`. @default false
   */
  loadUser?: boolean;
  /**
   * Refuse access tokens revoked by `POST /logout`, at the cost of one indexed lookup per request.
   * Off by default so the guard stays stateless and fast: a signed-out token then works until its
   * `exp` (15 minutes by default). @default false
   */
  checkRevoked?: boolean;
}
const CHALLENGED_CODES = new Set(['invalid_token', 'token_expired']);
const CHALLENGE = { 'WWW-Authenticate': 'Bearer error="invalid_token"' };

function authInfo(claims: AccessTokenClaims): AuthInfo {
  return { userId: claims.sub, sessionId: claims.sid, claims };
}

/** The loaded user, when `loadUser` was asked for. */
export function loadedUser(res: Response): UserRecord | undefined {
  return res.locals.socialAuthUser as UserRecord | undefined;
}

export function createGuard(deps: GuardDeps) {
  function fail(req: Request, res: Response, err: unknown): void {
    const challenge = err instanceof SocialAuthError && CHALLENGED_CODES.has(err.code);
    sendError(res, req, err, deps.report, challenge ? CHALLENGE : {});
  }

  function verifyBearer(req: Request): AccessTokenClaims {
    const token = readBearerToken(req.headers.authorization);
    if (!token) throw new InvalidTokenError('A bearer access token is required.');
    return deps.tokens.verify(token);
  }

  async function checkStore(claims: AccessTokenClaims, loadUser: boolean, res: Response): Promise<void> {
    const [revoked, user] = await Promise.all([
      withStore(deps.storeTimeoutMs, () => deps.isRevoked(claims)),
      loadUser ? withStore(deps.storeTimeoutMs, () => deps.findUser(claims.sub)) : undefined,
    ]);
    if (revoked) throw new InvalidTokenError('The access token was revoked.');
    if (loadUser) {
      if (!user || user.disabled) throw new InvalidTokenError('The account no longer exists or is disabled.');
      res.locals.socialAuthUser = user;
    }
  }

  return function requireAuth(options: RequireAuthOptions = {}): RequestHandler {
    const loadUser = options.loadUser === true;
    const checkRevoked = options.checkRevoked === true || loadUser;
    if (!checkRevoked) {
      // The default guard is stateless: no promise, no extra tick, straight to `next()`.
      return function socialAuthGuard(req: Request, res: Response, next: NextFunction): void {
        let claims: AccessTokenClaims;
        try {
          claims = verifyBearer(req);
        } catch (err) {
          fail(req, res, err);
          return;
        }
        req.auth = authInfo(claims);
        next();
      };
    }
    return async function socialAuthGuard(req: Request, res: Response, next: NextFunction): Promise<void> {
      try {
        const claims = verifyBearer(req);
        await checkStore(claims, loadUser, res);
        req.auth = authInfo(claims);
      } catch (err) {
        fail(req, res, err);
        return;
      }
      next();
    };
  };
}
